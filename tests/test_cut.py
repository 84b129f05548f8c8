"""Text cut to a width ends with "…", in cells as the terminal shows them."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from companion.study.text import cut, one_line


@pytest.mark.parametrize(
    "text",
    [
        "Ruth's pencil case and the lie",
        "漢字の練習をしました毎日",
        "👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽",
        "👩‍👩‍👧👩‍👩‍👧👩‍👩‍👧👩‍👩‍👧",
    ],
)
@pytest.mark.parametrize("width", [5, 6, 9])
def test_cut_fits_the_width_and_ends_with_an_ellipsis(text, width):
    text = text * 2  # longer than every width here
    out = cut(text, width)
    assert cell_len(out) <= width and out.endswith("…")
    assert text.startswith(out[:-1].rstrip())  # never splits a character


def test_short_text_is_kept_whole():
    assert cut("Tommy", 5) == "Tommy"
    assert one_line("漢字\nsecond", 4) == "漢字"
    assert one_line("漢字漢字", 5) == "漢字…"
