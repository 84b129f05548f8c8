"""The tests' and screenshots' ``settle`` waits past a worker cancelled meanwhile (an
exclusive read replaced by a newer one), as the app does it when data changes twice."""

from __future__ import annotations

import time

from companion.tui.screenshots import settle
from tests.pane_helpers import SIZE, make_app


async def test_settle_waits_past_a_cancelled_worker(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        done = []

        def read(n: int) -> None:
            time.sleep(0.2)
            done.append(n)

        newer = []

        def read_again() -> None:  # while settle waits for the first read
            newer.append(app.run_worker(lambda: read(2), thread=True, group="x", exclusive=True))

        app.run_worker(lambda: read(1), thread=True, group="x", exclusive=True)
        app.set_timer(0.1, read_again)
        await settle(pilot)  # raised WorkerCancelled (the first read's)
        assert newer and newer[0].is_finished and 2 in done
