"""A note and its file: one small TOML file per note, ``<book dir>/notes/<id>.toml``.

A note file::

    schema_version = 1
    id = "3f9a0c1e"
    text = "..."
    chapter = 4
    tags = ["hailsham"]
    quote = "q-some-quote"          # optional
    conflict_of = "1b2c3d4e"        # optional: this note is a conflict copy of that one
    created = 2025-01-10T18:03:11.123456Z
    updated = 2025-01-10T18:03:11.123456Z

A note of another kind (a prediction) carries the keys of ``kinds.py`` too and is
written with ``schema_version = 2``; a plain note stays at 1.

A note's text holds at most ``MAX_NOTE_BYTES`` (100 KB of UTF-8): ``check_note_size``
is the one check (add, edit and import use it).
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from companion.store.atomic import dumps_toml, encode_text
from companion.store.errors import StoreError
from companion.store.notes.kinds import EXTRA_KEYS, EXTRA_VERSION, NOTE, check_extra, extra_fields
from companion.store.safefile import read_limited
from companion.store.tomlfile import FileProblem, Table, check_schema, parse_bytes, wrong

SCHEMA_VERSION = EXTRA_VERSION  # the newest this version reads; plain notes are written as 1
PLAIN_VERSION = 1
CONFLICT_TAG = "conflict"
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\Z")  # \Z: "$" lets a final newline in
ADVICE = "Fix it in a text editor or move it out of the notes folder; your other notes are fine."
KEYS = {
    "schema_version",
    "id",
    "text",
    "chapter",
    "tags",
    "quote",
    "conflict_of",
    "created",
    "updated",
}


MAX_NOTE_BYTES = 100 * 1024  # the documented maximum of a note's text, in UTF-8 bytes
# Times a note may carry: a day inside the years any time zone can show (year 1 or
# 9999 moved to another zone overflows datetime).
EARLIEST = datetime.datetime(2, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(9998, 12, 31, tzinfo=datetime.UTC)


def now_utc() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def check_note_size(text: str) -> None:
    """StoreError (exit code 2) if ``text`` is over the maximum size of a note."""
    if len(text) * 4 <= MAX_NOTE_BYTES:  # fast path: even 4-byte characters fit
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_NOTE_BYTES:
        raise StoreError(
            f"the note is {size:,} bytes long; a note holds at most 100 KB "
            f"({MAX_NOTE_BYTES:,} bytes of UTF-8). Nothing was saved: split it into "
            f"several notes.",
            exit_code=2,
        )


def placed_time(value: datetime.datetime) -> datetime.datetime | None:
    """``value`` in UTC, or None if it cannot be placed in time.

    A date-time without an offset (valid TOML, written by hand or another tool) is
    taken as UTC: the file does not say where it was written, and UTC keeps the order
    of notes stable whatever zone the reader is in."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    try:
        value = value.astimezone(datetime.UTC)
    except (OverflowError, ValueError):
        return None
    return value if EARLIEST <= value <= LATEST else None


@dataclass(slots=True)
class Note:
    id: str
    text: str
    chapter: int
    tags: list[str] = field(default_factory=list)
    quote: str | None = None
    created: datetime.datetime = field(default_factory=now_utc)
    updated: datetime.datetime = field(default_factory=now_utc)
    conflict_of: str | None = None
    # schema_version 2 (kinds.py): None when not set
    kind: str = NOTE
    revisit_at: int | None = None
    outcome: str | None = None
    reflection: str | None = None
    answered_at: int | None = None
    source: str | None = None
    source_id: str | None = None
    location: str | None = None
    placement: str | None = None
    comment: str | None = None

    @property
    def unlock(self) -> int:
        """The chapter after which it may be shown (``book.gate``): an imported
        highlight holds the book's words, so it waits for its chapter; the reader's
        own notes are always theirs to see."""
        return self.chapter if self.source is not None else 0

    @property
    def first_line(self) -> str:
        """The first non-blank line, stripped (a line ends at LF or CR)."""
        text = self.text.lstrip()
        cut = len(text)
        for end in ("\n", "\r"):
            at = text.find(end, 0, cut)
            if at >= 0:
                cut = at
        return text[:cut].strip()

    def same_content(self, other: Note) -> bool:
        return (self.text, self.chapter, list(self.tags), self.quote) == (
            other.text,
            other.chapter,
            list(other.tags),
            other.quote,
        ) and extra_fields(self) == extra_fields(other)


