"""The row of pane names under the header, drawn as one line of text.

Textual's Tabs is a widget per tab plus an animated underline; switching panes
restyled and relaid all of them (about 20 ms of each switch, measured against a
plain bar in benchmarks/interaction.py's harness). This bar is one widget: the
active pane is highlighted, a click on a name posts ``PaneBar.Picked``, and below
NARROW columns the names drop their key numbers so all eight fit in 80 columns.
The keys themselves (1-8, [ and ]) are the app's bindings, not the bar's.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.message import Message
from textual.reactive import reactive

from companion.tui.widgets.span_bar import SpanBar

NARROW = 96  # below this width, names drop their key numbers


class PaneBar(SpanBar[str]):
    COMPONENT_CLASSES = {"pane-bar--name", "pane-bar--active", "pane-bar--hover"}
    DEFAULT_CSS = """
    PaneBar {
        height: 1;
        background: $panel;
        .pane-bar--name { color: $text-muted; }
        .pane-bar--active { color: $text; background: $primary 40%; text-style: bold; }
        .pane-bar--hover { color: $text; background: $block-hover-background; }
    }
    """

    active: reactive[str] = reactive("")

    class Picked(Message):
        """The reader clicked a pane's name."""

        def __init__(self, pane_id: str) -> None:
            super().__init__()
            self.pane_id = pane_id

    def __init__(self, titles: dict[str, str], active: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.titles = titles  # pane id -> title, in key order
        self.set_reactive(PaneBar.active, active)

    def labels(self) -> list[tuple[str, str]]:
        """(pane id, label as drawn) in order: "3 Quotes", or "Quotes" when narrow."""
        narrow = self.size.width < NARROW
        return [
            (pid, title if narrow else f"{number} {title}")
            for number, (pid, title) in enumerate(self.titles.items(), 1)
        ]

    def render(self) -> Text:
        name = self.get_component_rich_style("pane-bar--name")
        active = self.get_component_rich_style("pane-bar--active")
        hover = self.get_component_rich_style("pane-bar--hover")
        text = Text(no_wrap=True, overflow="crop", end="")
        spans = []
        labels = self.labels()
        gap = 1 if sum(cell_len(label) + 2 for _, label in labels) < self.size.width else 0
        for pid, label in labels:
            if text and gap:
                text.append(" " * gap)
            start = text.cell_len
            style = active if pid == self.active else hover if pid == self._hover else name
            text.append(f" {label} ", style)
            spans.append((start, text.cell_len, pid))
        self._spans = spans
        return text

    def span_clicked(self, pane_id: str) -> None:
        self.post_message(self.Picked(pane_id))

    def span_of(self, pane_id: str) -> tuple[int, int]:
        """The columns (start, end) of a pane's name as drawn now."""
        self.render()
        for start, end, pid in self._spans:
            if pid == pane_id:
                return start, end
        raise KeyError(pane_id)
