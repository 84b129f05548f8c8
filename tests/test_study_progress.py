"""The reader's place, pace and what a chapter unlocked, without the TUI."""

from __future__ import annotations

import datetime
from pathlib import Path

from companion.book.loader import load_pack
from companion.study.guide import GuideView
from companion.study.progress import pace_text, place_label
from companion.study.unlocked import unlocked_between

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
TODAY = datetime.date(2026, 3, 2)


def test_pace_text():
    dates = {
        1: TODAY - datetime.timedelta(days=14),
        2: TODAY - datetime.timedelta(days=7),
        3: TODAY,
        4: TODAY,
    }
    text = pace_text(dates, 4, 10, TODAY)
    assert text.startswith("1.5 chapters a week · 6 to go")  # 3 chapters after day one
    assert "2026" in text
    assert "Finish a chapter" in pace_text({}, 0, 10, TODAY)


def test_pace_needs_real_history():
    at_once = {n: TODAY for n in range(1, 7)}  # setting chapter 6 on the first run
    text = pace_text(at_once, 6, 23, TODAY)
    assert "chapters a week" not in text and "not enough history" in text
    many = {n: TODAY for n in range(1, 23)}
    assert "not enough history" in pace_text(many, 22, 23, TODAY)
    # 6 set on day one, then one chapter a week later: one chapter over 7 days
    later = {**at_once, 7: TODAY + datetime.timedelta(days=7)}
    text = pace_text(later, 7, 23, TODAY + datetime.timedelta(days=7))
    assert text.startswith("1.0 chapters a week · 16 to go")


def test_place_label():
    book = load_pack(MINI)
    count = book.chapter_count
    assert place_label(book, 0) == f"Not started · {count} chapters"
    assert place_label(book, count) == f"Finished · all {count} chapters"
    part = book.part_of(1)
    assert place_label(book, 1) == f"Chapter 1 of {count} · {part.title}"


def test_what_a_chapter_unlocked_is_said_without_the_tui():
    book = load_pack(MINI)
    unlocked = unlocked_between(GuideView(book, 0), GuideView(book, 1))
    assert (unlocked.before, unlocked.after) == (0, 1)
    chapter = book.chapter(1)
    assert unlocked.items[0].label == f"Chapter 1: {chapter.label}"
    assert {item.kind for item in unlocked.items} >= {"chapter"}
    assert all(item.chapter <= 1 for item in unlocked.items)  # nothing from later on
    assert not unlocked_between(GuideView(book, 1), GuideView(book, 1))
