"""A one-line bar of clickable labels drawn as one Text (the pane bar, the key bar).

A subclass's ``render`` sets ``self._spans`` to (first column, end column, value)
for each label it drew and highlights the one whose value is ``self._hover``; this
base tracks the mouse over them and calls ``span_clicked(value)`` on a click.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.strip import Strip
from textual.widget import Widget

Value = TypeVar("Value")


class SpanBar(Widget, Generic[Value], can_focus=False):
    ALLOW_SELECT = False

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._spans: list[tuple[int, int, Value]] = []
        self._hover: Value | None = None

    def render(self) -> Text:
        """The labels as one line, setting ``self._spans`` (each subclass draws its own)."""
        raise NotImplementedError

    def render_line(self, y: int) -> Strip:
        """The Text of ``render()`` as one line of segments. Textual's path for a
        rendered Text (to Content, then styled and divided) cost 1-3 ms for this one
        line, drawn again at every pane switch."""
        width = self.size.width
        base = self.rich_style
        if y:
            return Strip.blank(width, base)
        segments = Segment.apply_style(self.render().render(self.app.console), base)
        return Strip(segments).crop_extend(0, width, Style(bgcolor=base.bgcolor))

    def span_clicked(self, value: Value) -> None:
        """The reader clicked the label of ``value``."""

    def _at(self, x: int) -> Value | None:
        for start, end, value in self._spans:
            if start <= x < end:
                return value
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        value = self._at(event.x)
        if value != self._hover:
            self._hover = value
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        value = self._at(event.x)
        if value is not None:
            self.span_clicked(value)
