"""Snapshots of every pane at two progress points and at 80x24 (pytest-textual-snapshot).

Stable by construction: the sample data of ``companion.tui.screenshots`` (fixed dates,
fixed note ids and times, the first visible quotes starred), a fixed "today", and the
mini pack for the early point so content edits to the bundled pack do not churn them,
and no pane drawn ahead (``premount=False``): one drawn under the pane in view when the
picture was taken left cut, zero-width pieces in it (a failure seen only under load);
``test_tui_premount.py`` shows that a pane drawn ahead looks the same.
Update with ``pytest tests/test_snapshots.py --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.tui.drive import press
from companion.tui.screenshots import sample_app, settle
from companion.tui.state import PANE_IDS

ROOT = Path(__file__).resolve().parent.parent
MINI = str(ROOT / "tests" / "fixtures" / "mini")


def snapshot_app(tmp_path, **kwargs):
    """The sample app with no pane drawn ahead (see the module's docstring)."""
    return sample_app(tmp_path, premount=False, **kwargs)


@pytest.mark.parametrize("pane", PANE_IDS)
def test_pane_mini_at_chapter_1(snap_compare, tmp_path, pane):
    app = snapshot_app(tmp_path, progress=1, book=MINI, pane=pane)
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


@pytest.mark.parametrize("pane", PANE_IDS)
def test_pane_mini_at_chapter_3(snap_compare, tmp_path, pane):
    app = snapshot_app(tmp_path, progress=3, book=MINI, pane=pane)
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


@pytest.mark.parametrize("pane", PANE_IDS)
def test_pane_mini_80x24(snap_compare, tmp_path, pane):
    app = snapshot_app(tmp_path, progress=2, book=MINI, pane=pane)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_newly_unlocked_list(snap_compare, tmp_path):
    app = snapshot_app(tmp_path, progress=1, book=MINI, pane="progress")

    async def advance(pilot) -> None:
        await settle(pilot)
        await press(pilot, "n")

    assert snap_compare(app, terminal_size=(120, 40), run_before=advance)


def test_step_back_confirmation(snap_compare, tmp_path):
    app = snapshot_app(tmp_path, progress=3, book=MINI, pane="progress")

    async def back(pilot) -> None:
        await settle(pilot)
        await press(pilot, "u")

    assert snap_compare(app, terminal_size=(80, 24), run_before=back)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_prediction_review(snap_compare, tmp_path, size):
    """Finishing chapter 2: the list leads with the predictions to look back on."""
    app = snapshot_app(tmp_path, progress=1, book=MINI, pane="progress", extra=("predictions",))

    async def advance(pilot) -> None:
        await settle(pilot)
        await press(pilot, "n")

    assert snap_compare(app, terminal_size=size, run_before=advance)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_notes_with_highlights(snap_compare, tmp_path, size):
    """Predictions and highlights marked; an estimated and an unplaced chapter; one
    highlight from past progress counted, not shown."""
    extra = ("predictions", "highlights")
    app = snapshot_app(tmp_path, progress=2, book=MINI, pane="notes", extra=extra)
    assert snap_compare(app, terminal_size=size, run_before=settle)


# The pack's second-edition items: a symbol, a device, the grid, a relationship, a
# portrait, and the quote card's back with its locator (keys pressed after opening).
NEW_VIEWS = [
    ("themes", "symbol:the-sea", (120, 40), ()),
    ("themes", "device:withheld-name", (80, 24), ()),
    ("themes", "grid:symbols", (80, 24), ()),
    ("people", "relationship:ann-and-writer", (120, 40), ()),
    ("people", "character:ann", (80, 24), ()),
    ("quotes", "quote:sea", (80, 24), ("f",)),
]


@pytest.mark.parametrize(("pane", "key", "size", "keys"), NEW_VIEWS)
def test_second_edition_views(snap_compare, tmp_path, pane, key, size, keys):
    app = snapshot_app(tmp_path, progress=3, book=MINI, pane=pane)

    async def open_it(pilot) -> None:
        await settle(pilot)
        await pilot.app.open_item(pane, key)
        await settle(pilot)
        await press(pilot, *keys)

    assert snap_compare(app, terminal_size=size, run_before=open_it)
