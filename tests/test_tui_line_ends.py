"""At 60x18 and 80x24 no one-line text is cut without "…": every pane, help and the
dialogs, read from the screen. Text that wraps (pages, paragraphs) is not cut by
design, so only what draws one line per row is checked: bars, list rows, fields,
buttons, titles."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Header, Input, Label

from companion.tui.drive import press
from companion.tui.panes.base import Pane
from companion.tui.screenshots import sample_app
from companion.tui.widgets.filter_bar import FilterBar
from companion.tui.widgets.key_bar import KeyBar
from companion.tui.widgets.note_list import NoteList
from companion.tui.widgets.pane_bar import PaneBar
from companion.tui.widgets.row_list import RowList
from tests.pane_helpers import screen_cells, settle

ONE_LINE = (Button, Header, Input, Label, FilterBar, KeyBar, NoteList, PaneBar, RowList)
RIGHT_ALIGNED = ("^p palette", "t filter")  # labels set against the right edge on purpose


def word(char: str) -> bool:
    return char.isalnum() or char in "'’“”\"),.;:-"


def cut_lines(app, where: str) -> list[str]:
    """Rows of one-line widgets whose last two cells are letters of one word."""
    cells = screen_cells(app)
    out = []
    shown = app.pane(app.current_pane_id)
    for widget in app.screen.query("*"):
        if not isinstance(widget, ONE_LINE) or not widget.display or not widget.region:
            continue
        pane = next((a for a in widget.ancestors_with_self if isinstance(a, Pane)), None)
        if pane is not None and pane is not shown:
            continue  # a pane drawn ahead, under the one in view: not on screen
        if isinstance(widget, RowList) and not all(widget.one_line(o) for o in widget.options):
            continue  # rows that wrap
        width = widget.styles.width
        if width is not None and width.is_auto and widget.region.right < app.screen.region.right:
            continue  # as wide as its text
        region = widget.scrollable_content_region.intersection(app.screen.region)
        if region.width < 3:
            continue
        for y in range(region.y, region.bottom):
            row = "".join(cell[0] for cell in cells[y][region.x : region.right])
            if row.rstrip().endswith(RIGHT_ALIGNED) or len(row.rstrip()) < region.width:
                continue
            if word(row[-1]) and word(row[-2]):
                out.append(f"{where}: {type(widget).__name__} row {y}: {row!r}")
    return out


async def visit(pilot, where: str, keys: tuple[str, ...], problems: list[str]) -> None:
    for key in keys:
        await press(pilot, key)
    problems += cut_lines(pilot.app, where)


@pytest.mark.parametrize("size", [(60, 18), (80, 24)])
async def test_no_line_is_cut_without_an_ellipsis(tmp_path, size):
    app = sample_app(tmp_path)
    problems: list[str] = []
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for number in range(1, 9):
            await visit(pilot, f"pane {number}", (str(number),), problems)
            await visit(pilot, f"pane {number}, tab", ("tab",), problems)
        await visit(pilot, "help", ("f1",), problems)
        await visit(pilot, "pane 4", ("escape", "4"), problems)
        await visit(pilot, "note editor", ("a",), problems)
        await visit(pilot, "notes", ("escape",), problems)
        await visit(pilot, "delete dialog", ("d",), problems)
        await visit(pilot, "pane 1", ("escape", "1"), problems)
        await visit(pilot, "peek dialog", ("end", "v"), problems)
        await visit(pilot, "palette", ("escape", "ctrl+p"), problems)
        await visit(pilot, "quotes", ("escape", "3"), problems)
        await visit(pilot, "drill", ("d",), problems)
    assert not problems, "\n".join(problems)
