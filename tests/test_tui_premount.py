"""Panes are mounted ahead of time, hidden, after the first paint; a pane mounted that
way reads its data (notes) only when first shown."""

from __future__ import annotations

import asyncio
from pathlib import Path

from companion.context import Context
from companion.store.notes import NoteStore
from companion.tui import app as app_module
from companion.tui.app import CompanionApp
from companion.tui.state import PANE_IDS

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"


async def test_other_panes_mount_ahead_without_reading_notes(tmp_path, monkeypatch):
    monkeypatch.setattr(app_module, "PREMOUNT_AFTER", 0.05)
    monkeypatch.setattr(app_module, "PREMOUNT_EVERY", 0.02)
    ctx = Context(book_arg=str(MINI), data_override=tmp_path / "data")
    app = CompanionApp(ctx)
    NoteStore(app.state.data_dir).add("a note written before the app", chapter=1)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            if all(app.pane(pid) is not None and app.pane(pid).is_mounted
                   for pid in PANE_IDS):
                break
            await asyncio.sleep(0.05)
        assert all(app.pane(pid).is_mounted for pid in PANE_IDS)
        notes = app.pane("notes")
        await pilot.pause()
        assert app.current_pane_id != "notes"
        assert not notes.loaded and not notes._started  # hidden: nothing read yet
        await app.show_pane("notes")
        for _ in range(100):
            if notes.loaded:
                break
            await asyncio.sleep(0.05)
        assert notes.loaded
        assert [n.text for n in notes.query_one("#notes-list").rows] == [
            "a note written before the app"]


async def test_no_premount_when_turned_off(tmp_path):
    ctx = Context(book_arg=str(MINI), data_override=tmp_path / "data")
    app = CompanionApp(ctx, premount=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert [pid for pid in PANE_IDS if app.pane(pid) is not None] == [app.current_pane_id]
