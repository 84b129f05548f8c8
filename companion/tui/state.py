"""What every pane shares: the book, the reader's progress, the gated view, the stores.

No Textual here: the state is plain Python so tests can drive it without the app.
Every pane gates through ``state.view`` (a GuideView at ``state.finished``) or
``companion.book.gate``; nothing else decides what may be shown.
"""

from __future__ import annotations

import datetime
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from companion.book.gate import is_visible, locked
from companion.book.model import Book
from companion.store.progress import (
    Progress,
    ProgressUpdate,
    finish_chapters,
    read_progress,
)
from companion.study.guide import GuideView
from companion.study.progress import place_label
from companion.study.unlocked import Unlocked, unlocked_between

if TYPE_CHECKING:  # imported on first use: a pane that needs neither never pays for them
    from companion.store.deck import DeckStore
    from companion.store.notes import NoteStore

# Pane ids in tab order; keys 1..8 switch to them.
PANE_IDS = ("progress", "plot", "quotes", "notes", "people", "themes", "glossary", "seminar")
PANE_TITLES = {
    "progress": "Progress",
    "plot": "Plot",
    "quotes": "Quotes",
    "notes": "Notes",
    "people": "People",
    "themes": "Themes",
    "glossary": "Glossary",
    "seminar": "Seminar",
}


