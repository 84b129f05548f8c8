"""`companion note add|list|show|edit|rm`: your notebook from the command line.

`note add` and `note list` never load the content pack (only book.toml), so they
stay fast with thousands of notes.
"""

from __future__ import annotations

import sys

from companion.commands import add_command
from companion.errors import CompanionError


def register(sub) -> None:
    parser = add_command(sub, "note", help="add, list, edit or remove your notes")
    actions = parser.add_subparsers(dest="note_action", metavar="ACTION", required=True)

    add = add_command(actions, "add", help="add a note")
    add.add_argument("text", metavar="TEXT", help="the note's text; - reads it from standard input")
    add.add_argument(
        "--chapter",
        type=int,
        metavar="N",
        help="the chapter it is about (default: the chapters you have finished)",
    )
    add.add_argument(
        "--tag", action="append", default=[], metavar="T", help="a tag (repeat for several)"
    )
    add.add_argument("--quote", metavar="ID", help="the id of a quote it is about")
    add.set_defaults(func=run_add)

    ls = add_command(actions, "list", help="list notes, newest first")
    ls.add_argument(
        "--search",
        metavar="Q",
        default="",
        help="only notes whose text or tags contain Q (any case)",
    )
    ls.add_argument("--tag", metavar="T", help="only notes with this tag")
    ls.add_argument("--chapter", type=int, metavar="N", help="only notes about chapter N")
    ls.add_argument("--json", action="store_true", help="print JSON instead of text")
    ls.set_defaults(func=run_list)

    show = add_command(actions, "show", help="print a note in full")
    show.add_argument("id", metavar="ID", help="the note's id (or a unique start of it)")
    show.set_defaults(func=run_show)

    edit = add_command(actions, "edit", help="edit a note in $EDITOR")
    edit.add_argument("id", metavar="ID", help="the note's id (or a unique start of it)")
    edit.set_defaults(func=run_edit)

    place = add_command(
        actions,
        "place",
        help="give a note (an unplaced or estimated highlight) its chapter; 0 unplaces it",
    )
    place.add_argument("id", metavar="ID", help="the note's id (or a unique start of it)")
    place.add_argument("chapter", type=int, metavar="N", help="the chapter it belongs to")
    place.set_defaults(func=run_place)

    rm = add_command(actions, "rm", help="remove notes (a copy goes to the backups folder)")
    rm.add_argument("ids", nargs="+", metavar="ID", help="the notes' ids")
    rm.set_defaults(func=run_rm)


def _chapter_count(ctx) -> int:
    from companion.book.packs import read_outline

    return read_outline(ctx.pack_dir)[0]


def _check_chapter(ctx, chapter: int) -> None:
    count = _chapter_count(ctx)
    if not 0 <= chapter <= count:
        raise CompanionError(f"chapter {chapter} is out of range: give 0..{count}", 2)


def run_add(ctx) -> int:
    from companion.store.display import unsafe_characters
    from companion.store.errors import StoreError
    from companion.store.notes import NoteStore, check_note_size
    from companion.store.progress import load_progress

    args = ctx.args
    text = text_argument(args.text)
    if not text.strip():
        raise CompanionError("the note is empty; nothing was saved", 2)
    check_note_size(text)
    for tag in args.tag:
        if unsafe_characters(tag):
            raise CompanionError(f"the tag {tag!r} holds control characters; nothing was saved", 2)
    chapter = args.chapter
    if chapter is None:
        try:
            chapter = load_progress(ctx.data_dir).finished
        except StoreError as error:
            raise CompanionError(
                f"{error.message}\nGive the chapter with --chapter N to save the note anyway."
            ) from None
    else:
        _check_chapter(ctx, chapter)
    if args.quote is not None:
        _check_quote(ctx, args.quote)
    note = NoteStore(ctx.data_dir).add(text, chapter, args.tag, args.quote)
    print(note.id)
    return 0


