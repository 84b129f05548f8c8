"""A dialog closed before it was mounted (a key of the same burst as the one that opened
it: enter, escape) leaves the app running. Its on_mount queried widgets that were gone
and the app crashed: the random-key watchdog found it on the "Saved to" dialog. The
same goes for a dialog or screen the reader quits the app from as it opens."""

from __future__ import annotations

import asyncio

import pytest

from companion.tui.drive import quiet
from companion.tui.screens.drill import DrillScreen
from companion.tui.screens.modals import ConfirmScreen, InfoScreen
from companion.tui.screens.note_editor import DraftOfferScreen
from companion.tui.screens.place import PlaceScreen
from companion.tui.screens.predictions import MarkPredictionScreen
from companion.tui.screens.save_dialog import SavedDialog
from tests.pane_helpers import SIZE, make_app, state_at

DIALOGS = {
    "saved": lambda state: SavedDialog("Saved to:", state.data_dir / "sheet.md"),
    "confirm": lambda state: ConfirmScreen("Discard?", "Gone for good."),
    "info": lambda state: InfoScreen("About", "Some *words*."),
    "mark": lambda state: MarkPredictionScreen(state.notes.add("a guess", 1)),
    "place": lambda state: PlaceScreen(state.notes.add("a highlight", 0), 2, 4),
    "draft": lambda state: DraftOfferScreen("typed", {}),
}


@pytest.mark.parametrize("name", DIALOGS)
@pytest.mark.parametrize("turns", [0, 1])  # closed at once, or after one turn of the loop
async def test_a_dialog_closed_as_it_opens_leaves_the_app_running(tmp_path, name, turns):
    state = state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE):
        await quiet(app)
        dialog = DIALOGS[name](state)
        app.push_screen(dialog)
        for _ in range(turns):
            await asyncio.sleep(0)
        dialog.dismiss()
        await quiet(app)
        assert app.is_running and len(app.screen_stack) == 1
    assert app.return_code in (0, None)


SCREENS = {
    **DIALOGS,
    "drill": lambda state: DrillScreen(state),
}


@pytest.mark.parametrize("name", SCREENS)
async def test_quitting_as_a_screen_opens_ends_the_app_cleanly(tmp_path, name):
    # the app ending while the screen mounts: it took the screen's widgets away before
    # its on_mount ran, which raised NoMatches on the way out
    state = state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE):
        await quiet(app)
        app.push_screen(SCREENS[name](state))
        app.exit()
    assert app.return_code == 0
