"""The app's settings (theme, last pane, keymap, export folder, quotes seen) kept and
saved for it.

A pane switch saves the open pane a little later (SETTINGS_DELAY): a reader flicking
through panes writes the file once, and the write is not part of the switch. A file
that cannot be written is said once, never at every switch.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.timer import Timer

from companion.store.errors import StoreError
from companion.store.settings import Settings, load_settings, save_settings
from companion.study.text import show_controls

SETTINGS_DELAY = 1.0  # seconds a changed pane waits before settings are written


class Prefs:
    def __init__(self, app: App, data_dir: Path) -> None:
        self.app = app
        self.data_dir = data_dir
        self.settings: Settings = load_settings(data_dir)
        self._timer: Timer | None = None  # a save waiting (see save_soon)
        self._warned = False

    def tell_problem(self) -> None:
        """Say once that settings.toml cannot be used (it is then never written)."""
        problem = self.settings.problem
        if problem and not self._warned:
            self._warned = True
            self.app.notify(
                show_controls(f"Could not save settings: {problem}"),
                title="Settings file",
                severity="warning",
                timeout=15,
                markup=False,
            )

    def reload(self) -> None:
        """settings.toml changed outside the app: a problem there is said (once); what
        this app changes later is merged into the file as it is then (a save merges)."""
        fresh = load_settings(self.data_dir)
        if fresh.problem:
            self.settings.problem = fresh.problem
            self.tell_problem()
        elif self.settings.problem:  # fixed meanwhile
            self.settings.problem = None
            self._warned = False

    def set_pane(self, pane_id: str) -> None:
        if self.settings.pane != pane_id:
            self.settings.pane = pane_id
            if self._timer is None:
                self._timer = self.app.set_timer(SETTINGS_DELAY, self.save_due)

    def mark_seen(self, quote_ids) -> None:
        """Remember quotes the reader has seen (saved with the next delayed save)."""
        seen = set(self.settings.seen_quotes)
        new = [q for q in quote_ids if q not in seen]
        if new:
            self.settings.seen_quotes = [*self.settings.seen_quotes, *new]
            if self._timer is None:
                self._timer = self.app.set_timer(SETTINGS_DELAY, self.save_due)

    def set_export_dir(self, folder: Path) -> None:
        if self.settings.export_dir != str(folder):
            self.settings.export_dir = str(folder)
            self.save()

    def set_theme(self, name: str) -> None:
        if self.settings.theme != name:
            self.settings.theme = name
            self.save()

    def save_due(self) -> None:
        """Save what is waiting (when the timer fires, and when the app closes)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
            self.save()

    def save(self) -> None:
        try:
            if not save_settings(self.data_dir, self.settings):  # a bad file: say so
                raise StoreError(self.settings.problem or "settings.toml cannot be used")
        except (StoreError, OSError) as error:  # a settings file must never stop the reader
            if self._warned:
                return  # said once; every pane switch would say it again
            self._warned = True
            message = error.message if isinstance(error, StoreError) else str(error)
            self.app.notify(
                show_controls(f"Could not save settings: {message}"),
                severity="warning",
                markup=False,
            )