def _check_quote(ctx, quote_id: str) -> None:
    """Refuse a quote id that is unknown or still locked at the saved progress (the
    same words for both, as `deck add`: a refusal never tells what lies ahead)."""
    from companion.book.gate import is_visible
    from companion.store.errors import StoreError
    from companion.store.progress import load_progress

    book = ctx.book
    try:
        progress = load_progress(ctx.data_dir, book.chapter_count).finished
    except StoreError as error:
        raise CompanionError(
            f"{error.message}\nThe note needs your progress to know which quotes are unlocked; "
            "nothing was saved."
        ) from None
    quote = book.quote(quote_id)
    if quote is None or not is_visible(quote, progress):
        raise CompanionError(
            f"no quote {quote_id!r} is unlocked at chapter {progress}; nothing was "
            "saved. Quote ids you can use are listed by `companion quotes`.",
            2,
        )


def _local_tz():
    import datetime

    return datetime.datetime.now().astimezone().tzinfo


def _line(note, tz=None) -> str:
    return _lines([note], tz)[0]


def _lines(notes, tz=None) -> list[str]:
    """One line per note (thousands for `note list`: no per-note imports or lookups)."""
    from companion.store.display import visible
    from companion.study.text import cut

    out: list[str] = []
    append = out.append
    for note in notes:
        first = note.first_line
        if not first.isprintable():
            first = visible(first)
        if note.kind != "note":  # a prediction: `companion predict --list` shows its state
            first = f"({note.kind}) {first}"
        first = cut(first, 72)
        date = note.created.astimezone(tz).date().isoformat()
        # an imported highlight's chapter may be a guess, or unknown: said so
        placement = note.placement
        if placement == "unplaced":
            where = "unplaced"
        elif placement == "estimated":
            where = f"ch ~{note.chapter}"
        else:
            where = f"ch {note.chapter:>2}"
        if note.tags:
            tags = visible("#" + " #".join(note.tags))
            append(f"{note.id}  {where}  {date}  {tags}  {first}")
        else:
            append(f"{note.id}  {where}  {date}  {first}")
    return out


def _report_problems(store) -> None:
    from companion.commands.output import warn

    for problem in store.problems:
        warn(problem.message)


def run_list(ctx) -> int:
    from companion.commands.shown import say_hidden, shown_notes
    from companion.store.notes import NoteStore

    args = ctx.args
    store = NoteStore(ctx.data_dir)
    found = store.search(args.search, tag=args.tag, chapter=args.chapter)
    found, hidden = shown_notes(ctx, found)
    filtered = bool(args.search or args.tag or args.chapter is not None)
    if args.json:
        from companion.commands.output import emit_json
        from companion.store.notes_io import FORMAT, json_version, note_to_json

        emit_json(
            {
                "format": FORMAT,  # so that `companion import notes` takes it back
                "schema_version": json_version(found),
                "book": {"id": ctx.book_id},
                "notes": [note_to_json(n) for n in found],
                "hidden": hidden,  # imported highlights from past the reader's progress
                "problems": [{"path": str(p.path), "message": p.message} for p in store.problems],
            },
            indent=1,
        )
    else:
        tz = _local_tz()
        lines = _lines(found, tz)
        if lines:
            sys.stdout.write("\n".join(lines) + "\n")
        say_hidden(hidden)
        if not found and not store.problems and not hidden:
            print(
                "no notes"
                + (" match" if filtered else " yet: add one with `companion note add TEXT`"),
                file=sys.stderr,
            )
    _report_problems(store)
    # 1: nothing matched the filter, or some note files were left out
    return 1 if (filtered and not found) or store.problems else 0


def run_show(ctx) -> int:
    from companion.commands.output import emit
    from companion.store.display import visible
    from companion.store.notes import NoteStore

    note = NoteStore(ctx.data_dir).resolve(ctx.args.id)
    lines = [
        f"id:      {note.id}",
        f"chapter: {note.chapter}",
        f"created: {note.created.astimezone():%Y-%m-%d %H:%M}",
        f"updated: {note.updated.astimezone():%Y-%m-%d %H:%M}",
    ]
    if note.tags:
        lines.append(f"tags:    {visible(' '.join('#' + t for t in note.tags))}")
    if note.quote:
        lines.append(f"quote:   {visible(note.quote)}")
    if note.conflict_of:
        lines.append(f"conflict copy of: {visible(note.conflict_of)}")
    if note.kind == "prediction":  # made at its chapter; `predict mark` answers it
        lines.append(f"prediction: look back at chapter {note.revisit_at}")
        if note.outcome:
            lines.append(f"outcome: {note.outcome} (marked at chapter {note.answered_at})")
        if note.reflection:
            lines.append(f"reflection: {visible(note.reflection)}")
    emit("\n".join(lines) + "\n\n" + visible(note.text, keep_newlines=True) + "\n")
    return 0


