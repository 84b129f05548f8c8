"""The quote deck as an Anki package (.apkg), for readers who review in Anki.

One Anki note per quote, with two cards: the quote (back: speaker, chapter, where to
find it in any edition, context, significance and the reader's notes on it) and "Who
says this, and when?" (back: speaker and chapter). A paraphrase or an often misquoted
line says so on the front, as the app's cards do.

* Nothing past ``upto``: quotes go through ``GuideView(book, upto)``; a starred quote
  locked at ``upto`` is only counted, and notes written past ``upto`` stay out.
* Re-importing updates instead of duplicating: a note's GUID comes from the book id and
  the quote id only (never its text), and the deck and note type ids are fixed, so
  Anki recognises what it has already imported.
* Every field is HTML: pack text and the reader's notes are escaped (``html.escape``),
  control characters made visible, ``[`` kept from starting Anki's ``[sound:…]`` tags,
  and MathJax told to leave the text alone. Nothing the reader typed becomes markup.

genanki writes Anki's collection schema; the package is built in memory (no temporary
files) and written atomically.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import os
import re
import sqlite3
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from companion.book.model import Book, Quote
from companion.errors import CompanionError
from companion.study.guide import GuideView
from companion.study.locator import quote_locator
from companion.study.text import show_controls

if TYPE_CHECKING:
    import genanki

    from companion.store.deck import DeckStore
    from companion.store.notes import Note, NoteStore

# Fixed for good: Anki matches an imported note type by id and by its fields and
# templates. Changing FIELDS or the templates needs a new MODEL_ID (and old cards
# then stop updating), so add to them only with care.
MODEL_ID = 1_719_432_057
MODEL_NAME = "companion quote"
FIELDS = (
    "Quote",
    "Flag",
    "Kind",
    "Speaker",
    "Chapter",
    "Where",
    "Actual",
    "Context",
    "Significance",
    "Themes",
    "MyNotes",
    "QuoteId",
)
FLAGS = {
    "paraphrase": "A paraphrase: not the novel's exact words.",
    "misquote": "Often misquoted: this line is NOT in the novel.",
}
WHO_ASKS = "Who says this, and when?"

_FRONT = '<div class="quote">{{Quote}}</div>{{#Flag}}<div class="flag">{{Flag}}</div>{{/Flag}}'
_WHO = '<div class="who">— {{Speaker}}, {{Chapter}}</div>'
_ACTUAL = "{{#Actual}}<h4>What the novel has</h4><div>{{Actual}}</div>{{/Actual}}"
_ANSWER = '{{FrontSide}}<hr id="answer">'
# MathJax would typeset \( … \) in a note; these classes make it skip the card's text
# (MathJax 3.2 reads the first, earlier versions the second).
_WRAP = '<div class="companion {{{{Kind}}}} mathjax_ignore tex2jax_ignore">{}</div>'
TEMPLATES = (
    {
        "name": "Quote",
        "qfmt": _WRAP.format(_FRONT),
        "afmt": _WRAP.format(
            _ANSWER
            + _WHO
            + '{{#Where}}<div class="where">{{Where}}</div>{{/Where}}'
            + _ACTUAL
            + "{{#Context}}<h4>Context</h4><div>{{Context}}</div>{{/Context}}"
            + "{{#Significance}}<h4>Why it matters</h4><div>{{Significance}}</div>"
            "{{/Significance}}"
            + '{{#Themes}}<div class="themes">Themes: {{Themes}}</div>{{/Themes}}'
            + "{{#MyNotes}}<h4>Your notes</h4>{{MyNotes}}{{/MyNotes}}"
        ),
    },
    {
        "name": WHO_ASKS,
        "qfmt": _WRAP.format(f'<div class="ask">{WHO_ASKS}</div>' + _FRONT),
        "afmt": _WRAP.format(_ANSWER + _WHO + _ACTUAL),
    },
)
# No colours: Anki's light and night modes choose them.
CSS = """\
.card { font-family: Georgia, serif; font-size: 20px; max-width: 40em; margin: 0 auto; }
.quote { font-size: 1.2em; font-style: italic; text-align: center; margin: 1em 0; }
.misquote .quote { text-decoration: line-through; }
.flag, .ask, .who, .where { text-align: center; }
.flag { font-weight: bold; }
.who { margin: 0.5em 0; }
.ask, .where, .themes, .meta { font-size: 0.85em; opacity: 0.7; }
h4 { margin: 1em 0 0.2em; }
.note { margin: 0.4em 0 0.8em; }
"""


@dataclass(frozen=True)
class AnkiDeck:
    """A built package and what went into it (and what was left out)."""

    data: bytes
    quotes: tuple[Quote, ...]
    notes: int  # the reader's notes carried on the cards
    later: int  # starred quotes that unlock after ``upto``: left out
    gone: int  # starred ids the content pack no longer has

    @property
    def cards(self) -> int:
        return len(self.quotes) * len(TEMPLATES)


def stable_id(*parts: str) -> int:
    """A fixed id in the range Anki's own ids use (as genanki advises: 2**30..2**31)."""
    digest = hashlib.sha256("\x1f".join(("companion", *parts)).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def deck_id(book_id: str) -> int:
    return stable_id("deck", book_id)


def note_guid(book_id: str, quote_id: str) -> str:
    """The Anki GUID of a quote's note: the same in every export, whatever the text."""
    import genanki

    guid: str = genanki.guid_for("companion", book_id, quote_id)
    return guid


def default_file_name(book: Book) -> str:
    return f"{book.id}-quotes.apkg"


def field_html(text: str, *, one_paragraph: bool = False) -> str:
    """Text as an Anki field: escaped, controls visible, line breaks as <br>."""
    text = text.replace("\r\n", "\n").strip()
    if one_paragraph:
        text = " ".join(text.split())
    # element content only (never an attribute): quote marks stay searchable in Anki
    text = html.escape(show_controls(text, keep_newlines=True), quote=False)
    # "[sound:x.mp3]" in a field plays (or looks for) a sound in Anki
    return text.replace("[", "&#91;").replace("\n", "<br>")


def _notes_html(notes: list[Note]) -> str:
    parts = []
    for note in notes:
        meta = f"ch {note.chapter} · {note.updated.astimezone():%Y-%m-%d}"
        if note.tags:
            meta += " · " + " ".join("#" + t for t in note.tags)
        parts.append(
            f'<div class="note"><div class="meta">{field_html(meta, one_paragraph=True)}</div>'
            f"<div>{field_html(note.text)}</div></div>"
        )
    return "".join(parts)


def _fields(view: GuideView, quote: Quote, notes: list[Note]) -> list[str]:
    locator = quote_locator(quote) if quote.passage.strip() else ""
    themes = [name for t in quote.themes if (name := view.theme_name(t))]
    chapter = f"chapter {quote.chapter}" if quote.chapter else "before chapter 1"
    values = {
        "Quote": field_html(f"“{quote.text.strip()}”", one_paragraph=True),
        "Flag": field_html(FLAGS.get(quote.provenance, "")),
        "Kind": _tag(quote.provenance),  # a class name in the templates
        "Speaker": field_html(quote.speaker.strip() or "unattributed", one_paragraph=True),
        "Chapter": chapter,
        "Where": field_html(locator, one_paragraph=True),
        "Actual": field_html(quote.actual, one_paragraph=True),
        "Context": field_html(quote.context, one_paragraph=True),
        "Significance": field_html(quote.significance, one_paragraph=True),
        "Themes": field_html(", ".join(themes), one_paragraph=True),
        "MyNotes": _notes_html(notes),
        "QuoteId": field_html(quote.id),
    }
    return [values[name] for name in FIELDS]


def _tag(text: str) -> str:
    """An Anki tag (no spaces) from an id."""
    return re.sub(r"[^\w.-]+", "-", text).strip("-") or "x"


def build_anki(
    book: Book,
    upto: int,
    starred: Iterable[str] | None,
    notes: Iterable[Note] | NoteStore = (),
    *,
    timestamp: float | None = None,
) -> AnkiDeck:
    """The package for a reader at ``upto``.

    ``starred``: the starred quote ids, or None for every quote unlocked at ``upto``.
    ``notes``: the reader's notes (store Notes, or a NoteStore: its ``.notes``); those
    with ``quote = ID`` go on that quote's card.
    """
    import genanki

    if not 0 <= upto <= book.chapter_count:
        raise CompanionError(f"--upto {upto} is out of range: give 0..{book.chapter_count}", 2)
    view = GuideView(book, upto)
    visible_ids = {q.id for q in view.quotes}
    later = gone = 0
    if starred is None:
        chosen = list(view.quotes)
    else:
        wanted = set(starred)
        for qid in wanted:
            if book.quote(qid) is None:
                gone += 1
            elif qid not in visible_ids:
                later += 1
        chosen = [q for q in view.quotes if q.id in wanted]
    order = {q.id: i for i, q in enumerate(book.quotes)}
    chosen.sort(key=lambda q: (q.chapter, order[q.id]))

    on_quote: dict[str, list[Note]] = {}
    from companion.store.notes import NoteStore  # loaded already by whoever passes one

    for note in notes.notes if isinstance(notes, NoteStore) else notes:
        if note.quote in visible_ids and note.chapter <= upto:
            on_quote.setdefault(note.quote, []).append(note)
    for listed in on_quote.values():
        listed.sort(key=lambda n: (n.chapter, n.created, n.id))

    model = genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[dict(t) for t in TEMPLATES],
        css=CSS,
    )
    title = show_controls(" ".join(book.title.split())).replace("::", ":")
    deck = genanki.Deck(
        deck_id(book.id),
        f"{title}: quotes",
        description=field_html(
            f"Quotes from {book.title} by {book.author}, exported by companion for a "
            f"reader at chapter {upto}: nothing past that chapter.",
            one_paragraph=True,
        ),
    )
    carried = 0
    for due, quote in enumerate(chosen):
        mine = on_quote.get(quote.id, [])
        carried += len(mine)
        deck.add_note(
            genanki.Note(
                model=model,
                fields=_fields(view, quote, mine),
                guid=note_guid(book.id, quote.id),
                tags=[_tag(book.id), f"chapter-{quote.chapter:02d}", _tag(quote.provenance)],
                due=due,
            )
        )
    data = _package_bytes(genanki.Package(deck), time.time() if timestamp is None else timestamp)
    return AnkiDeck(data=data, quotes=tuple(chosen), notes=carried, later=later, gone=gone)


