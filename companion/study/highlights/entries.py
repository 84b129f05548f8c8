"""What every highlight format is parsed into."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass
class Entry:
    """One highlight (or a note made on the device) of a highlights file.

    ``line`` is where it starts in the file (a record number for CSV and JSON);
    ``position`` the number used to order entries and estimate chapters (a Kindle
    location, a page), None if the file gives none; ``key`` what names it in its
    source (see ``source_key``)."""

    source: str  # "kindle" | "koreader" | "readwise"
    title: str
    author: str
    kind: str  # "highlight" | "note"
    text: str
    line: int
    location: str = ""  # as shown: "page 12, location 170-172"
    position: int | None = None
    end: int | None = None
    scale: str = ""  # what ``position`` counts: "loc", "page", "time" or "order"
    key: str = ""
    comment: str = ""
    chapter_title: str = ""
    added: datetime.datetime | None = None


@dataclass
class Parsed:
    """A parsed file: its entries, and what was left out and why."""

    format: str  # "Kindle My Clippings.txt" ...
    entries: list[Entry] = field(default_factory=list)
    bad: list[tuple[int, str]] = field(default_factory=list)  # (line or record, why)
    other_books: int = 0  # entries of other books, skipped
    other_titles: list[str] = field(default_factory=list)  # their titles, first seen first
    bookmarks: int = 0
    empty: int = 0  # highlights with no text (a picture, a clipping limit)
    superseded: int = 0  # earlier versions of a highlight edited on the device
    where: str = "line"  # what ``bad``'s numbers count: "line" or "record"

    def skip_other(self, title: str) -> None:
        self.other_books += 1
        if title not in self.other_titles:
            self.other_titles.append(title)


class HighlightsError(Exception):
    """A file that cannot be imported at all: the message says why and what to do."""
