"""First paint and peak memory in a real terminal (tmux), against a minimal Textual app.

    python benchmarks/first_paint.py [--runs 7]

Each run starts a new detached tmux session of 120x40 whose command is the app
(`exec`, so the pane's process is the app), then polls `tmux capture-pane -p` every
5 ms until the header's title is on screen: that is the first paint. One second
later it reads the process's VmHWM (peak resident memory) from /proc; for the
companion it reads it again ALL_MOUNTED seconds after the paint, when every pane
has been mounted and drawn ahead (in idle time, from 1.5 s on), then closes the
session. Runs
of the companion and of benchmarks/minimal_app.py alternate; the first run of
each is a warm-up and is not counted. Figures are medians.

Cases: the bundled book with an empty data dir (a new one each run), and the large
sample (10,000 notes of 500 characters, 1,000 drilled quotes).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import time
from pathlib import Path

from common import COMPANION, HERE, PYTHON, Row, empty_root, log, make_sample, median, table

TMUX = shutil.which("tmux") or "/usr/bin/tmux"
WIDTH, HEIGHT = 120, 40
POLL = 0.005
SETTLE = 1.0
ALL_MOUNTED = 6.0  # seconds after the first paint: every pane mounted and drawn ahead
TIMEOUT = 30.0
MINIMAL_TITLE = "Minimal Benchmark App"
COMPANION_TITLE = "Never Let Me Go"


class Tmux:
    """A private tmux server (its own socket), kept alive by an idle session."""

    def __init__(self) -> None:
        self.socket = f"companion-bench-{os.getpid()}"
        self.count = 0
        self._run(
            "new-session", "-d", "-s", "idle", "-x", str(WIDTH), "-y", str(HEIGHT), "sleep 86400"
        )

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [TMUX, "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=check,
        )

    def close(self) -> None:
        self._run("kill-server", check=False)

    def launch(self, command: str, marker: str, later: float | None = None) -> dict:
        """Start ``command`` in a new 120x40 session; time to ``marker`` and peak memory
        (1 s after it, and ``later`` seconds after it if given)."""
        self.count += 1
        name = f"run{self.count}"
        capture = [TMUX, "-L", self.socket, "capture-pane", "-p", "-t", name]
        start = time.perf_counter()
        self._run(
            "new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT), f"exec {command}"
        )
        paint = None
        while time.perf_counter() - start < TIMEOUT:
            screen = subprocess.run(capture, capture_output=True, text=True).stdout
            if marker in screen:
                paint = time.perf_counter() - start
                break
            time.sleep(POLL)
        pid = int(self._run("list-panes", "-t", name, "-F", "#{pane_pid}").stdout.split()[0])
        time.sleep(SETTLE)
        hwm, rss = read_memory(pid)
        hwm_later = None
        if later is not None:
            time.sleep(later - SETTLE)
            hwm_later, _ = read_memory(pid)
        if paint is None:
            screen = subprocess.run(capture, capture_output=True, text=True).stdout
            log(f"  no {marker!r} on screen after {TIMEOUT:.0f} s; the screen was:\n{screen}")
        self._run("kill-session", "-t", name, check=False)
        for _ in range(400):  # wait for the process to end before the next run
            if not Path(f"/proc/{pid}").exists():
                break
            time.sleep(0.005)
        return {"paint": paint, "hwm": hwm, "rss": rss, "hwm_later": hwm_later}


def read_memory(pid: int) -> tuple[float | None, float | None]:
    """(VmHWM, VmRSS) of a process, in MB."""
    hwm = rss = None
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None, None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1]) / 1024
        elif line.startswith("VmRSS:"):
            rss = int(line.split()[1]) / 1024
    return hwm, rss


def measure(runs: int = 7, large_root: Path | None = None) -> list[Row]:
    tmux = Tmux()
    try:
        minimal = f"{PYTHON} {HERE / 'minimal_app.py'}"
        cases = [("bundled book, empty data dir", None, 1.3)]
        if large_root is not None:
            cases.append(("10k notes + 1k drilled quotes", large_root, 1.5))
        rows: list[Row] = []
        for label, root, target in cases:
            base, subj = [], []
            for i in range(runs + 1):
                data = root or empty_root()
                b = tmux.launch(minimal, MINIMAL_TITLE)
                s = tmux.launch(
                    f"{COMPANION} --data-dir {data}", COMPANION_TITLE, later=ALL_MOUNTED
                )
                if root is None:
                    shutil.rmtree(data, ignore_errors=True)
                log(
                    f"  {label} run {i}{' (warm-up)' if i == 0 else ''}: "
                    f"minimal {b['paint']} s {b['hwm']} MB, companion {s['paint']} s "
                    f"{s['hwm']} MB, {s['hwm_later']} MB at {ALL_MOUNTED:.0f} s"
                )
                if i:
                    base.append(b)
                    subj.append(s)
            paints = [s["paint"] for s in subj if s["paint"] is not None]
            rows.append(
                Row(
                    f"first paint: {label}",
                    median(paints) if len(paints) == len(subj) else None,
                    median([b["paint"] for b in base]),
                    target,
                    "s",
                    note=f"median of {runs}",
                )
            )
            rows.append(
                Row(
                    f"peak memory: {label}",
                    median([s["hwm"] for s in subj if s["hwm"]]),
                    median([b["hwm"] for b in base if b["hwm"]]),
                    1.5,
                    "MB",
                    note="VmHWM, 1 s after first paint",
                )
            )
            rows.append(
                Row(
                    f"peak memory, every pane drawn: {label}",
                    median([s["hwm_later"] for s in subj if s["hwm_later"]]),
                    median([b["hwm"] for b in base if b["hwm"]]),
                    1.5,
                    "MB",
                    note=f"VmHWM, {ALL_MOUNTED:.0f} s after first paint",
                )
            )
        return rows
    finally:
        tmux.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--large", type=Path, help="a data root made by sample_data (default: generate one)"
    )
    parser.add_argument("--no-large", action="store_true", help="only the empty data dir")
    args = parser.parse_args()
    large = None if args.no_large else (args.large or make_sample())
    print(table(measure(args.runs, large)))


if __name__ == "__main__":
    main()
