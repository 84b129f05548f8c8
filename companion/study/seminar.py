"""The seminar sheet: one or two pages to take into the room.

Starred quotes (text, speaker, chapter, provenance when not verbatim, significance and
the reader's notes on each), the reader's notes tagged ``seminar``, the discussion
questions for the chapters read and a theme overview, all within ``upto`` chapters:

* content goes through one ``GuideView(book, upto)``: nothing past ``upto`` appears;
* starred quotes past ``upto`` are only counted ("2 starred quotes are beyond
  chapter 5"), never shown;
* notes about a chapter past ``upto``, or about a quote locked at ``upto``, are left out;
* ``theme`` narrows the quotes, questions and theme overview to one unlocked theme
  (the reader's seminar notes stay: they are the reader's own agenda);
* user text (notes) goes through ``show_controls``: stored text is never changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from companion.book.model import Book, Question, Quote, Theme
from companion.errors import CompanionError
from companion.study.guide import PROVENANCE_LABELS, GuideView, place_text
from companion.study.output import write_export
from companion.study.text import show_controls

if TYPE_CHECKING:
    from companion.store.deck import DeckStore
    from companion.store.notes import Note, NoteStore

SEMINAR_TAG = "seminar"
FORMATS = ("markdown", "text")


def find_theme(view: GuideView, name: str) -> Theme:
    """The unlocked theme with this id or name (any case).

    The error is the same for a locked theme and an unknown one: it never tells
    whether a theme exists past the reader's chapter.
    """
    wanted = name.strip().casefold()
    for theme, _notes in view.themes:
        if wanted in (theme.id.casefold(), theme.name.casefold()):
            return theme
    known = ", ".join(t.id for t, _ in view.themes) or "none yet"
    raise CompanionError(
        f"no theme {name!r} is unlocked at chapter {view.progress} (unlocked themes: {known})", 2
    )


def _notes_for(notes: Iterable[Note], upto: int, visible_ids: set[str]) -> list[Note]:
    """The reader's notes that belong on a sheet for ``upto``."""
    out = []
    for note in notes:
        if note.chapter > upto:
            continue
        if note.quote and note.quote not in visible_ids:
            continue
        out.append(note)
    return sorted(out, key=lambda n: (n.chapter, n.created, n.id))


def _user(text: str) -> str:
    return show_controls(text.replace("\r\n", "\n").strip("\n"), keep_newlines=True)


