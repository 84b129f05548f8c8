"""What the content model costs before the first paint: this tree against another one.

    python benchmarks/model_cost.py [--against main] [--runs 21]

The app's start pays for the model twice before it paints: importing
``companion.book.model`` and unpickling the cached Book (``load_pack_cached`` of the
bundled pack, cache warm), both after Textual is imported, as in the app. Each run is a fresh interpreter; runs of this tree and of
the other tree (``git archive REF`` in a temporary folder, its own pack cache)
alternate, the first of each is a warm-up, and figures are medians in ms.
Written for issue 15 §5: frozen dataclasses with slots against the hand-written
``Frozen`` base they replaced.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from common import PYTHON, ROOT, log, median

# Textual is imported before the book in the app, and with it dataclasses, re, pathlib
PROBE = """
import json, sys, time
import textual.app
t0 = time.perf_counter()
import companion.book.model
t1 = time.perf_counter()
from companion.book.cache import load_pack_cached
t2 = time.perf_counter()
book = load_pack_cached(sys.argv[1])
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t3 - t2, "quotes": len(book.quotes)}))
"""


def checkout(ref: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "companion", "content"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def dataclass_variant(into: Path) -> Path:
    """A copy of this tree whose content classes are frozen dataclasses with slots."""
    for name in ("companion", "content"):
        shutil.copytree(ROOT / name, into / name, ignore=shutil.ignore_patterns("__pycache__"))
    path = into / "companion" / "book" / "model.py"
    text = path.read_text(encoding="utf-8")
    text = re.sub(
        r"^class (\w+)\(Frozen\):",
        r"@dataclass(frozen=True, slots=True)\nclass \1:",
        text,
        flags=re.MULTILINE,
    )
    text = re.sub(
        r"^class (\w+)\((Theme)\):",
        r"@dataclass(frozen=True, slots=True)\nclass \1(\2):",
        text,
        flags=re.MULTILINE,
    )
    path.write_text(text, encoding="utf-8")
    return into


def probe(root: Path, cache: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(root), COMPANION_CACHE_DIR=str(cache))
    pack = root / "content" / "never-let-me-go"
    out = subprocess.run(
        [PYTHON, "-c", PROBE, str(pack)], capture_output=True, text=True, env=env, cwd=root
    )
    if out.returncode:
        raise SystemExit(f"probe failed in {root}:\n{out.stderr}")
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="main", help="git ref to compare with")
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        base = Path(temp)
        (base / "other").mkdir()
        other = checkout(args.against, (base / "other").resolve())
        variant = dataclass_variant((base / "variant").resolve())
        trees = {"this tree": ROOT, "dataclasses": variant, args.against: other}
        figures: dict[str, dict[str, list[float]]] = {
            name: {"import": [], "load": []} for name in trees
        }
        for run in range(args.runs + 1):
            for name, root in trees.items():
                result = probe(root, base / f"cache-{name}")
                if run:
                    for key in ("import", "load"):
                        figures[name][key].append(result[key] * 1000)
        log(f"{args.runs} runs each, medians in ms")
        print(f"{'tree':<12} {'import model':>13} {'cached pack':>12} {'sum':>8}")
        for name, values in figures.items():
            imp, load = median(values["import"]), median(values["load"])
            print(f"{name:<12} {imp:>13.2f} {load:>12.2f} {imp + load:>8.2f}")


if __name__ == "__main__":
    main()
