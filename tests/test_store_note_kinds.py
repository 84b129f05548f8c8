"""Notes of another kind (predictions) in the store: their files, schema_version 2,
checks on read, the read cache, and JSON out and back in. Real files in temporary folders."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from test_store_notes import check_bad_note_file

from companion.store.errors import StoreError
from companion.store.notes import CONFLICT_TAG, NoteStore
from companion.store.notes_io import parse_export, to_json

NOTE_HEAD = b"id = 'badf'\ntext = 'x'\ntags = []\n"
TIMES = b"created = 2025-01-01T00:00:00Z\nupdated = 2025-01-01T00:00:00Z\n"


def read(tmp_path: Path, note_id: str) -> dict:
    return tomllib.loads((tmp_path / "notes" / f"{note_id}.toml").read_text("utf-8"))


def test_a_prediction_round_trips_and_a_plain_note_stays_version_1(tmp_path: Path):
    store = NoteStore(tmp_path)
    plain = store.add("Kathy is a carer", 1)
    guess = store.add("Donations are of organs", 2, ["guess"], kind="prediction", revisit_at=9)
    assert read(tmp_path, plain.id)["schema_version"] == 1
    assert "kind" not in read(tmp_path, plain.id)
    on_disk = read(tmp_path, guess.id)
    assert on_disk["schema_version"] == 2
    assert (on_disk["kind"], on_disk["chapter"], on_disk["revisit_at"]) == ("prediction", 2, 9)
    assert "outcome" not in on_disk
    store.update(guess.id, outcome="partly", reflection="organs, yes; not why", answered_at=9)
    for _ in range(2):  # from the files, then from the read cache they leave
        fresh = NoteStore(tmp_path)
        assert fresh.problems == []
        assert len(fresh.notes) == 2
        got = fresh.get(guess.id)
        assert (got.kind, got.chapter, got.revisit_at) == ("prediction", 2, 9)
        assert (got.outcome, got.reflection, got.answered_at) == (
            "partly",
            "organs, yes; not why",
            9,
        )
        assert fresh.get(plain.id).kind == "note" and fresh.get(plain.id).revisit_at is None
    assert (tmp_path / ".notes-cache").exists()


def test_unmarking_removes_the_keys(tmp_path: Path):
    store = NoteStore(tmp_path)
    guess = store.add("The Gallery proves souls", 3, kind="prediction", revisit_at=9)
    store.update(guess.id, outcome="wrong", reflection="not souls", answered_at=22)
    store.update(guess.id, outcome=None, reflection=None, answered_at=None)
    on_disk = read(tmp_path, guess.id)
    assert on_disk["kind"] == "prediction" and on_disk["schema_version"] == 2
    assert not {"outcome", "reflection", "answered_at"} & set(on_disk)


@pytest.mark.parametrize(
    "values, words",
    [
        ({"outcome": "maybe", "answered_at": 9}, "outcome should be one of came-true"),
        ({"outcome": "partly", "answered_at": -1}, "answered_at should be a chapter number"),
        ({"outcome": "partly", "reflection": "two\nlines", "answered_at": 9}, "one line"),
        ({"reflection": "why"}, "reflection is set but outcome is not"),
        ({"revisit_at": 1}, "revisit_at 1 is before chapter 2"),
        ({"kind": "diary"}, "kind should be one of note, prediction, highlight"),
    ],
)
def test_a_wrong_value_saves_nothing(tmp_path: Path, values: dict, words: str):
    store = NoteStore(tmp_path)
    guess = store.add("Tommy's temper hides something", 2, kind="prediction", revisit_at=5)
    before = (tmp_path / "notes" / f"{guess.id}.toml").read_bytes()
    with pytest.raises(StoreError) as info:
        store.update(guess.id, **values)
    assert words in info.value.message and info.value.exit_code == 2
    assert (tmp_path / "notes" / f"{guess.id}.toml").read_bytes() == before
    with pytest.raises(StoreError):
        store.add("a plain note cannot have an outcome", 1, outcome="wrong", answered_at=1)
    assert [n.id for n in NoteStore(tmp_path).notes] == [guess.id]


@pytest.mark.parametrize(
    "body, words",
    [
        (b"schema_version = 1\nchapter = 2\nkind = 'prediction'\nrevisit_at = 9\n", "needs schema"),
        (b"schema_version = 2\nchapter = 2\nkind = 'diary'\n", "kind should be one of"),
        (b"schema_version = 2\nchapter = 2\nkind = 3\n", "kind should be one of"),
        (b"schema_version = 2\nchapter = 2\nkind = 'prediction'\n", "needs revisit_at"),
        (b"schema_version = 2\nchapter = 2\nkind = 'prediction'\nrevisit_at = '9'\n", "revisit_at"),
        (b"schema_version = 2\nchapter = 2\nkind = 'prediction'\nrevisit_at = 0\n", "revisit_at"),
        (b"schema_version = 2\nchapter = 5\nkind = 'prediction'\nrevisit_at = 4\n", "is before"),
        (b"schema_version = 2\nchapter = 2\nrevisit_at = 9\n", "belongs to a prediction"),
        (
            b"schema_version = 2\nchapter = 2\nkind = 'prediction'\nrevisit_at = 9\n"
            b"outcome = 'yes'\nanswered_at = 9\n",
            "outcome should be one of",
        ),
        (
            b"schema_version = 2\nchapter = 2\nkind = 'prediction'\nrevisit_at = 9\n"
            b"answered_at = 9\n",
            "answered_at is set but outcome is not",
        ),
        (
            b"schema_version = 2\nchapter = 2\nkind = 'prediction'\nrevisit_at = 9\n"
            b"outcome = 'wrong'\nanswered_at = true\n",
            "answered_at should be a chapter number",
        ),
        (
            b"schema_version = 2\nchapter = 2\nkind = 'prediction'\nrevisit_at = 9\n"
            b"outcome = 'wrong'\nanswered_at = 9\nreflection = \"a\\nb\"\n",
            "reflection should be one line",
        ),
        (
            b"schema_version = 2\nchapter = 2\nkind = 'prediction'\nrevisit_at = 9\n"
            b"outcome = 'wrong'\nanswered_at = 9\nreflection = 7\n",
            "reflection should be a string",
        ),
    ],
)
def test_a_wrong_key_on_disk_is_a_problem_left_untouched(tmp_path: Path, body: bytes, words: str):
    check_bad_note_file(tmp_path, body + NOTE_HEAD + TIMES, words)


def test_a_hand_written_version_2_file_is_read(tmp_path: Path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "badf.toml").write_bytes(
        b"schema_version = 2\nchapter = 2\nkind = 'prediction'\nrevisit_at = 9\n"
        b"outcome = 'came-true'\nreflection = ''\n" + NOTE_HEAD + TIMES
    )
    [note] = NoteStore(tmp_path).notes
    assert (note.kind, note.revisit_at, note.outcome, note.reflection) == (
        "prediction",
        9,
        "came-true",
        None,
    )


def test_version_3_is_from_a_newer_companion(tmp_path: Path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "badf.toml").write_bytes(b"schema_version = 3\n" + NOTE_HEAD)
    store = NoteStore(tmp_path)
    assert store.read_only and "schema_version 3, this version knows 2" in store.read_only_reason


def test_an_edit_in_two_windows_keeps_both_predictions(tmp_path: Path):
    first = NoteStore(tmp_path)
    guess = first.add("Hailsham is a school for artists", 1, kind="prediction", revisit_at=9)
    second = NoteStore(tmp_path)
    second.notes  # read before the first window's edit
    first.update(guess.id, outcome="wrong", answered_at=9)
    copy = second.update(guess.id, outcome="partly", answered_at=9)
    assert copy.id != guess.id and CONFLICT_TAG in copy.tags
    fresh = NoteStore(tmp_path)
    assert fresh.get(copy.id).kind == "prediction" and fresh.get(copy.id).outcome == "partly"
    assert fresh.get(guess.id).outcome == "wrong"


def test_json_carries_predictions_and_imports_them_back(tmp_path: Path):
    store = NoteStore(tmp_path / "a")
    plain = store.add("plain", 1)
    assert json.loads(to_json(store.notes, "b", "B"))["schema_version"] == 1
    guess = store.add("Ruth will leave", 4, kind="prediction", revisit_at=9)
    marked = store.update(guess.id, outcome="came-true", reflection="she did", answered_at=10)
    doc = json.loads(to_json(store.notes, "b", "B"))
    assert doc["schema_version"] == 2
    by_id = {r["id"]: r for r in doc["notes"]}
    assert by_id[plain.id]["kind"] == "note" and "revisit_at" not in by_id[plain.id]
    record = by_id[marked.id]
    assert {k: record[k] for k in ("kind", "made_at", "revisit_at", "outcome", "reflection")} == {
        "kind": "prediction",
        "made_at": 4,
        "revisit_at": 9,
        "outcome": "came-true",
        "reflection": "she did",
    }
    assert record["answered_at"] == 10
    path = tmp_path / "export.json"
    path.write_text(json.dumps(doc))
    other = NoteStore(tmp_path / "b")
    result = other.merge_in(parse_export(path, path.read_bytes()).notes)
    assert len(result.added) == 2
    back = NoteStore(tmp_path / "b").get(marked.id)
    assert (back.kind, back.chapter, back.revisit_at, back.outcome, back.answered_at) == (
        "prediction",
        4,
        9,
        "came-true",
        10,
    )
    again = other.merge_in(parse_export(path, path.read_bytes()).notes)
    assert (again.added, again.conflicts) == ([], [])  # importing twice adds nothing


@pytest.mark.parametrize(
    "change, words",
    [
        ({"outcome": "sort of"}, "outcome should be one of"),
        ({"made_at": 3}, "made_at 3 should be its chapter, 4"),
        ({"revisit_at": None}, "needs revisit_at"),
        ({"revisit_at": 24}, "revisit_at 24 is not a chapter of this book (it has 23)"),
        ({"answered_at": 30}, "answered_at 30 is not a chapter of this book"),
        ({"kind": "poem"}, "kind should be one of"),
    ],
)
def test_json_import_names_the_wrong_record(tmp_path: Path, change: dict, words: str):
    store = NoteStore(tmp_path / "a")
    store.add("plain", 1)
    guess = store.add("Ruth will leave", 4, kind="prediction", revisit_at=9)
    store.update(guess.id, outcome="came-true", answered_at=10)
    doc = json.loads(to_json(store.notes, "b", "B"))
    doc["notes"][1].update(change)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(doc))
    parsed = parse_export(path, path.read_bytes(), chapter_count=23)
    assert [n.text for n in parsed.notes] == ["plain"]
    [(number, why)] = parsed.bad
    assert number == 2 and words in why


def test_finding_the_predictions_among_many_notes(tmp_path: Path):
    store = NoteStore(tmp_path)
    for i in range(80):  # more than the cache's rewrite threshold
        store.add(f"note {i} guess", i % 9)
    guess = store.add("a guess", 3, kind="prediction", revisit_at=9)
    NoteStore(tmp_path).notes  # leaves the read cache
    one_shot = NoteStore(tmp_path)  # nothing loaded: builds only what matches
    assert [n.id for n in one_shot.search(kind="prediction")] == [guess.id]
    loaded = NoteStore(tmp_path)
    assert len(loaded.notes) == 81
    assert [n.id for n in loaded.search(kind="prediction")] == [guess.id]
    assert [n.id for n in loaded.search("GUESS", kind="prediction")] == [guess.id]
    assert len(NoteStore(tmp_path).search("guess", kind="note")) == 80


def _book_with_long_notes(tmp_path: Path, count: int) -> list:
    store = NoteStore(tmp_path)
    made = [store.add(f"note {i} " + "about the pond " * 200, i % 9 + 1) for i in range(count)]
    made += [store.add(f"guess {i}", 2, kind="prediction", revisit_at=5) for i in range(3)]
    NoteStore(tmp_path).notes  # leaves the read cache
    return made


def test_the_check_for_predictions_reads_a_small_part_of_the_cache(tmp_path: Path):
    """The app looks for predictions at start; with many notes that must not decode
    every note's text (a 17 MB moment with 10,000 notes)."""
    import tracemalloc

    made = _book_with_long_notes(tmp_path, 400)
    size = (tmp_path / ".notes-cache").stat().st_size
    tracemalloc.start()
    try:
        found = NoteStore(tmp_path).search(kind="prediction")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sorted(n.id for n in found) == sorted(n.id for n in made[-3:])
    assert peak < size / 10, (peak, size)  # reading it all costs more than its size


