"""The pack loader: a valid pack loads; every kind of error is named with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MINI

from companion.book.loader import PackError, load_pack, validate_pack


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    copy = tmp_path / "pack"
    shutil.copytree(MINI, copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def problems(pack: Path) -> list[str]:
    _, found = validate_pack(pack)
    return [str(p) for p in found]


def test_valid_pack_loads_everything():
    book = load_pack(MINI)
    assert (book.id, book.title, book.author, book.year) == (
        "mini",
        "The Little Test Book",
        "A. Tester",
        2001,
    )
    assert book.chapter_count == 4
    assert [p.title for p in book.parts] == ["Part One", "Part Two"]
    assert [s.id for s in book.sections] == ["arrival", "journey"]
    assert {q.provenance for q in book.quotes} == {"verbatim", "misquote"}
    assert book.quote("not-said").actual.startswith("Ann only says")
    assert [a.id for a in book.articles] == ["about", "ending"]
    assert book.part_of(3).label == "Away"


def test_unknown_key_names_file_line_and_item(pack):
    edit(pack / "quotes.toml", 'speaker = "Ann"', 'speeker = "Ann"')
    found = problems(pack)
    line = line_of(pack / "quotes.toml", "speeker")
    assert f"quotes.toml:{line}: quote 'sea': unknown key 'speeker'" in "\n".join(found)
    assert any("missing required key 'speaker'" in p for p in found)


def test_wrong_type(pack):
    edit(pack / "quotes.toml", "chapter = 1", 'chapter = "one"')
    line = line_of(pack / "quotes.toml", 'chapter = "one"')
    assert (
        f"quotes.toml:{line}: quote 'sea': 'chapter' must be a whole number, not a string"
        in problems(pack)
    )


def test_duplicate_id_names_both_places(pack):
    edit(pack / "quotes.toml", 'id = "grandmother"', 'id = "sea"')
    found = "\n".join(problems(pack))
    assert "duplicate quote id 'sea' (first at quotes.toml:2)" in found


def test_dangling_references(pack):
    edit(pack / "quotes.toml", 'themes = ["home"]', 'themes = ["hom"]')
    edit(pack / "quotes.toml", 'characters = ["ann"]', 'characters = ["anne"]')
    edit(pack / "questions.toml", 'themes = ["home"]', 'themes = ["house"]')
    found = "\n".join(problems(pack))
    assert "quote 'sea': themes names unknown theme 'hom' (not in themes.toml)" in found
    assert "quote 'sea': characters names unknown character 'anne'" in found
    assert "question 'home-1': themes names unknown theme 'house'" in found


def test_chapters_out_of_range(pack):
    edit(pack / "quotes.toml", "chapter = 4", "chapter = 9")
    edit(pack / "characters.toml", "unlock = 2", "unlock = -1")
    edit(pack / "themes.toml", "chapter = 4", "chapter = 5")
    found = "\n".join(problems(pack))
    assert "quote 'grandmother': chapter = 9 is outside 1..4" in found
    assert "character 'writer': unlock = -1 is outside 0..4" in found
    assert "theme 'secrets', notes #1: chapter = 5 is outside 2..4" in found


def test_quote_unlocking_before_its_chapter_is_refused(pack):
    edit(pack / "quotes.toml", "chapter = 4\n", "chapter = 4\nunlock = 2\n")
    assert any("unlock = 2 is before the quote's chapter 4" in p for p in problems(pack))


def test_section_unlocking_before_its_last_chapter(pack):
    edit(pack / "sections" / "02-journey.md", "unlock = 4", "unlock = 3")
    assert (
        "sections/02-journey.md:5: unlock = 3 is before chapter 4, the last this section "
        "tells" in problems(pack)
    )


def test_toml_syntax_error_has_line(pack):
    edit(pack / "themes.toml", 'name = "Secrets"', 'name = "Secrets')
    line = line_of(pack / "themes.toml", 'name = "Secrets')
    assert any(p.startswith(f"themes.toml:{line}: TOML syntax error") for p in problems(pack))


def test_invalid_utf8_and_bom(pack):
    raw = (pack / "glossary.toml").read_bytes()
    (pack / "glossary.toml").write_bytes(raw.replace(b"An old", b"An \xff old"))
    (pack / "characters.toml").write_bytes(
        b"\xef\xbb\xbf" + (pack / "characters.toml").read_bytes()
    )
    found = "\n".join(problems(pack))
    assert "glossary.toml:7: is not valid UTF-8" in found
    assert "characters.toml:1: starts with a byte-order mark" in found


def test_file_outside_the_pack(pack, tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_text("+++\nid = 'x'\ntitle = 'X'\nunlock = 0\n+++\nhi\n", encoding="utf-8")
    (pack / "articles" / "sneaky.md").symlink_to(outside)
    assert any(p.startswith("articles/sneaky.md: leads outside the pack") for p in problems(pack))


def test_front_matter_and_misquote_rules(pack):
    (pack / "articles" / "broken.md").write_text("No front matter here.\n", encoding="utf-8")
    edit(pack / "quotes.toml", 'actual = "Ann only says the letter is old."\n', "")
    edit(pack / "quotes.toml", 'provenance = "verbatim"', 'provenance = "exact"')
    found = "\n".join(problems(pack))
    assert "articles/broken.md:1: must start with a `+++` line" in found
    assert "quote 'not-said': a misquote needs `actual`" in found
    assert "quote 'sea': provenance 'exact' must be one of verbatim, paraphrase, misquote" in found


def test_parts_must_cover_chapters_and_numbers_run_in_order(pack):
    edit(pack / "book.toml", "last = 4", "last = 3")
    edit(pack / "book.toml", "number = 3", "number = 7")
    found = "\n".join(problems(pack))
    assert "the parts end at chapter 3, but the book has 4 chapters" in found
    assert "chapter number 7 should be 3" in found


def test_every_error_is_reported_at_once_and_load_raises(pack):
    edit(pack / "quotes.toml", 'speaker = "Ann"', 'speeker = "Ann"')
    edit(pack / "themes.toml", 'name = "Home"', "name = 3")
    (pack / "notes.toml").write_text("x = 1\n", encoding="utf-8")
    found = problems(pack)
    assert len(found) >= 4
    assert any(p.startswith("notes.toml: is not part of the pack format") for p in found)
    with pytest.raises(PackError) as error:
        load_pack(pack)
    assert "speeker" in str(error.value) and "'name' must be a string" in str(error.value)


def test_folder_without_book_toml(tmp_path):
    assert problems(tmp_path) == [f"{tmp_path}: is not a content pack: it has no book.toml"]
