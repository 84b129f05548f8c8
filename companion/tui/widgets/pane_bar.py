"""The row of pane names under the header, drawn as one line of text.

Textual's Tabs is a widget per tab plus an animated underline; switching panes
restyled and relaid all of them (about 20 ms of each switch, measured against a
plain bar in benchmarks/interaction.py's harness). This bar is one widget: the
active pane is highlighted, a click on a name posts ``PaneBar.Picked``. The names
keep their key numbers down to 75 columns (sharing the spaces between them), then
drop them (59 columns), then are cut with "…".
The keys themselves (1-8, [ and ]) are the app's bindings, not the bar's.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.message import Message
from textual.reactive import reactive

from companion.tui.widgets.span_bar import SpanBar


def bar_width(labels: list[tuple[str, str]], own: bool) -> int:
    """The cells the names take: " a  b " with spaces of their own, " a b " shared."""
    names = sum(cell_len(label) for _, label in labels)
    return names + (2 * len(labels) if own else len(labels) + 1)


def cut(title: str, room: int) -> str:
    return title if cell_len(title) <= room else set_cell_size(title, room - 1) + "…"


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

    def label_layout(self) -> tuple[list[tuple[str, str]], bool]:
        """(pane id, label as drawn) in order and whether names have a space each side
        of their own: the first that fits the width of "1 Progress" with room, numbered
        names sharing the spaces between them, names only, names cut with "…"."""
        width = self.size.width
        titles = list(self.titles.items())
        numbered = [(pid, f"{n} {title}") for n, (pid, title) in enumerate(titles, 1)]
        for labels, own in ((numbered, True), (numbered, False), (titles, False)):
            if bar_width(labels, own) <= width:
                return labels, own
        room = max(1, (width - len(titles) - 1) // len(titles))
        return [(pid, cut(title, room)) for pid, title in titles], False

    def labels(self) -> list[tuple[str, str]]:
        """(pane id, label as drawn) in order: "3 Quotes", or "Quotes" when narrow."""
        return self.label_layout()[0]

    def render(self) -> Text:
        name = self.get_component_rich_style("pane-bar--name")
        active = self.get_component_rich_style("pane-bar--active")
        hover = self.get_component_rich_style("pane-bar--hover")
        text = Text(no_wrap=True, overflow="crop", end="")
        spans = []
        labels, own = self.label_layout()
        gap = 1 if own and bar_width(labels, own) + len(labels) - 1 <= self.size.width else 0
        for pid, label in labels:
            if text and gap:
                text.append(" " * gap)
            # without spaces of their own, a name shares the space before it
            start = text.cell_len - (0 if own or not text else 1)
            text.append(f" {label} " if own or not text else f"{label} ", name)
            spans.append((start, text.cell_len, pid))
        for start, end, pid in spans:  # after all names: a shared space takes its colour
            if pid in (self.active, self._hover):
                text.stylize(active if pid == self.active else hover, start, end)
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
