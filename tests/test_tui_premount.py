"""Panes are mounted ahead of time, hidden, after the first paint; a pane mounted that
way reads its data (notes) only when first shown."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from companion.context import Context
from companion.store.notes import NoteStore
from companion.tui import ahead as app_module
from companion.tui.app import CompanionApp
from companion.tui.drive import press, quiet
from companion.tui.state import PANE_IDS
from tests.pane_helpers import screen_cells, screen_text

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
            if all(app.pane(pid) is not None and app.pane(pid).is_mounted for pid in PANE_IDS):
                break
            await asyncio.sleep(0.05)
        assert all(app.pane(pid).is_mounted for pid in PANE_IDS)
        notes = app.pane("notes")
        await quiet(pilot.app)
        assert app.current_pane_id != "notes"
        assert not notes.loaded and not notes.started  # hidden: nothing read yet
        await app.show_pane("notes")
        for _ in range(100):
            if notes.loaded:
                break
            await asyncio.sleep(0.05)
        assert notes.loaded
        assert [n.text for n in notes.query_one("#notes-list").rows] == [
            "a note written before the app"
        ]


async def test_no_premount_when_turned_off(tmp_path):
    ctx = Context(book_arg=str(MINI), data_override=tmp_path / "data")
    app = CompanionApp(ctx, premount=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await quiet(pilot.app)
        assert [pid for pid in PANE_IDS if app.pane(pid) is not None] == [app.current_pane_id]


def cells(app) -> list:
    """Every cell on screen as (character, style, background)."""
    return screen_cells(app)


async def test_panes_drawn_ahead_are_never_seen(tmp_path, monkeypatch):
    """Each pane mounted ahead is laid out and drawn once, off screen: the screen stays
    exactly as it was, and the pane has its size before its first show."""
    monkeypatch.setattr(app_module, "PREMOUNT_AFTER", 0.3)
    monkeypatch.setattr(app_module, "PREMOUNT_EVERY", 0.02)
    ctx = Context(book_arg=str(MINI), data_override=tmp_path / "data")
    app = CompanionApp(ctx)
    shots = []
    draw = app.ahead.draw

    def spy(pane_id, pane, then):
        draw(pane_id, pane, then)
        app.call_after_refresh(
            lambda: shots.append(
                (pane_id, pane.display and app.slots[pane_id].has_class("rehearsal"), cells(app))
            )
        )

    app.ahead.draw = spy
    async with app.run_test(size=(100, 30)) as pilot:
        await quiet(pilot.app)
        before = cells(app)
        for _ in range(200):
            if len(shots) == len(PANE_IDS) - 1 and not app.query(".rehearsal"):
                break
            await asyncio.sleep(0.05)
        await quiet(pilot.app)
        assert [pid for pid, _, _ in shots] == [p for p in PANE_IDS if p != "progress"]
        assert all(drawn for _, drawn, _ in shots)  # caught while being drawn ahead
        assert all(screen == before for _, _, screen in shots)
        assert cells(app) == before
        shown = app.current_pane
        for pid in PANE_IDS:
            pane = app.pane(pid)
            slot = app.slots[pid]
            assert pane.display == slot.display == (pane is shown)
            assert not slot.has_class("rehearsal")
        assert not app.pane("notes").loaded  # drawn, but nothing read until shown


async def test_a_pane_opened_while_drawn_ahead_stays_in_view(tmp_path):
    ctx = Context(book_arg=str(MINI), data_override=tmp_path / "data")
    app = CompanionApp(ctx, premount=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await quiet(pilot.app)
        pane = app.make_pane("glossary")
        await app.ahead.mount("glossary", pane)
        app.ahead.draw("glossary", pane, then=lambda: None)
        await press(pilot, "7")  # before the rehearsal's frames are over
        for _ in range(5):
            await quiet(pilot.app)
        assert app.current_pane is pane and pane.display
        assert not app.slots["glossary"].has_class("rehearsal")
        assert not app.pane("progress").display and not app.slots["progress"].display
        assert app.screen.get_widget_at(50, 10)[0] in list(pane.walk_children()) + [pane]


async def test_a_hidden_pane_changed_in_the_background_shows_the_change(tmp_path):
    """A hidden pane's widgets changing (notes finishing loading) change nothing on the
    screen in view; the pane shows the change when it is opened."""
    ctx = Context(book_arg=str(MINI), data_override=tmp_path / "data")
    app = CompanionApp(ctx, premount=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.show_pane("notes")
        await quiet(pilot.app)
        notes = app.pane("notes")
        notes.show_notice("Shown while in view")
        await quiet(pilot.app)
        assert "Shown while in view" in screen_text(app)
        notes.show_notice("")  # the notice hides: what is under it moves up
        await quiet(pilot.app)
        assert "Shown while in view" not in screen_text(app)
        await app.show_pane("progress")
        await quiet(pilot.app)
        before = cells(app)
        notes.show_notice("Written while hidden")
        for _ in range(3):
            await quiet(pilot.app)
        assert cells(app) == before
        await press(pilot, "4")
        assert "Written while hidden" in screen_text(app)


async def test_a_pane_drawn_ahead_looks_the_same_as_one_drawn_when_opened(tmp_path, monkeypatch):
    monkeypatch.setattr(app_module, "PREMOUNT_AFTER", 0.05)
    monkeypatch.setattr(app_module, "PREMOUNT_EVERY", 0.02)
    panes = [p for p in PANE_IDS if p != "progress"]

    async def screens(premount: bool) -> dict:
        ctx = Context(book_arg=str(MINI), data_override=tmp_path / "data")
        app = CompanionApp(ctx, premount=premount)
        out = {}
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(200):
                if not premount or (app.ahead.done and not app.query(".rehearsal")):
                    break
                await asyncio.sleep(0.05)
            for pid in panes:
                await app.show_pane(pid)
                for _ in range(3):
                    await quiet(pilot.app)
                out[pid] = cells(app)
        return out

    data_dir = Context(book_arg=str(MINI), data_override=tmp_path / "data").data_dir
    NoteStore(data_dir).add("a note for the lists", chapter=1, tags=["seminar"])
    ahead, opened = await screens(True), await screens(False)
    for pid in panes:
        assert ahead[pid] == opened[pid], pid
    text = "".join(ch for row in ahead["notes"] for ch, _, _ in row)
    assert "a note for the lists" in text


async def test_a_pane_opened_while_it_is_drawn_ahead_still_loads(tmp_path):
    # the Show that starts a pane came while it was drawn ahead;
    # opened then, it got no other: Notes said "Loading your notes…" for ever
    from tests.pane_helpers import context, settle, wait_for

    NoteStore(tmp_path / "mini").add("a note written before the app", chapter=1)
    app = CompanionApp(context(tmp_path), premount=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pane = app.make_pane("notes")
        pane.premounted = True
        await app.ahead.mount("notes", pane)
        app.ahead.draw("notes", pane, then=lambda: None)
        await quiet(pilot.app)  # drawn ahead: its Show came while Progress is in view
        await app.show_pane("notes")
        await wait_for(pilot, lambda: pane.loaded)
        assert [n.text for n in pane.query_one("#notes-list").rows] == [
            "a note written before the app"
        ]


@pytest.mark.parametrize("turns", [0, 1])
@pytest.mark.parametrize("pane_id", PANE_IDS)
async def test_quitting_while_a_pane_is_mounted_ahead_ends_cleanly(
    tmp_path, monkeypatch, pane_id, turns
):
    # a reader who quits a second or two after the start quits while the app mounts a
    # pane ahead: its children may already be gone when its on_mount runs, or only the
    # lists inside them (quit a turn of the event loop later: the on_mount of every
    # pane but Notes raised NoMatches; seen once in a whole suite)
    monkeypatch.setattr(app_module, "PREMOUNT_AFTER", 0.05)
    monkeypatch.setattr(app_module, "PREMOUNT_EVERY", 0.02)
    ctx = Context(book_arg=str(MINI), data_override=tmp_path / "data")
    if pane_id == "progress":  # opened on Plot (left there last time): Progress comes ahead
        settings = CompanionApp(ctx).state.data_dir / "settings.toml"
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text('schema_version = 1\npane = "plot"\n')
    app = CompanionApp(ctx)
    async with app.run_test(size=(120, 40)):
        assert app.current_pane_id == ("plot" if pane_id == "progress" else "progress")
        end = time.monotonic() + 30
        while app.pane(pane_id) is None:  # made, and its mount just begun
            assert time.monotonic() < end, f"the {pane_id} pane was never mounted ahead"
            await asyncio.sleep(0)
        assert pane_id in app.ahead.mounting
        for _ in range(turns):
            await asyncio.sleep(0)
        app.exit()
    assert app.return_code == 0
