"""`companion export anki`: a real .apkg, opened as Anki opens it (a zip holding a SQLite
collection), on a temporary data dir with the mini pack."""

from __future__ import annotations

import datetime
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from companion.book.loader import load_pack
from companion.cli import main
from companion.store.deck import DeckStore
from companion.store.notes import NoteStore
from companion.study.anki import MODEL_ID, WHO_ASKS, deck_id, export_anki, note_guid
from tests.conftest import MINI

HOSTILE = "<script>alert(1)</script> <b>bold</b> & co\r\nline two \x1b]52;c;aGk=\x07 [sound:x.mp3]"


def companion(data_dir: Path, *args: str, book: Path = MINI) -> int:
    return main(["--data-dir", str(data_dir), "--book", str(book), *args])


def read_apkg(path: Path, tmp_path: Path) -> dict:
    """What Anki reads: the notes (fields by name), cards, note types and decks."""
    with zipfile.ZipFile(path) as archive:
        assert "collection.anki2" in archive.namelist()
        raw = archive.read("collection.anki2")
    db = tmp_path / f"{path.stem}.anki2"
    db.write_bytes(raw)
    connection = sqlite3.connect(db)
    try:
        models = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
        decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
        notes = []
        for guid, mid, flds, tags in connection.execute("SELECT guid, mid, flds, tags FROM notes"):
            names = [f["name"] for f in models[str(mid)]["flds"]]
            notes.append(
                {
                    "guid": guid,
                    "mid": mid,
                    "tags": tags.split(),
                    **dict(zip(names, flds.split("\x1f"))),
                }
            )
        cards = connection.execute("SELECT nid, did, ord FROM cards").fetchall()
    finally:
        connection.close()
    return {"raw": raw, "models": models, "decks": decks, "notes": notes, "cards": cards}


def by_id(package: dict) -> dict[str, dict]:
    return {note["QuoteId"]: note for note in package["notes"]}


@pytest.fixture
def reader(data_dir):
    """A reader at chapter 4 who starred three quotes and wrote notes on two."""
    assert companion(data_dir, "progress", "4") == 0
    deck = DeckStore(data_dir / "mini")
    for qid in ("sea", "not-said", "grandmother"):
        deck.star(qid, today=datetime.date(2025, 1, 10))
    notes = NoteStore(data_dir / "mini")
    notes.add(HOSTILE, 1, quote="sea", tags=["seminar"])
    notes.add("Written after the ending: the twist!", 4, quote="sea")
    notes.add("Who made this line up?", 2, quote="not-said")
    return data_dir


def test_starred_quotes_make_two_cards_each_with_everything_on_the_back(reader, tmp_path):
    out = tmp_path / "deck.apkg"
    assert companion(reader, "export", "anki", "-o", str(out)) == 0
    package = read_apkg(out, tmp_path)
    notes = by_id(package)
    assert sorted(notes) == ["grandmother", "not-said", "sea"]
    assert len(package["cards"]) == 6
    assert sorted(ord_ for _nid, _did, ord_ in package["cards"]) == [0, 0, 0, 1, 1, 1]
    templates = package["models"][str(MODEL_ID)]["tmpls"]
    assert [t["name"] for t in templates] == ["Quote", WHO_ASKS]
    assert "{{Speaker}}" in templates[1]["afmt"] and "{{Chapter}}" in templates[1]["afmt"]
    sea = notes["sea"]
    assert sea["Quote"] == "“The sea was grey that morning.”"
    assert (sea["Speaker"], sea["Chapter"]) == ("Ann", "chapter 1")
    assert sea["Where"] == "Chapter 1, the passage beginning “I woke early…”"
    assert sea["Context"] == "Ann looks out of the window."
    assert sea["Significance"] == "Sets the mood."
    assert sea["Flag"] == ""  # the novel's words: no flag
    assert "Who made this line up?" in notes["not-said"]["MyNotes"]
    # a misquote says so on the front and gives what the novel has
    assert notes["not-said"]["Flag"] == "Often misquoted: this line is NOT in the novel."
    assert notes["not-said"]["Actual"] == "Ann only says the letter is old."
    assert "{{Flag}}" in templates[0]["qfmt"] and "{{Flag}}" in templates[1]["qfmt"]


def test_a_hostile_note_is_text_never_markup(reader, tmp_path):
    out = tmp_path / "deck.apkg"
    assert companion(reader, "export", "anki", "-o", str(out)) == 0
    mine = by_id(read_apkg(out, tmp_path))["sea"]["MyNotes"]
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt; &amp; co<br>line two" in mine
    )
    assert "<script" not in mine and "<b>" not in mine
    assert "\x1b" not in mine and "\x07" not in mine and "\r" not in mine
    assert "␛]52;c;aGk=␇" in mine  # control characters shown, not sent
    assert "[sound:" not in mine and "&#91;sound:x.mp3]" in mine  # no sound tag for Anki
    assert "#seminar" in mine


