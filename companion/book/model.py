"""The content model: plain dataclasses, no I/O.

Every item that can be hidden has an ``unlock``: the chapter after which it may be
shown (0 = safe before reading). ``companion.book.gate`` is the only place that
compares an unlock with the reader's progress.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

PROVENANCES = ("verbatim", "paraphrase", "misquote")


@dataclass(frozen=True)
class Part:
    number: int
    title: str
    first: int
    last: int
    label: str = ""
    label_unlock: int = 0

    @property
    def chapters(self) -> range:
        return range(self.first, self.last + 1)


@dataclass(frozen=True)
class Chapter:
    number: int
    label: str
    summary: str

    @property
    def unlock(self) -> int:
        return self.number


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    first: int
    last: int
    unlock: int
    text: str
    order: int = 0


@dataclass(frozen=True)
class Quote:
    id: str
    text: str
    speaker: str
    chapter: int
    unlock: int
    provenance: str
    context: str
    significance: str
    themes: tuple[str, ...] = ()
    characters: tuple[str, ...] = ()
    actual: str = ""

    @property
    def is_verbatim(self) -> bool:
        return self.provenance == "verbatim"


@dataclass(frozen=True)
class Staged:
    """A piece of text that unlocks at a chapter: a fact, a meaning, a note."""

    chapter: int
    text: str

    @property
    def unlock(self) -> int:
        return self.chapter


@dataclass(frozen=True)
class Character:
    id: str
    name: str
    line: str
    unlock: int
    facts: tuple[Staged, ...] = ()


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    unlock: int
    text: str
    notes: tuple[Staged, ...] = ()


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    meanings: tuple[Staged, ...] = ()

    @property
    def unlock(self) -> int:
        return min(m.chapter for m in self.meanings) if self.meanings else 0


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    unlock: int
    part: int | None = None
    themes: tuple[str, ...] = ()
    angle: str = ""


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    unlock: int
    text: str
    order: int = 0


@dataclass
class Book:
    id: str
    title: str
    author: str
    year: int | None
    parts: list[Part]
    chapters: list[Chapter]
    sections: list[Section] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    characters: list[Character] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    glossary: list[Term] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    pack_dir: Path | None = None

    @property
    def chapter_count(self) -> int:
        return len(self.chapters)

    def part_of(self, chapter: int) -> Part | None:
        """The part holding ``chapter`` (None for 0 or out of range)."""
        for part in self.parts:
            if part.first <= chapter <= part.last:
                return part
        return None

    def chapter(self, number: int) -> Chapter:
        return self.chapters[number - 1]

    def quote(self, quote_id: str) -> Quote | None:
        return next((q for q in self.quotes if q.id == quote_id), None)

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def character(self, character_id: str) -> Character | None:
        return next((c for c in self.characters if c.id == character_id), None)


def place_text(progress: int, count: int, parts: list[Part]) -> str:
    """"chapter 7 of 23 (Part One)": where the reader is."""
    if progress == 0:
        return f"not started: chapter 0 of {count}"
    part = next((p for p in parts if p.first <= progress <= p.last), None)
    return f"chapter {progress} of {count}" + (f" ({part.title})" if part else "")
