"""Help as a reader meets it at any size: the last lines reachable, built once."""

from __future__ import annotations

import pytest

from companion.tui.drive import press, quiet
from companion.tui.screens.help import CLOSE_KEYS, HelpScreen
from companion.tui.screenshots import sample_app
from tests.pane_helpers import screen_cells, settle, wait_for


def dialog_text(app) -> str:
    """The words inside the help dialog as on screen, lines joined by spaces."""
    region = app.screen.query_one("#dialog").region
    cells = screen_cells(app)[region.y : region.bottom]
    rows = [
        "".join(c[0] for c in row[region.x : region.right]).strip("▁▂▃▄▅▆▇█▌▐▎ ") for row in cells
    ]
    return " ".join(" ".join(rows).split())


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 18)])
async def test_help_last_lines_and_how_to_close_are_reachable(tmp_path, size):
    app = sample_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await quiet(pilot.app)
        assert CLOSE_KEYS in dialog_text(app)  # how to close shows from the start
        for _ in range(60):  # as a reader would: down until nothing moves
            await press(pilot, "down")
        text = dialog_text(app)
        assert "the mouse works too." in text
        assert CLOSE_KEYS in text


async def test_help_is_built_once_and_shows_the_pane_in_view(tmp_path):
    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        first = app.screen
        assert "Finished next chapter" in dialog_text(app)
        await press(pilot, "escape")
        await press(pilot, "3")  # Quotes
        await settle(pilot)
        await press(pilot, "f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await quiet(pilot.app)
        assert app.screen is first  # the same screen, its page changed
        text = dialog_text(app)
        assert "Help: Quotes" in text and "Finished next chapter" not in text
