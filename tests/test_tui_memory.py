"""The collector is frozen once, when start-up is over (the first paint, and every pane
drawn ahead); reloading notes changed outside the app (the CLI, another window) a
hundred times leaks nothing into it."""

from __future__ import annotations

import gc
from pathlib import Path

from companion.context import Context
from companion.store.notes import NoteStore
from companion.tui.app import CompanionApp
from companion.tui.drive import press
from companion.tui.widgets.note_list import NoteList
from tests.pane_helpers import MINI, SIZE, notes_pane, state_at, wait_for


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def test_no_leak_across_100_external_edits(tmp_path):
    state = state_at(tmp_path, 2)
    outside = NoteStore(state.data_dir)  # another process: the CLI, another window
    note = outside.add("edit 0", 1)
    app = CompanionApp(Context(book_arg=str(MINI), data_override=tmp_path), freeze=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.frozen)  # once, when start-up is over
        pane = await notes_pane(pilot)
        note_list = pane.query_one(NoteList)
        frozen = gc.get_freeze_count()
        sizes = []
        for i in range(1, 101):
            text = f"edit {i} " + "x" * i  # a new size each time: a changed file
            outside.update(note.id, text=text)
            await press(pilot, "ctrl+r")  # read the notes again
            await wait_for(pilot, lambda text=text: note_list.rows[0].text == text)
            if i in (20, 100):
                gc.collect()
                sizes.append(resident_mb())
        assert gc.get_freeze_count() <= frozen  # nothing more was frozen
        assert sizes[1] - sizes[0] < 5  # MB, over 80 edits


async def test_collections_are_fewer_once_start_up_is_over(tmp_path):
    """At Python's default (a young collection every 700 allocations) a pane switch ran
    10-23 collections and now and then a full one of 11-15 ms (README, Performance):
    the app that freezes (as launched) collects young objects every 10,000 from then
    on. An app that does not freeze (the tests') leaves the process's collector alone."""
    state_at(tmp_path, 2)
    kept = gc.get_threshold()
    gc.set_threshold(700, 10, 10)  # Python's default (the suite's own is higher)
    try:
        app = CompanionApp(Context(book_arg=str(MINI), data_override=tmp_path))
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: app.ahead.done)
            assert gc.get_threshold() == (700, 10, 10)
        app = CompanionApp(Context(book_arg=str(MINI), data_override=tmp_path), freeze=True)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: app.frozen)
            assert gc.get_threshold() == (10_000, 10, 10)
    finally:
        gc.set_threshold(*kept)
