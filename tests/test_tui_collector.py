"""The collector's middle generation is collected between keys, not inside one."""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

from companion.context import Context
from companion.tui import state
from companion.tui.app import CompanionApp

MINI = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "mini"


async def test_collected_once_keys_stop(monkeypatch):
    monkeypatch.setattr(state, "IDLE_COLLECT_AFTER", 0.2)
    collector = state.IdleCollector()
    gc.collect(0)  # one young collection since the last middle one
    collector.poke()
    await asyncio.sleep(0.1)
    collector.poke()  # another key: the wait starts again
    await asyncio.sleep(0.15)
    assert gc.get_count()[1] >= 1  # 0.15 s after the last key: not yet
    await asyncio.sleep(0.15)
    assert gc.get_count()[1] == 0


def test_a_poke_outside_a_running_loop_does_nothing():
    state.IdleCollector().poke()  # the CLI and tests without a loop: no error


async def test_the_app_collects_after_a_key(tmp_path, monkeypatch):
    monkeypatch.setattr(state, "IDLE_COLLECT_AFTER", 0.05)
    app = CompanionApp(Context(book_arg=str(MINI), data_override=tmp_path / "data"), premount=False)
    thresholds = gc.get_threshold()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            young, _, old = gc.get_threshold()
            gc.set_threshold(young, 10**9, old)  # Python itself never collects it now
            gc.collect(0)  # something for the middle generation
            middle = gc.get_stats()[1]["collections"]
            await pilot.press("2")
            await asyncio.sleep(0.3)
            assert gc.get_stats()[1]["collections"] == middle + 1
            assert app.current_pane_id == "plot"
    finally:
        gc.set_threshold(*thresholds)
