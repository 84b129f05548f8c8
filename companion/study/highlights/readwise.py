"""Readwise's CSV export (Export → CSV), one row per highlight::

    Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,
    Location,Highlighted at,Document tags

``Location Type`` is "location" (a Kindle location), "page", "order" or another
word; ``Highlighted at`` is "2024-05-01 10:00:00+00:00" or empty.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable

from companion.study.highlights.entries import Entry, HighlightsError, Parsed

HEADER = ("Highlight", "Book Title", "Book Author", "Location Type", "Location")
_SCALES = {"location": "loc", "page": "page", "order": "order"}


def looks_like(first_line: str) -> bool:
    names = {name.strip().strip('"') for name in first_line.split(",")}
    return all(name in names for name in HEADER)


def _rows(text: str, name: str) -> list[tuple[int, dict[str, str] | None]]:
    """(line the row starts on, {column: value}) per data row; None for a row whose
    number of fields is not the header's."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, dict[str, str] | None]] = []
    try:
        header = [h.strip() for h in next(reader, [])]
        last = reader.line_num
        for fields in reader:
            start, last = last + 1, reader.line_num
            if not any(f.strip() for f in fields):
                continue
            rows.append((start, dict(zip(header, fields)) if len(fields) == len(header) else None))
    except csv.Error as error:
        raise HighlightsError(
            f"{name} is not a valid CSV file (line {reader.line_num}: {error}); nothing "
            f"was imported. Export it again from Readwise."
        ) from None
    return rows


def parse(text: str, name: str, wanted: Callable[[str, str], bool]) -> Parsed:
    parsed = Parsed("Readwise CSV")
    for line, row in _rows(text, name):
        if row is None:
            parsed.bad.append((line, "the row has a different number of fields from the header"))
            continue
        title, author = row["Book Title"].strip(), row["Book Author"].strip()
        if not wanted(title, author):
            parsed.skip_other(title)
            continue
        text_, note = row["Highlight"].strip(), row.get("Note", "").strip()
        if not text_ and not note:
            parsed.empty += 1
            continue
        kind = row["Location Type"].strip().casefold()
        raw = row["Location"].strip()
        position = int(raw) if raw.isdigit() else None
        if raw and position is None:
            parsed.bad.append((line, f"its Location {raw[:20]!r} is not a number"))
            continue
        parsed.entries.append(
            Entry(
                source="readwise",
                title=title,
                author=author,
                kind="highlight" if text_ else "note",
                text=text_ or note,
                comment=note if text_ else "",
                line=line,
                location=f"{kind} {raw}".strip() if raw else "",
                position=position,
                scale=_SCALES.get(kind, kind[:10]),
                added=_when(row.get("Highlighted at", "")),
            )
        )
    return parsed


def _when(value: str) -> datetime.datetime | None:
    try:
        stamp = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=datetime.UTC)
