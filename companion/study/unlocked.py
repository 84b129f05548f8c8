"""What a step of progress unlocked: the difference between two gated views.

Pure (no Textual): the Progress pane lists it after "finished chapter N", and a CLI
command or a test can say the same. Labels are content text, never a reader's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from companion.book.model import Staged
from companion.study.guide import GuideView
from companion.study.text import cut

QUOTE_MARKS = {"paraphrase": "paraphrase", "misquote": "not in the novel"}


class _Unlocks(Protocol):
    """A character, term or theme: an id, and the chapter it unlocks at."""

    @property
    def id(self) -> str: ...

    @property
    def unlock(self) -> int: ...


T = TypeVar("T", bound=_Unlocks)


def quote_mark(quote: object) -> str:
    """ "paraphrase" / "not in the novel" (as on the quote card) for a quote, else ""."""
    return QUOTE_MARKS.get(getattr(quote, "provenance", "") or "", "")


@dataclass(frozen=True)
class UnlockedItem:
    """One thing that became visible when progress moved forward."""

    # "chapter" "section" "quote" "character" "fact" "portrait" "relationship"
    # "relationship note" "term" "meaning" "theme" "theme note" "symbol" "symbol note"
    # "device" "device note" "question" "article"
    kind: str
    label: str  # a one-line description (content text, never user text)
    pane: str  # the pane that shows it
    key: str  # what that pane selects on open ("quote:q-id", "character:c-id", ...)
    chapter: int


@dataclass
class Unlocked:
    """What became visible between two progress points (empty when going back)."""

    before: int
    after: int
    items: list[UnlockedItem] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.items)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for item in self.items:
            out[item.kind] = out.get(item.kind, 0) + 1
        return out


def short(text: str, width: int = 70) -> str:
    """``text`` on one line, cut with an ellipsis at ``width`` characters."""
    return cut(" ".join(text.split()), width)


def unlocked_between(before: GuideView, after: GuideView) -> Unlocked:
    """The diff of two gated views: everything ``after`` shows that ``before`` did not."""
    items: list[UnlockedItem] = []
    add = items.append
    seen = {c.number for c in before.chapters}
    for ch in after.chapters:
        if ch.number not in seen:
            label = f"Chapter {ch.number}: {ch.label}"
            add(UnlockedItem("chapter", label, "plot", f"chapter:{ch.number}", ch.number))
    seen_ids = {s.id for s in before.sections}
    for s in after.sections:
        if s.id not in seen_ids:
            add(UnlockedItem("section", s.title, "plot", f"section:{s.id}", s.unlock))
    seen_ids = {q.id for q in before.quotes}
    for q in after.quotes:
        if q.id not in seen_ids:
            mark = f"[{quote_mark(q)}] " if quote_mark(q) else ""  # first: rows are cut
            label = f"{mark}“{short(q.text, 60)}” ({q.speaker})"
            add(UnlockedItem("quote", label, "quotes", f"quote:{q.id}", q.unlock))

    def staged(
        kind: str,
        part: str,
        pane: str,
        old_pairs: list[tuple[T, list[Staged]]],
        new_pairs: list[tuple[T, list[Staged]]],
        name: Callable[[T], str],
    ) -> None:
        """An item new to the reader, and each fact, meaning or note new on it."""
        old = {x.id: {(s.chapter, s.text) for s in items} for x, items in old_pairs}
        for x, items in new_pairs:
            key = f"{kind}:{x.id}"
            if x.id not in old:
                add(UnlockedItem(kind, name(x), pane, key, x.unlock))
            for s in items:
                if (s.chapter, s.text) not in old.get(x.id, set()):
                    label = f"{name(x)}: {short(s.text, 60)}"
                    add(UnlockedItem(part, label, pane, key, s.chapter))

    staged("character", "fact", "people", before.characters, after.characters, lambda c: c.name)
    for c, _ in after.characters:
        portrait = after.portraits.get(c.id)
        if portrait is not None and portrait.chapter > before.progress:  # not going back
            label = f"{c.name}, so far: {short(portrait.text, 60)}"
            add(UnlockedItem("portrait", label, "people", f"character:{c.id}", portrait.chapter))
    staged(
        "relationship",
        "relationship note",
        "people",
        before.relationships,
        after.relationships,
        lambda r: r.title,
    )
    staged("term", "meaning", "glossary", before.glossary, after.glossary, lambda t: t.term)
    staged("theme", "theme note", "themes", before.themes, after.themes, lambda t: t.name)
    staged("symbol", "symbol note", "themes", before.symbols, after.symbols, lambda t: t.name)
    staged("device", "device note", "themes", before.devices, after.devices, lambda t: t.name)
    seen_ids = {q.id for q in before.questions}
    for question in after.questions:
        if question.id not in seen_ids:
            key = f"question:{question.id}"
            add(UnlockedItem("question", short(question.text), "seminar", key, question.unlock))
    seen_ids = {a.id for a in before.articles}
    for a in after.articles:
        if a.id not in seen_ids:
            add(UnlockedItem("article", a.title, "plot", f"article:{a.id}", a.unlock))
    return Unlocked(before.progress, after.progress, items)
