"""The gate: an item unlocks once its chapter is finished, never a chapter earlier."""

import pytest
from conftest import MINI

from companion.book.gate import is_visible, locked, visible
from companion.book.loader import load_pack
from companion.study.guide import GuideView


@pytest.mark.parametrize(
    "unlock, progress, expected",
    [
        (0, 0, True),  # safe before reading
        (1, 0, False),  # chapter 1 material before chapter 1 is finished
        (7, 6, False),  # N-1
        (7, 7, True),  # N
        (23, 22, False),  # last chapter, one short
        (23, 23, True),  # last chapter
    ],
)
def test_boundaries(unlock, progress, expected):
    assert is_visible(unlock, progress) is expected


def test_visible_and_locked_split_every_item_once():
    book = load_pack(MINI)
    for progress in range(book.chapter_count + 1):
        shown = visible(book.quotes, progress)
        hidden = locked(book.quotes, progress)
        assert sorted(q.id for q in shown + hidden) == sorted(q.id for q in book.quotes)
        assert all(q.unlock <= progress for q in shown)
        assert all(q.unlock > progress for q in hidden)


def test_guide_view_stages_facts_and_meanings():
    book = load_pack(MINI)
    at_one = GuideView(book, 1)
    assert [c.name for c, _ in at_one.characters] == ["Ann"]  # the writer unlocks at 2
    assert [f.chapter for f in at_one.characters[0][1]] == [1]
    assert at_one.glossary == []  # the letter's first meaning is chapter 2
    at_four = GuideView(book, 4)
    writer = dict((c.name, facts) for c, facts in at_four.characters)["The writer"]
    assert [f.text for f in writer] == ["The writer is Ann's grandmother."]
    assert at_four.locked["quotes"] == 0
    assert GuideView(book, 0).locked["chapters"] == 4
