"""`companion import highlights FILE`: an e-reader's highlights as notes.

Every entry is read and checked before anything is written: one that cannot be
imported and nothing is (unless ``--skip-bad``). Highlights from past the reader's
progress are saved but stay hidden until their chapter is finished; the import says
so and, at a terminal, offers to move progress there.
"""

from __future__ import annotations

import sys
from pathlib import Path

from companion.commands import add_command
from companion.errors import CompanionError

SHOW_BAD = 20  # problems listed one by one; the rest are counted
BAR_FROM = 500  # entries: a progress bar from this many on, at a terminal


def register(kinds) -> None:
    parser = add_command(
        kinds,
        "highlights",
        help="import highlights from an e-reader: Kindle's My Clippings.txt, a KOReader "
        "highlights export (JSON) or a Readwise CSV (importing twice adds nothing)",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the highlights file")
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would be imported; write nothing"
    )
    parser.add_argument(
        "--skip-bad",
        action="store_true",
        help="import the good entries even if some cannot be imported (they are listed)",
    )
    parser.add_argument(
        "--yes",
        action="store_true",
        help="if highlights reach past your progress, move your progress there without asking",
    )
    parser.set_defaults(func=run)


def _say(text: str) -> None:
    """A line of the report, on standard output, through the one sanitiser."""
    from companion.commands.output import emit

    emit(text + "\n")


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def run(ctx) -> int:
    from companion.commands.bar import Bar
    from companion.store.display import visible
    from companion.store.errors import StoreError
    from companion.store.notes import NoteStore, check_note_size
    from companion.study.highlights import formats
    from companion.study.highlights.entries import HighlightsError
    from companion.study.highlights.match import place
    from companion.study.highlights.plan import build_plan
    from companion.study.highlights.titles import book_matcher

    args = ctx.args
    name = visible(str(args.file))
    book = ctx.book
    try:
        parsed = formats.parse(formats.read(args.file), name, book_matcher(book.title, book.author))
    except HighlightsError as error:
        raise CompanionError(visible(str(error)), 2) from None
    for entry in parsed.entries:
        try:
            check_note_size(entry.text + entry.comment)
        except StoreError as error:
            parsed.bad.append((entry.line, error.message.split(". Nothing")[0]))
    bad_lines = {line for line, _ in parsed.bad}
    parsed.entries = [e for e in parsed.entries if e.line not in bad_lines]
    _report_bad(name, parsed)
    if parsed.bad and not args.skip_bad:
        raise CompanionError(
            f"nothing was imported: {_plural(len(parsed.bad), 'entry', 'entries')} of "
            f"{name} cannot be imported (listed above). Fix them, or add --skip-bad to "
            f"import the others.",
            2,
        )
    if not parsed.entries:
        _say(_summary(name, book.title, parsed, None))
        return 1
    with Bar(len(parsed.entries), "matching highlights", BAR_FROM) as advance:
        placed = place(parsed.entries, book, advance)
    store = NoteStore(ctx.data_dir)
    plan = build_plan(placed, store.notes)
    _say(_summary(name, book.title, parsed, plan, dry_run=args.dry_run))
    if not args.dry_run and (plan.add or plan.update):
        _write(store, plan)
    _past_progress(ctx, plan.notes, dry_run=args.dry_run)
    return 1 if parsed.bad else 0


def _report_bad(name: str, parsed) -> None:
    from companion.commands.output import tell

    where = "" if parsed.where == "line" else f" {parsed.where}"
    for number, why in sorted(parsed.bad)[:SHOW_BAD]:
        tell(f"{name}:{where}{number}: {why}")
    if len(parsed.bad) > SHOW_BAD:
        tell(f"{name}: ... and {len(parsed.bad) - SHOW_BAD} more")


