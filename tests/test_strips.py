"""Strips with lazy caches (companion.tui.strips) behave as Textual's own."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
import random, sys
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import Monochrome
from textual.strip import Strip
if sys.argv[1] == "lazy":
    from companion.tui.strips import lighten_strips
    assert lighten_strips()
rng = random.Random(7)
styles = [None, Style(bold=True), Style(color="red", bgcolor="blue"), Style(italic=True)]
words = ["a", "bc", "def ", "日本", " ", "x" * 7, "é"]
out = []
for n in range(300):
    segs = [Segment(rng.choice(words), rng.choice(styles)) for _ in range(rng.randint(0, 6))]
    s = Strip(segs)
    w = s.cell_length
    cuts = sorted({rng.randint(0, w + 2) for _ in range(3)})
    for _ in range(2):  # twice: the second answer comes from the caches
        out.append((s.text, w, [x.text for x in s.divide(cuts)],
                    s.crop(1, max(1, w - 1)).text, s.crop_extend(0, w + 3, None).cell_length,
                    list(s.apply_style(Style(underline=True))),
                    list(s.apply_style(Style(reverse=True))
                         .apply_filter(Monochrome(), Color(0, 0, 0))),
                    list(s.adjust_cell_length(w + 2)), list(s.extend_cell_length(w + 1)),
                    list(s.simplify()), list(s.discard_meta()),
                    list(Strip.join([s, s])), list(s.apply_offsets(2, 3))))
    assert s.crop(0, 1) is s.crop(0, 1)  # cached, as before
print(repr(out))
"""


def run(mode: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, check=True
    ).stdout


def test_lazy_caches_give_the_same_strips():
    assert run("lazy") == run("textual")


def test_only_the_known_strip_is_changed(monkeypatch):
    from textual.strip import Strip

    from companion.tui import strips

    assert strips.lighten_strips()  # the pinned Textual: applied (and once is enough)
    assert strips.lighten_strips()
    monkeypatch.setattr(strips, "SLOTS", strips.SLOTS | {"_new_slot"})
    monkeypatch.setattr(Strip, "__init__", object.__init__)  # as if not applied yet
    assert not strips.lighten_strips()  # another shape of Strip: left alone


def test_forgetting_cuts_keeps_the_line_and_its_answers():
    from types import SimpleNamespace

    from rich.segment import Segment
    from textual.strip import Strip

    from companion.tui.strips import forget_cuts, lighten_strips

    assert lighten_strips()
    line = Strip([Segment("one line of text")])
    pieces = [p.text for p in line.divide([3, 8])]
    cropped = line.crop(2, 6)
    widget = SimpleNamespace(_styles_cache=SimpleNamespace(_cache={0: line}))
    forget_cuts([widget])
    assert widget._styles_cache._cache[0] is line
    assert line.crop(2, 6) is not cropped and line.crop(2, 6).text == cropped.text
    assert [p.text for p in line.divide([3, 8])] == pieces
