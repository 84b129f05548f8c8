"""What every pane shares: the book, the reader's progress, the gated view, the stores.

No Textual here: the state is plain Python so tests (and a future CLI) can drive it.
Every pane gates through ``state.view`` (a GuideView at ``state.finished``) or
``companion.book.gate``; nothing else decides what may be shown.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from companion.book.gate import is_visible, locked
from companion.book.model import Book
from companion.store.progress import (
    Progress,
    ProgressUpdate,
    finish_chapters,
    read_progress,
)
from companion.study.guide import GuideView

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


@dataclass(frozen=True)
class UnlockedItem:
    """One thing that became visible when progress moved forward."""

    kind: str  # "chapter" "section" "quote" "character" "fact" "term" "meaning" "theme" "theme note" "question" "article"
    label: str  # a one-line description (content text, never user text)
    pane: str  # the pane that shows it
    key: str  # what that pane selects on open ("quote:q-id", "character:c-id", ...)
    chapter: int


@dataclass
class Unlocked:
    """What became visible between two progress points (empty when going back)."""

    before: int
    after: int
    items: list[UnlockedItem] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.items)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for item in self.items:
            out[item.kind] = out.get(item.kind, 0) + 1
        return out


QUOTE_MARKS = {"paraphrase": "paraphrase", "misquote": "not in the novel"}


def quote_mark(quote) -> str:
    """ "paraphrase" / "not in the novel" (as on the card) for a listed quote, else ""."""
    return QUOTE_MARKS.get(getattr(quote, "provenance", "") or "", "")


def _short(text: str, width: int = 70) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def unlocked_between(before: GuideView, after: GuideView) -> Unlocked:
    """The diff of two gated views: everything ``after`` shows that ``before`` did not."""
    items: list[UnlockedItem] = []
    add = items.append
    seen = {c.number for c in before.chapters}
    for ch in after.chapters:
        if ch.number not in seen:
            add(
                UnlockedItem(
                    "chapter",
                    f"Chapter {ch.number}: {ch.label}",
                    "plot",
                    f"chapter:{ch.number}",
                    ch.number,
                )
            )
    seen_ids = {s.id for s in before.sections}
    for s in after.sections:
        if s.id not in seen_ids:
            add(UnlockedItem("section", s.title, "plot", f"section:{s.id}", s.unlock))
    seen_ids = {q.id for q in before.quotes}
    for q in after.quotes:
        if q.id not in seen_ids:
            mark = f"[{quote_mark(q)}] " if quote_mark(q) else ""  # first: rows are cut
            add(
                UnlockedItem(
                    "quote",
                    f"{mark}“{_short(q.text, 60)}” ({q.speaker})",
                    "quotes",
                    f"quote:{q.id}",
                    q.unlock,
                )
            )

    def staged(kind: str, part: str, pane: str, old_pairs, new_pairs, name) -> None:
        """An item new to the reader, and each fact, meaning or note new on it."""
        old = {x.id: {(s.chapter, s.text) for s in items} for x, items in old_pairs}
        for x, items in new_pairs:
            key = f"{kind}:{x.id}"
            if x.id not in old:
                add(UnlockedItem(kind, name(x), pane, key, x.unlock))
            for s in items:
                if (s.chapter, s.text) not in old.get(x.id, set()):
                    add(
                        UnlockedItem(part, f"{name(x)}: {_short(s.text, 60)}", pane, key, s.chapter)
                    )

    staged("character", "fact", "people", before.characters, after.characters, lambda c: c.name)
    staged("term", "meaning", "glossary", before.glossary, after.glossary, lambda t: t.term)
    staged("theme", "theme note", "themes", before.themes, after.themes, lambda t: t.name)
    seen_ids = {q.id for q in before.questions}
    for q in after.questions:
        if q.id not in seen_ids:
            add(UnlockedItem("question", _short(q.text), "seminar", f"question:{q.id}", q.unlock))
    seen_ids = {a.id for a in before.articles}
    for a in after.articles:
        if a.id not in seen_ids:
            add(UnlockedItem("article", a.title, "plot", f"article:{a.id}", a.unlock))
    return Unlocked(before.progress, after.progress, items)


def place_label(book: Book, finished: int) -> str:
    """ "Chapter 7 of 23 · Part One" for the header."""
    count = book.chapter_count
    if finished <= 0:
        return f"Not started · {count} chapters"
    if finished >= count:
        return f"Finished · all {count} chapters"
    part = book.part_of(finished)
    return f"Chapter {finished} of {count}" + (f" · {part.title}" if part else "")


def settle_memory() -> None:
    """Move everything alive now out of the cyclic collector's sight (``gc.freeze``).

    Called after loading what lives as long as the app (modules, the book, 10,000
    notes, a large deck): otherwise each full collection walks them all again, 40+
    ms in the middle of a keystroke or a pane switch. Freed objects are still
    released by reference counting; only cycles among frozen objects would stay.
    """
    import gc

    gc.freeze()


YOUNG_THRESHOLD = 10_000  # allocations between young collections (Python's default: 700)


def tune_collector() -> None:
    """Collect young objects less often while the app runs.

    Drawing a frame allocates tens of thousands of short-lived strips and segments;
    at the default threshold a pane switch ran ~100 young collections (measured:
    10-50 ms of a switch). Most of those objects die by reference counting anyway;
    10,000 keeps the collector's own memory small.
    """
    import gc

    young, middle, old = gc.get_threshold()
    if young < YOUNG_THRESHOLD:
        gc.set_threshold(YOUNG_THRESHOLD, middle, old)


IDLE_COLLECT_AFTER = 0.05  # seconds without a key before the middle generation is collected


class IdleCollector:
    """Collect the collector's middle generation between keys, not during one.

    Survivors of young collections (the lines each widget keeps drawn, the rows of
    a list) pile up in the middle generation until Python collects it, every tenth
    young collection: 10-15 ms with 10,000 notes, inside whichever key or pane switch
    came then. Collected while no key is waiting, it is small each time.
    """

    def __init__(self) -> None:
        self._handle = None

    def poke(self) -> None:
        """A key arrived: collect once keys have stopped for IDLE_COLLECT_AFTER."""
        import asyncio

        if self._handle is not None:
            self._handle.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._handle = loop.call_later(IDLE_COLLECT_AFTER, self._collect)

    def _collect(self) -> None:
        import gc

        self._handle = None
        if gc.isenabled() and gc.get_count()[1]:  # a young collection has run since
            gc.collect(1)


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
        self.peeked: set[str] = set()
        self._notes = None
        self._deck = None
        self._deck_stamp: tuple | None = None
        self.notes_stamp: tuple | None = None  # the notes folder when last read or written

    # -- progress and the gate --

    @property
    def finished(self) -> int:
        return self.progress.finished

    @property
    def chapter_count(self) -> int:
        return self.book.chapter_count

    def place(self) -> str:
        return place_label(self.book, self.finished)

    def is_visible(self, item) -> bool:
        return is_visible(item, self.finished)

    def locked(self, items) -> list:
        return locked(items, self.finished)

    def set_progress(self, chapter: int) -> Unlocked:
        """Save "finished ``chapter`` chapters"; return what became visible."""
        chapter = max(0, min(int(chapter), self.chapter_count))
        before = self.view
        # applied to the file as it is now (never a save of this stale copy); what the
        # file held is kept so the app can tell the reader if it moved elsewhere
        done = finish_chapters(self.data_dir, chapter, self.today(), self.chapter_count)
        self.last_update = done
        self.progress = done.after
        self.view = GuideView(self.book, chapter)
        if chapter <= before.progress:
            return Unlocked(before.progress, chapter)
        return unlocked_between(before, self.view)

    def reload_progress(self) -> None:
        """Re-read progress.toml (another process may have changed it)."""
        self.progress, self.progress_problem = read_progress(self.data_dir, self.chapter_count)
        if self.progress.finished != self.view.progress:
            self.view = GuideView(self.book, self.progress.finished)

    # -- the stores, created on first use --

    @property
    def notes(self):
        if self._notes is None:
            from companion.store.notes import NoteStore

            self._notes = NoteStore(self.data_dir)
        return self._notes

    @property
    def deck(self):
        """The deck, read on first use (a deck of 1,000 drilled quotes takes ~0.3 s:
        panes call ``load_deck`` from a worker first when ``deck_loaded`` is False)."""
        if self._deck is None:
            self.load_deck()
        return self._deck

    @property
    def deck_loaded(self) -> bool:
        return self._deck is not None

    def load_deck(self) -> None:
        """Read the deck now (safe from a worker thread)."""
        if self._deck is None:
            from companion.store.deck import DeckStore

            stamp = file_stamp(deck_file(self.data_dir))
            deck = DeckStore(self.data_dir)
            self._deck_stamp = stamp
            self._deck = deck
            settle_memory()

    def refresh_deck(self) -> bool:
        """Re-read the deck only if its file changed since we last read or wrote it
        (another window may have starred quotes). True when it was re-read."""
        if self._deck is None:
            self.load_deck()
            return True
        stamp = file_stamp(self._deck.path)
        if stamp == self._deck_stamp and stamp is not None:
            return False
        self._deck.reload()
        self._deck_stamp = stamp
        settle_memory()
        return True

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
        return file_stamp(self._notes.folder) != self.notes_stamp

    def refresh_notes(self, force: bool = False) -> bool:
        """Re-read the notes if their folder changed (the store re-parses only changed
        files). True when they were re-read. Safe from a worker thread."""
        if not self.notes_loaded or not (force or self.notes_changed()):
            return False
        stamp = file_stamp(self._notes.folder)  # before reading: a later change shows next time
        self._notes.reload()
        self.notes_stamp = stamp
        settle_memory()
        return True

    def notes_written(self) -> None:
        """This app just wrote a note: what we hold is what is on disk."""
        if self._notes is not None:
            self.notes_stamp = file_stamp(self._notes.folder)

    def load_notes(self) -> None:
        """Read the notes once (in a worker thread); raises StoreError."""
        if not self.notes_loaded:
            self.notes_stamp = file_stamp(self.notes.folder)  # before reading, as refresh does
        self.notes.notes  # noqa: B018 - loads the store

    @property
    def notes_loaded(self) -> bool:
        return self._notes is not None and self._notes._notes is not None