def _package_bytes(package: genanki.Package, timestamp: float) -> bytes:
    """The .apkg as bytes: the collection built in an in-memory SQLite database and
    zipped as Package.write_to_file does (which leaves its temporary file behind)."""
    connection = sqlite3.connect(":memory:")
    try:
        package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
        connection.commit()
        collection = connection.serialize()
    finally:
        connection.close()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", collection)
        archive.writestr("media", "{}")
    return buffer.getvalue()


def check_target(path: Path | str) -> Path:
    """The file a package may be written to, or a clear refusal (exit code 2): not
    standard output, not a folder, a device or a pipe, not in a missing folder."""
    path = Path(path)
    if str(path) == "-":
        raise CompanionError(
            "an Anki package is a binary file and cannot go to standard output: "
            "give a file name with -o, for example -o deck.apkg",
            2,
        )
    if path.is_dir():
        raise CompanionError(f"{path} is a folder; give a file name with -o", 2)
    folder = path.parent
    if not folder.is_dir():
        raise CompanionError(
            f"cannot write {path}: the folder {folder} does not exist. "
            "Create it first, or choose another place with -o",
            2,
        )
    if os.path.exists(path) and not path.is_file():
        raise CompanionError(f"{path} is not a regular file; choose a file name with -o", 2)
    return path


def write_anki(path: Path | str, data: bytes, force: bool = False) -> None:
    """Write a package atomically; never replace an existing file without ``force``."""
    from companion.store.atomic import write_bytes_atomic

    path = check_target(path)
    try:
        write_bytes_atomic(path, data, exclusive=not force)
    except FileExistsError:
        raise CompanionError(
            f"{path} already exists and was left unchanged; "
            "add --force to replace it, or choose another name with -o",
            2,
        ) from None


def export_anki(
    book: Book,
    upto: int,
    deck: DeckStore,
    notes: Iterable[Note] | NoteStore,
    path: Path | str,
    *,
    all_unlocked: bool = False,
    force: bool = False,
) -> AnkiDeck:
    """Build and write in one call (for the app's Seminar pane and the CLI).

    ``deck``: anything with ``.starred`` (a DeckStore); ``notes``: a NoteStore or a list
    of Notes. Writes nothing when there is no quote to export (``quotes`` is empty).
    """
    built = build_anki(book, upto, None if all_unlocked else deck.starred, notes)
    if built.quotes:
        write_anki(path, built.data, force=force)
    return built
