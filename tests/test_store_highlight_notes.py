"""Notes imported from an e-reader in the store: their keys on disk, checks on read,
the read cache, JSON out and back in. Real files in temporary folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_store_notes import check_bad_note_file

from companion.store.notes import NoteStore
from companion.store.notes_io import parse_export, to_json

HIGHLIGHT = {
    "kind": "highlight",
    "source": "kindle",
    "source_id": "never-let-me-go@loc40",
    "location": "page 3, location 40-42",
    "placement": "quote",
    "comment": "flat, like a form",
}
HEAD = b"schema_version = 2\nid = 'badf'\ntext = 'x'\ntags = []\nkind = 'highlight'\n"
TIMES = b"created = 2025-01-01T00:00:00Z\nupdated = 2025-01-01T00:00:00Z\n"


def test_a_highlight_round_trips_through_files_cache_and_json(tmp_path: Path):
    store = NoteStore(tmp_path)
    note = store.add("My name is Kathy H.", 1, quote="opening-line", **HIGHLIGHT)
    for _ in range(2):  # from the files, then from the read cache they leave
        got = NoteStore(tmp_path).get(note.id)
        assert {k: getattr(got, k) for k in HIGHLIGHT} == HIGHLIGHT
    doc = json.loads(to_json([note], "never-let-me-go", "Never Let Me Go"))
    assert doc["schema_version"] == 2
    assert {k: doc["notes"][0][k] for k in HIGHLIGHT} == HIGHLIGHT
    parsed = parse_export(tmp_path / "export.json", json.dumps(doc).encode())
    assert parsed.bad == []
    [back] = parsed.notes
    assert {k: getattr(back, k) for k in HIGHLIGHT} == HIGHLIGHT


def test_an_imported_highlight_waits_for_its_chapter_a_note_does_not(tmp_path: Path):
    from companion.book.gate import is_visible

    store = NoteStore(tmp_path)
    late = store.add("the ending", 22, **{**HIGHLIGHT, "comment": None, "placement": "file"})
    mine = store.add("my guess about the ending", 22)
    assert not is_visible(late, 21) and is_visible(late, 22)
    assert is_visible(mine, 0)


@pytest.mark.parametrize(
    ("keys", "reason"),
    [
        (
            b"source = 'nook'\nsource_id = 'a'\nplacement = 'file'\nchapter = 2\n",
            "source should be one of kindle",
        ),
        (b"source = 'kindle'\nplacement = 'file'\nchapter = 2\n", "needs source_id"),
        (
            b"source = 'kindle'\nsource_id = 'a'\nplacement = 'guess'\nchapter = 2\n",
            "placement should be one of",
        ),
        (
            b"source = 'kindle'\nsource_id = 'a'\nplacement = 'unplaced'\nchapter = 2\n",
            "an unplaced highlight has chapter 0",
        ),
        (
            b"source = 'kindle'\nsource_id = 'a'\nplacement = 'quote'\nchapter = 0\n",
            "needs a chapter",
        ),
        (
            b"source = 'kindle'\nsource_id = 'a'\nplacement = 'file'\nchapter = 2\ncomment = 3\n",
            "comment should be a string",
        ),
    ],
)
def test_bad_highlight_keys_are_problems_naming_the_file(tmp_path: Path, keys: bytes, reason: str):
    check_bad_note_file(tmp_path, HEAD + keys + TIMES, reason)
