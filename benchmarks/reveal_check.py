"""What the reveals.toml check costs on the bundled pack.

    python benchmarks/reveal_check.py [--runs 21]

Uses the bundled pack's reveals.toml, or, while it has none, the reveal patterns of
tests/test_content_safety.py written as one. Prints medians in ms of: compiling the
reveals' patterns in a fresh interpreter (re caches them after), the check alone
(every text against every reveal, patterns compiled) in wall-clock and CPU time, a
regex search of every text for comparison, and a full validating load of the pack
with and without the reveals. The app's start does none of this for an unchanged
pack: it reads the pack cache (companion/book/cache.py).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
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


def timed(function, runs: int, clock=time.perf_counter) -> float:
    times = []
    for _ in range(runs):
        start = clock()
        function()
        times.append(clock() - start)
    return median(times) * 1000


COMPILE = """
import sys, time, tomllib
from companion.book.model import Reveal
from companion.book.reveals import compile_reveal
items = tomllib.load(open(sys.argv[1], "rb"))["reveal"]
reveals = [Reveal(i["id"], i["chapter"], i["note"], i.get("term", ""), i.get("pattern", ""))
           for i in items]
start = time.perf_counter()
for reveal in reveals:
    compile_reveal(reveal)
print(time.perf_counter() - start)
"""


def compile_cost(path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", COMPILE, str(path)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        times.append(float(out))
    return median(times) * 1000


def search_each(shown, all_reveals) -> None:
    for reveal in all_reveals:
        regex = reveals.compile_reveal(reveal)
        for item in shown:
            if item.unlock < reveal.chapter:
                regex.search(item.text)


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
        compiling = compile_cost(with_reveals / "reveals.toml", 5)
        check = timed(lambda: reveals.check(loader.shown, book.reveals), args.runs)
        cpu = timed(lambda: reveals.check(loader.shown, book.reveals), args.runs, time.process_time)
        each = timed(lambda: search_each(loader.shown, book.reveals), 3)
        full = timed(lambda: validate_pack(with_reveals), args.runs)
        bare = timed(lambda: validate_pack(without), args.runs)
    print(
        f"compiling the patterns {compiling:.1f} ms; the check {check:.1f} ms "
        f"({cpu:.1f} ms CPU), a search of every text {each:.0f} ms; validating load "
        f"{full:.1f} ms with reveals, {bare:.1f} ms without (medians of {args.runs})"
    )


if __name__ == "__main__":
    main()
