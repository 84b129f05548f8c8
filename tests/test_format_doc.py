"""content/FORMAT.md: its examples, saved as the files they show, form a valid pack,
every key the loader accepts is shown, and its reveals example reports as it says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT
from test_loader import edit, line_of, problems

from companion.book import loader
from companion.book.reveals import REVEAL_SPEC

FORMAT = ROOT / "content" / "FORMAT.md"
BLOCK = re.compile(r"^```(toml|markdown|text)\n(.*?)^```", re.MULTILINE | re.DOTALL)
FILES = {kind: name for name, (kind, _) in loader.TABLE_FILES.items()}


def examples() -> dict[str, str]:
    """File name -> the example text FORMAT.md shows for it."""
    found: dict[str, str] = {}
    for lang, body in BLOCK.findall(FORMAT.read_text(encoding="utf-8")):
        if lang == "markdown":
            item = re.search(r'^id = "(.+?)"', body, re.MULTILINE).group(1)
            found[f"sections/{item}.md"] = body
        elif lang == "toml":
            header = re.search(r"^\[\[(\w+)\]\]", body, re.MULTILINE)
            name = "book.toml" if "schema_version" in body else FILES[header.group(1)]
            found[name] = found.get(name, "") + body
    return found


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    for name, text in examples().items():
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_the_examples_form_a_valid_pack(pack):
    assert set(examples()) == {"book.toml", "sections/the-school.md", *loader.TABLE_FILES}
    assert problems(pack) == []


SPECS = {
    "book.toml": [loader.BOOK_SPEC, loader.PART_SPEC, loader.CHAPTER_SPEC],
    "sections/the-school.md": [loader.SECTION_SPEC],
    "quotes.toml": [loader.QUOTE_SPEC],
    "characters.toml": [loader.CHARACTER_SPEC, loader.STAGED_SPEC],
    "relationships.toml": [loader.RELATIONSHIP_SPEC],
    "themes.toml": [loader.THEME_SPEC],
    "symbols.toml": [loader.THEME_SPEC],
    "devices.toml": [loader.THEME_SPEC],
    "glossary.toml": [loader.TERM_SPEC, loader.STAGED_SPEC],
    "questions.toml": [loader.QUESTION_SPEC],
    "reveals.toml": [REVEAL_SPEC],
}


@pytest.mark.parametrize("name", SPECS)
def test_every_key_is_shown(name):
    text = examples()[name]
    shown = set(re.findall(r"^(?:# )?(\w+) = ", text, re.MULTILINE))  # "# actual =" counts
    # arrays of tables are shown by their headers: [[chapters]], [[character.facts]]
    shown |= {h.split(".")[-1] for h in re.findall(r"^\[\[([\w.]+)\]\]", text, re.MULTILINE)}
    missing = {key for spec in SPECS[name] for key in spec} - shown
    assert not missing, f"FORMAT.md does not show {sorted(missing)} for {name}"


def test_the_reveals_example_reports_as_documented(pack):
    # FORMAT.md's sample output: a chapter-2 summary that names the chapter-3 Gallery
    edit(pack / "book.toml", "Kathy and Tommy talk by the pond.", "Tommy asks about the Gallery.")
    line = line_of(pack / "book.toml", "the Gallery")
    assert problems(pack) == [
        f"book.toml:{line}: item chapter 2 (unlock 2) mentions 'the Gallery', revealed in chapter 3"
    ]
    text = FORMAT.read_text(encoding="utf-8")
    assert ": item chapter 2 (unlock 2) mentions 'the Gallery', revealed in chapter 3" in text
