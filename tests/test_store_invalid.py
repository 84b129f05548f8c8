"""Every invalid file of the toml-test corpus, placed as a note, progress.toml and
deck.toml: a clear error naming the file, the file byte-identical, the rest usable."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from conftest import TOML_INVALID

from companion.store.deck import DeckStore
from companion.store.errors import StoreError
from companion.store.notes import NoteStore
from companion.store.progress import Progress, load_progress, save_progress

CORPUS = TOML_INVALID
FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file()) if CORPUS.is_dir() else []
IDS = [str(p.relative_to(CORPUS)) for p in FILES]

pytestmark = pytest.mark.skipif(not FILES, reason="toml-test corpus not available")


def test_corpus_is_big():
    assert len(FILES) > 400


@pytest.fixture
def book(tmp_path: Path) -> Path:
    book = tmp_path / "book"
    store = NoteStore(book)
    store.add("a good note", 2, ["kept"])
    store.add("another good note", 3)
    return book


@pytest.mark.parametrize("source", FILES, ids=IDS)
def test_invalid_note_file(book: Path, source: Path):
    raw = source.read_bytes()
    bad = book / "notes" / "badnote1.toml"
    bad.write_bytes(raw)
    store = NoteStore(book)
    assert sorted(n.text for n in store.notes) == ["a good note", "another good note"]
    [problem] = store.problems
    assert problem.path == bad
    assert str(bad) in problem.message
    assert "left untouched" in problem.message
    assert "your other notes are fine" in problem.message
    # the store keeps working: add, edit and search other notes
    added = store.add("written after the bad file", 1)
    good = next(n for n in store.notes if n.text == "a good note")
    store.update(good.id, text="a good note, edited")
    assert {n.text for n in NoteStore(book).search("good note")} == {
        "a good note, edited",
        "another good note",
    }
    assert NoteStore(book).get(added.id) is not None
    # the bad file cannot be edited or removed through the store, and is unchanged
    with pytest.raises(StoreError) as info:
        store.update("badnote1", text="overwrite")
    assert str(bad) in info.value.message
    with pytest.raises(StoreError):
        store.delete("badnote1")
    assert bad.read_bytes() == raw


@pytest.mark.parametrize("source", FILES, ids=IDS)
def test_invalid_progress_file(tmp_path: Path, source: Path):
    raw = source.read_bytes()
    path = tmp_path / "progress.toml"
    path.write_bytes(raw)
    with pytest.raises(StoreError) as info:
        load_progress(tmp_path, 23)
    assert str(path) in info.value.message
    assert "left untouched" in info.value.message
    with pytest.raises(StoreError) as info:
        save_progress(tmp_path, Progress(3, {1: datetime.date(2025, 1, 1)}))
    assert "not saved" in info.value.message
    assert path.read_bytes() == raw


@pytest.mark.parametrize("source", FILES[::7], ids=IDS[::7])
def test_invalid_deck_file(tmp_path: Path, source: Path):
    raw = source.read_bytes()
    path = tmp_path / "deck.toml"
    path.write_bytes(raw)
    deck = DeckStore(tmp_path)
    assert deck.read_only and str(path) in deck.read_only_reason
    assert deck.starred == []
    with pytest.raises(StoreError):
        deck.star("q1")
    assert path.read_bytes() == raw
