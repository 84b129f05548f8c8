"""Noticing changes made outside this process (another window, the CLI, a sync tool).

Cheap stamps, no reading: ``(st_mtime_ns, st_size, st_ino)`` of each data file and
folder the app shows. An atomic save (ours, the CLI's, a sync tool's) replaces the file,
which changes the folder that holds it; an edit in place changes the file's mtime or
size. The app polls about once a second::

    watcher = Watcher(book_dir)
    ...
    for kind in watcher.poll():   # "progress", "deck", "settings", "notes", "reviews"
        ...

A poll stats progress.toml, deck.toml, settings.toml and the notes and reviews
folders, plus a rolling share of the files inside those folders (``FILES_PER_POLL``):
adding, removing or replacing a note shows at the next poll; a note edited in place by
another program shows once the rolling check reaches it (10,000 notes: within about
ten polls). One stat costs 5-10 us here, so stat'ing 10,000 notes every second would
cost 50-100 ms of every second.

A change this process made itself is reported too (harmless: a reload finds what it
wrote); call :meth:`Watcher.rebase` after writing to skip it. :meth:`Watcher.again`
has a kind reported by the next poll whatever its stamps say (a read that had to be
dropped). Pure: no Textual, no threads: one thread at a time uses a watcher.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterable
from pathlib import Path

from companion.store.paths import DECK_FILE, NOTES_DIR, PROGRESS_FILE
from companion.store.settings import SETTINGS_FILE

KINDS = ("progress", "deck", "settings", "notes", "reviews")
FILES = {"progress": PROGRESS_FILE, "deck": DECK_FILE, "settings": SETTINGS_FILE}
FOLDERS = {"notes": NOTES_DIR, "reviews": "reviews"}
FILES_PER_POLL = 1000  # files inside the folders stat'ed by one poll
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_AT = os.stat in os.supports_dir_fd
Stamp = tuple[int, int, int]  # (mtime_ns, size, inode)


def file_stamp(path: Path | str) -> Stamp | None:
    """(mtime_ns, size, inode) of a file or folder; None when missing or unreadable."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _file_hash(st: os.stat_result) -> int:
    """A file's stamp as one signed 64-bit number (kept in an array: 8 bytes a file,
    where a dict of stamp tuples took about 280 with the names)."""
    return hash((st.st_mtime_ns, st.st_size, st.st_ino))


GONE = 0  # the hash kept for a file that could not be stat'ed


class _Folder:
    """One watched folder: its own stamp, and its ``.toml`` files checked in turns.

    The files' stamps are hashes in an array beside the list of names, not a dict of
    tuples: with 10,000 notes that dict held 2.6 MB of the app's peak memory. Two
    different stamps with one hash (odds of 1 in 2**64) would hide an in-place edit
    until the file changes again."""

    __slots__ = ("path", "stamp", "names", "hashes", "cursor")

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stamp = file_stamp(path)
        self.names: list[str] = []
        self.hashes = array("q")
        self.cursor = 0
        self._list({})

    def _list(self, known: dict[str, int]) -> None:
        """List the folder again; a file listed before keeps its hash from ``known``."""
        try:
            names = [n for n in os.listdir(self.path) if n[0] != "." and n.endswith(".toml")]
        except OSError:
            names = []
        self.names = names
        self.hashes = array("q", (known.get(n, GONE) for n in names))
        fresh = [i for i, n in enumerate(names) if n not in known]
        if fresh:
            self._stat((i, names[i]) for i in fresh)

    def _stat(self, entries: Iterable[tuple[int, str]]) -> bool:
        """Stat the files at these (index, name) entries; True if one changed."""
        try:  # stat relative to the open folder: no path walk per file
            fd = os.open(self.path, _DIR_FLAGS) if _AT else None
        except OSError:
            return False
        changed = False
        hashes = self.hashes
        try:
            for i, name in entries:
                try:
                    st = (
                        os.stat(name, dir_fd=fd)
                        if fd is not None
                        else os.stat(os.path.join(self.path, name))
                    )
                    now = _file_hash(st)
                except OSError:
                    now = GONE
                if now != hashes[i]:
                    hashes[i] = now
                    changed = True
        finally:
            if fd is not None:
                os.close(fd)
        return changed

    def poll(self, budget: int) -> bool:
        """True if the folder or one of the files checked now changed."""
        found = False
        stamp = file_stamp(self.path)
        if stamp != self.stamp:
            self.stamp = stamp
            found = True
            self._list(dict(zip(self.names, self.hashes)))
        names = self.names
        if not names:
            return found
        count = min(budget, len(names))
        start = self.cursor % len(names)
        turn = (i % len(names) for i in range(start, start + count))
        if self._stat((i, names[i]) for i in turn):
            found = True
        self.cursor = (start + count) % len(names)
        return found


class Watcher:
    """Polls the stamps of one book's data; :meth:`poll` returns the kinds that changed
    since the last poll (or since the watcher was made)."""

    def __init__(
        self, book_dir: Path, kinds: Iterable[str] = KINDS, files_per_poll: int = FILES_PER_POLL
    ) -> None:
        self.book_dir = Path(book_dir)
        self.kinds = tuple(kinds)
        self.files_per_poll = files_per_poll
        self._files: dict[str, Stamp | None] = {}
        self._folders: dict[str, _Folder] = {}
        self._again: set[str] = set()
        self.rebase()

    def poll(self) -> set[str]:
        found, self._again = self._again, set()
        for kind, stamp in self._files.items():
            now = file_stamp(self.book_dir / FILES[kind])
            if now != stamp:
                self._files[kind] = now
                found.add(kind)
        folders = self._folders
        budget = self.files_per_poll // max(1, len(folders))
        for kind, folder in folders.items():
            if folder.poll(budget):
                found.add(kind)
        return found

    def again(self, *kinds: str) -> None:
        """Report ``kinds`` at the next poll even if their stamps did not change (a
        second change within the filesystem's time granularity can keep a stamp)."""
        self._again.update(kinds)

    def rebase(self, *kinds: str) -> None:
        """Take ``kinds`` (default: every kind) as they are now, e.g. after this process
        wrote them, so that the next poll does not report them."""
        for kind in kinds or self.kinds:
            if kind in FILES:
                self._files[kind] = file_stamp(self.book_dir / FILES[kind])
            elif kind in FOLDERS:
                self._folders[kind] = _Folder(self.book_dir / FOLDERS[kind])
            else:
                raise ValueError(f"unknown kind of data {kind!r}: one of {', '.join(KINDS)}")
