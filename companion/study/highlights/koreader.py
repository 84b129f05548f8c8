"""KOReader's highlight export (Exporter plugin, JSON).

One book::

    {"title": "...", "author": "...", "file": "...", "number_of_pages": 300,
     "created_on": 1700000000, "version": "...",
     "entries": [{"sort": "highlight", "page": 12, "time": 1699990000,
                  "text": "...", "note": "...", "chapter": "Chapter Three",
                  "drawer": "lighten", "color": "yellow"}]}

or several: ``{"created_on", "version", "documents": [<one book>, ...]}``. ``page``
is a number or a page label; ``chapter`` is the title of the book's own chapter,
which ``titles.chapter_number`` reads.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

from companion.study.highlights.entries import Entry, HighlightsError, Parsed


def looks_like(doc: object) -> bool:
    return isinstance(doc, dict) and (
        isinstance(doc.get("entries"), list) or isinstance(doc.get("documents"), list)
    )


def load(text: str, name: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise HighlightsError(
            f"{name} is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}); nothing was imported. Export it again from KOReader."
        ) from None
    except RecursionError:
        raise HighlightsError(f"{name} is nested too deeply to be a KOReader export.") from None


def parse(doc: dict[str, Any], wanted: Callable[[str, str], bool]) -> Parsed:
    parsed = Parsed("KOReader highlights (JSON)", where="record")
    books = doc["documents"] if isinstance(doc.get("documents"), list) else [doc]
    record = 0
    for book in books:
        if not isinstance(book, dict) or not isinstance(book.get("entries"), list):
            record += 1
            parsed.bad.append((record, "a document without a list of entries"))
            continue
        title = _text(book.get("title"))
        author = _text(book.get("author"))
        for item in book["entries"]:
            record += 1
            if not wanted(title, author):
                parsed.skip_other(title)
                continue
            _entry(item, record, title, author, parsed)
    return parsed


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _entry(item: object, record: int, title: str, author: str, parsed: Parsed) -> None:
    if not isinstance(item, dict):
        parsed.bad.append((record, "an entry that is not an object"))
        return
    sort = item.get("sort", "highlight")
    if sort == "bookmark":
        parsed.bookmarks += 1
        return
    if sort != "highlight":
        parsed.bad.append((record, f"an entry of an unknown sort {str(sort)[:30]!r}"))
        return
    text, note = item.get("text"), item.get("note")
    if not isinstance(text, str) or (note is not None and not isinstance(note, str)):
        parsed.bad.append((record, "its text (or note) is not a string"))
        return
    if not text.strip():
        if not (note or "").strip():
            parsed.empty += 1
            return
    page, time, chapter = item.get("page"), item.get("time"), item.get("chapter")
    if page is not None and (isinstance(page, bool) or not isinstance(page, int | str)):
        parsed.bad.append((record, f"its page should be a number or a label, not {page!r}"[:90]))
        return
    if time is not None and (isinstance(time, bool) or not isinstance(time, int | float)):
        parsed.bad.append((record, "its time should be a number of seconds"))
        return
    added = None
    if time is not None:
        try:
            added = datetime.datetime.fromtimestamp(time, datetime.UTC)
        except (OverflowError, OSError, ValueError):
            parsed.bad.append((record, f"its time {time!r} is not a date"))
            return
    number = (
        int(page) if isinstance(page, int) or (isinstance(page, str) and page.isdigit()) else None
    )
    parsed.entries.append(
        Entry(
            source="koreader",
            title=title,
            author=author,
            kind="highlight" if text.strip() else "note",
            text=text.strip() or (note or "").strip(),
            comment=(note or "").strip() if text.strip() else "",
            line=record,
            location=f"page {page}" if page not in (None, "") else "",
            position=number,
            scale="page",
            chapter_title=chapter.strip() if isinstance(chapter, str) else "",
            added=added,
            key=f"t{int(time)}" if time is not None else "",
        )
    )
