"""A snapshot of the drill screen: a revealed card with its grade buttons.

Stable: a fixed "now", a fixed star date, the mini pack; the data folder is a
temporary one that never shows on screen.
"""

from __future__ import annotations

from companion.tui.drive import press, quiet
from tests.test_tui_drill import Host, make_state


def test_drill_screen_snapshot(snap_compare, tmp_path):
    app = Host(make_state(tmp_path))

    async def reveal(pilot) -> None:
        await quiet(pilot.app)
        await press(pilot, "A", "n", "n", "enter")

    assert snap_compare(app, terminal_size=(100, 30), run_before=reveal)


def test_drill_summary_snapshot(snap_compare, tmp_path):
    app = Host(make_state(tmp_path))

    async def finish(pilot) -> None:
        await quiet(pilot.app)
        await press(pilot, "enter", "3", "enter", "4")

    assert snap_compare(app, terminal_size=(100, 30), run_before=finish)