def _summary(name: str, title: str, parsed, plan, dry_run: bool = False) -> str:
    from collections import Counter

    from companion.store.display import visible

    count = len(parsed.entries)
    lines = [
        f"{name} ({parsed.format}): "
        f"{_plural(count, 'highlight or note', 'highlights and notes')} of {title}"
    ]
    if plan is not None:
        new, changed, same = len(plan.add), len(plan.update), len(plan.unchanged)
        if dry_run:
            lines.append(
                f"  would import {_plural(new, 'new note')} and update {changed}; "
                f"{same} here already (dry run: nothing was written)"
            )
        else:
            lines.append(
                f"  imported {_plural(new, 'new note')}, updated {changed}, {same} here already"
            )
        by = Counter(n.placement for n in plan.notes)
        placed = [
            f"{by['quote']} linked to quote cards",
            f"{by['file']} from the file's chapter titles",
            f"{by['estimated']} estimated from their neighbours",
        ]
        if by["placed"]:
            placed.append(f"{by['placed']} placed by you")
        placed.append(f"{by['unplaced']} unplaced")
        lines.append("  chapters: " + ", ".join(placed))
        if by["unplaced"]:
            lines.append(
                "  unplaced highlights are listed as such; give each its chapter in the "
                "app (Notes, c) or with `companion note place ID N`"
            )
    skipped = []
    if parsed.other_books:
        shown = ", ".join(visible(t) for t in parsed.other_titles[:3])
        more = ", ..." if len(parsed.other_titles) > 3 else ""
        skipped.append(
            f"{_plural(parsed.other_books, 'entry', 'entries')} of other books ({shown}{more})"
        )
    if parsed.bookmarks:
        skipped.append(_plural(parsed.bookmarks, "bookmark"))
    if parsed.superseded:
        skipped.append(
            _plural(parsed.superseded, "earlier version", "earlier versions")
            + (" of a highlight" if parsed.superseded == 1 else " of highlights")
            + " edited on the device"
        )
    if parsed.empty:
        skipped.append(_plural(parsed.empty, "entry", "entries") + " with no text")
    if parsed.bad:
        skipped.append(_plural(len(parsed.bad), "bad entry", "bad entries") + " (listed above)")
    if skipped:
        lines.append("  skipped: " + ", ".join(skipped))
    return "\n".join(lines)


def _write(store, plan) -> None:
    from companion.commands.bar import Bar

    with Bar(len(plan.add) + len(plan.update), "saving notes", BAR_FROM) as advance:
        store.merge_in(plan.add, progress=advance)  # new notes: written in batches
        for note, changes in plan.update:
            store.update(note.id, **changes)
            advance(1)


def _past_progress(ctx, notes, dry_run: bool) -> None:
    """Say which highlights are past the saved progress; offer to move it there."""
    import datetime

    from companion.commands.output import tell
    from companion.store.errors import StoreError
    from companion.store.progress import finish_chapters, load_progress

    count = ctx.book.chapter_count
    try:
        progress = load_progress(ctx.data_dir, count).finished
    except StoreError as error:
        tell(f"companion: {error.message}")
        return
    ahead = [n for n in notes if n.chapter > progress]
    if not ahead:
        return
    top = max(n.chapter for n in ahead)
    done = f"chapter {progress} finished" if progress else "no chapter finished yet"
    _say(
        f"{_plural(len(ahead), 'highlight is', 'highlights are')} from past your progress "
        f"({done}), up to chapter {top}: "
        + ("they would be" if dry_run else "saved, but")
        + f" hidden until you finish {'its chapter' if len(ahead) == 1 else 'their chapters'}."
    )
    if dry_run:
        return
    if not ctx.args.yes:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            _say(
                f"Your progress was not changed. To see them now, set it with "
                f"`companion progress {top}`."
            )
            return
        try:
            answer = input(f"Set your progress to chapter {top} finished? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().casefold() not in ("y", "yes"):
            _say(f"Progress stays at chapter {progress}; `companion progress {top}` moves it.")
            return
    try:
        finish_chapters(ctx.data_dir, top, datetime.date.today(), count)
    except StoreError as error:
        raise CompanionError(f"{error.message}\nThe highlights were imported.") from None
    _say(f"Progress set: chapter {top} finished.")