def build_sheet(
    book: Book,
    upto: int,
    deck: DeckStore,
    notes: Iterable[Note] | NoteStore,
    theme: str | None = None,
    fmt: str = "markdown",
) -> str:
    """The sheet as Markdown or plain text.

    ``deck`` needs ``.starred`` (quote ids); ``notes`` is a list of store Notes (or a
    NoteStore: its ``.notes`` is used).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if not 0 <= upto <= book.chapter_count:
        raise CompanionError(f"--upto {upto} is out of range: give 0..{book.chapter_count}", 2)
    view = GuideView(book, upto)
    chosen = find_theme(view, theme) if theme else None
    from companion.store.notes import NoteStore  # loaded already by whoever passes one

    all_notes = list(notes.notes if isinstance(notes, NoteStore) else notes)
    visible_ids = {q.id for q in view.quotes}

    def in_theme(item: Quote | Question) -> bool:
        return chosen is None or chosen.id in item.themes

    starred_ids = list(dict.fromkeys(deck.starred))
    order = {q.id: i for i, q in enumerate(book.quotes)}
    starred = sorted(
        (q for q in view.quotes if q.id in starred_ids and in_theme(q)),
        key=lambda q: (q.chapter, order[q.id]),
    )
    beyond = sum(
        1
        for qid in starred_ids
        if qid not in visible_ids and (q := book.quote(qid)) is not None and in_theme(q)
    )
    kept_notes = _notes_for(all_notes, upto, visible_ids)
    on_quote: dict[str, list[Note]] = {}
    for note in kept_notes:
        if note.quote:
            on_quote.setdefault(note.quote, []).append(note)
    shown_ids = {q.id for q in starred}
    seminar_notes = [
        n for n in kept_notes if SEMINAR_TAG in n.tags and not (n.quote and n.quote in shown_ids)
    ]
    questions = [q for q in view.questions if in_theme(q)]
    earlier = 0
    current = book.part_of(upto)
    if chosen is None and current is not None:
        # To keep the sheet to a page or two, only the part being discussed (and the
        # whole-book questions); earlier parts' questions are counted, not printed.
        kept = [q for q in questions if q.part in (None, current.number)]
        earlier, questions = len(questions) - len(kept), kept
    themes = [t for t, _ in view.themes if chosen is None or t.id == chosen.id]

    out: list[str] = []
    title = f"Seminar sheet: {book.title}"
    if chosen:
        title += f" ({chosen.name})"
    out += [
        f"# {title}",
        "",
        f"*{book.author}. For readers at {place_text(book, upto)}; "
        "nothing past that chapter is included.*",
        "",
    ]

    out += ["## Starred quotes", ""]
    if not starred:
        out += [
            "No starred quotes" + (" on this theme" if chosen else "") + " within these chapters.",
            "",
        ]
    for quote in starred:
        out += _quote_lines(quote, on_quote.get(quote.id, []))
    if beyond:
        out += [f"*{_beyond(beyond, upto)}*", ""]

    if seminar_notes:
        out += ["## My seminar notes", ""]
        for note in seminar_notes:
            out += _note_lines(note)
        out.append("")

    if questions:
        out += ["## Discussion questions", ""]
        out += [f"{i}. {q.text.strip()}" for i, q in enumerate(questions, 1)]
        out.append("")
    if earlier:
        out += [
            f"*{earlier} more question{'s' if earlier != 1 else ''} on earlier parts: "
            f"see `companion guide --upto {upto}`.*",
            "",
        ]

    if chosen is not None:
        notes_so_far = dict(view.themes)[chosen]
        out += ["## Theme", "", f"### {chosen.name}", "", chosen.text.strip(), ""]
        out += [f"- Chapter {n.chapter}: {n.text.strip()}" for n in notes_so_far]
        out.append("")
    elif themes:
        out += ["## Themes at a glance", ""]
        out += [f"- **{t.name}**: {first_sentence(t.text)}" for t in themes]
        out.append("")

    markdown = "\n".join(out).rstrip() + "\n"
    return markdown if fmt == "markdown" else _to_text(markdown)


def first_sentence(text: str) -> str:
    """The opening sentence of a paragraph, for a one-line overview."""
    flat = " ".join(text.split())
    for end in (". ", "? ", "! "):
        cut = flat.find(end)
        if 0 < cut:
            flat = flat[: cut + 1]
            break
    return flat


def _beyond(count: int, upto: int) -> str:
    if count == 1:
        return f"1 starred quote is beyond chapter {upto}."
    return f"{count} starred quotes are beyond chapter {upto}."


def _quote_lines(quote: Quote, notes: list[Note]) -> list[str]:
    text = " ".join(quote.text.split())
    line = f"— {quote.speaker.strip() or 'unattributed'}, chapter {quote.chapter}"
    if not quote.is_verbatim:
        line += f" ({PROVENANCE_LABELS.get(quote.provenance, quote.provenance)})"
    lines = [f"> {text}", "", line, ""]
    if quote.actual.strip():
        lines += [f"What the novel has: {quote.actual.strip()}", ""]
    if quote.significance.strip():
        lines += [f"Why it matters: {quote.significance.strip()}", ""]
    if notes:
        lines += ["My notes:", ""]
        for note in notes:
            lines += _note_lines(note)
        lines.append("")
    return lines


def _note_lines(note: Note) -> list[str]:
    body = _user(note.text).splitlines() or [""]
    where = f"(ch. {note.chapter}) " if note.chapter else ""
    lines = [f"- {where}{body[0]}"]
    lines += [f"  {line}" if line else "" for line in body[1:]]
    return lines


def _to_text(markdown: str) -> str:
    """Plain text: headings underlined, quote marks and emphasis stars dropped."""
    lines = []
    for line in markdown.splitlines():
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            heading = line.lstrip("#").strip()
            if level <= 2:
                heading_text = heading.upper() if level == 2 else heading
                lines += [heading_text, ("=" if level <= 2 else "-") * min(len(heading), 78)]
            else:
                lines += [heading, "-" * min(len(heading), 78)]
        elif line.startswith("> "):
            lines.append("  " + line[2:])
        elif line.startswith("*") and line.endswith("*") and len(line) > 1:
            lines.append(line[1:-1])
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def write_sheet(path: Path, text: str, force: bool = False, make_folder: bool = True) -> None:
    """Write the sheet into the app's own exports folder (made here: the app chose it,
    unlike a user's ``-o``, or a folder typed in the app: ``make_folder=False``); never
    replace an existing file without ``force``."""
    from companion.store.display import visible_layout

    if make_folder:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_export(path, visible_layout(text), force)
