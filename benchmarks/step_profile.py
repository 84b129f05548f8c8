"""Where a step's time goes: interaction.py's steps, each under cProfile, in one checkout.

    python benchmarks/step_profile.py --large DIR --out A.json     # in checkout A's venv
    python benchmarks/step_profile.py --compare A.json B.json [--step plot] [--top 25]

Runs interaction.py's steps (``--runs`` times) with a profiler enabled only while a
step is timed (main thread: what keeps a key waiting), and keeps, per step, each
function's calls and time (median over the runs). Call counts are deterministic where
time is not: renders, layouts, compositor updates, which pane's work ran. ``--compare``
shows, for each step, the functions whose calls or time differ most between two runs
(two checkouts: run this file with each one's venv, from the same folder).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import re
import statistics
import sys
from pathlib import Path


def label(key: tuple[str, int, str]) -> str:
    """A function's name without the checkout's or the venv's folder, so that two
    checkouts' profiles line up."""
    path, line, name = key
    path = re.sub(r"^.*/site-packages/", "", path)
    path = re.sub(r"^.*?/(companion|benchmarks)/", r"\1/", path)
    return f"{path}:{name}"


def step_key(step: str) -> str:
    """The key a step of interaction.py sends: "switch to 8 seminar" -> "8"."""
    if step.startswith("switch to "):
        return step.split()[2]
    if step.startswith("backspace"):
        return "backspace"
    return step[-2]  # type 'hai' -> i


def paired(steps: list[str], calls: list[tuple]) -> list[tuple]:
    """Each step's (profile, time), from the timed calls in order: a call whose key
    is not the step's is skipped (older interaction.py timed the key that goes back
    to Notes before typing as well, and its profile was paired with the next step)."""
    out, i = [], 0
    for step in steps:
        while calls[i][0] != step_key(step):
            i += 1
        out.append(calls[i][1:])
        i += 1
    return out


def profile(large: Path, runs: int, checkout: Path) -> dict[str, dict[str, list[float]]]:
    sys.path.insert(0, str(checkout / "benchmarks"))
    sys.path.insert(0, str(checkout))
    import interaction

    timed = interaction.timed_key
    steps: dict[str, dict[str, list[float]]] = {}
    counter = {"n": 0}
    names = []

    async def profiled(app, pilot, key, char, done, watch=()):
        prof = cProfile.Profile()
        prof.enable()
        try:
            spent = await timed(app, pilot, key, char, done, watch)
        finally:
            prof.disable()
        names.append((key, prof, spent))
        return spent

    interaction.timed_key = profiled
    for run in range(runs + 1):
        names.clear()
        result = asyncio.run(interaction.companion_run(large))
        if run == 0:
            continue  # warm-up, as interaction.measure
        for (step, _spent), (prof, spent) in zip(result.items(), paired(list(result), names)):
            stats = pstats.Stats(prof).stats
            row = steps.setdefault(step, {})
            row.setdefault("<step>", []).append(spent * 1000)
            for key, (_cc, nc, tt, ct, _callers) in stats.items():
                got = row.setdefault(label(key), [])
                got.append((nc, tt * 1000, ct * 1000))
        counter["n"] += 1
    out: dict[str, dict[str, list[float]]] = {}
    for step, row in steps.items():
        out[step] = {"<step>": [statistics.median(row.pop("<step>")), 0, 0]}
        for name, values in row.items():
            values += [(0, 0.0, 0.0)] * (counter["n"] - len(values))
            out[step][name] = [statistics.median(v[i] for v in values) for i in range(3)]
    return out


def compare(a_path: Path, b_path: Path, only: str | None, top: int) -> None:
    a, b = json.loads(a_path.read_text()), json.loads(b_path.read_text())
    for step in a:
        if only and only not in step:
            continue
        ra, rb = a[step], b.get(step, {})
        print(f"\n== {step}: {ra['<step>'][0]:.1f} ms (A) vs {rb['<step>'][0]:.1f} ms (B)")
        names = set(ra) | set(rb)
        rows = []
        for name in names - {"<step>"}:
            na, ta, ca = ra.get(name, [0, 0, 0])
            nb, tb, cb = rb.get(name, [0, 0, 0])
            rows.append((cb - ca, name, na, nb, ca, cb))
        rows.sort(key=lambda r: -abs(r[0]))
        print(f"  {'cum B-A':>8} {'calls A':>8} {'calls B':>8} {'cum A':>7} {'cum B':>7}  function")
        for d, name, na, nb, ca, cb in rows[:top]:
            print(f"  {d:8.1f} {na:8.0f} {nb:8.0f} {ca:7.1f} {cb:7.1f}  {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--checkout", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--compare", nargs=2, type=Path)
    parser.add_argument("--step", help="only steps whose name holds this")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare, args.step, args.top)
        return 0
    for settings in args.large.glob("*/settings.toml"):
        settings.unlink()  # start on Progress, as ab.py does
    result = profile(args.large, args.runs, args.checkout.resolve())
    args.out.write_text(json.dumps(result))
    for step, row in result.items():
        print(f"{step:<28} {row['<step>'][0]:7.1f} ms", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
