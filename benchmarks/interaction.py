"""Interaction with 10,000 notes (Pilot, headless, 120x40): pane switches and
filtering the Notes pane as you type. Target: at most 50 ms per keystroke or switch.

    python benchmarks/interaction.py [--runs 5]

Pilot's own `press()` waits for the CPU to idle (at least 2 x 20 ms per key), so
it cannot time a keystroke. Instead each key is posted to the app's driver as the
terminal would, and the time is taken until (1) every widget has handled its
messages, (2) the result is in place (the tab is active and its pane mounted; the
Notes list holds exactly the notes `NoteStore.search` returns for the text typed)
and (3) the screen has been composited (a frame rendered). Keys are 100 ms apart,
like a fast typist; background work the app starts (loading threads) is not
waited for, so it shows up in the next key's time as it would for a reader.

Per step (pane 1..8 in turn, then each letter of "hailsham" and each backspace),
the median over the runs; the figure is the slowest step. The baseline is the same
keystroke into an Input in a minimal app (the harness's own floor).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from pathlib import Path

from common import Row, log, make_sample, median, table

from companion.tui.drive import quiet

GAP = 0.1
WORD = "hailsham"
TIMEOUT = 5.0
# COMPANION_BENCH_CLOCK=cpu: each step's CPU time in the main thread (the app's loop:
# what keeps a key waiting) instead of wall time. On a machine shared with other work
# it moves far less; compare like with like (ab.py runs both sides with one setting).
CLOCK = time.thread_time if os.environ.get("COMPANION_BENCH_CLOCK") == "cpu" else time.perf_counter


async def settle(nodes) -> None:
    """Wait until each of ``nodes`` has handled the messages queued so far.

    Like drive.quiet, but only for the widgets that matter here: that one also looks
    at every widget's queue (325 here) and waits for three frames, which the time of
    a key must not include.
    """
    pending = 0
    event = asyncio.Event()

    def one_done() -> None:
        nonlocal pending
        pending -= 1
        if pending == 0:
            event.set()

    for node in nodes:
        if node.call_later(one_done):
            pending += 1
    if pending:
        await asyncio.wait_for(event.wait(), TIMEOUT)


def nodes_of(app, *widgets) -> list:
    out = [app, app.screen]
    focused = app.focused
    if focused is not None:
        out.append(focused)
    for widget in widgets:
        if widget is not None:
            out.append(widget)
            out.extend(widget.walk_children())
    return out


async def timed_key(app, pilot, key: str, char: str | None, done, watch=()) -> float:
    """Post ``key``; seconds until ``done()`` holds, the watched widgets (and their
    children) are idle, and a frame is rendered."""
    from textual import events

    start = time.perf_counter()
    started = CLOCK()
    app.post_message(events.Key(key, char))  # as the terminal driver posts it
    while True:
        await asyncio.sleep(0)
        if done():
            break
        if time.perf_counter() - start > TIMEOUT:
            raise TimeoutError(f"key {key!r}: no result after {TIMEOUT} s")
    await settle(nodes_of(app, *(w() if callable(w) else w for w in watch)))
    # The frame, composited now: the one private name here. Waiting instead for the
    # screen's own refresh (public wait_for_refresh) also times the tick of its 60 fps
    # update timer and what is queued ahead: +13-18 ms on the median switch and
    # keystroke in 3 runs of 4 (one run: 143 ms slowest), +0-1 ms on the floor.
    app.screen._on_timer_update()
    await settle([app, app.screen])
    return CLOCK() - started


# A key that is not a step (back to Notes before typing): step_profile.py swaps
# timed_key and pairs each call with a step, so this one must not go through it.
press_untimed = timed_key


async def companion_run(root: Path) -> dict[str, float]:
    from companion.context import Context
    from companion.store.settings import update_settings
    from companion.tui.app import CompanionApp
    from companion.tui.state import PANE_IDS

    ctx = Context(data_override=root)
    # each run starts on Progress, as a new reader does (and as builds before 6 December
    # always did): the app reopens the pane the last run ended on
    update_settings(ctx.data_dir, {"pane": ""})
    try:  # as launch() makes it: gc.freeze() once after the first paint
        app = CompanionApp(ctx, freeze=True)
    except TypeError:  # a checkout from before the freeze parameter (it always froze)
        app = CompanionApp(ctx)
    steps: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        # A reader looks at the first pane for a few seconds before switching: by then
        # the app has mounted the other panes in idle moments (PREMOUNT_AFTER, one every
        # PREMOUNT_EVERY). Wait for that (at most 8 s) so switches are measured as a
        # reader meets them, not racing the mounting.
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline and not all(app.pane(p) for p in PANE_IDS):
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)
        await app.workers.wait_for_complete()
        await quiet(app)
        from companion.tui.widgets.pane_bar import PaneBar

        tabs = app.query_one(PaneBar)
        order = list(range(2, len(PANE_IDS) + 1)) + [1]
        for number in order:
            pid = PANE_IDS[number - 1]

            def switched(pid=pid) -> bool:
                pane = app.pane(pid)
                return app.current_pane_id == pid and pane is not None and pane.is_mounted

            steps[f"switch to {number} {pid}"] = await timed_key(
                app,
                pilot,
                str(number),
                str(number),
                switched,
                watch=[tabs, lambda pid=pid: app.pane(pid)],
            )
            await asyncio.sleep(GAP)
        # the Notes pane, its search box focused
        await press_untimed(app, pilot, "4", "4", lambda: app.current_pane_id == "notes")
        pane = app.pane("notes")
        await asyncio.sleep(1.0)
        await app.workers.wait_for_complete()
        from textual.widgets import Input

        from companion.tui.widgets.note_list import NoteList

        box = pane.query_one("#notes-search", Input)
        box.focus()  # as "/" does; the footer shows the search box's keys
        await quiet(app)
        await asyncio.sleep(GAP)  # keys are GAP apart: the focus change settles first
        note_list = pane.query_one(NoteList)
        # The expected results come from a store of our own, counted before the keys
        # are sent: asking the app's store would fill its search cache for it.
        from companion.store.notes import NoteStore

        reference = NoteStore(app.state.data_dir)
        prefixes = [WORD[:i] for i in range(len(WORD) + 1)]
        wanted = {p: len(reference.search(p.strip())) for p in prefixes}

        def filtered(text: str):
            want = wanted[text]
            return lambda: box.value == text and len(note_list.rows) == want

        typed = ""
        for ch in WORD:
            typed += ch
            steps[f"type {typed!r}"] = await timed_key(
                app, pilot, ch, ch, filtered(typed), watch=[pane]
            )
            await asyncio.sleep(GAP)
        while typed:
            typed = typed[:-1]
            steps[f"backspace to {typed!r}"] = await timed_key(
                app, pilot, "backspace", None, filtered(typed), watch=[pane]
            )
            await asyncio.sleep(GAP)
        app.exit()
    return steps


async def baseline_run() -> dict[str, float]:
    from textual.app import App
    from textual.widgets import Footer, Header, Input, Static

    class Floor(App):
        def compose(self):
            yield Header()
            yield Input(id="box")
            yield Static("floor")
            yield Footer()

    app = Floor()
    steps: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await asyncio.sleep(0.3)
        box = app.query_one(Input)
        box.focus()
        await quiet(app)
        typed = ""
        for ch in WORD:
            typed += ch
            steps[f"type {typed!r}"] = await timed_key(
                app, pilot, ch, ch, lambda t=typed: box.value == t
            )
            await asyncio.sleep(GAP)
        app.exit()
    return steps


def measure(runs: int = 5, large_root: Path | None = None) -> list[Row]:
    root = large_root or make_sample()
    runs_c: list[dict[str, float]] = []
    runs_b: list[dict[str, float]] = []
    for i in range(runs + 1):
        b = asyncio.run(baseline_run())
        try:
            c = asyncio.run(companion_run(root))
        except Exception as error:  # the TUI is being built: report, do not crash
            log(f"  interaction run {i} failed: {type(error).__name__}: {error}")
            return [
                Row(
                    "interaction: pane switch (10k notes)",
                    None,
                    None,
                    50,
                    "ms",
                    note=f"failed: {error}",
                    absolute=True,
                ),
                Row(
                    "interaction: filter keystroke (10k notes)",
                    None,
                    None,
                    50,
                    "ms",
                    note=f"failed: {error}",
                    absolute=True,
                ),
            ], {}
        log(
            f"  interaction run {i}{' (warm-up)' if i == 0 else ''}: "
            + ", ".join(f"{k} {v * 1000:.0f}" for k, v in c.items())
        )
        if i:
            runs_b.append(b)
            runs_c.append(c)
    per_step = {k: median([r[k] for r in runs_c]) * 1000 for k in runs_c[0]}
    floor = median([median(list(r.values())) for r in runs_b]) * 1000
    switch = {k: v for k, v in per_step.items() if k.startswith("switch")}
    keys = {k: v for k, v in per_step.items() if not k.startswith("switch")}
    worst_s = max(switch, key=switch.get)
    worst_k = max(keys, key=keys.get)
    return [
        Row(
            "interaction: pane switch (10k notes)",
            switch[worst_s],
            floor,
            50,
            "ms",
            note=f"slowest step ({worst_s}); median step {median(list(switch.values())):.1f} ms",
            absolute=True,
        ),
        Row(
            "interaction: filter keystroke (10k notes)",
            keys[worst_k],
            floor,
            50,
            "ms",
            note=f"slowest step ({worst_k}); median step {median(list(keys.values())):.1f} ms",
            absolute=True,
        ),
    ], per_step


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large", type=Path, help="a data root made by sample_data")
    parser.add_argument("--steps", action="store_true", help="print every step's median")
    args = parser.parse_args()
    result = measure(args.runs, args.large)
    rows, steps = result
    if args.steps:
        for k, v in steps.items():
            print(f"  {k:<28} {v:7.1f} ms")
    print(table(rows))


if __name__ == "__main__":
    main()
