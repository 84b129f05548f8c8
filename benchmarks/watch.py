"""One poll of the data folder's stamps (store/watch.py) with 10,000 notes.

    python benchmarks/watch.py [--runs 50] [--large DATA_ROOT]

The app polls about once a second to notice changes made elsewhere; this times one
poll (the data files, the folders and a rolling share of the note files) on the large
sample, and a full check of every note file for comparison. Medians.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from common import Row, make_sample, median, table

from companion.store.watch import FILES_PER_POLL, Watcher


def measure(runs: int = 50, large_root: Path | None = None) -> list[Row]:
    work = Path(tempfile.mkdtemp(prefix="companion-bench-watch-"))
    try:
        root = large_root or work / "data"
        if large_root is None:
            make_sample(root)
        [book] = [p for p in root.iterdir() if p.is_dir()]
        notes = len(list((book / "notes").iterdir()))
        rows = []
        for label, per_poll, note in (
            (f"{FILES_PER_POLL} note files", FILES_PER_POLL, "as the app polls"),
            ("every note file", 10**9, "for comparison: why the note files go in turns"),
        ):
            watcher = Watcher(book, files_per_poll=per_poll)
            times = []
            for _ in range(runs + 1):
                start = time.perf_counter()
                found = watcher.poll()
                times.append(time.perf_counter() - start)
                assert not found, found
            rows.append(
                Row(
                    f"watch: one poll, {label} ({notes:,} notes)",
                    median(times[1:]),
                    None,
                    0.05,
                    "s",
                    note=f"median of {runs}; {note}",
                    absolute=True,
                )
            )
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--large", type=Path, help="a data root made by sample_data (read only)")
    args = parser.parse_args()
    print(table(measure(args.runs, args.large)))


if __name__ == "__main__":
    main()
