"""Reading e-reader highlight files: Kindle in four languages, KOReader, Readwise."""

from __future__ import annotations

import datetime
import json

import pytest

from companion.study.highlights.entries import HighlightsError
from companion.study.highlights.formats import parse, read
from companion.study.highlights.titles import book_matcher, chapter_number
from tests.highlights_files import (
    NLMG,
    OPENING,
    OWN_LINE,
    SPIDERS,
    clipping,
    clippings,
    ko_entry,
    koreader,
    meta,
    readwise,
)

WANTED = book_matcher("Never Let Me Go", "Kazuo Ishiguro")


def _parse(raw: bytes):
    return parse(raw.decode("utf-8-sig"), "My Clippings.txt", WANTED)


@pytest.mark.parametrize("lang", ["en", "fr", "de", "es"])
def test_kindle_meta_lines_in_four_languages(lang):
    raw = clippings(
        clipping(NLMG, meta("highlight", 3, 40, 42, lang), OPENING),
        clipping(NLMG, meta("note", 3, 42, lang=lang), "flat, like a form"),
        clipping(NLMG, meta("bookmark", 9, 130, lang=lang)),
    )
    parsed = _parse(raw)
    assert parsed.bad == []
    assert parsed.bookmarks == 1
    [entry] = parsed.entries
    assert (entry.text, entry.comment) == (OPENING, "flat, like a form")
    assert entry.location == "page 3, location 40-42"
    assert entry.added == datetime.datetime(2025, 3, 3, 22, 15, 32)


def test_kindle_older_meta_lines():
    raw = clippings(
        clipping(
            NLMG, "- Highlight Loc. 1234-36 | Added on Sunday, March 04, 2012, 10:15 PM", OPENING
        ),
        clipping(
            NLMG,
            "- Your Highlight at location 301-302 | Added on Monday, 4 March 2024 22:15:32",
            SPIDERS,
        ),
        clipping(
            NLMG,
            "- Your Highlight on page xiv | location 9-10 | Added on Monday, March 4, 2024 10:15:32 PM",
            OWN_LINE,
        ),
    )
    first, second, third = _parse(raw).entries
    assert (first.position, first.end, first.location) == (1234, 1236, "location 1234-1236")
    assert first.added == datetime.datetime(2012, 3, 4, 22, 15)
    assert second.location == "location 301-302"
    assert third.location == "page xiv, location 9-10"


def test_kindle_other_books_are_counted_and_a_standalone_note_stays_a_note():
    raw = clippings(
        clipping(
            "Dune (Herbert, Frank)", meta("highlight", 88, 1345, 1346), "Fear is the mind-killer."
        ),
        clipping(NLMG, meta("highlight", 3, 40, 42), OPENING),
        clipping(NLMG, meta("note", 30, 500), "who is Madame?"),
        clipping(
            "Never Let Me Go (Doe, Jane)", meta("highlight", 1, 1, 2), "Another author's book."
        ),
    )
    parsed = _parse(raw)
    assert parsed.other_books == 2
    assert parsed.other_titles == ["Dune", "Never Let Me Go"]
    assert [(e.kind, e.comment) for e in parsed.entries] == [("highlight", ""), ("note", "")]


def test_kindle_an_edited_highlight_replaces_its_earlier_version():
    longer = SPIDERS + " Madame did not say a word."
    raw = clippings(
        clipping(NLMG, meta("highlight", 40, 600, 602), SPIDERS),
        clipping(NLMG, meta("highlight", 40, 600, 606), longer),
        clipping(NLMG, meta("highlight", 40, 601, 603), OWN_LINE),  # another, same place
    )
    parsed = _parse(raw)
    assert parsed.superseded == 1
    assert [(e.text, e.key) for e in parsed.entries] == [
        (longer, "never-let-me-go@loc600"),
        (OWN_LINE, "never-let-me-go@loc601"),
    ]


def test_kindle_a_truncated_last_entry_is_named_by_its_line():
    raw = clippings(
        clipping(NLMG, meta("highlight", 3, 40, 42), OPENING), tail=f"{NLMG}\n- Your Highl"
    )
    parsed = _parse(raw)
    assert len(parsed.entries) == 1
    [(line, why)] = parsed.bad
    assert line == 6 and "cut off" in why


