"""`companion quotes`: the unlocked quotes with their ids, searched as the app searches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MINI

from companion.cli import main

BOOK = ["--book", str(MINI)]


@pytest.fixture
def reader(tmp_path: Path) -> Path:
    """The mini book at chapter 2: "sea" (ch 1) and "not-said" (ch 2) are unlocked,
    "grandmother" (ch 4) is not."""
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), *BOOK, "progress", "2"]) == 0
    return data


def quotes(capsys, data: Path, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data), *BOOK, "quotes", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_lists_unlocked_quotes_with_ids_chapter_and_mark(capsys, reader):
    code, out, err = quotes(capsys, reader)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("sea  ch  1  “The sea was grey that morning.” (Ann)")
    assert lines[1].startswith("not-said  ch  2") and lines[1].endswith("[not in the novel]")
    assert "grandmother" not in out and "1 more quote unlock" in err


def test_a_word_only_in_a_locked_quote_finds_nothing(capsys, reader):
    code, out, err = quotes(capsys, reader, "--search", "grandmother")
    assert (code, out) == (1, "") and "no unlocked quote matches" in err
    assert "grandmother all along" not in err


def test_search_looks_in_text_speaker_context_and_notes(capsys, reader):
    assert quotes(capsys, reader, "--search", "GREY morning")[1].startswith("sea ")
    assert quotes(capsys, reader, "-s", "window")[1].startswith("sea ")  # context
    assert len(quotes(capsys, reader, "-s", "ann")[1].splitlines()) == 2  # speaker
    main(["--data-dir", str(reader), *BOOK, "note", "add", "Café lighthouse", "--quote", "sea"])
    assert quotes(capsys, reader, "-s", "cafe")[1].startswith("sea ")  # the reader's note


def test_filters_starred_theme_chapter_and_json(capsys, reader):
    assert quotes(capsys, reader, "--starred")[0] == 1
    main(["--data-dir", str(reader), *BOOK, "deck", "add", "not-said"])
    code, out, _ = quotes(capsys, reader, "--starred", "--json")
    doc = json.loads(out)
    assert code == 0 and [q["id"] for q in doc["quotes"]] == ["not-said"]
    assert doc["quotes"][0]["mark"] == "not in the novel" and doc["locked"] == 1
    assert quotes(capsys, reader, "--chapter", "1")[1].startswith("sea ")
    assert quotes(capsys, reader, "--theme", "home")[1].startswith("sea ")


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--chapter", "4"], "give a chapter you have finished, 0..2"),
        (["--theme", "nope"], "no theme 'nope' is unlocked"),
    ],
)
def test_locked_chapters_and_themes_are_user_errors(capsys, reader, argv, words):
    code, out, err = quotes(capsys, reader, *argv)
    assert (code, out) == (2, "") and words in err and "Traceback" not in err
    assert "grandmother" not in err


def test_ids_listed_work_with_deck_add(capsys, reader):
    first = quotes(capsys, reader)[1].split()[0]
    assert main(["--data-dir", str(reader), *BOOK, "deck", "add", first]) == 0
