"""The footer offers only keys that do something now."""

from __future__ import annotations

from companion.store.deck import DeckStore
from companion.tui.drive import press
from companion.tui.widgets.key_bar import KeyBar
from companion.tui.widgets.row_list import RowList
from tests.pane_helpers import SIZE, make_app, open_pane, settle, state_at, wait_for


def footer(app) -> str:
    return app.screen.query_one(KeyBar).render().plain


async def test_seminar_offers_unstar_only_with_a_starred_quote(tmp_path):
    state = state_at(tmp_path, 2)
    DeckStore(state.data_dir).star("sea")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "seminar")
        await settle(pilot)
        pane.query_one("#seminar-starred", RowList).focus()
        await wait_for(pilot, lambda: "Unstar" in footer(app))
        await press(pilot, "u")  # the last one: nothing left to unstar
        await wait_for(pilot, lambda: "Starred quotes (0)" in heading(pane))
        await settle(pilot)
        assert "Unstar" not in footer(app)


def heading(pane) -> str:
    return pane.query_one("#seminar-starred-heading").render().plain
