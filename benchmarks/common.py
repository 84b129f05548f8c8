"""Shared helpers: medians, ratios, the results table, sample data, paths."""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
BIN = Path(sys.executable).parent
COMPANION = str(BIN / "companion") if (BIN / "companion").exists() else shutil.which("companion")

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def median(values) -> float:
    return statistics.median(values)


@dataclass
class Row:
    figure: str
    value: float | None  # the measured figure (s, MB or ms)
    baseline: float | None  # the baseline measured in the same run (None: absolute target)
    target: float  # max ratio (or max absolute value when baseline is None)
    unit: str = "s"
    note: str = ""
    absolute: bool = False  # judge value <= target (baseline shown for reference)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline or self.absolute:
            return None
        return self.value / self.baseline

    @property
    def passed(self) -> bool | None:
        if self.value is None:
            return None
        if self.baseline is None or self.absolute:
            return self.value <= self.target
        return self.ratio <= self.target

    def cells(self) -> list[str]:
        fmt = (
            (lambda v: f"{v * 1000:.0f} ms")
            if self.unit == "s"
            else ((lambda v: f"{v:.1f} MB") if self.unit == "MB" else (lambda v: f"{v:.1f} ms"))
        )
        value = "n/a" if self.value is None else fmt(self.value)
        base = "-" if self.baseline is None else fmt(self.baseline)
        ratio = "-" if self.ratio is None else f"{self.ratio:.2f}x"
        target = (
            f"<= {self.target:g}x"
            if self.baseline is not None and not self.absolute
            else f"<= {self.target:g} {'ms' if self.unit == 'ms' else self.unit}"
        )
        verdict = {True: "PASS", False: "FAIL", None: "N/A"}[self.passed]
        return [self.figure, value, base, ratio, target, verdict, self.note]


HEADERS = ["figure", "value", "baseline", "ratio", "target", "result", "note"]


def table(rows: list[Row], markdown: bool = False) -> str:
    cells = [r.cells() for r in rows]
    if markdown:
        out = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
        out += ["| " + " | ".join(c) + " |" for c in cells]
        return "\n".join(out)
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(HEADERS)]

    def line(c):
        return "  ".join(x.ljust(w) for x, w in zip(c, widths)).rstrip()

    return "\n".join([line(HEADERS), line(["-" * w for w in widths])] + [line(c) for c in cells])


def make_sample(root: Path | None = None, notes: int = 10_000, quotes: int = 1_000) -> Path:
    """A data root holding the large sample (benchmarks/sample_data.py)."""
    from sample_data import generate

    root = Path(root or tempfile.mkdtemp(prefix="companion-bench-large-"))
    generate(root, notes=notes, quotes=quotes)
    return root


def empty_root() -> Path:
    return Path(tempfile.mkdtemp(prefix="companion-bench-empty-"))


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


def env() -> dict:
    # An installed companion has bytecode caches: measure it that way, as a user runs it.
    drop = {"COMPANION_DATA_DIR", "PYTHONDONTWRITEBYTECODE"}
    return {k: v for k, v in os.environ.items() if k not in drop}
