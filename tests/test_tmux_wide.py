"""Wide characters in a real terminal (tmux): emoji with skin tones, ZWJ sequences,
VS16 and CJK never push a border out of line or the end of a line off screen."""

from __future__ import annotations

import pytest

from companion.store.notes import NoteStore
from tests.pane_helpers import state_at
from tests.test_tmux_e2e import MINI, Tmux, pytestmark  # noqa: F401 - skipped without tmux

NOTES = {
    "tones": "Thumbs 👍🏽👍🏿 up for Tommy 👋🏻 again and again 👍🏽👍🏿 until the line wraps round",
    "joined": "Family 👩‍👩‍👧 and a coder 👩🏽‍💻 with ❤️ and ✌️ again and again 👩‍👩‍👧 until it wraps",
    "cjk": "漢字のノートです。とても長い行になります。漢字のノートです。とても長い行になります。",
}


@pytest.fixture
def wide(tmp_path):
    state = state_at(tmp_path / "data", 2, MINI)
    store = NoteStore(state.data_dir)
    for kind, text in NOTES.items():
        store.add(text, 1, tags=[kind])
    session = Tmux(tmp_path)
    yield session
    session.close()


def editor_rows(screen: str) -> list[str]:
    """The rows of the note editor's text box (between its top and bottom edges)."""
    rows = screen.splitlines()
    top = next(i for i, row in enumerate(rows) if "▔▔▔" in row)
    bottom = next(i for i, row in enumerate(rows) if "▁▁▁" in row)
    return rows[top + 1 : bottom]


def test_wide_notes_keep_borders_and_line_ends(wide):
    wide.wait_for("Progress")
    wide.send("4")
    screen = wide.wait_for("3 notes")
    rows = [row for row in screen.splitlines() if "#tones" in row or "#joined" in row]
    rows += [row for row in screen.splitlines() if "#cjk" in row and "ch " in row]
    assert len(rows) == 3
    for row in rows:  # each list row is cut, and says so, inside the screen
        assert row.rstrip().endswith("…"), row
    for _note in range(3):  # each note in the editor: every row ends at its border
        wide.send("Enter")
        wide.wait_for("Edit note")
        screen = wide.wait_for("▁▁▁")  # the box's bottom edge: the editor is drawn whole
        for row in editor_rows(screen):
            assert row.rstrip().endswith("▎ █"), f"{row!r} in\n{screen}"
        wide.send("Escape")
        wide.wait_for("^p palette")
        wide.send("Down")
