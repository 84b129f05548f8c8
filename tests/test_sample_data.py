"""The sample data generator writes a folder the real stores load cleanly."""

from __future__ import annotations

import tomllib

import pytest

from benchmarks.sample_data import generate, main
from companion.store.deck import DeckStore
from companion.store.notes import NoteStore
from companion.store.progress import load_progress
from companion.study.drill import card_from_state


def test_generated_dir_loads_cleanly(tmp_path):
    info = generate(tmp_path, notes=300, quotes=60, seed=3)
    assert info.book_dir == tmp_path / "never-let-me-go"
    notes = NoteStore(info.book_dir)
    assert notes.problems == []
    assert len(notes.notes) == 300
    lengths = [len(n.text) for n in notes.notes]
    assert 450 <= sum(lengths) / len(lengths) <= 520
    assert any(n.tags for n in notes.notes) and any(n.quote for n in notes.notes)
    assert all(0 <= n.chapter <= 23 for n in notes.notes)
    assert len({n.chapter for n in notes.notes}) > 10
    assert notes.search("hailsham")  # a word the benchmarks filter on
    assert (info.book_dir / ".notes-cache").is_file()

    deck = DeckStore(info.book_dir)
    assert deck.problem is None and not deck.read_only
    assert len(deck.starred) == 60
    assert len(deck.reviews) == info.reviews > 60
    for quote_id in deck.starred:
        assert card_from_state(deck.card_state(quote_id)) is not None
    assert load_progress(info.book_dir, 23).finished == 23


def test_same_seed_same_notes_and_no_cache_option(tmp_path):
    a = generate(tmp_path / "a", notes=50, quotes=5, seed=11, prime_cache=False)
    b = generate(tmp_path / "b", notes=50, quotes=5, seed=11)
    files_a = sorted(p.name for p in (a.book_dir / "notes").iterdir())
    assert files_a == sorted(p.name for p in (b.book_dir / "notes").iterdir())
    first = files_a[0]
    assert (a.book_dir / "notes" / first).read_bytes() == (
        b.book_dir / "notes" / first
    ).read_bytes()
    assert not (a.book_dir / ".notes-cache").exists()
    parsed = tomllib.loads((a.book_dir / "notes" / first).read_text("utf-8"))
    assert parsed["schema_version"] == 1 and parsed["id"] == first[:-5]


def test_refuses_a_folder_with_data(tmp_path, capsys):
    generate(tmp_path, notes=5, quotes=2)
    with pytest.raises(FileExistsError):
        generate(tmp_path, notes=5, quotes=2)
    assert main([str(tmp_path), "--notes", "5", "--quotes", "2"]) == 2
    assert "already holds data" in capsys.readouterr().err
    assert main([str(tmp_path), "--notes", "5", "--quotes", "2", "--force"]) == 0
    assert len(NoteStore(tmp_path / "never-let-me-go").notes) == 10
