"""Which entries are this book's (titles matched loosely), and which chapter a
book's own chapter title names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

_ARTICLES = {"the", "a", "an", "le", "la", "les", "der", "die", "das", "el", "los", "las"}
_NOBODY = {"", "unknown", "unknown author", "anonymous", "various"}
_EXTENSIONS = re.compile(r"\.(epub|mobi|azw3?|kfx|pdf|txt|fb2|djvu|html?|docx?|cbz)$", re.I)
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def words(text: str) -> list[str]:
    """Case, accents and punctuation dropped: "L'Étranger!" -> ["l", "etranger"]."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.findall(r"[^\W_]+", text.replace("'", "").replace("\u2019", ""))


def _title_keys(title: str, author_words: set[str]) -> set[tuple[str, ...]]:
    """The ways ``title`` may name a book: whole, before a subtitle (":" or " - "),
    after "Author - ", without brackets ("(Vintage International)"), without a
    leading article, without the author's names."""
    title = _EXTENSIONS.sub("", title.strip())
    shapes = {title, _BRACKETS.sub(" ", title)}
    for shape in list(shapes):
        for mark in (":", " - ", " – ", " — ", "|"):
            if mark in shape:
                head, _, tail = shape.partition(mark)
                shapes.update((head, tail))
    keys = set()
    for shape in shapes:
        found = words(shape)
        if found and found[0] in _ARTICLES:
            found = found[1:]
        keys.add(tuple(found))
        keys.add(tuple(w for w in found if w not in author_words))
    keys.discard(())
    return keys


def book_matcher(title: str, author: str) -> Callable[[str, str], bool]:
    """``wanted(entry_title, entry_author)``: True for this book's entries.

    The titles must agree once case, punctuation, a subtitle, a leading "The" and the
    author's names are set aside; an author given must share a name with the book's
    ("Ishiguro, Kazuo" and "Kazuo Ishiguro" do), unless it is "Unknown"."""
    author_words = set(words(author))
    wanted = {k for k in _title_keys(title, set()) if k}
    wanted_short = {k for k in _title_keys(title, author_words)}
    cache: dict[tuple[str, str], bool] = {}

    def match(entry_title: str, entry_author: str) -> bool:
        known = cache.get((entry_title, entry_author))
        if known is not None:
            return known
        keys = _title_keys(entry_title, author_words)
        same = bool(keys & wanted) or bool(keys & wanted_short)
        if same and " ".join(words(entry_author)) not in _NOBODY and author_words:
            same = bool(set(words(entry_author)) & author_words)
        cache[(entry_title, entry_author)] = same
        return same

    return match


_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_ROMAN_RE = re.compile(r"(?=[xvil])(xl|l?x{0,3})(ix|iv|v?i{0,3})")
_CHAPTER_WORDS = {
    "chapter",
    "chap",
    "ch",
    "chapitre",
    "kapitel",
    "capitulo",
    "capitolo",
    "hoofdstuk",
}


def _number(tokens: Sequence[str]) -> int | None:
    """The number the first one or two tokens spell: "12", "twelve", "twenty one",
    "xii"; None if they spell none."""
    if not tokens:
        return None
    first = tokens[0]
    if first.isdigit():
        return int(first)
    if first in _UNITS:
        return _UNITS.index(first)
    if first in _TENS:
        second = tokens[1] if len(tokens) > 1 else ""
        unit = _UNITS.index(second) if second in _UNITS[1:10] else 0
        return _TENS[first] + unit
    if _ROMAN_RE.fullmatch(first):
        total = 0
        for i, c in enumerate(first):
            value = _ROMAN[c]
            total += -value if i + 1 < len(first) and _ROMAN[first[i + 1]] > value else value
        return total
    return None


def chapter_number(title: str, labels: Sequence[str], count: int) -> int | None:
    """The chapter (1..count) a book's chapter title names: "Chapter 12",
    "Chapter Twelve", "CHAPTER XII", "Part Two, Chapter Ten", "12", "Twelve", or
    one of the pack's chapter ``labels`` (labels[0] is chapter 1). None otherwise."""
    found = words(title.replace("-", " "))
    if not found:
        return None
    number = None
    for i, word in enumerate(found):
        if word in _CHAPTER_WORDS:
            number = _number(found[i + 1 : i + 3])
    if number is None and len(found) <= 2:
        number = _number(found)  # a bare "12" or "Twelve"
    if number is None:
        key = tuple(found)
        for index, label in enumerate(labels, start=1):
            if tuple(words(label.replace("-", " "))) == key:
                return index
        return None
    return number if 1 <= number <= count else None
