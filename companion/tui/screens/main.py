"""The screen under every pane: header, pane bar, the panes, the key bar."""

from __future__ import annotations

from textual import events
from textual.screen import Screen

from companion.tui.widgets.backdrop import Backdrop


class MainScreen(Backdrop, Screen):
    """The app's default screen (``CompanionApp.compose`` fills it)."""

    def on_resize(self, event: events.Resize) -> None:
        # A size the terminal no longer has: skip it (prevent_default stops Screen's
        # own handler). Two queued sizes otherwise re-post each other for ever once the
        # app is quitting (its layouts are then batched, so Textual never merges them):
        # 100% CPU, no exit, SIGTERM ignored. Seen when resizes come during start-up.
        if event.size != self.app.size:
            event.prevent_default()