def test_a_search_by_chapter_or_kind_agrees_with_a_full_load(tmp_path: Path):
    made = _book_with_long_notes(tmp_path, 300)  # 300 plain notes: more than a few files
    full = NoteStore(tmp_path)
    for chapter, kind in [(2, None), (2, "prediction"), (3, "note"), (None, "note")]:
        found = NoteStore(tmp_path).search(chapter=chapter, kind=kind)
        assert found == full.search(chapter=chapter, kind=kind) and found
    cache = tmp_path / ".notes-cache"
    raw = cache.read_bytes()
    cache.write_bytes(raw[:-10] + b"garbage!!!")  # the texts damaged, the head whole
    assert NoteStore(tmp_path).search(kind="prediction") == full.search(kind="prediction")
    assert NoteStore(tmp_path).search(chapter=4) == full.search(chapter=4)
    assert len(NoteStore(tmp_path).notes) == len(made)


def test_the_predictions_found_at_start_follow_every_change_to_the_folder(tmp_path: Path):
    """The cache names the predictions only while every file is as it was written:
    a prediction added, marked, deleted or a bad file elsewhere are all seen."""
    made = _book_with_long_notes(tmp_path, 100)
    guesses = made[-3:]

    def found() -> list:
        return NoteStore(tmp_path).search(kind="prediction")

    assert sorted(n.id for n in found()) == sorted(n.id for n in guesses)
    other = NoteStore(tmp_path)  # another window or the CLI: the cache is not rewritten
    new = other.add("a new guess", 3, kind="prediction", revisit_at=6)
    assert new.id in [n.id for n in found()]
    other.update(guesses[0].id, outcome="came-true", answered_at=5)
    assert [n.outcome for n in found() if n.id == guesses[0].id] == ["came-true"]
    other.delete(guesses[1].id)
    assert guesses[1].id not in [n.id for n in found()]
    NoteStore(tmp_path).reload()  # the cache again as the folder is
    (tmp_path / "notes" / "badfile.toml").write_bytes(b"not = [toml")
    store = NoteStore(tmp_path)
    assert len(store.search(kind="prediction")) == 3
    assert [p.path.name for p in store.problems] == ["badfile.toml"]
