"""How long the whole test suite takes here, and how fast the machine is meanwhile.

    python benchmarks/suite.py [--runs 1] [PYTEST ARGS...]

Runs the README's test command's pytest part (``python -m pytest -q``, with any
PYTEST ARGS after it, such as ``-m "not slow"``) and prints, for each run, its wall
time, the machine's CPU time and idle time over the run (from /proc/stat: every
process counts, Chromium and the apps in tmux too), and pytest's last line.

The target (issue 15) is 120 s on a 2-core machine, but such a machine's speed moves
through the day: on the development machine (a virtual one) the same code took 115 s
one morning and 140-145 s two days later. So a fixed pure-Python loop is timed before
and after each run, for a rough idea of the machine's speed in the same minutes: it
took about 2.3 s of CPU on the fast days, 2.4-2.8 s on the slow ones. It follows the
suite only roughly (a suite of 141 s with the loop at 2.45 s, of 140 s at 2.77 s), so
compare two versions of the code in alternating runs, as the README's Test section
does, rather than one run against a figure from another day.

Linux only (/proc/stat).
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import time

from common import PYTHON, ROOT

LOOP = "s = 0\nfor i in range(3 * 10**7):\n    s += i * i\n"
TICKS = os.sysconf("SC_CLK_TCK")


def loop_seconds() -> float:
    """CPU seconds of the fixed loop, in a fresh interpreter (the machine's speed now)."""
    before = os.times()
    subprocess.run([PYTHON, "-c", LOOP], check=True)
    after = os.times()
    return after.children_user - before.children_user


def machine_times() -> tuple[float, float]:
    """Seconds of CPU used and of CPU idle, summed over every core, since boot."""
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq = fields[:7]
    steal = fields[7] if len(fields) > 7 else 0
    return (user + nice + system + irq + softirq + steal) / TICKS, (idle + iowait) / TICKS


def run_suite(pytest_args: list[str]) -> tuple[int, float, float, float, str]:
    """(exit code, wall, machine CPU, machine idle, pytest's last line) of one run."""
    cpu0, idle0 = machine_times()
    start = time.monotonic()
    done = subprocess.run(
        [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", *pytest_args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    wall = time.monotonic() - start
    cpu1, idle1 = machine_times()
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return done.returncode, wall, cpu1 - cpu0, idle1 - idle0, lines[-1] if lines else ""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs in a row (default 1)")
    args, pytest_args = parser.parse_known_args(argv)
    if not os.path.exists("/proc/stat"):
        print("benchmarks/suite.py needs Linux's /proc/stat", file=sys.stderr)
        return 2
    print(f"{os.cpu_count()} cores; pytest -q {shlex.join(pytest_args)}".rstrip())
    print(f"{'run':>3}  {'wall':>7}  {'CPU':>7}  {'idle':>7}  {'loop':>11}")
    failed = 0
    for n in range(1, args.runs + 1):
        before = loop_seconds()
        code, wall, cpu, idle, last = run_suite(pytest_args)
        after = loop_seconds()
        print(
            f"{n:>3}  {wall:6.1f}s  {cpu:6.0f}s  {idle:6.0f}s  {before:4.2f}-{after:4.2f}s"
            f"  exit {code}: {last}",
            flush=True,
        )
        failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
