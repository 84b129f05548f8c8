"""Noticing changes made elsewhere by file stamps (store/watch.py)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from conftest import run_companion

from companion.store.deck import DeckStore
from companion.store.notes import NoteStore
from companion.store.progress import finish_chapters
from companion.store.settings import update_settings
from companion.store.watch import Watcher

TODAY = datetime.date(2025, 3, 1)
WHEN = datetime.datetime(2025, 3, 1, 9, tzinfo=datetime.UTC)


def test_nothing_changed_nothing_reported(tmp_path: Path):
    NoteStore(tmp_path).add("a note", 1)
    watcher = Watcher(tmp_path)
    assert watcher.poll() == set()
    assert watcher.poll() == set()


@pytest.mark.parametrize(
    "kind, change",
    [
        ("progress", lambda book: finish_chapters(book, 3, TODAY)),
        ("deck", lambda book: DeckStore(book).star("q1")),
        ("reviews", lambda book: DeckStore(book).add_review("q1", "good", "drill", WHEN)),
        ("settings", lambda book: update_settings(book, {"theme": "textual-light"})),
        ("notes", lambda book: NoteStore(book).add("from another window", 2)),
    ],
)
def test_each_kind_of_change_is_reported_once(tmp_path: Path, kind, change):
    DeckStore(tmp_path).add_review("q0", "good", "drill", WHEN)  # the reviews folder exists
    watcher = Watcher(tmp_path)
    change(tmp_path)
    assert kind in watcher.poll()
    assert watcher.poll() == set()


def test_a_change_by_the_command_line_is_noticed(tmp_path: Path):
    book = tmp_path / "mini"
    watcher = Watcher(book)
    done = run_companion("--book", "tests/fixtures/mini", "progress", "2", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert watcher.poll() == {"progress"}


def test_a_note_edited_in_place_is_noticed_by_the_rolling_check(tmp_path: Path):
    store = NoteStore(tmp_path)
    notes = [store.add(f"note {i}", 1) for i in range(30)]
    watcher = Watcher(tmp_path, files_per_poll=10)
    path = tmp_path / "notes" / f"{notes[17].id}.toml"
    with open(path, "a") as f:  # as an editor that writes in place
        f.write("# touched\n")
    seen = set()
    for _ in range(6):  # 30 files, 5 per poll for each of the two folders
        seen |= watcher.poll()
    assert seen == {"notes"}


def test_rebase_skips_what_this_process_wrote(tmp_path: Path):
    watcher = Watcher(tmp_path)
    finish_chapters(tmp_path, 1, TODAY)
    NoteStore(tmp_path).add("mine", 1)
    watcher.rebase("progress", "notes")
    assert watcher.poll() == set()


def test_a_notes_folder_replaced_by_a_file_is_a_change(tmp_path: Path):
    NoteStore(tmp_path).add("a note", 1)
    watcher = Watcher(tmp_path)
    (tmp_path / "notes").rename(tmp_path / "notes-away")
    (tmp_path / "notes").write_text("a file")
    assert watcher.poll() == {"notes"}


def test_after_a_note_is_added_the_others_are_not_reported_again(tmp_path: Path):
    # the files' stamps outlive a new listing of the folder: only real changes show
    store = NoteStore(tmp_path)
    notes = [store.add(f"note {i}", 1) for i in range(30)]
    watcher = Watcher(tmp_path, files_per_poll=10)
    store.add("one more", 2)
    (tmp_path / "notes" / f"{notes[3].id}.toml").unlink()
    assert watcher.poll() == {"notes"}
    for _ in range(7):  # every file checked once more: none changed since
        assert watcher.poll() == set()
    with open(tmp_path / "notes" / f"{notes[20].id}.toml", "a") as f:
        f.write("# touched\n")
    seen = set()
    for _ in range(7):
        seen |= watcher.poll()
    assert seen == {"notes"}