def note_to_toml_data(note: Note) -> Table:
    extra = extra_fields(note)
    data: Table = {
        "schema_version": PLAIN_VERSION if extra is None else EXTRA_VERSION,
        "id": note.id,
        "text": note.text,
        "chapter": note.chapter,
        "tags": list(note.tags),
    }
    if note.quote is not None:
        data["quote"] = note.quote
    if note.conflict_of is not None:
        data["conflict_of"] = note.conflict_of
    if extra is not None:
        data.update(extra)
    data["created"] = note.created
    data["updated"] = note.updated
    return data


def encode_note(path: Path, note: Note) -> bytes:
    """The file's bytes; StoreError (nothing touched) for text that cannot be stored."""
    return encode_text(path, dumps_toml(path, note_to_toml_data(note)))


def note_from_data(path: Path, data: Table, advice: str = ADVICE) -> Note:
    """A Note from a parsed file; FileProblem naming the first thing wrong."""
    version = check_schema(path, data, advice, SCHEMA_VERSION)
    unknown = sorted(set(data) - KEYS - EXTRA_KEYS.keys())
    if unknown:
        raise FileProblem(path, f"it has an unknown key {unknown[0]!r}", advice)
    newer = [key for key in EXTRA_KEYS if key in data]
    if newer and version < EXTRA_VERSION:
        raise FileProblem(
            path,
            f"it has the key {newer[0]!r}, which needs schema_version = {EXTRA_VERSION}",
            advice,
        )
    for key in ("id", "text", "chapter", "created", "updated"):
        if key not in data:
            raise FileProblem(path, f"it has no {key}", advice)
    note_id, text, chapter = data["id"], data["text"], data["chapter"]
    if not isinstance(note_id, str) or not ID_RE.match(note_id):
        raise wrong(path, advice, "id", "letters, digits, - or _", note_id)
    if not isinstance(text, str):
        raise wrong(path, advice, "text", "a string", text)
    if type(chapter) is not int or chapter < 0:
        raise wrong(path, advice, "chapter", "a chapter number (0 or more)", chapter)
    tags = data.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise wrong(path, advice, "tags", "a list of strings", tags)
    for key in ("quote", "conflict_of"):
        if key in data and not isinstance(data[key], str):
            raise wrong(path, advice, key, "a string", data[key])
    times: dict[str, datetime.datetime] = {}
    for key in ("created", "updated"):
        if not isinstance(data[key], datetime.datetime):
            raise wrong(path, advice, key, "a date and time", data[key])
        placed = placed_time(data[key])
        if placed is None:
            raise FileProblem(
                path,
                f"its {key} time {data[key].isoformat()} cannot be placed in time "
                f"(it must fall between the years 2 and 9998)",
                advice,
            )
        times[key] = placed
    try:
        extra = check_extra(data, chapter) if newer else {}
    except ValueError as error:
        raise FileProblem(path, str(error), advice) from None
    return Note(
        id=note_id,
        text=text,
        chapter=chapter,
        tags=list(tags),
        quote=data.get("quote"),
        created=times["created"],
        updated=times["updated"],
        conflict_of=data.get("conflict_of"),
        **extra,
    )


def read_note_file(path: Path) -> Note:
    """Parse one note file; FileProblem if it cannot be used, FileNotFoundError if it
    does not exist."""
    raw = read_limited(path, "note", ADVICE)
    if raw is None:
        raise FileNotFoundError(2, "no such note file", str(path))
    note = note_from_data(path, parse_bytes(path, raw, ADVICE))
    if note.id != path.stem:
        raise FileProblem(
            path,
            f"its id {note.id!r} does not match its file name",
            f"If it is a copy (for example from a sync tool), compare it with "
            f"{path.with_name(note.id + '.toml').name} and keep one; otherwise rename it to "
            f"{note.id}.toml. Your other notes are fine.",
        )
    return note


def normal_tag(tag: str) -> str:
    """A tag as it is stored and looked for: "#a b" -> "a-b" (no leading '#', spaces
    joined by '-'). The one rule for tags from the CLI, the editor, imports and searches."""
    return "-".join(str(tag).strip().lstrip("#").split())


def tag_key(tag: str) -> str:
    """What a tag is compared by: its normal form, in any case."""
    return normal_tag(tag).casefold()


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags as Obsidian-friendly words: no leading '#', no spaces, no duplicates."""
    result: list[str] = []
    for tag in tags:
        tag = normal_tag(tag)
        if tag and tag not in result:
            result.append(tag)
    return result


def new_id() -> str:
    return os.urandom(4).hex()
