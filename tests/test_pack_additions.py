"""The pack format's additions (issue 12): each new file and key loads, and each
mistake in them is named with file, line and item, like every other pack error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MINI
from test_loader import edit, line_of, problems

from companion.book.loader import load_pack


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    copy = tmp_path / "pack"
    shutil.copytree(MINI, copy)
    return copy


def test_the_new_files_and_keys_load():
    book = load_pack(MINI)
    sea = book.quote("sea")
    assert sea.checked.startswith("The Little Test Book") and sea.passage == "I woke early"
    assert [s.id for s in book.symbols] == ["the-sea", "the-attic"]
    assert [n.chapter for n in book.symbols[0].notes] == [3]
    assert [d.id for d in book.devices] == ["first-person", "withheld-name"]
    (link,) = book.relationships
    assert (link.title, link.characters, link.unlock) == (
        "Ann and the writer",
        ("ann", "writer"),
        2,
    )
    assert [p.chapter for p in book.character("ann").portraits] == [1, 3]
    assert {r.id: r.chapter for r in book.reveals} == {"grandmother": 4, "journey-north": 3}


def test_a_verbatim_quote_needs_its_check(pack):
    edit(pack / "quotes.toml", 'checked = "The Little Test Book, first edition, page 1"\n', "")
    found = problems(pack)
    line = line_of(pack / "quotes.toml", 'id = "sea"') - 1  # the [[quote]] line
    assert f"quotes.toml:{line}: quote 'sea': a verbatim quote needs `checked`" in "\n".join(found)
    assert len(found) == 1


def test_unverified_is_not_a_check_for_a_verbatim_quote(pack):
    edit(pack / "quotes.toml", '"The Little Test Book, first edition, page 1"', '"Unverified"')
    edit(pack / "quotes.toml", 'passage = "I woke early"', 'passage = "  "')
    found = "\n".join(problems(pack))
    checked, passage = (
        line_of(pack / "quotes.toml", '"Unverified"'),
        line_of(pack / "quotes.toml", 'passage = "  "'),
    )
    assert (
        f"quotes.toml:{checked}: quote 'sea': checked = \"unverified\" on a verbatim quote" in found
    )
    assert f"quotes.toml:{passage}: quote 'sea': 'passage' is empty" in found


def test_unverified_is_allowed_where_the_quote_does_not_claim_the_novels_words(pack):
    edit(pack / "quotes.toml", 'provenance = "verbatim"', 'provenance = "paraphrase"')
    edit(pack / "quotes.toml", '"The Little Test Book, first edition, page 1"', '"unverified"')
    assert problems(pack) == []


def test_a_verbatim_quote_without_checked_is_refused(pack):
    text = (pack / "quotes.toml").read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.startswith("checked =")]
    (pack / "quotes.toml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    found = "\n".join(problems(pack))
    assert "quote 'sea': a verbatim quote needs `checked`" in found


def test_portrait_rules(pack):
    edit(pack / "characters.toml", 'chapter = 3\ntext = "Ann has', 'chapter = 1\ntext = "Ann has')
    edit(pack / "characters.toml", 'chapter = 2\ntext = "A stranger', 'chapter = 1\ntext = "A s')
    found = "\n".join(problems(pack))
    second = line_of(pack / "characters.toml", 'text = "Ann has') - 1
    writer = line_of(pack / "characters.toml", 'text = "A s') - 1
    assert (
        f"characters.toml:{second}: character 'ann', portrait #2: a second portrait for "
        "chapter 1: keep one per chapter" in found
    )
    assert (
        f"characters.toml:{writer}: character 'writer', portrait #1: chapter = 1 is outside 2..4"
        in found
    )


def test_relationship_rules(pack):
    path = pack / "relationships.toml"
    edit(path, 'characters = ["ann", "writer"]', 'characters = ["ann", "ann"]')
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n[[relationship]]\nid = "early"\ntitle = "T"\ncharacters = ["ann", "writer", "bob"]\n'
        'unlock = 1\ntext = "x"\nmood = "bad"\n\n[[relationship.notes]]\nchapter = 0\ntext = "y"\n',
        encoding="utf-8",
    )
    found = "\n".join(problems(pack))
    first = line_of(path, 'characters = ["ann", "ann"]')
    names = line_of(path, '"bob"')
    assert (
        f"relationships.toml:{first}: relationship 'ann-and-writer': a relationship names at "
        "least two different characters" in found
    )
    assert (
        f"relationships.toml:{names}: relationship 'early': character 'writer' is listed from "
        "chapter 2, after this relationship's unlock 1" in found
    )
    assert "relationship 'early': characters names unknown character 'bob'" in found
    assert (
        f"relationships.toml:{line_of(path, 'mood')}: relationship 'early': unknown key 'mood'"
        in found
    )


def test_relationship_notes_start_at_its_unlock(pack):
    edit(pack / "relationships.toml", "chapter = 4", "chapter = 1")
    line = line_of(pack / "relationships.toml", "chapter = 1")
    assert (
        f"relationships.toml:{line}: relationship 'ann-and-writer', notes #1: chapter = 1 is "
        "outside 2..4 (the book has 4 chapters)" in problems(pack)
    )


@pytest.mark.parametrize(
    "name, kind, unlock", [("symbols.toml", "symbol", 1), ("devices.toml", "device", 0)]
)
def test_symbols_and_devices_are_checked_like_themes(pack, name, kind, unlock):
    path = pack / name
    edit(path, f"unlock = {unlock}\n", "unlock = 7\n")
    path.write_text(
        path.read_text(encoding="utf-8")
        + f'\n[[{kind}]]\nid = "x"\nname = "X"\nunlock = 3\ntext = "t"\ncolour = "red"\n\n'
        f'[[{kind}.notes]]\nchapter = 2\ntext = "too early"\n',
        encoding="utf-8",
    )
    found = "\n".join(problems(pack))
    assert f"{name}:{line_of(path, 'unlock = 7')}: {kind} '" in found
    assert "unlock = 7 is outside 0..4" in found
    assert f"{name}:{line_of(path, 'colour')}: {kind} 'x': unknown key 'colour'" in found
    assert f"{kind} 'x', notes #1: chapter = 2 is outside 3..4" in found


def test_reveal_rules(pack):
    path = pack / "reveals.toml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n[[reveal]]\nid = "both"\nterm = "a"\npattern = "b"\nchapter = 2\nnote = "n"\n'
        '\n[[reveal]]\nid = "neither"\nchapter = 2\nnote = "n"\n'
        '\n[[reveal]]\nid = "broken"\npattern = \'(unclosed\'\nchapter = 2\nnote = "n"\n'
        '\n[[reveal]]\nid = "empty"\npattern = \'x?\'\nchapter = 2\nnote = "n"\n'
        '\n[[reveal]]\nid = "blank"\nterm = "  "\nchapter = 2\nnote = "n"\n'
        '\n[[reveal]]\nid = "late"\nterm = "sea"\nchapter = 5\nnote = "n"\nwhy = "x"\n',
        encoding="utf-8",
    )
    found = "\n".join(problems(pack))
    both = line_of(path, 'id = "both"') - 1
    assert f"reveals.toml:{both}: reveal 'both': give either" in found
    assert "reveal 'neither': give either `term` or `pattern`" in found
    assert (
        f"reveals.toml:{line_of(path, '(unclosed')}: reveal 'broken': pattern is not a valid "
        "regular expression: missing ), unterminated subpattern" in found
    )
    assert (
        f"reveals.toml:{line_of(path, 'x?')}: reveal 'empty': pattern matches empty text" in found
    )
    assert "reveal 'blank': term is empty" in found
    assert "reveal 'late': chapter = 5 is outside 1..4" in found
    assert "reveal 'late': unknown key 'why'" in found


def test_wrong_types_in_the_new_keys(pack):
    edit(pack / "relationships.toml", 'characters = ["ann", "writer"]', 'characters = "ann"')
    edit(pack / "quotes.toml", 'passage = "I woke early"', "passage = 3")
    edit(pack / "reveals.toml", 'term = "grandmother"', "term = true")
    found = problems(pack)
    for file, line, message in [
        ("relationships.toml", 'characters = "ann"', "'characters' must be a list of strings"),
        ("quotes.toml", "passage = 3", "'passage' must be a string, not a number"),
        ("reveals.toml", "term = true", "'term' must be a string, not true/false"),
    ]:
        where = f"{file}:{line_of(pack / file, line)}: "
        assert any(p.startswith(where) and message in p for p in found), (where, message)
