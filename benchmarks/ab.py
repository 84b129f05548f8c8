"""Two (or more) checkouts of the companion measured in the same run, interleaved.

    python benchmarks/ab.py --side before=/path/to/main --side after=. [--rounds 5]
    python benchmarks/ab.py --side after=. --side without-x=.:COMPANION_X=0

Each side is ``LABEL=CHECKOUT[:NAME=VALUE;...]``: a folder holding the companion with
its own ``.venv`` (made as the README says), and environment variables to run it with.
Every round runs, for each side in turn (the order alternates from round to round),
that checkout's own ``first_paint.measure`` and ``interaction.measure`` (``--runs``
runs each, medians), in a subprocess of its venv, on its own copy of one large sample
(10,000 notes, 1,000 drilled quotes) with its notes cache written by that build.
The machine's speed drifts over minutes; interleaving spreads the drift over every
side alike. Prints, per side, the median over the rounds of each figure that
``run.py`` reports, and each round's figures to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import log, make_sample

SCRIPT = r"""
import json, sys
from pathlib import Path
sys.path.insert(0, ".")
import first_paint, interaction
large, what, runs = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
out = {}
if "paint" in what:
    for row in first_paint.measure(runs, large):
        out[row.figure] = (row.value, row.baseline)
if "interaction" in what:
    out["steps"] = interaction.measure(runs, large)[1]
print("AB-RESULT " + json.dumps(out))
"""


def parse_side(text: str) -> tuple[str, Path, dict[str, str]]:
    label, _, rest = text.partition("=")
    folder, _, env = rest.partition(":")
    extra = dict(item.split("=", 1) for item in env.split(";") if item)
    return label, Path(folder).resolve(), extra


def run_side(folder: Path, extra: dict[str, str], large: Path, what: str, runs: int) -> dict:
    for settings in large.glob("*/settings.toml"):
        settings.unlink()  # the interaction run leaves the Notes pane open: start on Progress
    env = {k: v for k, v in os.environ.items() if k != "COMPANION_DATA_DIR"}
    env.update(extra)
    done = subprocess.run(
        [str(folder / ".venv" / "bin" / "python"), "-c", SCRIPT, str(large), what, str(runs)],
        cwd=folder / "benchmarks",
        env=env,
        capture_output=True,
        text=True,
    )
    for line in done.stdout.splitlines():
        if line.startswith("AB-RESULT "):
            return json.loads(line[len("AB-RESULT ") :])
    raise RuntimeError(f"{folder}: no result\n{done.stderr[-2000:]}")


def warm_cache(folder: Path, root: Path) -> None:
    """Let ``folder``'s build write its notes cache into ``root``, as a reader's first
    start does (`note list` reads every note)."""
    subprocess.run(
        [str(folder / ".venv" / "bin" / "python"), "-m", "companion", "--data-dir", str(root)]
        + ["note", "list", "--json"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        check=True,
    )


def figures(result: dict) -> dict[str, float]:
    """One round's figures: ratios for paint and memory, ms for the steps."""
    out: dict[str, float] = {}
    for name, pair in result.items():
        if name == "steps" or not pair[0] or not pair[1]:
            continue
        out[f"{name} (ratio)"] = pair[0] / pair[1]
        out[name] = pair[0] * (1000 if name.startswith("first paint") else 1)
    steps = result.get("steps")
    if steps:
        switch = [v for k, v in steps.items() if k.startswith("switch")]  # ms
        keys = [v for k, v in steps.items() if not k.startswith("switch")]
        out["pane switch: slowest (ms)"] = max(switch)
        out["pane switch: median (ms)"] = statistics.median(switch)
        out["filter keystroke: slowest (ms)"] = max(keys)
        out["filter keystroke: median (ms)"] = statistics.median(keys)
        out.update({f"  {step} (ms)": value for step, value in steps.items()})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", action="append", required=True, help="LABEL=DIR[:ENV=V;...]")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--large", type=Path, help="a data root made by sample_data.py")
    parser.add_argument("--what", default="paint,interaction", help="paint, interaction or both")
    parser.add_argument("--runs", type=int, default=1, help="runs of each figure per round")
    args = parser.parse_args()
    sides = [parse_side(s) for s in args.side]
    large = args.large or make_sample()
    # each side its own copy of the data: a build reads (and rewrites) the notes cache
    # in its own format, and with one copy every run found the other build's cache
    # and parsed 10,000 note files instead of reading it
    copies = Path(tempfile.mkdtemp(prefix="ab-data-"))
    data = {}
    for label, folder, _ in sides:
        data[label] = copies / label
        shutil.copytree(large, data[label], symlinks=True)
        warm_cache(folder, data[label])
    started = time.time()
    rounds: dict[str, list[dict[str, float]]] = {label: [] for label, _, _ in sides}
    for r in range(args.rounds):
        order = sides if r % 2 == 0 else sides[::-1]
        for label, folder, extra in order:
            got = figures(run_side(folder, extra, data[label], args.what, args.runs))
            rounds[label].append(got)
            log(f"round {r} {label}: " + ", ".join(f"{k} {v:.2f}" for k, v in got.items()))
    names = list(next(iter(rounds.values()))[0])
    width = max(len(n) for n in names)
    print(f"{'figure':<{width}}  " + "  ".join(f"{label:>12}" for label in rounds))
    for name in names:
        cells = []
        for runs in rounds.values():
            values = [run[name] for run in runs if name in run]
            cells.append(f"{statistics.median(values):12.2f}" if values else f"{'n/a':>12}")
        print(f"{name:<{width}}  " + "  ".join(cells))
    log(f"done in {time.time() - started:.0f} s ({args.rounds} rounds)")
    shutil.rmtree(copies, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