def test_nothing_past_upto_is_inside(reader, tmp_path, capsys):
    out = tmp_path / "deck.apkg"
    assert companion(reader, "export", "anki", "--upto", "2", "-o", str(out)) == 0
    assert "1 starred quote unlocks after chapter 2 and was left out" in capsys.readouterr().err
    package = read_apkg(out, tmp_path)
    assert sorted(by_id(package)) == ["not-said", "sea"]
    text = package["raw"].decode("utf-8", "replace")
    for later in ("grandmother", "The secret is out", "Written after the ending"):
        assert later not in text, later


def test_all_unlocked_takes_every_unlocked_quote(reader, tmp_path):
    book = load_pack(MINI)
    out = tmp_path / "all.apkg"
    assert companion(reader, "export", "anki", "--all-unlocked", "--upto", "2", "-o", str(out)) == 0
    package = read_apkg(out, tmp_path)
    expected = {q.id for q in book.quotes if q.unlock <= 2}
    assert set(by_id(package)) == expected and len(expected) < len(book.quotes)
    assert len(package["cards"]) == 2 * len(expected)


def test_a_second_export_keeps_guids_and_ids_even_when_a_quote_is_reworded(reader, tmp_path):
    first, second = tmp_path / "first.apkg", tmp_path / "second.apkg"
    assert companion(reader, "export", "anki", "-o", str(first)) == 0
    pack = tmp_path / "pack"
    shutil.copytree(MINI, pack)
    quotes = pack / "quotes.toml"
    quotes.write_text(quotes.read_text().replace("The sea was grey", "The sea was silver"))
    assert companion(reader, "export", "anki", "-o", str(second), book=pack) == 0
    one, two = read_apkg(first, tmp_path), read_apkg(second, tmp_path)
    guids = {q: n["guid"] for q, n in by_id(one).items()}
    assert guids == {q: n["guid"] for q, n in by_id(two).items()}
    assert guids["sea"] == note_guid("mini", "sea") and len(set(guids.values())) == 3
    assert by_id(two)["sea"]["Quote"] == "“The sea was silver that morning.”"
    assert {n["mid"] for n in one["notes"] + two["notes"]} == {MODEL_ID}
    assert {did for _n, did, _o in one["cards"] + two["cards"]} == {deck_id("mini")}
    assert one["models"][str(MODEL_ID)]["flds"] == two["models"][str(MODEL_ID)]["flds"]


def test_output_rules(reader, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert companion(reader, "export", "anki") == 0
    default = tmp_path / "mini-quotes.apkg"
    assert zipfile.is_zipfile(default)
    before = default.read_bytes()
    # an existing file needs --force
    assert companion(reader, "export", "anki") == 2
    assert "already exists and was left unchanged" in capsys.readouterr().err
    assert default.read_bytes() == before
    assert companion(reader, "export", "anki", "--force") == 0
    # a binary package never goes to standard output
    assert companion(reader, "export", "anki", "-o", "-") == 2
    captured = capsys.readouterr()
    assert "binary file" in captured.err and captured.out == ""
    # a missing folder is not created
    assert companion(reader, "export", "anki", "-o", "missing/deck.apkg") == 2
    assert "does not exist" in capsys.readouterr().err and not (tmp_path / "missing").exists()
    assert companion(reader, "export", "anki", "--upto", "99", "-o", "x.apkg") == 2
    assert not (tmp_path / "x.apkg").exists()


def test_nothing_to_export_writes_nothing(data_dir, tmp_path, capsys):
    assert companion(data_dir, "progress", "1") == 0
    out = tmp_path / "deck.apkg"
    assert companion(data_dir, "export", "anki", "-o", str(out)) == 2
    assert "companion deck add" in capsys.readouterr().err and not out.exists()


def test_the_app_can_export_in_one_call(reader, tmp_path):
    book = load_pack(MINI)
    out = tmp_path / "from-app.apkg"
    data = reader / "mini"
    built = export_anki(book, 1, DeckStore(data), NoteStore(data), out)
    assert [q.id for q in built.quotes] == ["sea"] and built.later == 2 and built.notes == 1
    assert built.cards == 2 and len(read_apkg(out, tmp_path)["cards"]) == 2


def test_an_unreadable_notes_file_is_named_and_the_rest_exported(reader, tmp_path, capsys):
    bad = reader / "mini" / "notes" / "broken.toml"
    bad.write_text("text = 'unclosed\n")
    out = tmp_path / "deck.apkg"
    assert companion(reader, "export", "anki", "-o", str(out)) == 1  # done in part
    assert "broken.toml" in capsys.readouterr().err
    assert sorted(by_id(read_apkg(out, tmp_path))) == ["grandmother", "not-said", "sea"]
