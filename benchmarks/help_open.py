"""Opening help (F1) in each pane, Pilot, headless, 120x40. Target: under 100 ms.

    python benchmarks/help_open.py [--runs 5]

Each key is posted as the terminal would (``interaction.timed_key``): the time runs
until the help screen is on top, idle, and a frame is rendered. Help is opened on each
of the eight panes in turn and closed again, several rounds; the figure is the slowest
pane's median. The first opening builds the screen (once per run); it is reported
in the note. The baseline is the same key opening a one-line modal in a minimal app.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil

from common import Row, log, make_sample, median, table
from interaction import GAP, timed_key

from companion.tui.drive import press, quiet


async def companion_run(root, rounds: int) -> dict[str, list[float]]:
    from companion.context import Context
    from companion.tui.app import CompanionApp
    from companion.tui.screens.help import HelpScreen
    from companion.tui.state import PANE_IDS

    app = CompanionApp(Context(data_override=root), freeze=True)
    times: dict[str, list[float]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await asyncio.sleep(3)  # the panes are mounted ahead in idle moments
        await app.workers.wait_for_complete()
        for _round in range(rounds):
            for pid in PANE_IDS:
                await app.show_pane(pid)
                await quiet(app)
                await asyncio.sleep(GAP)
                took = await timed_key(
                    app, pilot, "f1", None, lambda: isinstance(app.screen, HelpScreen)
                )
                name = "first opening" if not times else pid
                times.setdefault(name, []).append(took)
                await press(pilot, "escape")
                await quiet(app)
                await asyncio.sleep(GAP)
        app.exit()
    return times


async def baseline_run(rounds: int) -> list[float]:
    from textual.app import App
    from textual.screen import ModalScreen
    from textual.widgets import Footer, Header, Static

    class Page(ModalScreen):
        BINDINGS = [("escape", "dismiss", "Close")]

        def compose(self):
            yield Static("help")

    class Floor(App):
        BINDINGS = [("f1", "page", "Help")]

        def compose(self):
            yield Header()
            yield Static("floor")
            yield Footer()

        def action_page(self):
            self.push_screen(Page())

    app = Floor()
    out = []
    async with app.run_test(size=(120, 40)) as pilot:
        await asyncio.sleep(0.3)
        for _ in range(rounds * 8):
            out.append(await timed_key(app, pilot, "f1", None, lambda: len(app.screen_stack) > 1))
            await press(pilot, "escape")
            await quiet(app)
            await asyncio.sleep(GAP)
        app.exit()
    return out


def measure(runs: int = 5, large_root=None) -> list[Row]:
    root = large_root or make_sample(notes=1_000, quotes=100)
    try:
        times = asyncio.run(companion_run(root, runs))
    finally:
        if large_root is None:
            shutil.rmtree(root, ignore_errors=True)
    floor = median(asyncio.run(baseline_run(runs))) * 1000
    per_pane = {k: median(v) * 1000 for k, v in times.items() if k != "first opening"}
    log("  " + ", ".join(f"{k} {v:.0f}" for k, v in per_pane.items()))
    worst = max(per_pane, key=per_pane.get)
    first = times["first opening"][0] * 1000
    return [
        Row(
            "help: open (F1)",
            per_pane[worst],
            floor,
            100,
            "ms",
            note=f"slowest pane ({worst}); the first opening (builds it) {first:.0f} ms",
            absolute=True,
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(table(measure(args.runs)))


if __name__ == "__main__":
    main()