def test_koreader_json_with_chapters_and_notes():
    raw = koreader(
        [
            ko_entry(OPENING, 3, "Chapter One", 1741036000, note="the first sentence"),
            ko_entry(OWN_LINE, 40, "Chapter Three", 1741036100),
            {"sort": "bookmark", "page": 50, "time": 1741036200, "chapter": "Chapter Four"},
        ]
    )
    parsed = parse(raw.decode(), "export.json", WANTED)
    assert parsed.format.startswith("KOReader")
    assert parsed.bookmarks == 1
    assert [(e.chapter_title, e.comment, e.key) for e in parsed.entries] == [
        ("Chapter One", "the first sentence", "never-let-me-go@t1741036000"),
        ("Chapter Three", "", "never-let-me-go@t1741036100"),
    ]


def test_readwise_csv_columns_quotes_and_other_books():
    raw = readwise(
        (OPENING, "Never Let Me Go", "Kazuo Ishiguro", "note, with a comma", "location", "40"),
        (
            'He said "no", twice.\nThen left.',
            "Never Let Me Go: A Novel",
            "Kazuo Ishiguro",
            "",
            "location",
            "900",
        ),
        ("Fear is the mind-killer.", "Dune", "Frank Herbert", "", "location", "1345"),
    )
    parsed = parse(raw.decode(), "readwise.csv", WANTED)
    assert parsed.other_books == 1
    first, second = parsed.entries
    assert (first.comment, first.position, first.line) == ("note, with a comma", 40, 2)
    assert (second.text, second.line) == ('He said "no", twice.\nThen left.', 3)


def test_chapter_titles_read_as_chapter_numbers():
    labels = ["A carer remembers Hailsham", "The Exchanges and an apology"]
    found = {
        t: chapter_number(t, labels, 23)
        for t in (
            "Chapter Twelve",
            "CHAPTER XII",
            "Part Two, Chapter Ten",
            "7",
            "The Exchanges and an apology",
            "Acknowledgements",
            "Chapter 40",
        )
    }
    assert found == {
        "Chapter Twelve": 12,
        "CHAPTER XII": 12,
        "Part Two, Chapter Ten": 10,
        "7": 7,
        "The Exchanges and an apology": 2,
        "Acknowledgements": None,
        "Chapter 40": None,
    }


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "is empty"),
        (b"\xef\xbb\xbf\r\n  \r\n", "is empty"),
        (b"just some notes\nabout a book\n", "line 1 does not start a format"),
        (b'{"format": "companion-notes", "notes": []}', "import notes"),
        (b"caf\xe9 au lait\n", "line 1 is not UTF-8"),
    ],
)
def test_files_that_cannot_be_read_say_why(tmp_path, content, says):
    path = tmp_path / "file.txt"
    path.write_bytes(content)
    with pytest.raises(HighlightsError, match=says):
        parse(read(path), str(path), WANTED)


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "My Clippings.txt"
    with open(path, "wb") as f:
        f.truncate(50 * 1024 * 1024)
    with pytest.raises(HighlightsError, match=r"50\.0 MB, more than .* \(32\.0 MB\)"):
        read(path)


def test_koreader_export_of_several_books():
    one = json.loads(koreader([ko_entry(OPENING, 3, "Chapter One", 1741036000)]))
    other = json.loads(
        koreader([ko_entry("Dignity.", 5, "Day One", 1741036100)], title="The Remains of the Day")
    )
    doc = {"created_on": 1741036532, "version": "KOReader", "documents": [other, one]}
    parsed = parse(json.dumps(doc), "all.json", WANTED)
    assert parsed.other_titles == ["The Remains of the Day"]
    assert [e.text for e in parsed.entries] == [OPENING]


def test_a_link_to_the_file_is_followed_a_fifo_is_refused(tmp_path):
    import os

    real = tmp_path / "kindle" / "My Clippings.txt"
    real.parent.mkdir()
    real.write_bytes(clippings(clipping(NLMG, meta("highlight", 3, 40, 42), OPENING)))
    link = tmp_path / "elsewhere" / "clippings.txt"
    link.parent.mkdir()
    link.symlink_to(real)
    assert [e.text for e in parse(read(link), str(link), WANTED).entries] == [OPENING]
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(HighlightsError, match="FIFO"):
        read(fifo)
