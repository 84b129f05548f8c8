"""Changes made outside the app (the CLI, another window, a sync tool), noticed and shown.

Once a second a thread stats the data files (``companion.store.watch``; with 10,000
notes a poll stats 1,000 of them, 5-10 ms, so it stays off the main thread) and, for
the notes and the deck, re-reads what changed there too. The main thread then shows it:

* notes, deck, review days: the panes are refreshed (header counts, lists, cards);
* progress set *back* elsewhere: applied at once (it hides content) and said;
* progress set *forward* elsewhere: nothing is revealed until the reader confirms here
  ("Show chapters 1-5? / Keep chapter 0"). "Keep" writes nothing: the app goes on
  showing its chapter, the header says where progress is elsewhere, and the next
  explicit progress action in the app wins (and says so);
* a progress file that cannot be read: progress turns read-only, the problem is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import log

from companion.store.errors import StoreError
from companion.store.progress import Progress, read_progress
from companion.store.watch import Watcher
from companion.study.guide import GuideView
from companion.study.text import show_controls

if TYPE_CHECKING:
    from textual.timer import Timer
    from textual.worker import Worker

    from companion.store.tomlfile import FileProblem
    from companion.tui.app import CompanionApp

POLL_EVERY = 1.0  # seconds between two looks at the data folder


@dataclass
class Reading:
    """What one poll found, read in its thread, to be shown on the main thread."""

    kinds: set[str]  # "notes", "deck", "settings": re-read, to be shown
    progress: tuple[Progress, FileProblem | None] | None  # progress.toml, if it changed
    writes: int = 0  # the app's own progress saves when the read began


class OutsideChanges:
    """Watches one app's data folder and brings what changed into the app."""

    def __init__(self, app: CompanionApp) -> None:
        self.app = app
        self.state = app.state
        self.watcher: Watcher | None = None
        self.asking = False  # the "progress was set elsewhere" question is on screen
        self.told_problem: str | None = None  # the progress problem said last
        self.timer: Timer | None = None
        self.poller: Worker | None = None  # the poll running in its thread, if any

    def start(self) -> None:
        # the watcher is made by the first poll, in its thread: it stats every note
        # (10,000 notes: 50-100 ms), which the first paint must not wait for
        self.timer = self.app.set_interval(POLL_EVERY, self._tick, name="outside-changes")

    def look_now(self) -> None:
        """Look at the data folder now, not at the next tick (as the tick does: a look
        still running is not doubled)."""
        self._tick()

    def _tick(self) -> None:
        # one poll at a time: two would share the watcher and could show their reads
        # out of order (an older progress.toml after a newer one)
        if self.poller is None or self.poller.is_finished:
            self.poller = self.app.run_worker(
                self._poll, thread=True, group="outside-changes", name="outside-changes"
            )
        if self.state.outside is not None and not self.asking:
            self.ask_forward()  # asked when no other dialog was on screen

    def _poll(self) -> None:
        reading = self.read()
        if reading is not None:
            self.app.call_from_thread(self.show, reading)

    def read(self) -> Reading | None:
        """In a thread: what changed, with the notes and the deck re-read (None:
        nothing to show)."""
        state = self.state
        writes = state.progress_writes  # before progress.toml is read
        if self.watcher is None:  # the first poll: what changed since the app read it
            self.watcher = Watcher(state.data_dir)
            kinds = {"progress", "notes", "deck"}
        else:
            kinds = self.watcher.poll()
        if not kinds:
            return None
        reread = set()  # a change this app made itself is found already read: not shown again
        try:
            # forced: the stores compare each file with what they read or wrote last
            if "notes" in kinds and state.refresh_notes(force=True):
                reread.add("notes")
            if ("deck" in kinds or "reviews" in kinds) and state.deck_loaded:
                if state.refresh_deck(force=True) or "reviews" in kinds:
                    reread.add("deck")
        except StoreError as error:  # the panes show the store's problems when they draw
            log.warning(f"outside change not read: {error.message}")
        progress = None
        if "progress" in kinds:
            progress = read_progress(state.data_dir, state.chapter_count)
        reread |= kinds & {"settings"}
        if not reread and progress is None:
            return None
        return Reading(reread, progress, writes)

    # -- on the main thread --

    def show(self, reading: Reading) -> None:
        """Show what :meth:`read` found (on the main thread; the poll's thread waits
        for it, so nothing else uses the watcher meanwhile)."""
        if reading.progress is not None:
            if reading.writes != self.state.progress_writes:
                # read before the app's own save: older than what it shows, not a
                # change elsewhere. Read again at the next poll (a change elsewhere
                # after the save is seen then)
                if self.watcher is not None:
                    self.watcher.again("progress")
            else:
                self.progress_read(*reading.progress)
        for kind in ("notes", "deck"):
            if kind in reading.kinds:
                self.app.data_changed(kind)
        if "settings" in reading.kinds:
            self.app.prefs.reload()

    def progress_read(self, progress: Progress, problem) -> None:
        """progress.toml as it is now: apply a step back, ask about a step forward."""
        state, app = self.state, self.app
        state.progress_problem = problem
        if problem is not None:
            if self.told_problem != problem.message:
                self.told_problem = problem.message
                app.notify(
                    show_controls(f"{problem.message} Progress is read-only until it is fixed."),
                    title="Progress file",
                    severity="error",
                    timeout=15,
                    markup=False,
                )
            app.data_changed("progress")
            return
        if self.told_problem is not None:  # fixed: progress can be saved again
            self.told_problem = None
            app.data_changed("progress")
        shown = state.finished
        if progress == state.progress and state.outside is None and state.outside_kept is None:
            return  # what this app wrote itself, or the same again
        if progress.finished > shown:
            if progress.finished == state.outside_kept:
                return  # the reader chose to keep their chapter for this one already
            state.outside_kept = None
            state.outside = progress  # revealed only once the reader says so
            app.data_changed("progress")
            self.ask_forward()
            return
        state.outside = state.outside_kept = None
        state.progress = progress
        if progress.finished < shown:
            state.view = GuideView(state.book, progress.finished)
            app.data_changed("progress")
            what = "not started" if progress.finished == 0 else f"chapter {progress.finished}"
            app.notify(
                f"Progress was set back to {what} elsewhere: what chapters "
                f"{progress.finished + 1}-{shown} unlocked is hidden again.",
                title="Progress changed",
                markup=False,
            )
        else:
            app.data_changed("progress")  # same chapter, other dates

    def ask_forward(self) -> None:
        """Ask whether to show the chapters progress reached elsewhere (not over a dialog:
        asked at the next tick once the reader is back on the main screen)."""
        app, state = self.app, self.state
        outside = state.outside
        if outside is None or self.asking or len(app.screen_stack) > 1:
            return
        from companion.tui.screens.modals import ConfirmScreen

        shown = state.finished
        span = (
            f"chapter {outside.finished}"
            if outside.finished == shown + 1
            else (f"chapters {shown + 1}-{outside.finished}")
        )
        here = "chapter 0" if shown == 0 else f"chapter {shown}"
        self.asking = True

        def answered(show: bool | None) -> None:
            self.asking = False
            if not show:
                state.outside_kept = outside.finished  # asked once per value
                state.outside = None
                app.data_changed("progress")
                return
            now, problem = read_progress(state.data_dir, state.chapter_count)
            if problem is not None or now.finished != outside.finished:
                self.progress_read(now, problem)  # it moved again meanwhile: start over
                return
            state.outside = None
            state.outside_kept = None
            before = state.view
            state.progress = now
            state.view = GuideView(state.book, now.finished)
            app.data_changed("progress")
            app.progress_revealed(before)

        app.push_screen(
            ConfirmScreen(
                "Progress changed elsewhere",
                f"Progress was set to chapter {outside.finished} elsewhere "
                f"(another window or the command line). Show {span}?",
                yes=f"Show {span}",
                no=f"Keep {here}",
            ),
            answered,
        )
