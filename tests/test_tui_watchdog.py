"""No redraw loop under any input or terminal size (issue 13 §4).

A minute of random keys and resizes in a real terminal (tmux), then no input at all:
the app's CPU use must fall under 5% within 3 seconds, and its memory must stop growing.
A session once ran at 100% CPU for 26 minutes, growing to 450 MB.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from tests.pane_helpers import ROOT
from tests.test_tui_draft_sigterm import NEEDS_TMUX, Terminal, _alive

STACK_DUMP = ROOT / "tests" / "stack_dump"  # its sitecustomize: SIGUSR1 writes the stacks

pytestmark = [NEEDS_TMUX, pytest.mark.slow(seconds=65)]

DRIVE_FOR = 60.0  # seconds of random input
# every key that does something somewhere, but those that quit (q, ctrl+q), hand a link
# to the web browser (o), or open Textual's command palette (ctrl+p): under bursts of
# keys Textual 8.2.8's palette ends the app three ways (KeyError paging an empty list
# and ScreenStackError choosing twice, both guarded in app.py; NoMatches for its
# CommandList once it is closing, not guarded: that is Textual's to fix)
KEYS = list("12345678jknpuxfsraeyvmtl/?[]") + ["Enter", "Escape", "Space", "Tab", "BTab"]
KEYS += ["Up", "Down", "Left", "Right", "PageUp", "PageDown", "Home", "End", "F1", "F2"]
KEYS += ["C-s", "C-t", "BSpace"]
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cpu_share(pid: int, seconds: float) -> float:
    start, used = time.monotonic(), cpu_seconds(pid)
    time.sleep(seconds)
    return (cpu_seconds(pid) - used) / (time.monotonic() - start)


def busy_report(term: Terminal, pid: int, stacks: Path) -> str:
    """Where a busy app is: its screen, memory, and its Python stacks (three, a second
    apart), for a failure seen once in a whole suite and not on demand."""
    for _ in range(3):
        os.kill(pid, signal.SIGUSR1)
        time.sleep(1.0)
    return (
        f"RSS {rss_kb(pid)} KB; the screen:\n{term.screen()}\n"
        f"the app's stacks:\n{stacks.read_text() if stacks.exists() else '(none written)'}"
    )


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs /proc")
def test_a_minute_of_random_keys_and_resizes_then_quiet(tmp_path):
    # a new sequence each run (the seed is in every failure; COMPANION_WATCHDOG_SEED
    # replays one): run after run with other seeds found four ways to end the app
    # that seed 14, the fixed one before, never reached
    seed = int(os.environ.get("COMPANION_WATCHDOG_SEED") or random.randrange(1 << 30))
    print(f"seed {seed}")
    rng = random.Random(seed)
    stacks = tmp_path / "stacks.txt"
    env = {"PYTHONPATH": f"{STACK_DUMP}:{ROOT}", "COMPANION_TEST_STACKS": str(stacks)}
    term = Terminal(tmp_path, tmp_path / "data", env=env)
    try:
        pid = term.start()
        term.wait_for("Progress")
        # the pane's pid is the app itself (exec): the process measured
        end = time.monotonic() + DRIVE_FOR
        while time.monotonic() < end:
            if rng.random() < 0.15:
                width, height = rng.choice([(20, 5), (40, 12), (80, 24), (200, 60), (3, 2)])
                width, height = width + rng.randint(0, 9), height + rng.randint(0, 3)
                term.tmux("resize-window", "-t", term.session, "-x", str(width), "-y", str(height))
            else:
                term.keys(*rng.choices(KEYS, k=rng.randint(1, 6)))
            time.sleep(rng.choice([0, 0, 0.01, 0.05, 0.2]))
        term.tmux("resize-window", "-t", term.session, "-x", "120", "-y", "40")
        assert _alive(pid), (
            f"the app ended during the random input (seed {seed}):\n"
            + term.tmux("capture-pane", "-p", "-S", "-400", "-t", term.session, check=False).stdout
        )
        # quiet now: within 3 seconds a second of it uses under 5% of a core. On a machine
        # busier than its cores (the app got ~30% of one here under a load of 17), the
        # app is still working through the minute's keys: it gets until it has caught
        # up; a redraw loop never quiets. Twice the minute was not always enough beside
        # another suite: once the app still used 30-60% of a core after 2 minutes, less
        # and less, having got only 20% in the first seconds after the input.
        busy = os.getloadavg()[0] > (os.cpu_count() or 1)
        allowed = 3 if not busy else 3 + 4 * DRIVE_FOR
        stopped, quiet = time.monotonic(), []
        while not quiet or quiet[-1] >= 0.05:
            if time.monotonic() - stopped >= allowed:
                pytest.fail(
                    f"seed {seed}: CPU share each second: {quiet}\n"
                    + busy_report(term, pid, stacks)
                )
            quiet.append(cpu_share(pid, 1.0))
        took = time.monotonic() - stopped
        # and memory stops growing (a few seconds apart, a little slack for the allocator)
        first = rss_kb(pid)
        time.sleep(4)
        second = rss_kb(pid)
        assert second <= first + 2048, f"memory grew from {first} KB to {second} KB at rest"
        print(f"quiet {took:.1f} s after input stopped (load {os.getloadavg()[0]:.1f}): {quiet}")
        print(f"RSS at rest {first} -> {second} KB")
    finally:
        term.close()
