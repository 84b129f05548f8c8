"""The screen under every pane: header, pane bar, the panes, the key bar."""

from __future__ import annotations

from textual.screen import Screen


class MainScreen(Screen):
    """The app's default screen (``CompanionApp.compose`` fills it)."""
