"""A rebuildable read cache of parsed notes (``<book dir>/.notes-cache``).

Loading 10,000 files with tomllib takes over a second, so the store keeps marshal data
of parallel columns behind a CRC-32, keyed by each file's name, inode, mtime and size.
The note files stay the only source of truth: a missing, old or damaged cache is empty.
"""

from __future__ import annotations

import datetime
import marshal
import os
import zlib
from pathlib import Path
from typing import Any

from companion.store.atomic import write_bytes_atomic
from companion.store.errors import StoreError
from companion.store.notes.index import contains
from companion.store.notes.kinds import NOTE, extra_fields
from companion.store.notes.model import Note
from companion.store.safefile import read_limited

CACHE_FILE = ".notes-cache"
CACHE_MAGIC = b"companion-notes-cache-6\n"
# Rewriting the cache costs ~70 ms for 10k notes, parsing one note ~0.1 ms: only
# rewrite it once this many files changed since it was written.
REWRITE_CACHE_AFTER = 64

fromiso = datetime.datetime.fromisoformat
_NONE: dict[str, object] = {}
# The cache: marshal data of parallel columns, newest note first. ``keys`` maps each
# note file's name (its id + ".toml") to the file_key it had when it was parsed;
# the columns hold the note in that file.
# ``extras``: a note's schema_version 2 keys (kinds.py), None for a plain note.
COLUMNS = ("texts", "chapters", "tags", "quotes", "conflicts", "created", "updated", "extras")


def file_key(st: os.stat_result) -> int:
    """A file's (mtime_ns, inode, size) packed into one int: exact (inode and size are
    below 2**64), and a third of the memory of a tuple for 10,000 files."""
    return (st.st_mtime_ns << 128) | (st.st_ino << 64) | st.st_size


class NotesCache:
    """The columns of a read cache file; :meth:`note` builds one Note."""

    __slots__ = ("keys", "names", "_index", *COLUMNS)

    def __init__(self, keys: dict[str, int], columns: tuple[list[Any], ...]) -> None:
        self.keys = keys
        self.names = list(keys)
        self._index: dict[str, int] | None = None
        (
            self.texts,
            self.chapters,
            self.tags,
            self.quotes,
            self.conflicts,
            self.created,
            self.updated,
            self.extras,
        ) = columns

    @property
    def index(self) -> dict[str, int]:
        if self._index is None:
            self._index = dict(zip(self.names, range(len(self.names))))
        return self._index

    def note(self, i: int) -> Note:
        created = self.created[i]
        updated = self.updated[i]
        created = fromiso(created)
        # most notes were never edited: one datetime object serves both
        updated = created if updated == self.created[i] else fromiso(updated)
        return Note(
            self.names[i][:-5],
            self.texts[i],
            self.chapters[i],
            list(self.tags[i]),
            self.quotes[i],
            created,
            updated,
            self.conflicts[i],
            **(self.extras[i] or _NONE),
        )

    def matches(
        self, i: int, needle: str, tag_key: str | None, chapter: int | None, kind: str | None
    ) -> bool:
        if chapter is not None and self.chapters[i] != chapter:
            return False
        if kind is not None and (self.extras[i] or _NONE).get("kind", NOTE) != kind:
            return False
        if tag_key is not None and tag_key not in (t.casefold() for t in self.tags[i]):
            return False
        return not needle or contains(needle, self.texts[i], self.tags[i])


def read_cache(book_dir: Path) -> NotesCache:
    """The cache (empty if missing, from another version, or damaged)."""
    empty = NotesCache({}, ([],) * len(COLUMNS))
    try:
        raw = read_limited(Path(book_dir) / CACHE_FILE, "cache", "")
    except StoreError:  # a FIFO, a link out, too big...: rebuilt from the notes
        return empty
    if raw is None:
        return empty
    head = len(CACHE_MAGIC)
    if not raw.startswith(CACHE_MAGIC) or len(raw) < head + 4:
        return empty
    payload = memoryview(raw)[head + 4 :]
    if zlib.crc32(payload) != int.from_bytes(raw[head : head + 4], "big"):
        return empty
    try:
        data = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return empty
    finally:
        del payload, raw
    if (
        not isinstance(data, tuple)
        or len(data) != 1 + len(COLUMNS)
        or not isinstance(data[0], dict)
        or any(not isinstance(c, list) or len(c) != len(data[0]) for c in data[1:])
    ):
        return empty
    return NotesCache(data[0], data[1:])


def write_cache(book_dir: Path, order: list[Note], keys: dict[str, int]) -> None:
    """Write the cache of ``order`` (newest first) with each file's ``keys`` entry; notes
    without one are left out. No lock: the cache is rebuildable."""
    order = [n for n in order if f"{n.id}.toml" in keys]
    keys = {f"{n.id}.toml": keys[f"{n.id}.toml"] for n in order}
    created = [n.created.isoformat() for n in order]
    payload = marshal.dumps(
        (
            keys,
            [n.text for n in order],
            [n.chapter for n in order],
            [tuple(n.tags) for n in order],
            [n.quote for n in order],
            [n.conflict_of for n in order],
            created,
            # the same string object when never edited: marshal stores it once
            [c if u == c else u for c, u in zip(created, (n.updated.isoformat() for n in order))],
            [extra_fields(n) for n in order],
        )
    )
    try:
        write_bytes_atomic(
            Path(book_dir) / CACHE_FILE,
            CACHE_MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload,
        )
    except StoreError:
        pass  # the cache is only a speed-up
