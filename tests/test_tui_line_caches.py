"""Lists and text drawn a line at a time keep their lines by the colours they were
drawn in (not cleared at every style update, so a pane drawn ahead is not drawn again
when opened): a theme change still draws every line in the new colours."""

from __future__ import annotations

import pytest

from companion.store.notes import NoteStore
from companion.tui.drive import press
from companion.tui.themes import DARK, LIGHT
from tests.pane_helpers import SIZE, context, screen_cells, settle


def make(data):
    from companion.tui.app import CompanionApp

    return CompanionApp(context(data), premount=False)


@pytest.mark.parametrize("pane_id", ["progress", "plot", "notes", "seminar"])
async def test_a_theme_change_redraws_every_line_in_its_colours(tmp_path, pane_id):
    data = tmp_path / "data"
    store = NoteStore(context(data).data_dir)
    for n in range(3):
        store.add(f"note {n} for the lists", chapter=1, tags=["seminar"])

    async def cells(switch: bool) -> list:
        app = make(data)
        async with app.run_test(size=SIZE) as pilot:
            app.theme = DARK if switch else LIGHT
            await settle(pilot)
            await app.show_pane(pane_id)
            await settle(pilot)
            if switch:  # every line drawn in dark first, then the theme changes
                await press(pilot, "ctrl+t")
            assert app.theme == LIGHT
            return screen_cells(app)

    switched, fresh = await cells(True), await cells(False)
    assert switched == fresh
