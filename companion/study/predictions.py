"""The reader's predictions: when each is due, which are ready, and the end-of-book summary.

A prediction is a note of kind "prediction" (``store/notes/kinds.py``): the reader's
own words, made at a chapter, to look back on at ``revisit_at``. Nothing here shows
pack text: a prediction is never paired with what the book says.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from companion.book.model import Part
from companion.store.notes.kinds import OUTCOME_LABELS as OUTCOME_LABELS  # for the CLI
from companion.store.notes.kinds import OUTCOMES, PREDICTION
from companion.store.notes.model import Note

NOT_MARKED = "not marked"


def default_revisit(progress: int, count: int, parts: Sequence[Part]) -> int | None:
    """The last chapter of the part the reader is in (the part of the next chapter to
    read; before reading, the first part); None once the book is finished."""
    if progress >= count:
        return None
    reading = progress + 1
    for part in parts:
        if part.first <= reading <= part.last:
            return part.last
    return count


def revisit_problem(value: int, progress: int, count: int) -> str | None:
    """Why ``value`` cannot be a prediction's revisit chapter at ``progress``, or None."""
    if progress >= count:
        return f"you have finished all {count} chapters: there is nothing left to predict"
    if not progress < value <= count:
        return (
            f"--revisit {value} is not a chapter ahead of you: give {progress + 1}..{count} "
            f"(you have finished {progress})"
        )
    return None


def predictions(notes: Iterable[Note]) -> list[Note]:
    """The predictions among ``notes``, in the order they were made."""
    found = [n for n in notes if n.kind == PREDICTION]
    found.sort(key=lambda n: (n.chapter, n.created, n.id))
    return found


def revisit(note: Note) -> int:
    """A prediction's revisit chapter (the store never keeps a prediction without one)."""
    assert note.revisit_at is not None, note.id
    return note.revisit_at


def is_ready(note: Note, progress: int) -> bool:
    """Not marked yet, and the reader has reached its revisit chapter."""
    return note.outcome is None and revisit(note) <= progress


def ready(notes: Iterable[Note], progress: int) -> list[Note]:
    """The predictions to look back on at ``progress``, earliest revisit first."""
    found = [n for n in predictions(notes) if is_ready(n, progress)]
    found.sort(key=lambda n: (revisit(n), n.chapter, n.created, n.id))
    return found


def state_text(note: Note, progress: int) -> str:
    """'came true at chapter 9', 'ready to look back on', 'revisit at chapter 9'."""
    if note.outcome is not None:
        return f"{OUTCOME_LABELS[note.outcome]} (marked at chapter {note.answered_at})"
    if is_ready(note, progress):
        return "ready to look back on"
    return f"revisit at chapter {note.revisit_at}"


def answered_at(note: Note) -> int:
    """The chapter where the book answered it: where the reader marked it, or (not
    marked) the chapter it was to be looked back on at."""
    if note.outcome is not None and note.answered_at is not None:
        return note.answered_at
    return revisit(note)


@dataclass(frozen=True)
class Summary:
    total: int
    counts: dict[str, int]  # outcome (or NOT_MARKED) -> how many

    @property
    def line(self) -> str:
        """'14 predictions: 5 came true, 4 partly, 3 wrong, 2 not marked'."""
        if not self.total:
            return "no predictions"
        parts = [
            f"{self.counts[key]} {OUTCOME_LABELS.get(key, key)}"
            for key in (*OUTCOMES, NOT_MARKED)
            if self.counts[key]
        ]
        noun = "prediction" if self.total == 1 else "predictions"
        return f"{self.total} {noun}: {', '.join(parts)}"


def summary(notes: Iterable[Note]) -> Summary:
    found = predictions(notes)
    counts = dict.fromkeys((*OUTCOMES, NOT_MARKED), 0)
    for note in found:
        counts[note.outcome or NOT_MARKED] += 1
    return Summary(len(found), counts)


def by_answer(notes: Iterable[Note]) -> list[Note]:
    """The predictions in the order the book answered them (for the summary)."""
    found = predictions(notes)
    found.sort(key=lambda n: (answered_at(n), n.chapter, n.created, n.id))
    return found


def ready_text(count: int) -> str:
    """What `companion progress` says when predictions are ready."""
    if count == 1:
        return "1 prediction is ready to look back on: companion predict --list"
    return f"{count} predictions are ready to look back on: companion predict --list"
