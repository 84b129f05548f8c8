"""When a prediction is due, which are ready, and the end-of-book tally (pure, no TUI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.book.model import Part
from companion.store.notes import NoteStore
from companion.study.predictions import (
    answered_at,
    by_answer,
    default_revisit,
    ready,
    revisit_problem,
    state_text,
    summary,
)

PARTS = [Part(1, "Part One", 1, 9), Part(2, "Part Two", 10, 17), Part(3, "Part Three", 18, 23)]


@pytest.mark.parametrize(
    "progress, revisit", [(0, 9), (8, 9), (9, 17), (16, 17), (17, 23), (22, 23), (23, None)]
)
def test_default_revisit_is_the_end_of_the_part_being_read(progress, revisit):
    assert default_revisit(progress, 23, PARTS) == revisit


def test_a_book_without_parts_is_looked_back_on_at_its_end():
    assert default_revisit(3, 12, []) == 12


def test_revisit_must_lie_ahead_and_inside_the_book():
    assert revisit_problem(5, 4, 23) is None and revisit_problem(23, 4, 23) is None
    assert "--revisit 4 is not a chapter ahead of you: give 5..23" in revisit_problem(4, 4, 23)
    assert "give 5..23" in revisit_problem(24, 4, 23)
    assert "nothing left to predict" in revisit_problem(23, 23, 23)


def test_ready_summary_and_answers(tmp_path: Path):
    store = NoteStore(tmp_path)
    store.add("a plain note is never a prediction", 1)
    a = store.add("a", 1, kind="prediction", revisit_at=5)
    b = store.add("b", 2, kind="prediction", revisit_at=3)
    c = store.add("c", 2, kind="prediction", revisit_at=9)
    notes = store.notes
    assert ready(notes, 2) == []
    assert [n.id for n in ready(notes, 5)] == [b.id, a.id]  # earliest revisit first
    assert state_text(store.get(c.id), 5) == "revisit at chapter 9"
    assert state_text(store.get(a.id), 5) == "ready to look back on"
    store.update(a.id, outcome="came-true", answered_at=7)
    store.update(b.id, outcome="wrong", answered_at=4)
    notes = store.notes
    assert state_text(store.get(a.id), 9) == "came true (marked at chapter 7)"
    assert [n.id for n in ready(notes, 23)] == [c.id]
    assert summary(notes).line == "3 predictions: 1 came true, 1 wrong, 1 not marked"
    assert [(n.id, answered_at(n)) for n in by_answer(notes)] == [(b.id, 4), (a.id, 7), (c.id, 9)]
    assert summary([n for n in notes if n.kind == "note"]).line == "no predictions"
    assert summary([store.get(a.id)]).line == "1 prediction: 1 came true"
