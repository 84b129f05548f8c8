"""A rebuildable read cache of parsed notes (``<book dir>/.notes-cache``).

Loading 10,000 files with tomllib takes over a second, so the store keeps marshal data
of parallel columns behind a CRC-32, keyed by each file's name, inode, mtime and size.
The note files stay the only source of truth: a missing, old or damaged cache is empty.
"""

from __future__ import annotations

import datetime
import hashlib
import marshal
import os
import zlib
from collections.abc import Iterable
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
# The cache: marshal data in three sections, each behind its length and CRC-32.
# 1. ``few``: a digest of every note file's name and file_key, and the name of each
#    note of another kind than a plain note (the predictions): the app's check for
#    predictions at start reads only this, when the folder's digest matches.
# 2. the head: parallel columns, newest note first: ``keys`` maps each note file's name
#    (its id + ".toml") to the file_key it had when it was parsed, then the columns a
#    search by chapter or kind needs (``extras``: a note's schema_version 2 keys,
#    kinds.py, None for a plain note).
# 3. the body: the rest. Only a full load or a search of the texts decodes it (17 MB
#    for a moment with 10,000 notes).
HEAD = ("chapters", "extras")
BODY = ("texts", "tags", "quotes", "conflicts", "created", "updated")
COLUMNS = HEAD + BODY
_LENGTH = 4  # bytes of a section's length, and of its CRC-32


def entry_hash(name: str, key: int | None) -> int:
    """One note file's part of :func:`folder_digest` (stable across processes)."""
    data = f"{name}\0{key}".encode("utf-8", "surrogateescape")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


def folder_digest(hashes: Iterable[int]) -> int:
    """The digest of a notes folder from its files' :func:`entry_hash` (any order)."""
    return sum(hashes) % (1 << 64)


class FewNotes:
    """The first section: the folder's digest when the cache was written, and the
    schema_version 2 keys of each note of another kind, by file name."""

    __slots__ = ("digest", "notes")

    def __init__(self, digest: int, notes: dict[str, dict[str, Any]]) -> None:
        self.digest = digest
        self.notes = notes  # name -> its extras (kind, revisit_at, ...)


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


def read_few(book_dir: Path) -> FewNotes | None:
    """The cache's first section (None if missing, from another version, or damaged)."""
    try:
        with open_limited(Path(book_dir) / CACHE_FILE, "cache", "") as opened:
            if opened is None or opened.read(len(CACHE_MAGIC)) != CACHE_MAGIC:
                return None
            few = _section(opened)
    except StoreError:
        return None
    if (
        not isinstance(few, tuple)
        or len(few) != 2
        or not isinstance(few[0], int)
        or not isinstance(few[1], dict)
    ):
        return None
    return FewNotes(*few)


def read_cache(book_dir: Path, body: bool = True) -> NotesCache:
    """The cache (empty if missing, from another version, or damaged); without ``body``,
    only its head is read."""
    try:
        with open_limited(Path(book_dir) / CACHE_FILE, "cache", "") as opened:
            found = None if opened is None else _read_columns(opened, body)
    except StoreError:  # a FIFO, a link out, too big...: rebuilt from the notes
        found = None
    return found or NotesCache.empty()


def _read_columns(opened: Opened, body: bool) -> NotesCache | None:
    if opened.read(len(CACHE_MAGIC)) != CACHE_MAGIC or _section(opened, skip=True) is None:
        return None
    head = _section(opened)
    if (
        not isinstance(head, tuple)
        or len(head) != 1 + len(HEAD)
        or not isinstance(head[0], dict)
        or any(not isinstance(c, list) or len(c) != len(head[0]) for c in head[1:])
    ):
        return None
    if not body:
        return NotesCache(head[0], head[1:], None)
    columns = _section(opened)
    if (
        not isinstance(columns, tuple)
        or len(columns) != len(BODY)
        or any(not isinstance(c, list) or len(c) != len(head[0]) for c in columns)
    ):
        return None
    return NotesCache(head[0], head[1:], columns)


def _section(opened: Opened, skip: bool = False) -> object:
    """The marshal data of the next section (True with ``skip``: checked, not decoded),
    or None if short, damaged or not marshal."""
    start = opened.read(2 * _LENGTH)
    if len(start) != 2 * _LENGTH:
        return None
    size = int.from_bytes(start[:_LENGTH], "big")
    if size > opened.size:
        return None
    payload = opened.read(size)
    if len(payload) != size or zlib.crc32(payload) != int.from_bytes(start[_LENGTH:], "big"):
        return None
    if skip:
        return True
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    finally:
        del payload


def write_cache(book_dir: Path, order: list[Note], keys: dict[str, int]) -> None:
    """Write the cache of ``order`` (newest first) with each file's ``keys`` entry; notes
    without one are left out. No lock: the cache is rebuildable."""
    order = [n for n in order if f"{n.id}.toml" in keys]
    keys = {f"{n.id}.toml": keys[f"{n.id}.toml"] for n in order}
    few = marshal.dumps(
        (
            folder_digest(entry_hash(name, key) for name, key in keys.items()),
            {
                f"{n.id}.toml": extra
                for n in order
                if (extra := extra_fields(n)) is not None and "kind" in extra
            },
        )
    )
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
    parts = [CACHE_MAGIC]
    for section in (few, head, body):
        parts += [
            len(section).to_bytes(_LENGTH, "big"),
            zlib.crc32(section).to_bytes(_LENGTH, "big"),
            section,
        ]
    try:
        write_bytes_atomic(Path(book_dir) / CACHE_FILE, b"".join(parts))
    except StoreError:
        pass  # the cache is only a speed-up
