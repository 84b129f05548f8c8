"""`companion import notes` with 5,000 and 20,000 notes: the time ratio (linear: ~4x).

    python benchmarks/import_notes.py [--runs 3] [--large 100000]

Each import runs the installed `companion` as a subprocess into a fresh data folder,
from a JSON export generated here (text, tags, a quote, chapters as in real notes).
Target: 20k take at most 5x the time of 5k. ``--large N`` also times one import of N
notes (the issue's 100,000).
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from common import COMPANION, env, median

WORDS = "Hailsham Kathy Ruth Tommy Norfolk cottages gallery Madame carer donor tape".split()


def export(count: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    notes = []
    for i in range(count):
        stamp = (start + datetime.timedelta(minutes=i)).isoformat()
        notes.append(
            {
                "id": f"{i:08x}",
                "text": " ".join(rng.choices(WORDS, k=rng.randint(5, 60))),
                "chapter": rng.randint(0, 23),
                "tags": rng.sample(WORDS, rng.randint(0, 3)),
                "quote": None,
                "conflict_of": None,
                "created": stamp,
                "updated": stamp,
            }
        )
    doc = {
        "format": "companion-notes",
        "schema_version": 1,
        "book": {"id": "never-let-me-go"},
        "notes": notes,
    }
    return json.dumps(doc)


def timed_import(work: Path, source: Path) -> float:
    data = Path(tempfile.mkdtemp(dir=work, prefix="data-"))
    start = time.perf_counter()
    done = subprocess.run(
        [COMPANION, "--data-dir", str(data), "import", "notes", str(source)],
        capture_output=True,
        text=True,
        env=env(),
    )
    elapsed = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"import failed: {done.stderr}")
    shutil.rmtree(data)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--large", type=int, default=0, help="also time one import of N notes")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="companion-bench-import-"))
    try:
        sizes = [5_000, 20_000] + ([args.large] if args.large else [])
        files = {}
        for size in sizes:
            files[size] = work / f"notes-{size}.json"
            files[size].write_text(export(size))
        times = {size: [] for size in sizes[:2]}
        for _ in range(args.runs):
            for size in times:
                times[size].append(timed_import(work, files[size]))
        small, big = median(times[5_000]), median(times[20_000])
        print(f"import 5,000 notes:  {small:.2f} s (median of {args.runs})")
        print(f"import 20,000 notes: {big:.2f} s (median of {args.runs})")
        ratio = big / small
        print(f"ratio 20k / 5k: {ratio:.2f}x (target <= 5x): {'PASS' if ratio <= 5 else 'FAIL'}")
        if args.large:
            print(f"import {args.large:,} notes: {timed_import(work, files[args.large]):.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
