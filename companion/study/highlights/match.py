"""Linking highlights to the pack's quote cards, and placing them in a chapter.

Texts are compared normalised (case, quotation marks, apostrophes, dashes, ellipses,
punctuation and runs of whitespace set aside) and then fuzzily, with rapidfuzz's
``partial_ratio``: an e-book's typography and a card's differ ("I'm" and "I’m", "--"
and "—"), and a highlight rarely starts and ends where the card does. A card that
leaves words out ("My best horse … is Thunder") is matched fragment by fragment.
Only verbatim cards are candidates: a paraphrase is not the novel's wording.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from companion.book.model import Book, Quote
from companion.study.highlights.entries import Entry
from companion.study.highlights.titles import chapter_number

_APOSTROPHES = re.compile(r"(?<=\w)['\u2019\u02bc`](?=\w)")
_NON_WORD = re.compile(r"[\W_]+")
_GAP = re.compile(r"…|\.\.\.")
MIN_SCORE = 88  # partial_ratio of a real match; unrelated sentences score under 60
MIN_SHARE = 0.5  # a highlight inside a card must cover at least half of it


def normal(text: str) -> str:
    """Lower case, no quotation marks, apostrophes, dashes or punctuation, single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", _APOSTROPHES.sub("", text)).split())


def _content_words(text: str) -> set[str]:
    return {w for w in text.split() if len(w) > 3}


@dataclass(frozen=True)
class _Card:
    quote: Quote
    fragments: tuple[str, ...]  # the card's text between its "…", normalised
    whole: str
    words: frozenset[str]


class QuoteMatcher:
    """The best verbatim quote card for a highlight's text, if one matches."""

    def __init__(self, quotes: Iterable[Quote]) -> None:
        self.cards = []
        for quote in quotes:
            if not quote.is_verbatim:
                continue
            parts = [normal(p) for p in _GAP.split(quote.text)]
            fragments = tuple(p for p in parts if len(p) >= 12) or (normal(quote.text),)
            whole = " ".join(p for p in parts if p)
            self.cards.append(_Card(quote, fragments, whole, frozenset(_content_words(whole))))

    def best(self, text: str) -> Quote | None:
        found = normal(text)
        if len(found) < 12:
            return None
        mine = _content_words(found)
        best: tuple[float, int, Quote] | None = None
        for card in self.cards:
            common = len(mine & card.words)
            if common < min(2, len(card.words)) or common < MIN_SHARE * min(
                len(mine), len(card.words)
            ):
                continue  # cheap: most pairs share few words
            score = _score(found, card)
            if score >= MIN_SCORE and (best is None or (score, len(card.whole)) > best[:2]):
                best = (score, len(card.whole), card.quote)
        return best[2] if best else None


def _score(found: str, card: _Card) -> float:
    if len(found) >= 0.8 * len(card.whole):  # the card lies within the highlight
        return min(fuzz.partial_ratio(f, found) for f in card.fragments)
    if len(found) < MIN_SHARE * len(card.whole):
        return 0.0  # a few words of a long card: not a highlight of it
    return max(fuzz.partial_ratio(found, f) for f in (card.whole, *card.fragments))


def contains(a: str, b: str) -> bool:
    """One text is (nearly) inside the other: an edited version of one highlight."""
    a, b = normal(a), normal(b)
    if not a or not b:
        return False
    return fuzz.partial_ratio(a, b) >= 90


@dataclass
class Placed:
    entry: Entry
    chapter: int  # 0 = unplaced
    placement: str  # "quote" | "file" | "estimated" | "unplaced"
    quote: str | None = None


def place(
    entries: Sequence[Entry],
    book: Book,
    progress: Callable[[int], None] | None = None,
) -> list[Placed]:
    """Each entry with its chapter: from a matching quote card, else from the file's
    chapter title, else estimated from placed neighbours, else unplaced (0)."""
    matcher = QuoteMatcher(book.quotes)
    labels = [book.chapter(n).label for n in range(1, book.chapter_count + 1)]
    placed = []
    for i, entry in enumerate(entries):
        quote = matcher.best(entry.text) if entry.kind == "highlight" else None
        if quote is not None:
            placed.append(Placed(entry, quote.chapter, "quote", quote.id))
        else:
            number = chapter_number(entry.chapter_title, labels, book.chapter_count)
            placed.append(Placed(entry, number or 0, "file" if number else "unplaced"))
        if progress is not None and (i + 1) % 100 == 0:
            progress(100)
    if progress is not None and len(entries) % 100:
        progress(len(entries) % 100)
    estimate(placed, book.chapter_count)
    return placed


def estimate(placed: list[Placed], count: int) -> None:
    """Give unplaced entries a chapter from the positions of placed ones of the same
    source, book and scale: between two placed neighbours, a chapter between theirs in
    proportion; before the first or after the last, extrapolated from the first and
    last (only with two or more placed, in different chapters)."""
    groups: dict[tuple[object, ...], list[Placed]] = {}
    for item in placed:
        e = item.entry
        if e.position is not None:
            groups.setdefault((e.source, e.title, e.scale), []).append(item)
    for items in groups.values():
        anchors = sorted(
            (p.entry.position, p.chapter)
            for p in items
            if p.placement in ("quote", "file") and p.entry.position is not None
        )
        if not anchors:
            continue
        positions = [a[0] for a in anchors]
        for item in items:
            at = item.entry.position  # never None in a group
            if item.placement != "unplaced" or at is None:
                continue
            chapter = _guess(at, anchors, positions, count)
            if chapter:
                item.chapter, item.placement = chapter, "estimated"


def _guess(at: int, anchors: list[tuple[int, int]], positions: list[int], count: int) -> int | None:
    i = bisect.bisect_left(positions, at)
    if 0 < i < len(anchors):
        (p0, c0), (p1, c1) = anchors[i - 1], anchors[i]
        if c0 == c1 or p1 == p0:
            return min(c0, c1) if c0 == c1 else max(c0, c1)
        share = (at - p0) / (p1 - p0)
        return max(min(c0, c1), min(max(c0, c1), round(c0 + share * (c1 - c0))))
    if i < len(anchors) and anchors[i][0] == at:
        return anchors[i][1]
    (first, c_first), (last, c_last) = anchors[0], anchors[-1]
    if i == 0 and c_first == 1:
        return 1  # nothing comes before chapter 1
    if i == len(anchors) and c_last == count:
        return count
    if last == first or c_last <= c_first:
        return None
    slope = (c_last - c_first) / (last - first)
    if i == 0:
        return max(1, min(c_first, round(c_first - slope * (first - at))))
    return min(count, max(c_last, round(c_last + slope * (at - last))))
