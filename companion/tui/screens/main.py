"""The screen under every pane: header, pane bar, the panes, the key bar."""

from __future__ import annotations

from textual import events
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget

from companion.tui.widgets.backdrop import Backdrop


class MainScreen(Backdrop, Screen):
    """The app's default screen (``CompanionApp.compose`` fills it)."""

    # Screen repaints itself whole when focus moves (every pane switch): every line of
    # every widget composed again, a full-screen frame. The widgets that gain and lose
    # focus (and their :focus-within ancestors) repaint themselves through their styles.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def on_resize(self, event: events.Resize) -> None:
        # A size the terminal no longer has: skip it (prevent_default stops Screen's
        # own handler). Two queued sizes otherwise re-post each other for ever once the
        # app is quitting (its layouts are then batched, so Textual never merges them):
        # 100% CPU, no exit, SIGTERM ignored. Seen when resizes come during start-up.
        if event.size != self.app.size:
            event.prevent_default()
