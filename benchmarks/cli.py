"""Command-line figures with 10,000 notes, against `python -c "import textual.app"`.

    python benchmarks/cli.py [--runs 7]

Wall time of each command as a subprocess (output to /dev/null), the installed
`companion` against a copy of the large sample (10,000 notes, 1,000 drilled quotes).
Commands and the baseline alternate; the first round is a warm-up. Medians.
Also checks that none of them imports textual (the figures assume it).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from common import COMPANION, PYTHON, Row, env, make_sample, median, table

BASELINE = [PYTHON, "-c", "import textual.app"]


def commands(root: Path) -> list[tuple[str, list[str], float]]:
    base = [COMPANION, "--data-dir", str(root)]
    return [
        (
            "CLI: note add (10k notes)",
            base
            + [
                "note",
                "add",
                "A benchmark note about Hailsham.",
                "--chapter",
                "3",
                "--tag",
                "bench",
            ],
            1.0,
        ),
        (
            "CLI: note list --search (10k notes)",
            base + ["note", "list", "--search", "Norfolk"],
            1.0,
        ),
        ("CLI: progress (10k notes)", base + ["progress"], 0.5),
    ]


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env())
    elapsed = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()}")
    return elapsed


def imports_textual(argv: list[str]) -> bool:
    """Run the command in-process under a wrapper and look at sys.modules."""
    code = (
        "import sys; from companion.cli import main; sys.argv=['companion', *sys.argv[1:]]\n"
        "import io, contextlib\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(sys.argv[1:])\n"
        "print('textual' in sys.modules)"
    )
    out = subprocess.run([PYTHON, "-c", code, *argv[1:]], capture_output=True, text=True, env=env())
    return out.stdout.strip().endswith("True")


def measure(runs: int = 7, large_root: Path | None = None) -> list[Row]:
    work = Path(tempfile.mkdtemp(prefix="companion-bench-cli-"))
    root = work / "data"
    if large_root is not None:
        shutil.copytree(large_root, root, symlinks=True)
    else:
        make_sample(root)
    try:
        cases = commands(root)
        times: dict[str, list[float]] = {label: [] for label, _, _ in cases}
        base: list[float] = []
        for i in range(runs + 1):
            b = timed(BASELINE)
            got = {label: timed(argv) for label, argv, _ in cases}
            if i:
                base.append(b)
                for label, t in got.items():
                    times[label].append(t)
        rows = []
        baseline = median(base)
        for label, argv, target in cases:
            heavy = imports_textual(argv)
            rows.append(
                Row(
                    label,
                    median(times[label]),
                    baseline,
                    target,
                    "s",
                    note=f"median of {runs}; baseline: import textual.app"
                    + ("; IMPORTS TEXTUAL" if heavy else ""),
                )
            )
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--large", type=Path, help="a data root made by sample_data (copied; default: generate one)"
    )
    args = parser.parse_args()
    print(table(measure(args.runs, args.large)))


if __name__ == "__main__":
    main()
