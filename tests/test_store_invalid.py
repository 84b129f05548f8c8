"""Every invalid file of the toml-test corpus (vendored in tests/toml_test), placed as a
note, progress.toml, deck.toml, settings.toml, a review day, a draft and a drill
session: a clear problem naming the file, the file byte-identical (or, for a drill
session, moved aside whole), the rest usable."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from conftest import TOML_INVALID

from companion.store.deck import DeckStore
from companion.store.drafts import list_drafts, new_draft
from companion.store.errors import StoreError
from companion.store.notes import NoteStore
from companion.store.progress import Progress, load_progress, save_progress
from companion.store.settings import load_settings, save_settings, settings_path

CORPUS = TOML_INVALID
FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in (".toml", ".multi"))
IDS = [str(p.relative_to(CORPUS)) for p in FILES]


def test_corpus_is_there():
    assert len(FILES) > 500, f"the vendored corpus {CORPUS} is missing or incomplete"


def each_file(check) -> None:
    """Run ``check(raw, name)`` for every corpus file; one assertion lists every failure
    (a case that fails is named with its own message, as a test of its own would be)."""
    failed = []
    for source, name in zip(FILES, IDS):
        try:
            check(source.read_bytes(), name)
        except Exception as error:
            failed.append(f"{name}: {type(error).__name__}: {error}")
    assert not failed, f"{len(failed)} files failed:\n" + "\n".join(failed[:20])


# one file of each folder of the corpus (each kind of fault): after it, the store is
# also used to add, edit and search (the same code path for every bad file; ~50 ms each)
ONE_OF_EACH_KIND = {
    name for name in IDS if name == min(n for n in IDS if n.split("/")[0] == name.split("/")[0])
}


def test_invalid_note_files(tmp_path: Path):
    template = tmp_path / "template"
    seed = NoteStore(template)
    seed.add("a good note", 2, ["kept"])
    seed.add("another good note", 3)
    shared = tmp_path / "shared"  # the bad file is replaced in it; nothing else changes
    shutil.copytree(template, shared)

    def check(raw: bytes, name: str) -> None:
        book = shared
        if name in ONE_OF_EACH_KIND:
            book = tmp_path / name.replace("/", "_")
            shutil.copytree(template, book)
        bad = book / "notes" / "badnote1.toml"
        bad.write_bytes(raw)
        store = NoteStore(book)
        assert sorted(n.text for n in store.notes) == ["a good note", "another good note"]
        [problem] = store.problems
        assert problem.path == bad
        assert str(bad) in problem.message
        assert "left untouched" in problem.message
        assert "your other notes are fine" in problem.message
        # the bad file cannot be edited or removed through the store, and is unchanged
        with pytest.raises(StoreError) as info:
            store.update("badnote1", text="overwrite")
        assert str(bad) in info.value.message
        with pytest.raises(StoreError):
            store.delete("badnote1")
        assert bad.read_bytes() == raw
        if book is shared:
            return
        # the store keeps working: add, edit and search other notes
        added = store.add("written after the bad file", 1)
        good = next(n for n in store.notes if n.text == "a good note")
        store.update(good.id, text="a good note, edited")
        assert {n.text for n in NoteStore(book).search("good note")} == {
            "a good note, edited",
            "another good note",
        }
        assert NoteStore(book).get(added.id) is not None
        assert bad.read_bytes() == raw

    each_file(check)
    assert len(ONE_OF_EACH_KIND) > 10


def test_invalid_progress_files(tmp_path: Path):
    path = tmp_path / "progress.toml"

    def check(raw: bytes, name: str) -> None:
        path.write_bytes(raw)
        with pytest.raises(StoreError) as info:
            load_progress(tmp_path, 23)
        assert str(path) in info.value.message
        assert "left untouched" in info.value.message
        with pytest.raises(StoreError) as info:
            save_progress(tmp_path, Progress(3, {1: datetime.date(2025, 1, 1)}))
        assert "not saved" in info.value.message
        assert path.read_bytes() == raw

    each_file(check)


def test_invalid_deck_files(tmp_path: Path):
    path = tmp_path / "deck.toml"

    def check(raw: bytes, name: str) -> None:
        path.write_bytes(raw)
        deck = DeckStore(tmp_path)
        assert deck.read_only and str(path) in deck.read_only_reason
        assert deck.starred == []
        with pytest.raises(StoreError):
            deck.star("q1")
        assert path.read_bytes() == raw

    each_file(check)


def test_invalid_settings_files(tmp_path: Path):
    path = settings_path(tmp_path)

    def check(raw: bytes, name: str) -> None:
        path.write_bytes(raw)
        settings = load_settings(tmp_path)
        assert settings.problem and str(path) in settings.problem
        settings.theme = "nord"
        assert not save_settings(tmp_path, settings)
        assert path.read_bytes() == raw

    each_file(check)


def test_invalid_review_day_files(tmp_path: Path):
    when = datetime.datetime(2025, 1, 2, 9, tzinfo=datetime.UTC)
    DeckStore(tmp_path).add_review("kept", "good", "drill", when)
    bad = tmp_path / "reviews" / "2025-01-05.toml"

    def check(raw: bytes, name: str) -> None:
        bad.write_bytes(raw)
        deck = DeckStore(tmp_path)
        assert [p.path for p in deck.problems] == [bad]
        assert [r["quote"] for r in deck.reviews] == ["kept"]
        later = datetime.datetime(2025, 1, 5, 9, tzinfo=datetime.UTC)
        with pytest.raises(StoreError):
            deck.add_review("lost?", "good", "drill", later)
        assert bad.read_bytes() == raw

    each_file(check)


def test_invalid_draft_files(tmp_path: Path):
    bad = tmp_path / "drafts" / "new-0badc0de.toml"
    bad.parent.mkdir()

    def check(raw: bytes, name: str) -> None:
        bad.write_bytes(raw)
        found = list_drafts(tmp_path)
        assert found.drafts == [] and [p.path for p in found.problems] == [bad]
        assert str(bad) in found.problems[0].message
        assert bad.read_bytes() == raw

    each_file(check)
    slot = new_draft(tmp_path)  # new drafts still save beside the last bad one
    slot.save("a new draft", {})
    slot.release()
    assert [d.text for d in list_drafts(tmp_path).drafts] == ["a new draft"]


def test_invalid_drill_session_files(tmp_path: Path):
    from companion.study import drill

    path = drill.session_path(tmp_path)

    def check(raw: bytes, name: str) -> None:
        for old in tmp_path.glob("drill-session.toml.bad*"):
            old.unlink()
        path.write_bytes(raw)
        session_file = drill.SessionFile(tmp_path)
        assert session_file.load() is None
        assert session_file.problem and str(path) in session_file.problem
        assert (tmp_path / "drill-session.toml.bad").read_bytes() == raw

    each_file(check)
    drill.SessionFile(tmp_path).save(drill.Session(queue=["q1"]))  # a new session saves
    assert drill.SessionFile(tmp_path).load().queue == ["q1"]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    book = tmp_path / "book"
    store = NoteStore(book)
    store.add("a good note", 2, ["kept"])
    store.add("another good note", 3)
    return book


def test_an_id_ending_in_a_newline_is_not_an_id(book: Path):
    # "$" in a pattern also matches before a final newline: ids are checked to the end
    bad = book / "notes" / "badnote2\n.toml"  # a name and id another tool could write
    raw = (
        b'schema_version = 1\nid = "badnote2\\n"\ntext = "x"\nchapter = 1\n'
        b"created = 2026-01-01T00:00:00Z\nupdated = 2026-01-01T00:00:00Z\n"
    )
    bad.write_bytes(raw)
    store = NoteStore(book)
    [problem] = store.problems
    assert problem.path == bad and "id" in problem.message
    assert all("\n" not in n.id for n in store.notes)
    assert bad.read_bytes() == raw
