"""Each action is declared once: its key, footer text, help line and palette entry all
follow that declaration, and a [keymap] in settings.toml rebinds it everywhere."""

from __future__ import annotations

from pathlib import Path

from companion.context import Context
from companion.tui.app import CompanionApp
from companion.tui.drive import press, quiet
from companion.tui.panes import pane_class
from companion.tui.panes.list_detail import ListDetailPane
from companion.tui.screens.help import HelpScreen
from companion.tui.state import PANE_IDS
from companion.tui.widgets.key_bar import KeyBar
from tests.pane_helpers import notices, screen_text, settle, state_at, wait_for

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
SIZE = (120, 40)


def declared() -> list:
    classes = [CompanionApp, ListDetailPane, *(pane_class(pid) for pid in PANE_IDS)]
    return [(cls, action) for cls in classes for action in cls.ACTIONS]


def test_every_binding_comes_from_one_declaration_with_a_unique_id():
    ids: dict[str, object] = {}
    for _cls, action in declared():
        assert ids.setdefault(action.id, action) is action, f"{action.id} declared twice"
        assert action.title and action.help, action.id
    for cls in [CompanionApp, *(pane_class(pid) for pid in PANE_IDS)]:
        own = {b.id for b in cls.BINDINGS}
        assert own == {a.id for a in cls.ACTIONS if a.keys}, cls.__name__


def write_keymap(data_dir: Path, keymap: str) -> None:
    (data_dir / "settings.toml").write_text(
        f'schema_version = 1\npane = "quotes"\n\n[keymap]\n{keymap}\n'
    )


async def test_a_keymap_rebinds_an_action_in_keys_footer_help_and_palette(tmp_path):
    state = state_at(tmp_path, 2)
    write_keymap(state.data_dir, '"quotes.flip" = "x"\n"app.help" = "f2"')
    app = CompanionApp(Context(book_arg=str(MINI), data_override=tmp_path), premount=False)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        pane = app.pane("quotes")
        await press(pilot, "f")  # the default key no longer flips
        await quiet(pilot.app)
        assert not pane.flipped
        await press(pilot, "x")
        assert pane.flipped
        footer = [key for key, _, _, _ in app.screen.query_one(KeyBar).shown_keys()]
        assert "x" in footer and "f" not in footer
        palette = {e.label: e.help for e in app.palette_entries()}
        assert palette["quotes: Flip"] == "Show the other side of the card (x)"
        assert palette["app: Help"] == "The keys of the pane in view (f2)"
        await press(pilot, "f2")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "x: Flip: show the other side of the card" in text
        assert "f, space" not in text


async def test_a_bad_keymap_entry_is_named_and_the_rest_works(tmp_path):
    state = state_at(tmp_path, 2)
    write_keymap(state.data_dir, '"quotes.flip" = 3\n"quotes.star" = "z"')
    app = CompanionApp(Context(book_arg=str(MINI), data_override=tmp_path), premount=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: any("'quotes.flip'" in m for m in notices(app)))
        messages = notices(app)
        assert any("'quotes.flip'" in m and "settings.toml" in m for m in messages)
        await press(pilot, "f")  # the default key still flips
        await quiet(pilot.app)
        assert app.pane("quotes").flipped
