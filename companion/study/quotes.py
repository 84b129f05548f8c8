"""Finding quotes: one search for the Quotes pane, the palette and `companion quotes`.

Pure (no Textual). Only the quotes of a gated view are ever looked at, so a word that
appears only in a locked quote finds nothing. A query matches a quote when every word
of it appears in the quote's text, speaker, context or the reader's notes on it, in
any case, with or without accents, with straight or curly apostrophes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from companion.book.model import Quote
from companion.study.guide import GuideView

if TYPE_CHECKING:
    from companion.store.notes import Note

_SAME = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def fold(text: str) -> str:
    """``text`` for matching: case, accents and typographic quotes folded."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SAME))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def notes_by_quote(notes: Iterable[Note]) -> dict[str, list[str]]:
    """The texts of the reader's notes, by the quote id they are about."""
    out: dict[str, list[str]] = {}
    for note in notes:
        if note.quote:
            out.setdefault(note.quote, []).append(note.text)
    return out


def haystack(quote: Quote, notes: Iterable[str] = ()) -> str:
    """What a search looks in: text, speaker, context and the reader's notes."""
    return fold("\n".join([quote.text, quote.speaker, quote.context, *notes]))


def matches(quote: Quote, query: str, notes: Iterable[str] = ()) -> bool:
    words = fold(query).split()
    if not words:
        return True
    text = haystack(quote, notes)
    return all(word in text for word in words)


def find_quotes(
    view: GuideView,
    query: str = "",
    *,
    notes: dict[str, list[str]] | None = None,
    theme: str | None = None,
    speaker: str | None = None,
    part: int | None = None,
    chapter: int | None = None,
    starred: set[str] | None = None,
) -> list[Quote]:
    """The unlocked quotes (in the pack's order) that match ``query`` and every filter
    given: a theme id, a speaker, a part number, a chapter, a set of starred ids."""
    notes = notes or {}
    out = []
    for quote in view.quotes:
        if theme is not None and theme not in quote.themes:
            continue
        if speaker is not None and quote.speaker != speaker:
            continue
        if chapter is not None and quote.chapter != chapter:
            continue
        if part is not None:
            found = view.book.part_of(quote.chapter)
            if found is None or found.number != part:
                continue
        if starred is not None and quote.id not in starred:
            continue
        if not matches(quote, query, notes.get(quote.id, ())):
            continue
        out.append(quote)
    return out
