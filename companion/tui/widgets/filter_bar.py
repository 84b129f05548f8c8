"""A one-line bar of filters drawn as one Text: "Theme: All ▾  Speaker: All ▾  Part: All ▾".

Three Select widgets (each a SelectCurrent plus an overlay OptionList) were the
slowest part of the Quotes pane's first show; this bar is one widget. A click on a
filter posts ``FilterBar.Picked(key)`` (the pane opens a FilterPicker); a click on
the key hints at the right posts "filter" or "clear". Labels are rich Text built by
the caller (pack and reader text is never markup) and cut to fit the width.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.text import Text
from textual.message import Message

from companion.tui.widgets.span_bar import SpanBar

ALL = "*"  # a filter's value when it lets everything through


@dataclass
class Filter:
    key: str  # "theme"
    name: str  # "Theme"
    all_label: str  # "All themes"
    choices: list[tuple[Text, object]] = field(default_factory=list)  # (label, value)
    value: object = ALL

    def label(self) -> Text:
        """The chosen value's label ("All" when none)."""
        for label, value in self.choices:
            if value == self.value:
                return label
        return Text("All")


def fair_cap(widths: list[int], room: int) -> int:
    """The widest a label may be so that all fit in ``room``: short ones keep their
    width, the long ones share what is left (never below 4 cells)."""
    left = len(widths)
    for width in sorted(widths):
        if width * left > room:
            return max(4, room // left)
        room -= width
        left -= 1
    return max(widths, default=0)


class FilterBar(SpanBar[str]):
    COMPONENT_CLASSES = {
        "filter-bar--name",
        "filter-bar--value",
        "filter-bar--set",
        "filter-bar--hint",
        "filter-bar--hover",
    }
    DEFAULT_CSS = """
    FilterBar {
        height: 1;
        .filter-bar--name { color: $text-muted; }
        .filter-bar--value { color: $text; }
        .filter-bar--set { color: $accent; text-style: bold; }
        .filter-bar--hint { color: $text-muted; }
        .filter-bar--hover { background: $block-hover-background; }
    }
    """

    class Picked(Message):
        """The reader clicked a filter ("theme"...) or a hint ("filter", "clear")."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.filters: list[Filter] = []

    def set_filters(self, filters: list[Filter]) -> None:
        self.filters = filters
        self.refresh()

    def render(self) -> Text:
        style = self.get_component_rich_style
        name, value, chosen = (
            style("filter-bar--name"),
            style("filter-bar--value"),
            style("filter-bar--set"),
        )
        hint, hover = style("filter-bar--hint"), style("filter-bar--hover")
        active = any(f.value != ALL for f in self.filters)
        hints = [("clear", "c clear")] if active else []
        hints.append(("filter", "t filter"))
        hint_width = sum(cell_len(label) + 3 for _, label in hints)
        fixed = sum(cell_len(f.name) + 6 for f in self.filters)  # "Name: " " ▾" gap
        labels = [f.label() for f in self.filters]
        cap = fair_cap([label.cell_len for label in labels], self.size.width - hint_width - fixed)
        text = Text(no_wrap=True, overflow="crop", end="")
        spans = []
        for f, label in zip(self.filters, labels):
            if text:
                text.append("  ")
            start = text.cell_len
            label = label.copy()
            if label.cell_len > cap:
                label.truncate(cap, overflow="ellipsis")
            extra = hover if self._hover == f.key else None
            text.append(f"{f.name}: ", name + extra if extra else name)
            base = chosen if f.value != ALL else value
            label.stylize(base + extra if extra else base)
            text.append_text(label)
            text.append(" ▾", base + extra if extra else base)
            spans.append((start, text.cell_len, f.key))
        gap = self.size.width - text.cell_len - hint_width + 3
        if gap > 0:
            text.append(" " * gap)
            for i, (key, shown) in enumerate(hints):
                if i:
                    text.append(" · ", hint)
                start = text.cell_len
                text.append(shown, hint + hover if self._hover == key else hint)
                spans.append((start, text.cell_len, key))
        self._spans = spans
        return text

    def _at(self, x: int) -> str | None:
        return super()._at(x - self.gutter.left)  # spans are columns of the content

    def span_clicked(self, key: str) -> None:
        self.post_message(self.Picked(key))

    def span_of(self, key: str) -> tuple[int, int]:
        """The columns (start, end) of a filter or hint as drawn now, from the left edge."""
        self.render()
        for start, end, value in self._spans:
            if value == key:
                return start + self.gutter.left, end + self.gutter.left
        raise KeyError(key)
