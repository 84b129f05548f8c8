"""One declaration per action: its key binding, footer text, help line and palette entry.

A pane (or the app) lists its actions once, as ``ACTIONS``; ``BINDINGS`` is made from
them, the help screen lists them with the keys in use, and the command palette offers
the ones possible now. Each binding has the action's id, so a ``[keymap]`` table in
``settings.toml`` (binding id = "keys") rebinds it through ``App.set_keymap``; the help
and the palette then show the new keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Input


@dataclass(frozen=True)
class Action:
    """Something a reader can do, declared once."""

    id: str  # the binding id, "<scope>.<name>": what [keymap] in settings.toml names
    keys: str  # the default keys, comma-separated, in Textual's names ("f,space")
    action: str  # the action run: "flip", "step(1)", "app.drill"
    title: str  # the footer's text ("Flip")
    help: str  # one line for the help screen and the palette ("Show the other side")
    footer: bool = True  # shown in the footer (else in help and the palette only)
    palette: str | None = ""  # the palette's label; "" gives "<scope>: <title>", None: none
    key_display: str | None = None  # how the default key shows in the footer ("?")
    priority: bool = False

    @property
    def label(self) -> str | None:
        """The palette's label, or None when the action is not in the palette."""
        if self.palette is None:
            return None
        return self.palette or f"{self.id.split('.')[0]}: {self.title}"

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.title,
            show=self.footer,
            key_display=self.key_display,
            priority=self.priority,
            id=self.id,
        )


def bindings(actions: Iterable[Action]) -> list[BindingType]:
    """The key bindings of ``actions`` (those without keys are palette-only)."""
    return [action.binding() for action in actions if action.keys]


def typing(widget: Widget) -> bool:
    """A text box has the focus: a letter typed is a character in it, not a key's
    action (for a priority binding, which would otherwise take the letter first).
    A TextArea is known by its class's name: importing the class here cost every start
    6 ms before the first paint, and none exists before the note editor imports it."""
    focused = widget.app.focused
    return isinstance(focused, Input) or any(
        cls.__name__ == "TextArea" for cls in type(focused).__mro__
    )


def focus_now(widget: Widget) -> None:
    """Move the focus before the next key is read. Textual sends a key to the widget
    focused when the app reads it, and ``Widget.focus`` moves the focus later, so the
    letters typed in the same burst as "/" went to the old widget. For a priority
    binding's action, which runs as the app reads its key."""
    widget.screen.set_focus(widget)


@dataclass
class PaletteEntry:
    """One command-palette entry: "notes: Add", "go to: Chapter 12"."""

    label: str
    help: str
    callback: Callable[[], object]
    # found by these words (each word typed must be in them), not by fuzzy matching
    # the label, and not listed before anything is typed: a quote's whole text
    words: str = ""


def key_name(shown: str) -> str:
    """One notation in help: "ctrl+t", "enter", "F1" (the footer's "^t" and "⏎" are terse)."""
    if shown.startswith("^") and len(shown) > 1:
        return "ctrl+" + shown[1:]
    return {"⏎": "enter", "f1": "F1", "esc": "escape"}.get(shown, shown)


@runtime_checkable
class DescribesKeys(Protocol):
    """A widget whose footer text for a key follows its state ("Finished chapter 4")."""

    def key_description(self, binding_id: str | None) -> str | None: ...
