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
from companion.store.safefile import Opened, open_limited

CACHE_FILE = ".notes-cache"
CACHE_MAGIC = b"companion-notes-cache-7\n"
# Rewriting the cache costs ~70 ms for 10k notes, parsing one note ~0.1 ms: only
# rewrite it once this many files changed since it was written.
REWRITE_CACHE_AFTER = 64

fromiso = datetime.datetime.fromisoformat
_NONE: dict[str, object] = {}
# The cache: marshal data of parallel columns, newest note first, in two sections each
# behind its CRC-32. The head: ``keys`` maps each note file's name (its id + ".toml") to
# the file_key it had when it was parsed; then the columns a search by chapter or kind
# needs. The body: the rest. A search for the predictions (the app checks at start)
# reads the head alone: a tenth of the file, not the 17 MB that decoding 10,000 notes'
# texts costs for a moment.
# ``extras``: a note's schema_version 2 keys (kinds.py), None for a plain note.
HEAD = ("chapters", "extras")
BODY = ("texts", "tags", "quotes", "conflicts", "created", "updated")
COLUMNS = HEAD + BODY
# the file: magic, head length, head CRC, head, body CRC, body
_START = len(CACHE_MAGIC) + 8


def file_key(st: os.stat_result) -> int:
    """A file's (mtime_ns, inode, size) packed into one int: exact (inode and size are
    below 2**64), and a third of the memory of a tuple for 10,000 files."""
    return (st.st_mtime_ns << 128) | (st.st_ino << 64) | st.st_size


class NotesCache:
    """The columns of a read cache file; :meth:`note` builds one Note. Read without
    its body (``has_body`` false), only :meth:`matches_head` may be used."""

    __slots__ = ("keys", "names", "_index", "has_body", *COLUMNS)

    def __init__(
        self, keys: dict[str, int], head: tuple[list[Any], ...], body: tuple[list[Any], ...] | None
    ) -> None:
        self.keys = keys
        self.names = list(keys)
        self._index: dict[str, int] | None = None
        self.chapters, self.extras = head
        self.has_body = body is not None
        (
            self.texts,
            self.tags,
            self.quotes,
            self.conflicts,
            self.created,
            self.updated,
        ) = body or ([],) * len(BODY)

    @classmethod
    def empty(cls) -> NotesCache:
        return cls({}, ([], []), ([],) * len(BODY))

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

    def matches_head(self, i: int, chapter: int | None, kind: str | None) -> bool:
        if chapter is not None and self.chapters[i] != chapter:
            return False
        return kind is None or (self.extras[i] or _NONE).get("kind", NOTE) == kind

    def matches(
        self, i: int, needle: str, tag_key: str | None, chapter: int | None, kind: str | None
    ) -> bool:
        if not self.matches_head(i, chapter, kind):
            return False
        if tag_key is not None and tag_key not in (t.casefold() for t in self.tags[i]):
            return False
        return not needle or contains(needle, self.texts[i], self.tags[i])


def read_cache(book_dir: Path, body: bool = True) -> NotesCache:
    """The cache (empty if missing, from another version, or damaged); without ``body``,
    only its head is read."""
    try:
        with open_limited(Path(book_dir) / CACHE_FILE, "cache", "") as opened:
            found = None if opened is None else _read_sections(opened, body)
    except StoreError:  # a FIFO, a link out, too big...: rebuilt from the notes
        found = None
    return found or NotesCache.empty()


def _read_sections(opened: Opened, body: bool) -> NotesCache | None:
    start = opened.read(_START)
    if len(start) < _START or not start.startswith(CACHE_MAGIC):
        return None
    size = int.from_bytes(start[-8:-4], "big")
    head = _section(opened.read(size), start[-4:], size)
    if (
        not isinstance(head, tuple)
        or len(head) != 1 + len(HEAD)
        or not isinstance(head[0], dict)
        or any(not isinstance(c, list) or len(c) != len(head[0]) for c in head[1:])
    ):
        return None
    if not body:
        return NotesCache(head[0], head[1:], None)
    rest = opened.read_rest()
    columns = _section(memoryview(rest)[4:], rest[:4])
    del rest
    if (
        not isinstance(columns, tuple)
        or len(columns) != len(BODY)
        or any(not isinstance(c, list) or len(c) != len(head[0]) for c in columns)
    ):
        return None
    return NotesCache(head[0], head[1:], columns)


def _section(payload: bytes | memoryview, crc: bytes, size: int | None = None) -> object:
    """The marshal data of one section, or None if short, damaged or not marshal."""
    if (size is not None and len(payload) != size) or len(crc) != 4:
        return None
    if zlib.crc32(payload) != int.from_bytes(crc, "big"):
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def write_cache(book_dir: Path, order: list[Note], keys: dict[str, int]) -> None:
    """Write the cache of ``order`` (newest first) with each file's ``keys`` entry; notes
    without one are left out. No lock: the cache is rebuildable."""
    order = [n for n in order if f"{n.id}.toml" in keys]
    keys = {f"{n.id}.toml": keys[f"{n.id}.toml"] for n in order}
    head = marshal.dumps((keys, [n.chapter for n in order], [extra_fields(n) for n in order]))
    created = [n.created.isoformat() for n in order]
    body = marshal.dumps(
        (
            [n.text for n in order],
            [tuple(n.tags) for n in order],
            [n.quote for n in order],
            [n.conflict_of for n in order],
            created,
            # the same string object when never edited: marshal stores it once
            [c if u == c else u for c, u in zip(created, (n.updated.isoformat() for n in order))],
        )
    )
    crc = zlib.crc32
    data = b"".join(
        (
            CACHE_MAGIC,
            len(head).to_bytes(4, "big"),
            crc(head).to_bytes(4, "big"),
            head,
            crc(body).to_bytes(4, "big"),
            body,
        )
    )
    try:
        write_bytes_atomic(Path(book_dir) / CACHE_FILE, data)
    except StoreError:
        pass  # the cache is only a speed-up
