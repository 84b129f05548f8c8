"""The screen under every pane: header, pane bar, the panes, the key bar."""

from __future__ import annotations

from textual.screen import Screen

from companion.tui.widgets.backdrop import Backdrop


class MainScreen(Backdrop, Screen):
    """The app's default screen (``CompanionApp.compose`` fills it)."""
