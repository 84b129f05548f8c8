"""What the reveals.toml check costs on the bundled pack.

    python benchmarks/reveal_check.py [--runs 21]

Uses the bundled pack's reveals.toml, or, while it has none, the reveal patterns of
tests/test_content_safety.py written as one. Prints medians in ms of: the check
alone (every text against every reveal), and a full validating load of the pack
with and without the reveals. The app's start does neither for an unchanged pack:
it reads the pack cache (companion/book/cache.py).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import tomli_w
from common import ROOT, log, median

from companion.book import reveals
from companion.book.loader import _Loader, validate_pack

BUNDLED = ROOT / "content" / "never-let-me-go"


def reveals_toml() -> str:
    own = BUNDLED / "reveals.toml"
    if own.exists():
        return own.read_text(encoding="utf-8")
    sys.path.insert(0, str(ROOT / "tests"))
    from test_content_safety import ABSENT_BEFORE, REVEALS

    items = [
        {"id": f"r{i}", "pattern": pattern, "chapter": chapter, "note": what}
        for i, (chapter, pattern, what) in enumerate(REVEALS + ABSENT_BEFORE)
    ]
    return tomli_w.dumps({"reveal": items})


def timed(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        with_reveals, without = Path(temp) / "with", Path(temp) / "without"
        shutil.copytree(BUNDLED, with_reveals)
        shutil.copytree(BUNDLED, without)
        (with_reveals / "reveals.toml").write_text(reveals_toml(), encoding="utf-8")
        (without / "reveals.toml").unlink(missing_ok=True)
        book, problems = validate_pack(with_reveals)
        loader = _Loader(with_reveals, [])
        loader.load()
        texts = sum(len(s.text) for s in loader.shown)
        log(
            f"{len(book.reveals) if book else '?'} reveals, {len(loader.shown)} texts "
            f"({texts} characters), {len(problems)} problems"
        )
        check = timed(lambda: reveals.check(loader.shown, book.reveals), args.runs)
        full = timed(lambda: validate_pack(with_reveals), args.runs)
        bare = timed(lambda: validate_pack(without), args.runs)
    print(
        f"check alone {check:.1f} ms; validating load {full:.1f} ms with reveals, "
        f"{bare:.1f} ms without (medians of {args.runs})"
    )


if __name__ == "__main__":
    main()
