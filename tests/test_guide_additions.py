"""`companion guide` with the pack's additions: each new item appears at its chapter and
not one chapter before, in JSON, Markdown and text; locked ones only as counts."""

from __future__ import annotations

import json

import pytest
from conftest import MINI

from companion.book.model import Quote
from companion.cli import main
from companion.study.locator import quote_locator


def guide(capsys, data_dir, upto: int, fmt: str = "json"):
    code = main(
        ["--book", str(MINI), "--data-dir", str(data_dir), "guide", "--upto", str(upto)]
        + ["--format", fmt]
    )
    assert code == 0
    out = capsys.readouterr().out
    return json.loads(out) if fmt == "json" else out


def ids(items: list[dict]) -> list[str]:
    return [item["id"] for item in items]


# (what, chapter it unlocks, how to find it in the guide's JSON)
UNLOCKS = [
    ("symbol the sea", 1, lambda g: "the-sea" in ids(g["symbols"])),
    ("symbol the attic", 2, lambda g: "the-attic" in ids(g["symbols"])),
    ("symbol note", 3, lambda g: any(s["notes"] for s in g["symbols"])),
    ("device first person", 0, lambda g: "first-person" in ids(g["devices"])),
    ("device note", 2, lambda g: any(d["notes"] for d in g["devices"])),
    ("device withheld name", 3, lambda g: "withheld-name" in ids(g["devices"])),
    ("relationship", 2, lambda g: ids(g["relationships"]) == ["ann-and-writer"]),
    ("relationship note", 4, lambda g: any(r["notes"] for r in g["relationships"])),
    ("Ann's first portrait", 1, lambda g: _portrait(g, "ann") is not None),
    ("Ann's second portrait", 3, lambda g: (_portrait(g, "ann") or {}).get("chapter") == 3),
    ("the writer's portrait", 2, lambda g: _portrait(g, "writer") is not None),
]


def _portrait(guide_json: dict, character: str) -> dict | None:
    people = {c["id"]: c for c in guide_json["characters"]}
    return people[character]["portrait"] if character in people else None


@pytest.mark.parametrize("what, chapter, present", UNLOCKS, ids=[u[0] for u in UNLOCKS])
def test_each_new_item_unlocks_at_its_chapter_and_not_before(
    capsys, data_dir, what, chapter, present
):
    if chapter > 0:
        assert not present(guide(capsys, data_dir, chapter - 1)), f"{what} before {chapter}"
    assert present(guide(capsys, data_dir, chapter)), f"{what} missing at {chapter}"


def test_symbols_and_devices_have_the_fields_of_themes(capsys, data_dir):
    at = guide(capsys, data_dir, 4)
    keys = {frozenset(t) for t in at["themes"]}
    assert {frozenset(s) for s in at["symbols"] + at["devices"]} == keys
    assert at["symbols"][0] == {
        "id": "the-sea",
        "name": "The sea",
        "text": "The grey sea Ann watches every morning: what stays the same.",
        "notes": [{"chapter": 3, "text": "Ann turns her back on the sea for the first time."}],
    }
    assert at["relationships"][0]["characters"] == ["ann", "writer"]


def test_the_latest_portrait_replaces_the_earlier_one(capsys, data_dir):
    before = guide(capsys, data_dir, 2, "markdown")
    after = guide(capsys, data_dir, 3, "markdown")
    assert "So far (chapter 1): Ann wants a quiet life by the sea." in before
    assert "So far (chapter 3): Ann has grown restless" in after
    assert "quiet life" not in after


def test_locked_new_items_are_only_counted(capsys, data_dir):
    at = guide(capsys, data_dir, 1)
    assert at["locked"]["symbols"] == 1 and at["locked"]["symbol notes"] == 1
    assert at["locked"]["devices"] == 1 and at["locked"]["relationships"] == 1
    assert at["locked"]["character portraits"] == 2
    text = guide(capsys, data_dir, 1, "text")
    assert "1 symbol unlocks later" in text and "2 character portraits unlock later" in text
    for hidden in ("The attic", "withheld", "Ann and the writer", "restless", "stranger"):
        assert hidden not in text


def test_markdown_and_text_have_the_new_sections(capsys, data_dir):
    markdown = guide(capsys, data_dir, 4, "markdown")
    for heading in ("## Relationships", "## Symbols and motifs", "## Literary devices"):
        assert heading in markdown
    assert "### The withheld name" in markdown and "- Chapter 3: Ann turns her back" in markdown
    text = guide(capsys, data_dir, 4, "text")
    assert "SYMBOLS AND MOTIFS" in text and "LITERARY DEVICES" in text and "RELATIONSHIPS" in text


def test_quotes_carry_their_check_and_where_to_find_them(capsys, data_dir):
    (sea,) = [q for q in guide(capsys, data_dir, 1)["quotes"] if q["id"] == "sea"]
    assert sea["checked"] == "The Little Test Book, first edition, page 1"
    assert sea["passage"] == "I woke early"
    assert sea["locator"] == "Chapter 1, the passage beginning \u201cI woke early\u2026\u201d"
    markdown = guide(capsys, data_dir, 1, "markdown")
    assert "Where: Chapter 1, the passage beginning \u201cI woke early\u2026\u201d" in markdown
    assert "Checked: The Little Test Book, first edition, page 1" in markdown


def quote(passage: str, chapter: int = 3) -> Quote:
    return Quote("q", "t", "s", chapter, chapter, "verbatim", "c", "s", passage=passage)


def test_the_locator_names_the_chapter_and_the_opening_words():
    assert quote_locator(quote("")) == "Chapter 3"
    assert quote_locator(quote("  ")) == "Chapter 3"
    assert (
        quote_locator(quote("Thinking back now...", 22))
        == "Chapter 22, the passage beginning \u201cThinking back now\u2026\u201d"
    )
    assert quote_locator(quote("I was\n  talking")) == (
        "Chapter 3, the passage beginning \u201cI was talking\u2026\u201d"
    )
