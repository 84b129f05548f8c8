"""The panes' container and the screen that holds it, minus two needless repaints.

Switching panes already lays the screen out again (one pane hidden, one shown).
Textual also repaints the switcher when its ``current`` changes, and the whole
screen when focus moves; neither draws anything that depends on those values (the
switcher and the screen are only background under the panes), but each cost
another pass over every line of the screen: a second frame per switch.
"""

from __future__ import annotations

from typing import Optional

from textual.reactive import Reactive, reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher


class PaneSwitcher(ContentSwitcher):
    current: reactive[str | None] = reactive[Optional[str]](None, init=False, repaint=False)


class MainScreen(Screen):
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
