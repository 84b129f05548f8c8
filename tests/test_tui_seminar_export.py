"""Saving from the Seminar pane: where (asked, remembered), then where it went, with
Open and Copy path; the sheet and the Anki package alike."""

from __future__ import annotations

import os
import zipfile

from textual.widgets import Input

from companion.store.deck import DeckStore
from companion.store.settings import load_settings
from companion.tui.drive import press, quiet
from companion.tui.screens.save_dialog import SavedDialog, SaveDialog
from tests.pane_helpers import make_app, notices, open_pane, screen_text, state_at, wait_for

SMALL = (80, 24)


def reader(tmp_path):
    state = state_at(tmp_path, 2)
    DeckStore(state.data_dir).star("sea")
    return state


async def save_as(pilot, key: str, path) -> None:
    """Press ``key`` in the Seminar pane and save to ``path`` from the dialog."""
    await open_pane(pilot, "seminar")
    await press(pilot, key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SaveDialog))
    pilot.app.screen.query_one("#path", Input).value = str(path)
    await press(pilot, "enter")


async def test_x_asks_where_writes_and_says_where_in_view_at_80x24(tmp_path):
    state = reader(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        # a notification on screen, as a star leaves one (for 2 s: a loaded machine
        # took longer than that between the star and the look)
        app.notify("Starred: it is in your seminar deck.", timeout=60)
        await quiet(pilot.app)
        assert notices(app)
        await open_pane(pilot, "seminar")
        await press(pilot, "x")
        await wait_for(pilot, lambda: isinstance(app.screen, SaveDialog))
        default = app.screen.query_one("#path", Input).value
        assert default.startswith(str(state.data_dir / "exports" / "seminar-sheet-"))
        await press(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SavedDialog))
        written = app.screen.path
        assert str(written) == default and "The sea was grey" in written.read_text()
        text = screen_text(app)
        assert "Seminar sheet written to:" in text
        assert notices(app) == []  # the star's notification is not over it
        rows = "".join(line.strip("█▊▎▌ ") for line in text.splitlines())
        assert str(written) in rows  # whole, wrapped inside the dialog
        assert "Copy path (y)" in text and "Close (esc)" in text


async def test_another_folder_is_used_and_remembered(tmp_path):
    reader(tmp_path)
    elsewhere = tmp_path / "essays"
    elsewhere.mkdir()
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await save_as(pilot, "x", elsewhere)  # a folder: the default name goes in it
        assert isinstance(app.screen, SavedDialog)
        assert app.screen.path.parent == elsewhere
        assert app.screen.path.name.startswith("seminar-sheet-")
    assert load_settings(tmp_path / "mini").export_dir == str(elsewhere)
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await open_pane(pilot, "seminar")
        await press(pilot, "x")
        await wait_for(pilot, lambda: isinstance(app.screen, SaveDialog))
        value = app.screen.query_one("#path", Input).value
        assert value.startswith(str(elsewhere / "seminar-sheet-")) and value.endswith("-2.md")


async def test_a_missing_folder_is_said_in_the_dialog_and_nothing_is_written(tmp_path):
    reader(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await save_as(pilot, "x", tmp_path / "nope" / "sheet.md")
        assert isinstance(app.screen, SaveDialog)  # still open, to fix the path
        assert "the folder" in screen_text(app) and "does not exist" in screen_text(app)
        assert "with -o" not in screen_text(app)  # the CLI's words
        assert not (tmp_path / "nope").exists()


async def test_an_existing_file_is_replaced_only_when_asked_twice(tmp_path):
    reader(tmp_path)
    target = tmp_path / "sheet.md"
    target.write_text("mine")
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await save_as(pilot, "x", target)
        assert isinstance(app.screen, SaveDialog) and target.read_text() == "mine"
        assert "already exists: press enter again to replace it" in screen_text(app)
        await press(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SavedDialog))
        assert "The sea was grey" in target.read_text()


async def test_open_runs_the_systems_opener_and_copy_puts_the_path_on_the_clipboard(
    tmp_path, monkeypatch
):
    reader(tmp_path)
    tools = tmp_path / "bin"
    tools.mkdir()
    opened = tmp_path / "opened.txt"
    for name in ("xdg-open", "open"):
        script = tools / name
        script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{opened}"\n')
        script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await save_as(pilot, "x", tmp_path / "sheet.md")
        assert isinstance(app.screen, SavedDialog)
        await press(pilot, "y")
        assert app.clipboard == str(tmp_path / "sheet.md")
        await press(pilot, "o")
        await wait_for(pilot, lambda: opened.exists() and opened.read_text())
        assert opened.read_text() == str(tmp_path / "sheet.md")


async def test_without_an_opener_open_is_not_offered(tmp_path, monkeypatch):
    reader(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await save_as(pilot, "x", tmp_path / "sheet.md")
        assert isinstance(app.screen, SavedDialog)
        assert "Open (o)" not in screen_text(app)


async def test_the_seminar_pane_exports_to_anki_through_the_same_dialog(tmp_path):
    reader(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        labels = [e.label for e in app.palette_entries()]
        assert "seminar: Export to Anki" in labels
        await save_as(pilot, "a", tmp_path)
        assert isinstance(app.screen, SavedDialog)
        package = app.screen.path
        assert package == tmp_path / "mini-quotes.apkg"
        assert "Anki package written to:" in screen_text(app)
        with zipfile.ZipFile(package) as archive:
            assert "collection.anki2" in archive.namelist()
