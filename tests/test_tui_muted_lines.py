"""Secondary lines are muted as meant: "N more … unlock later" in the lists, and "made
at" beside a prediction. Textual parses a Text's own str style itself and has no
"bright_black", so such a line was drawn plain (and paid a failed parse each draw)."""

from __future__ import annotations

from companion.tui.screens.predictions import look_back_row
from tests.pane_helpers import ROOT, SIZE, make_app, open_pane, screen_cells, state_at

BOOK = ROOT / "content" / "never-let-me-go"


def style_of(cells, words: str) -> set[str]:
    lines = ["".join(c[0] for c in row) for row in cells]
    y = next(y for y, line in enumerate(lines) if words in line)
    x = lines[y].index(words)
    return {cells[y][x + i][1] for i in range(len(words)) if words[i] != " "}


async def test_the_unlock_later_line_is_muted(tmp_path):
    state_at(tmp_path, 1, BOOK)
    app = make_app(tmp_path, BOOK)
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot, "plot")
        cells = screen_cells(app)
        later = style_of(cells, "22 more chapters unlock later")
        chapter = style_of(cells, "Chapter 1")
        assert len(later) == 1 and later != chapter, (later, chapter)
        assert "italic" in next(iter(later))


async def test_in_a_narrow_list_the_line_wraps_whole_and_stays_muted(tmp_path):
    state_at(tmp_path, 1, BOOK)
    app = make_app(tmp_path, BOOK)
    async with app.run_test(size=(60, 18)) as pilot:
        await open_pane(pilot, "plot")
        cells = screen_cells(app)
        lines = ["".join(c[0] for c in row) for row in cells]
        y = next(y for y, line in enumerate(lines) if "23 more sections unlock" in line)
        x = lines[y].index("23 more")
        assert lines[y + 1][x:].startswith("later ")  # wrapped, not cut with an ellipsis
        assert style_of(cells, "23 more sections") == style_of(cells, "22 more chapters")
        assert "italic" in next(iter(style_of(cells, "23 more sections")))


def test_made_at_is_a_muted_span_and_the_prediction_is_not(tmp_path):
    state = state_at(tmp_path, 3, BOOK)
    note = state.notes.add("Madame is afraid", 2, kind="prediction", revisit_at=9)
    row = look_back_row(state, note, 80)
    assert row.plain.startswith("made at  2 Madame is afraid")
    assert not row.style  # the row's own style would reach Textual as a str
    [span] = row.spans
    assert (row.plain[span.start : span.end], span.style) == ("made at  2 ", "bright_black")
