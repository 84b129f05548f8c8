"""The reader's place and pace in words: the header's label and the Progress pane's pace.

Pure (no Textual), so the command line can say the same.
"""

from __future__ import annotations

import datetime

from companion.book.model import Book


def place_label(book: Book, finished: int) -> str:
    """ "Chapter 7 of 23 · Part One" for the header."""
    count = book.chapter_count
    if finished <= 0:
        return f"Not started · {count} chapters"
    if finished >= count:
        return f"Finished · all {count} chapters"
    part = book.part_of(finished)
    return f"Chapter {finished} of {count}" + (f" · {part.title}" if part else "")


def pace_text(
    dates: dict[int, datetime.date], finished: int, total: int, today: datetime.date
) -> str:
    """ "2.5 chapters a week · at this pace you finish around 14 March 2026".

    Only real history counts: chapters marked in one go (setting a place on the first
    day) are no pace. The pace is the chapters finished after the first finishing day,
    over the time since that day; with fewer than two distinct days there is none."""
    if finished >= total:
        return "You have finished the book."
    if not dates or finished == 0:
        return "Finish a chapter to see your reading pace."
    left = total - finished
    known = {n: d for n, d in dates.items() if n <= finished}
    days_seen = set(known.values())
    first = min(days_seen) if days_seen else today
    since = sum(1 for d in known.values() if d > first)
    if len(days_seen) < 2 or since == 0:
        return (
            f"{left} to go · pace: not enough history yet (finish chapters on "
            "different days to see it)"
        )
    days = max((today - first).days, 7)
    per_week = since / (days / 7)
    finish = today + datetime.timedelta(days=round(left / per_week * 7))
    return (
        f"{per_week:.1f} chapters a week · {left} to go · "
        f"at this pace you finish around {finish.day} {finish:%B %Y}"
    )
