"""The panes' container and the screen that holds it, minus needless passes.

Switching panes already lays the screen out again (one pane hidden, one shown).
Textual also repaints the switcher when its ``current`` changes, and the whole
screen when focus moves; neither draws anything that depends on those values (the
switcher and the screen are only background under the panes), but each cost
another pass over every line of the screen: a second frame per switch.

And a widget inside a hidden pane (notes finishing loading in the background) asked
for a layout and render of the whole screen, for nothing on it. Showing the pane
lays it out and draws it anyway.
"""

from __future__ import annotations

from textual import events, messages
from textual.reactive import Reactive, reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher


class PaneSwitcher(ContentSwitcher):
    current: reactive[str | None] = reactive[str | None](None, init=False, repaint=False)


class MainScreen(Screen):
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    async def _on_layout(self, message: messages.Layout) -> None:
        if not _dropped(message):
            await super()._on_layout(message)

    async def _on_update(self, message: messages.Update) -> None:
        if not _dropped(message):
            await super()._on_update(message)

    def _on_resize(self, event: events.Resize) -> None:
        # A size the terminal no longer has: skip it (Screen's handler is not run).
        # Two queued sizes otherwise re-post each other for ever once the app is
        # quitting (its layouts are then batched, so Textual never merges them):
        # 100% CPU, no exit, SIGTERM ignored. Seen when resizes come during start-up.
        if event.size != self.app.size:
            event.prevent_default()


def _dropped(message) -> bool:
    """Handled here, as nothing, when it comes from inside a hidden widget."""
    if in_hidden(message.widget):
        message.stop()
        message.prevent_default()
        return True
    return False


def in_hidden(widget) -> bool:
    """Is ``widget`` inside a widget that is not displayed? (Its own ``display`` is
    not asked: hiding a widget changes the layout of what is around it.)"""
    for node in widget.ancestors:
        if not isinstance(node, Widget):
            return False
        if not node.display:
            return True
    return False
