"""The seminar sheet: everything starred within --upto, nothing beyond it."""

from __future__ import annotations

import datetime

import pytest

from companion.book.loader import load_pack
from companion.errors import CompanionError
from companion.store.deck import DeckStore
from companion.store.notes import NoteStore
from companion.study.seminar import build_sheet, write_sheet
from tests.conftest import MINI, run_companion


@pytest.fixture(scope="module")
def book():
    return load_pack(MINI)


@pytest.fixture
def stores(tmp_path):
    deck = DeckStore(tmp_path)
    for qid in ("sea", "not-said", "grandmother"):
        deck.star(qid, today=datetime.date(2025, 1, 10))
    notes = NoteStore(tmp_path)
    notes.add("The grey sea is Ann's mood.", 1, quote="sea")
    notes.add("Ask who invented the line.", 2, tags=["seminar"])
    notes.add("Bring up the grandmother twist.", 4, tags=["seminar"])
    notes.add("Why does the ending land?", 3, tags=["seminar"], quote="grandmother")
    notes.add("Escape \x1b]52;c;aGk=\x07 here", 1, tags=["seminar"])
    notes.add("Not for the sheet", 1)
    return deck, notes


def test_sheet_at_two_holds_everything_starred_within_and_nothing_beyond(book, stores):
    deck, notes = stores
    sheet = build_sheet(book, 2, deck, notes.notes)
    # everything starred within chapter 2, with speaker, chapter, provenance, significance
    assert "The sea was grey that morning." in sheet
    assert "— Ann, chapter 1" in sheet
    assert "Sets the mood." in sheet
    assert "Letters never lie." in sheet
    assert "often misquoted" in sheet and "Ann only says the letter is old." in sheet
    assert "The grey sea is Ann's mood." in sheet  # a note on a starred quote
    assert "Ask who invented the line." in sheet  # a seminar note
    assert "What does the sea mean to Ann?" in sheet  # a question unlocked at 2
    assert "**Home**: What home means." in sheet  # themes unlocked by 2
    assert "**Secrets**: What people keep" in sheet
    # nothing beyond chapter 2
    for later in (
        "grandmother",
        "Would you have kept the secret?",
        "The secret is out",
        "Bring up the grandmother twist.",
        "Why does the ending land?",
        "grandmother's secret",
        "Not for the sheet",
    ):
        assert later not in sheet, later
    assert "1 starred quote is beyond chapter 2." in sheet
    # control characters in notes are shown, not sent to the terminal
    assert "\x1b" not in sheet and "\x07" not in sheet and "␛]52" in sheet


def test_sheet_at_four_has_it_all_and_counts_nothing_beyond(book, stores):
    deck, notes = stores
    sheet = build_sheet(book, 4, deck, notes.notes)
    for text in (
        "The sea was grey that morning.",
        "Letters never lie.",
        "She was my grandmother all along.",
        "The secret is out.",
        "Bring up the grandmother twist.",
        "Why does the ending land?",
        "Would you have kept the secret?",
    ):
        assert text in sheet, text
    assert "beyond chapter" not in sheet
    assert sheet.count("Why does the ending land?") == 1  # under its quote, not twice


def test_sheet_at_zero_is_safe_for_anyone(book, stores):
    deck, notes = stores
    sheet = build_sheet(book, 0, deck, notes.notes)
    assert "3 starred quotes are beyond chapter 0." in sheet
    for quote in book.quotes:
        assert quote.text not in sheet


def test_theme_narrows_and_a_locked_theme_is_not_named(book, stores):
    deck, notes = stores
    sheet = build_sheet(book, 2, deck, notes.notes, theme="home")
    assert "The sea was grey that morning." in sheet
    assert "Letters never lie." not in sheet  # no theme "home"
    assert "Secrets" not in sheet
    with pytest.raises(CompanionError) as error:
        build_sheet(book, 1, deck, notes.notes, theme="secrets")
    assert "Secrets" not in error.value.message  # the name is not leaked


def test_text_format_has_no_markdown_marks(book, stores):
    deck, notes = stores
    text = build_sheet(book, 2, deck, notes.notes, fmt="text")
    assert "STARRED QUOTES" in text and "##" not in text and "> " not in text


def test_write_sheet_never_overwrites_without_force(tmp_path):
    path = tmp_path / "sheet.md"
    write_sheet(path, "one\n")
    with pytest.raises(CompanionError):
        write_sheet(path, "two\n")
    assert path.read_text() == "one\n"
    write_sheet(path, "two\n", force=True)
    assert path.read_text() == "two\n"


def test_cli_export_seminar(data_dir, tmp_path):
    book = ["--book", str(MINI)]
    assert run_companion("progress", "2", *book, data_dir=data_dir).returncode == 0
    assert run_companion("deck", "add", "sea", *book, data_dir=data_dir).returncode == 0
    out = run_companion("export", "seminar", *book, data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    assert "The sea was grey that morning." in out.stdout
    sheet = tmp_path / "sheet.txt"
    made = run_companion(
        "export",
        "seminar",
        "--upto",
        "0",
        "--format",
        "text",
        "-o",
        str(sheet),
        *book,
        data_dir=data_dir,
    )
    assert made.returncode == 0, made.stderr
    assert "The sea was grey" not in sheet.read_text()
    assert "1 starred quote is beyond chapter 0." in sheet.read_text()
    again = run_companion("export", "seminar", "-o", str(sheet), *book, data_dir=data_dir)
    assert again.returncode != 0 and "--force" in again.stderr
    assert "The sea was grey" not in sheet.read_text()
    forced = run_companion(
        "export", "seminar", "-o", str(sheet), "--force", *book, data_dir=data_dir
    )
    assert forced.returncode == 0 and "The sea was grey" in sheet.read_text()


def test_sheet_keeps_to_the_current_part_and_counts_earlier_questions(book, stores):
    deck, notes = stores
    sheet = build_sheet(book, 4, deck, notes.notes)
    assert "Would you have kept the secret?" in sheet  # whole-book question
    assert "What does the sea mean to Ann?" not in sheet  # Part One's, counted instead
    assert "1 more question on earlier parts" in sheet
    assert "- **Home**: What home means." in sheet  # one line per theme
    full = build_sheet(book, 4, deck, notes.notes, theme="home")
    assert "- Chapter 1: The house by the sea." in full  # a theme sheet has its notes