def _editor_command() -> list[str]:
    import os
    import shlex
    import shutil

    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if value:
            return shlex.split(value)
    for name in ("nano", "vi"):
        if shutil.which(name):
            return [name]
    raise CompanionError("no editor found: set EDITOR (for example `export EDITOR=nano`)", 2)


def run_edit(ctx) -> int:
    import os
    import subprocess
    import tempfile

    from companion.store.errors import StoreError
    from companion.store.notes import NoteStore, check_note_size

    store = NoteStore(ctx.data_dir)
    note = store.resolve(ctx.args.id)
    command = _editor_command()
    fd, name = tempfile.mkstemp(prefix=f"companion-note-{note.id}-", suffix=".md")
    keep = False
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(note.text.encode("utf-8"))
        try:
            status = subprocess.call([*command, name])
        except OSError as error:
            raise CompanionError(
                f"could not start the editor {command[0]!r}: "
                f"{error.strerror}. Set EDITOR to an editor you have."
            ) from None
        if status != 0:
            raise CompanionError(
                f"the editor exited with status {status}; the note was not changed", 1
            )
        raw = open(name, "rb").read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            keep = True
            raise CompanionError(
                f"the edited text is not valid UTF-8 (byte {error.start}); "
                f"the note was not changed. Your edit is in {name}."
            ) from None
        try:
            check_note_size(text)
        except StoreError as error:
            keep = True
            raise CompanionError(f"{error.message} Your edit is in {name}.", 2) from None
        if text.endswith("\n") and not note.text.endswith("\n"):
            text = (
                text[:-2] if text.endswith("\r\n") and not note.text.endswith("\r") else text[:-1]
            )
        if not text.strip():
            print(f"empty text: note {note.id} was not changed")
            return 0
        if text == note.text:
            print(f"no change to note {note.id}")
            return 0
        try:
            saved = store.update(note.id, text=text)
        except StoreError as error:
            keep = True
            raise CompanionError(f"{error.message}\nYour edited text is kept in {name}.") from None
        if saved.id != note.id:
            print(
                f"note {note.id} was changed elsewhere while you edited it; both versions "
                f"are kept: yours is the new note {saved.id} (tagged #conflict)"
            )
        else:
            print(f"saved note {note.id}")
        return 0
    finally:
        if not keep:
            try:
                os.unlink(name)
            except OSError:
                pass


def run_place(ctx) -> int:
    from companion.commands.output import emit
    from companion.store.notes import NoteStore
    from companion.study.highlights.plan import place_by_reader

    _check_chapter(ctx, ctx.args.chapter)
    store = NoteStore(ctx.data_dir)
    note = place_by_reader(store, store.resolve(ctx.args.id), ctx.args.chapter)
    where = f"chapter {note.chapter}" if note.chapter else "unplaced"
    emit(f"note {note.id}: {where}\n")
    return 0


def run_rm(ctx) -> int:
    from companion.commands.output import emit
    from companion.store.display import visible
    from companion.store.notes import NoteStore
    from companion.store.paths import backups_dir

    store = NoteStore(ctx.data_dir)
    notes = [store.resolve(i) for i in ctx.args.ids]
    removed, backup = store.delete_many(n.id for n in notes)
    lines = [f"removed note {n.id} (chapter {n.chapter}): {visible(n.first_line)}" for n in removed]
    lines.append(f"a copy of each removed note is in {backups_dir(ctx.data_dir) / 'deleted'}")
    if backup is not None:
        lines.append(f"all notes were backed up first to {backup}")
    emit("\n".join(lines) + "\n")
    return 0


def text_argument(text: str) -> str:
    """A TEXT argument; ``-`` reads it from standard input (UTF-8)."""
    if text != "-":
        return text
    data = sys.stdin.buffer.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CompanionError(
            f"standard input is not valid UTF-8 (byte {error.start}); nothing was saved", 2
        ) from None
    # `echo text | companion note add -` means "text": drop the one final line end.
    return text.removesuffix("\n").removesuffix("\r")
