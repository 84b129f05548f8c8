"""Searching notes: a casefolded index of one ordered list, and plain matching."""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from companion.store.notes.model import Note


def contains(needle: str, text: str, tags: Sequence[str]) -> bool:
    """Is ``needle`` (casefolded) in the text and tags joined by newlines, in any case?"""
    if needle in text.casefold():
        return True
    if not tags:
        return False
    if "\n" in needle:
        return needle in "\n".join([text, *tags]).casefold()
    return needle in "\n".join(tags).casefold()


def note_matches(
    note: Note, needle: str, tag_key: str | None, chapter: int | None, kind: str | None = None
) -> bool:
    if chapter is not None and note.chapter != chapter:
        return False
    if kind is not None and note.kind != kind:
        return False
    if tag_key is not None and tag_key not in (t.casefold() for t in note.tags):
        return False
    return not needle or contains(needle, note.text, note.tags)


class SearchIndex:
    """One ``_order`` list's texts and tags, casefolded, and the hits of recent queries.

    As the reader types, each query mostly extends the one before: it is looked for
    only among that one's hits. The hits of the queries it extends are kept (as
    indexes, 4 bytes each), so a backspace returns to one of them for nothing."""

    KEEP = 16  # queries kept; each holds at most one index per note

    __slots__ = ("order", "haystack", "tagged", "_recent")

    def __init__(self, order: list[Note]) -> None:
        self.order = order
        self.haystack = [
            "\n".join([n.text, *n.tags]).casefold() if n.tags else n.text.casefold() for n in order
        ]
        self.tagged: dict[str, array[int]] = {}  # casefolded tag -> indexes, in order
        for i, note in enumerate(order):
            for tag in {t.casefold() for t in note.tags}:
                found = self.tagged.get(tag)
                if found is None:
                    found = self.tagged[tag] = array("i")
                found.append(i)
        self._recent: list[tuple[str, array[int]]] = []

    def with_tag(self, tag_key: str) -> list[Note]:
        """The notes, in ``order``, with the tag ``tag_key`` (casefolded)."""
        order = self.order
        return [order[i] for i in self.tagged.get(tag_key, ())]

    def hits(self, needle: str) -> list[Note]:
        """The notes, in ``order``, whose text or tags hold ``needle`` (casefolded)."""
        order = self.order
        if not needle:
            return list(order)
        recent = self._recent
        base = None
        for known, indexes in recent:
            if known == needle:
                return [order[i] for i in indexes]
            # a text that holds needle holds every part of it: known's hits hold needle's
            if known in needle and (base is None or len(indexes) < len(base)):
                base = indexes
        haystack = self.haystack
        if base is None:
            found = [i for i, text in enumerate(haystack) if needle in text]
        else:
            found = [i for i in base if needle in haystack[i]]
        # one new list, not changed in place: a search in another thread sees either
        kept = [entry for entry in recent if entry[0] in needle][1 - self.KEEP :]
        self._recent = kept + [(needle, array("i", found))]
        return [order[i] for i in found]
