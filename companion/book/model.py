"""The content model: plain frozen records and a Book dataclass, no I/O.

Every item that can be hidden has an ``unlock``: the chapter after which it may be
shown (0 = safe before reading). ``companion.book.gate`` is the only place that
compares an unlock with the reader's progress.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, dataclass_transform

PROVENANCES = ("verbatim", "paraphrase", "misquote")


@dataclass_transform(frozen_default=True)
class Frozen:
    """What ``@dataclass(frozen=True)`` gives, written once, for the content classes.

    The fields are the class's annotations, in order; a class attribute is a field's
    default. Same constructor, repr, equality (same class, equal fields), hash and
    FrozenInstanceError as the dataclass; type checkers treat each subclass as a frozen
    dataclass (``dataclass_transform``), so a ``Quote`` missing a field is an error.
    Why not the dataclass itself: it compiles six methods per class at import, about
    1.5 ms a class; with these 14 classes that is 14-20 ms before the first paint, and
    unpickling the cached pack takes 1.4 ms longer with slots
    (benchmarks/model_cost.py).
    """

    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, object]] = {}

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        own = tuple(cls.__dict__.get("__annotations__", ()))
        # as dataclasses: inherited fields first, in place; then the new ones
        cls._fields = cls._fields + tuple(f for f in own if f not in cls._fields)
        cls._defaults = {**cls._defaults}
        cls._defaults.update((name, cls.__dict__[name]) for name in own if name in cls.__dict__)
        setattr(cls, "__match_args__", cls._fields)  # noqa: B010 (checkers see a dataclass)

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    # Hidden from type checkers, which synthesise each subclass's typed __init__ and
    # reject assignments to its fields themselves.
    if not TYPE_CHECKING:

        def __init__(self, *args, **kwargs) -> None:
            fields, name = self._fields, type(self).__name__
            if len(args) > len(fields):
                raise TypeError(
                    f"{name}() takes {len(fields)} arguments but {len(args)} were given"
                )
            given = dict(zip(fields, args))
            for key, value in kwargs.items():
                if key not in fields:
                    raise TypeError(f"{name}() got an unexpected keyword argument {key!r}")
                if key in given:
                    raise TypeError(f"{name}() got multiple values for argument {key!r}")
                given[key] = value
            values = {}
            for field_name in fields:
                if field_name in given:
                    values[field_name] = given[field_name]
                elif field_name in self._defaults:
                    values[field_name] = self._defaults[field_name]
                else:
                    raise TypeError(f"{name}() missing required argument: {field_name!r}")
            object.__setattr__(self, "__dict__", values)

        def __setattr__(self, name: str, value: object) -> None:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")

        def __delattr__(self, name: str) -> None:
            raise FrozenInstanceError(f"cannot delete field {name!r}")


class Part(Frozen):
    number: int
    title: str
    first: int
    last: int
    label: str = ""
    label_unlock: int = 0

    @property
    def chapters(self) -> range:
        return range(self.first, self.last + 1)


class Chapter(Frozen):
    number: int
    label: str
    summary: str

    @property
    def unlock(self) -> int:
        return self.number


class Section(Frozen):
    id: str
    title: str
    first: int
    last: int
    unlock: int
    text: str
    order: int = 0


class Quote(Frozen):
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
    checked: str = ""  # where the wording was checked, "paraphrase" or "unverified"
    passage: str = ""  # the opening words of the passage, to find it in any edition

    @property
    def is_verbatim(self) -> bool:
        return self.provenance == "verbatim"


class Staged(Frozen):
    """A piece of text that unlocks at a chapter: a fact, a meaning, a note."""

    chapter: int
    text: str

    @property
    def unlock(self) -> int:
        return self.chapter


class Character(Frozen):
    id: str
    name: str
    line: str
    unlock: int
    facts: tuple[Staged, ...] = ()
    portraits: tuple[Staged, ...] = ()  # the latest unlocked one replaces the earlier


class Theme(Frozen):
    id: str
    name: str
    unlock: int
    text: str
    notes: tuple[Staged, ...] = ()


class Symbol(Theme):
    """A symbol or motif: shaped and staged exactly like a theme."""


class Device(Theme):
    """A literary device, with the chapters where it shows: shaped like a theme."""


class Relationship(Frozen):
    id: str
    title: str
    characters: tuple[str, ...]
    unlock: int
    text: str
    notes: tuple[Staged, ...] = ()


class Reveal(Frozen):
    """Something the novel first reveals in ``chapter``: no text may show it earlier.

    Exactly one of ``term`` (whole words, any case, any whitespace between) and
    ``pattern`` (a regular expression, any case) is set; ``note`` is for the author.
    """

    id: str
    chapter: int
    note: str
    term: str = ""
    pattern: str = ""

    @property
    def shown_as(self) -> str:
        return self.term or f"/{self.pattern}/"


class Term(Frozen):
    id: str
    term: str
    meanings: tuple[Staged, ...] = ()

    @property
    def unlock(self) -> int:
        return min(m.chapter for m in self.meanings) if self.meanings else 0


class Question(Frozen):
    id: str
    text: str
    unlock: int
    part: int | None = None
    themes: tuple[str, ...] = ()
    angle: str = ""


class Article(Frozen):
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
    symbols: list[Symbol] = field(default_factory=list)
    devices: list[Device] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    reveals: list[Reveal] = field(default_factory=list)
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
    """ "chapter 7 of 23 (Part One)": where the reader is."""
    if progress == 0:
        return f"not started: chapter 0 of {count}"
    part = next((p for p in parts if p.first <= progress <= p.last), None)
    return f"chapter {progress} of {count}" + (f" ({part.title})" if part else "")
