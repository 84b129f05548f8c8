"""Tags, one rule everywhere: as stored, listed, searched in the app and imported."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_companion

from companion.store.notes import NoteStore
from companion.tui.drive import press
from tests.pane_helpers import SIZE, make_app, notes_pane, screen_text, state_at, wait_for


def add(data_dir: Path, *args: str) -> str:
    result = run_companion("note", "add", *args, data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def listed(data_dir: Path, *args: str) -> list[str]:
    result = run_companion("note", "list", "--json", *args, data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return [n["text"] for n in json.loads(result.stdout)["notes"]]


def test_a_tag_with_a_space_is_found_as_it_was_given(data_dir: Path):
    assert run_companion("progress", "3", data_dir=data_dir).returncode == 0
    add(data_dir, "the gallery", "--tag", "a b")
    add(data_dir, "the pond", "--tag", "ab")
    assert listed(data_dir, "--tag", "a b") == ["the gallery"]
    assert listed(data_dir, "--tag", "#a b") == ["the gallery"]
    assert listed(data_dir, "--tag", "A-B") == ["the gallery"]


def test_search_for_a_hashtag_finds_the_tagged_notes(data_dir: Path):
    assert run_companion("progress", "3", data_dir=data_dir).returncode == 0
    add(data_dir, "Ruth's pencil case", "--tag", "seminar")
    add(data_dir, "a seminar on Tommy's tantrums")  # says seminar, is not tagged so
    add(data_dir, "Madame's gallery #seminar")  # a tag written in the text
    found = listed(data_dir, "--search", "#seminar")
    assert sorted(found) == ["Madame's gallery #seminar", "Ruth's pencil case"]
    assert listed(data_dir, "--search", "#seminar pencil") == ["Ruth's pencil case"]


async def test_notes_search_box_finds_hashtags(tmp_path):
    state = state_at(tmp_path, 3)
    store = NoteStore(state.data_dir)
    store.add("Ruth's pencil case", 2, tags=["seminar"])
    store.add("a seminar on Tommy", 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await notes_pane(pilot)
        await press(pilot, "slash", *"#seminar")
        await wait_for(pilot, lambda: "Tommy" not in screen_text(app))
        assert "Ruth's pencil case" in screen_text(app)
        assert "#seminar" in screen_text(app)  # the tag is shown with its #
        assert pane is not None
