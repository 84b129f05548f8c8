"""The choices of one filter in a small modal list, mounted only while it is open.

Dismisses ``(filter key, value)`` when a choice is picked (enter or a click), None on
escape, q or a click beside it. Left/right (or tab) move to the neighbouring filter; the row of filter names
at the top is clickable too. Only the choices the caller passes are offered (the
Quotes pane passes what the reader has unlocked); labels are rich Text, never markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.widgets.option_list import Option

from companion.tui.screens.modals import closed_early
from companion.tui.widgets.filter_bar import ALL, Filter
from companion.tui.widgets.row_list import RowList
from companion.tui.widgets.span_bar import SpanBar

MARK = "● "


class FilterTabs(SpanBar):
    """The filters' names, the open one highlighted; a click opens another."""

    COMPONENT_CLASSES = {"filter-tabs--name", "filter-tabs--active", "filter-tabs--hover"}
    DEFAULT_CSS = """
    FilterTabs {
        height: 1;
        .filter-tabs--name { color: $text-muted; }
        .filter-tabs--active { color: $text; background: $primary 40%; text-style: bold; }
        .filter-tabs--hover { color: $text; background: $block-hover-background; }
    }
    """

    def __init__(self, names: list[tuple[str, str]], active: str) -> None:
        super().__init__(id="filter-tabs")
        self.names = names  # (key, name)
        self.active = active

    def render(self) -> Text:
        style = self.get_component_rich_style
        text = Text(no_wrap=True, overflow="crop", end="")
        spans = []
        for key, name in self.names:
            if text:
                text.append(" ")
            start = text.cell_len
            which = (
                "filter-tabs--active"
                if key == self.active
                else "filter-tabs--hover"
                if key == self._hover
                else "filter-tabs--name"
            )
            text.append(f" {name} ", style(which))
            spans.append((start, text.cell_len, key))
        self._spans = spans
        return text

    def span_clicked(self, key: str) -> None:
        if isinstance(self.screen, FilterPicker):  # the one screen these tabs are on
            self.screen.show_filter(key)


class FilterPicker(ModalScreen[tuple[str, object] | None]):
    DEFAULT_CSS = """
    FilterPicker { align: center middle; }
    FilterPicker > #dialog {
        width: 56; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    FilterPicker #filter-choices { height: auto; max-height: 20; border: none;
                                   margin: 1 0; }
    FilterPicker #filter-hint { color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="filter.cancel"),
        Binding("q", "cancel", "Cancel", show=False, id="filter.cancel_q"),  # not quit
        Binding("right,tab", "other(1)", "Next filter", show=False, id="filter.next"),
        Binding("left,shift+tab", "other(-1)", "Previous filter", show=False, id="filter.previous"),
    ]

    def __init__(self, filters: list[Filter], start: str) -> None:
        super().__init__()
        self.filters = {f.key: f for f in filters}
        self.key = start if start in self.filters else next(iter(self.filters))

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield FilterTabs([(f.key, f.name) for f in self.filters.values()], self.key)
            yield RowList(id="filter-choices")
            yield Static(
                Text("enter picks · escape cancels · ←/→ another filter"), id="filter-hint"
            )

    def on_mount(self) -> None:
        if closed_early(self):
            return
        self.show_filter(self.key)

    def show_filter(self, key: str) -> None:
        """Offer the choices of filter ``key``, the current one highlighted."""
        self.key = key
        tabs = self.query_one(FilterTabs)
        tabs.active = key
        tabs.refresh()
        f = self.filters[key]
        rows = self._rows(key)
        values = [value for _, value in rows]
        options = self.query_one("#filter-choices", RowList)
        # each row's id names its filter: see on_row_list_option_selected
        options.set_options(
            Option(Text(MARK if value == f.value else "  ") + label, id=f"{key}/{index}")
            for index, (label, value) in enumerate(rows)
        )
        options.highlighted = values.index(f.value) if f.value in values else 0
        options.focus()

    def _rows(self, key: str) -> list[tuple[Text, object]]:
        f = self.filters[key]
        return [(Text(f.all_label), ALL), *f.choices]

    def on_row_list_option_selected(self, event: RowList.OptionSelected) -> None:
        event.stop()
        # the filter the row was a choice of: with enter then → in one burst, the rows
        # are the next filter's by the time the choice arrives (a choice of "Secrets"
        # was applied to the speakers, or ended the app past their end)
        key, _, index = (event.option_id or "").rpartition("/")
        if key in self.filters:
            self.dismiss((key, self._rows(key)[int(index)][1]))

    def on_click(self, event) -> None:
        if event.widget is self:  # a click beside the dialog, as escape
            self.dismiss(None)

    def action_other(self, step: int) -> None:
        keys = list(self.filters)
        self.show_filter(keys[(keys.index(self.key) + step) % len(keys)])

    def action_cancel(self) -> None:
        self.dismiss(None)
