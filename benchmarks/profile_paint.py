"""Where the time before the first paint goes: cProfile of `companion` up to it.

    python benchmarks/profile_paint.py [--data-dir DIR] [--top 40] [--sort cumulative]

Runs the companion in a new tmux session (120x40) under cProfile; the profiler stops
at the first frame the app writes to the terminal and the process exits. Prints the
top functions and the wall time from start to that frame. A diagnostic, not a figure.
"""

from __future__ import annotations

import argparse
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

INNER = r"""
import cProfile, os, sys, time
start = time.perf_counter()
profile = cProfile.Profile()
profile.enable()
import companion.tui.app


class Profiled(companion.tui.app.CompanionApp):
    def on_mount(self) -> None:  # runs after CompanionApp.on_mount
        self.call_after_refresh(self.stop_profile)  # after the first frame is written

    def stop_profile(self) -> None:
        profile.disable()
        profile.dump_stats(os.environ["PROFILE_OUT"])
        with open(os.environ["PROFILE_OUT"] + ".time", "w") as f:
            f.write(str(time.perf_counter() - start))
        os._exit(0)


companion.tui.app.CompanionApp = Profiled  # launch() makes the app from this name
from companion.cli import main
sys.argv = ["companion", *sys.argv[1:]]
main()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="data root (default: a new empty one)")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()
    data = args.data_dir or Path(tempfile.mkdtemp(prefix="companion-profile-"))
    work = Path(tempfile.mkdtemp(prefix="companion-profile-out-"))
    out = work / "paint.prof"
    script = work / "inner.py"
    script.write_text(INNER)
    tmux = shutil.which("tmux") or "/usr/bin/tmux"
    sock = f"companion-profile-{os.getpid()}"
    command = f"PROFILE_OUT={out} exec {sys.executable} {script} --data-dir {data}"
    subprocess.run(
        [
            tmux,
            "-L",
            sock,
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "p",
            "-x",
            "120",
            "-y",
            "40",
            command,
        ],
        check=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline and not Path(str(out) + ".time").exists():
        time.sleep(0.05)
    time.sleep(0.1)
    subprocess.run([tmux, "-L", sock, "kill-server"], capture_output=True)
    if not out.exists():
        sys.exit("no profile written (did the app start?)")
    print(
        f"first frame written after {float(Path(str(out) + '.time').read_text()):.3f} s "
        f"(profiled, so slower than unprofiled)"
    )
    stats = pstats.Stats(str(out))
    stats.sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
