"""Every figure of issue 7, each against its baseline measured in the same run.

    /work/venv/bin/python benchmarks/run.py [--runs 7] [--markdown] [--skip tui|cli|interaction]

Generates the large sample once (10,000 notes of 500 characters, 1,000 drilled
quotes; benchmarks/sample_data.py) in a temporary folder, then runs
benchmarks/cli.py, benchmarks/first_paint.py (tmux, 120x40) and
benchmarks/interaction.py (Pilot, headless) and prints one table: value, baseline,
ratio, target, PASS/FAIL. Progress goes to stderr. Not part of the test suite.
Needs tmux. Exit status 1 if any figure fails.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time

import cli
import first_paint
import interaction
from common import log, make_sample, table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs per figure (>= 5)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument(
        "--skip", action="append", default=[], choices=["cli", "tui", "interaction"]
    )
    args = parser.parse_args()
    started = time.time()
    log("making the large sample (10,000 notes, 1,000 drilled quotes)…")
    large = make_sample()
    rows = []
    try:
        if "cli" not in args.skip:
            log("CLI…")
            rows += cli.measure(args.runs, large)
        if "tui" not in args.skip:
            log("first paint and memory in tmux…")
            rows += first_paint.measure(args.runs, large)
        if "interaction" not in args.skip:
            log("interaction (Pilot)…")
            rows += interaction.measure(max(5, args.runs - 2), large)[0]
    finally:
        shutil.rmtree(large, ignore_errors=True)
    print(table(rows, markdown=args.markdown))
    log(f"done in {time.time() - started:.0f} s")
    return 0 if all(r.passed for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