def file_stamp(path: Path) -> tuple | None:
    """(inode, mtime, size) of a file or folder, None if missing: a cheap "changed?"."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def deck_file(data_dir: Path) -> Path:
    from companion.store.paths import deck_path

    return deck_path(data_dir)


class CompanionState:
    """Shared by the app and every pane. Plain Python; saves through companion.store."""

    def __init__(self, ctx, today: Callable[[], datetime.date] | None = None) -> None:
        self.ctx = ctx
        self.book: Book = ctx.book
        self.data_dir: Path = Path(ctx.data_dir)
        self.today: Callable[[], datetime.date] = today or datetime.date.today
        # a bad progress.toml opens at chapter 0 with progress read-only (every change
        # refuses, naming the file); the problem is kept for the app to show
        progress, self.progress_problem = read_progress(self.data_dir, self.chapter_count)
        self.progress: Progress = progress
        self.view = GuideView(self.book, self.progress.finished)
        self.last_update: ProgressUpdate | None = None  # the last progress change saved
        # progress saves by this app: a read of progress.toml begun before the last one
        # is older than what the app shows, and must not pass for a change elsewhere
        self.progress_writes = 0
        # progress set forward elsewhere, not shown until the reader confirms here
        self.outside: Progress | None = None
        self.outside_kept: int | None = None  # "keep my chapter" answered for this value
        self.peeked: set[str] = set()
        self._notes: NoteStore | None = None
        self._deck: DeckStore | None = None
        self._deck_stamp: tuple | None = None
        self._deck_lock = threading.Lock()  # a worker's first read against a star
        self._notes_lock = threading.Lock()  # two threads asking first make one store
        self.notes_stamp: tuple | None = None  # the notes folder when last read or written
        self._notes_read = False

    # -- progress and the gate --

    @property
    def finished(self) -> int:
        return self.progress.finished

    @property
    def chapter_count(self) -> int:
        return self.book.chapter_count

    def place(self) -> str:
        """The header's place, with where progress is elsewhere if the reader kept theirs."""
        place = place_label(self.book, self.finished)
        if self.progress_problem is not None:
            return f"{place} · progress read-only (its file has a problem)"
        elsewhere = self.outside.finished if self.outside is not None else self.outside_kept
        if elsewhere is not None and elsewhere != self.finished:
            return f"{place} · progress elsewhere: chapter {elsewhere}"
        return place

    def is_visible(self, item) -> bool:
        return is_visible(item, self.finished)

    def locked(self, items) -> list:
        return locked(items, self.finished)

    def shown_notes(self, notes) -> list:
        """The notes that may be shown now: an imported highlight holds the book's words
        and waits for its chapter (``Note.unlock``); the reader's own notes never wait.
        Every surface that lists notes goes through this."""
        done = self.finished
        return [n for n in notes if n.unlock <= done]

    def set_progress(self, chapter: int) -> Unlocked:
        """Save "finished ``chapter`` chapters"; return what became visible."""
        chapter = max(0, min(int(chapter), self.chapter_count))
        before = self.view
        self._shown_before = before.progress
        # applied to the file as it is now (never a save of this stale copy); what the
        # file held is kept so the app can tell the reader if it moved elsewhere
        try:
            done = finish_chapters(self.data_dir, chapter, self.today(), self.chapter_count)
        finally:
            self.progress_writes += 1  # counted after the file is replaced (or not)
        self.last_update = done
        self.outside = self.outside_kept = None  # this explicit action won
        self.progress = done.after
        self.view = GuideView(self.book, chapter)
        if chapter <= before.progress:
            return Unlocked(before.progress, chapter)
        return unlocked_between(before, self.view)

    def moved_elsewhere(self) -> int | None:
        """After set_progress: the chapter the file held when this app's change was
        applied, if another window or the CLI had moved it from what this app showed."""
        done = self.last_update
        if done is None or done.before.finished == self._shown_before:
            return None
        return done.before.finished

    _shown_before = 0

    def reload_progress(self) -> None:
        """Re-read progress.toml (another process may have changed it)."""
        self.progress, self.progress_problem = read_progress(self.data_dir, self.chapter_count)
        if self.progress.finished != self.view.progress:
            self.view = GuideView(self.book, self.progress.finished)

    # -- the stores, created on first use --

    @property
    def notes(self) -> NoteStore:
        """The one notes store. Panes first ask in their workers: two at once each made
        a store, and a pane could show one while a note was saved through the other."""
        if self._notes is None:
            from companion.store.notes import NoteStore

            with self._notes_lock:
                if self._notes is None:
                    self._notes = NoteStore(self.data_dir)
        return self._notes

    @property
    def deck(self) -> DeckStore:
        """The deck, read on first use (a deck of 1,000 drilled quotes takes ~0.3 s:
        panes call ``load_deck`` from a worker first when ``deck_loaded`` is False)."""
        if self._deck is None:
            self.load_deck()
        assert self._deck is not None  # load_deck sets it
        return self._deck

    @property
    def deck_loaded(self) -> bool:
        return self._deck is not None

    def load_deck(self) -> None:
        """Read the deck now, unless it is read already (safe from a worker thread)."""
        if self._deck is None:
            self.keep_deck(*self.read_deck())

    def read_deck(self) -> tuple[DeckStore, tuple | None]:
        """The deck as the file holds it now, and the file's stamp from before reading."""
        from companion.store.deck import DeckStore

        stamp = file_stamp(deck_file(self.data_dir))
        return DeckStore(self.data_dir), stamp

    def keep_deck(self, deck: DeckStore, stamp: tuple | None) -> bool:
        """Hold ``deck`` unless one is held already; True when it was kept. The first
        wins: a worker's read that ends after the reader starred a quote (the main
        thread read the deck for it meanwhile) is older than the file, and replacing
        the deck with it showed the quote unstarred (seen under load)."""
        with self._deck_lock:
            if self._deck is not None:
                return False
            self._deck_stamp = stamp
            self._deck = deck
            return True

    def refresh_deck(self, force: bool = False) -> bool:
        """Re-read the deck if it changed since we last read or wrote it (another window
        may have starred quotes). True when it was re-read. ``force``: ask the deck
        store, which knows the file it read or wrote last, not this state's stamp (set
        when the app was told of a change: a later change may hide behind it)."""
        if self._deck is None:
            self.load_deck()
            return True
        stamp = file_stamp(self._deck.path)  # before reading: a later change shows next time
        if not force and stamp == self._deck_stamp and stamp is not None:
            return False
        changed = self._deck.reload()
        self._deck_stamp = stamp
        return changed

    def deck_changed(self) -> bool:
        """True when the deck file is not what we last read or wrote (a stat, no read)."""
        if self._deck is None:
            return False
        return file_stamp(self._deck.path) != self._deck_stamp

    def deck_written(self) -> None:
        """This app just wrote the deck: what we hold is what is on disk."""
        if self._deck is not None:
            self._deck_stamp = file_stamp(self._deck.path)

    def notes_changed(self) -> bool:
        """True when the notes folder is not what we last read or wrote (one stat):
        another process (the CLI, another window) added, edited or deleted a note."""
        if not self.notes_loaded:
            return False
        return file_stamp(self.notes.folder) != self.notes_stamp

    def refresh_notes(self, force: bool = False) -> bool:
        """Re-read the notes if their folder changed (the store re-parses only changed
        files). True when a note was read again. Safe from a worker thread. ``force``:
        let the store compare each file with what it read or wrote (this state's folder
        stamp is taken when the app is told of a change: a later change may hide
        behind it)."""
        if not self.notes_loaded or not (force or self.notes_changed()):
            return False
        stamp = file_stamp(self.notes.folder)  # before reading: a later change shows next time
        changed = self.notes.reload()
        self.notes_stamp = stamp
        return changed

    def notes_read(self, stamp: tuple | None) -> None:
        """The notes were read, the folder being ``stamp`` just before."""
        self.notes_stamp = stamp
        self._notes_read = True

    def notes_written(self) -> None:
        """This app just wrote a note: what we hold is what is on disk."""
        if self._notes is not None:
            self.notes_stamp = file_stamp(self._notes.folder)

    def load_notes(self) -> None:
        """Read the notes once (in a worker thread); raises StoreError."""
        if not self.notes_loaded:
            stamp = file_stamp(self.notes.folder)  # before reading, as refresh does
            self.notes.notes  # noqa: B018 - loads the store
            self.notes_read(stamp)

    @property
    def notes_loaded(self) -> bool:
        """The notes have been read (by a pane, in a worker, or by load_notes)."""
        return self._notes_read
