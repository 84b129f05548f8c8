"""`companion import highlights`: real files written here, the real CLI, real note files."""

from __future__ import annotations

import json

import pytest

from companion.cli import main
from companion.store.notes import NoteStore
from companion.store.progress import load_progress
from tests.highlights_files import (
    MEMORIES,
    NLMG,
    OPENING,
    OWN_LINE,
    OWN_LINE_2,
    SPIDERS,
    clipping,
    clippings,
    ko_entry,
    koreader,
    meta,
    readwise,
)

BOOK = "never-let-me-go"
TRUNCATED = f"{NLMG}\n- Your Highlight on page 9 | Location 130-131 | Added on Mon"


def kindle_file(tail: str = TRUNCATED) -> bytes:
    """Every case at once: another book's entries, a note attached to a highlight,
    three languages, a bookmark, a page-only entry, BOM, CRLF, a cut-off last entry."""
    return clippings(
        clipping(
            "Dune (Herbert, Frank)", meta("highlight", 88, 1345, 1346), "Fear is the mind-killer."
        ),
        clipping(NLMG, meta("highlight", 3, 40, 42), OPENING),
        clipping(NLMG, meta("note", 3, 42), "flat, like a form"),
        clipping(NLMG, meta("bookmark", 9, 130)),
        clipping(NLMG, meta("highlight", 20, 300, 301, "de"), OWN_LINE),
        clipping(NLMG, meta("highlight", 40, 600, 602, "fr"), SPIDERS),
        clipping(
            "The Remains of the Day (Ishiguro, Kazuo)",
            meta("highlight", 5, 70, 71, "es"),
            "Dignity.",
        ),
        clipping(
            NLMG, "- Your Highlight on page 5 | Added on Monday, 3 March 2025 22:15:32", OWN_LINE_2
        ),
        tail=tail,
    )


def run(capsys, data_dir, *args):
    code = main(["--data-dir", str(data_dir), "import", "highlights", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def saved(data_dir):
    return {n.text: n for n in NoteStore(data_dir / BOOK).notes}


def test_kindle_file_all_or_nothing_names_the_cut_off_line(tmp_path, data_dir, capsys):
    path = tmp_path / "My Clippings.txt"
    path.write_bytes(kindle_file())
    code, out, err = run(capsys, data_dir, path)
    assert code == 2
    assert f"{path}:41: the entry for 'Never Let Me Go' is cut off" in err
    assert "nothing was imported" in err and "--skip-bad" in err
    assert not (data_dir / BOOK / "notes").exists()


def test_kindle_file_with_skip_bad_counts_every_entry(tmp_path, data_dir, capsys):
    path = tmp_path / "My Clippings.txt"
    path.write_bytes(kindle_file())
    code, out, err = run(capsys, data_dir, path, "--skip-bad")
    assert code == 1  # partly done
    assert "4 highlights and notes of Never Let Me Go" in out
    assert "imported 4 new notes, updated 0, 0 here already" in out
    assert (
        "chapters: 2 linked to quote cards, 0 from the file's chapter titles, "
        "1 estimated from their neighbours, 1 unplaced" in out
    )
    assert (
        "skipped: 2 entries of other books (Dune, The Remains of the Day), 1 bookmark, "
        "1 bad entry (listed above)" in out
    )
    notes = saved(data_dir)
    opening = notes[OPENING]
    assert (opening.kind, opening.chapter, opening.quote, opening.placement) == (
        "highlight",
        1,
        "opening-line",
        "quote",
    )
    assert opening.comment == "flat, like a form"
    assert opening.location == "page 3, location 40-42"
    assert (notes[SPIDERS].chapter, notes[SPIDERS].quote) == (3, "spiders")
    assert (notes[OWN_LINE].chapter, notes[OWN_LINE].placement) == (2, "estimated")
    assert (notes[OWN_LINE_2].chapter, notes[OWN_LINE_2].placement) == (0, "unplaced")
    assert (
        (data_dir / BOOK / "notes" / f"{opening.id}.toml")
        .read_text()
        .startswith("schema_version = 2\n")
    )


def test_importing_twice_adds_nothing_and_an_edited_highlight_updates(tmp_path, data_dir, capsys):
    path = tmp_path / "My Clippings.txt"
    path.write_bytes(kindle_file(tail=""))
    assert run(capsys, data_dir, path)[0] == 0
    before = saved(data_dir)
    code, out, _ = run(capsys, data_dir, path)
    assert "imported 0 new notes, updated 0, 4 here already" in out
    assert saved(data_dir).keys() == before.keys()
    # on the device: the spiders highlight extended; Kindle appends the new version
    longer = SPIDERS + " Madame did not say a word."
    path.write_bytes(kindle_file(tail=clipping(NLMG, meta("highlight", 40, 600, 606), longer)))
    code, out, _ = run(capsys, data_dir, path)
    assert "imported 0 new notes, updated 1, 3 here already" in out
    assert "1 earlier version of a highlight edited on the device" in out
    after = saved(data_dir)
    assert SPIDERS not in after and after[longer].id == before[SPIDERS].id
    assert len(after) == 4


def test_koreader_chapters_from_the_file_and_estimates_between(tmp_path, data_dir, capsys):
    path = tmp_path / "Never Let Me Go.json"
    entries = [
        ko_entry(OPENING, 10, "Chapter One", 1741036000, note="the first sentence"),
        ko_entry(OWN_LINE, 70, "Chapter Seven", 1741036100),
        ko_entry(OWN_LINE_2, 40, "", 1741036200),
    ]
    path.write_bytes(koreader(entries))
    code, out, _ = run(capsys, data_dir, path)
    assert code == 0
    assert "(KOReader highlights (JSON)): 3 highlights and notes" in out
    assert "1 linked to quote cards, 1 from the file's chapter titles, 1 estimated" in out
    notes = saved(data_dir)
    assert (notes[OPENING].placement, notes[OPENING].comment) == ("quote", "the first sentence")
    assert (notes[OWN_LINE].chapter, notes[OWN_LINE].placement) == (7, "file")
    assert (notes[OWN_LINE_2].chapter, notes[OWN_LINE_2].placement) == (4, "estimated")
    # edited in KOReader: the same highlight (same time), longer text
    entries[1] = ko_entry(OWN_LINE + " Then it rained.", 70, "Chapter Seven", 1741036100)
    path.write_bytes(koreader(entries))
    code, out, _ = run(capsys, data_dir, path)
    assert "imported 0 new notes, updated 1, 2 here already" in out
    assert saved(data_dir)[OWN_LINE + " Then it rained."].id == notes[OWN_LINE].id


def readwise_file(tmp_path):
    path = tmp_path / "readwise-data.csv"
    path.write_bytes(
        readwise(
            (OPENING, "Never Let Me Go", "Kazuo Ishiguro", "", "location", "40"),
            (MEMORIES, "Never Let Me Go", "Kazuo Ishiguro", "the ending", "location", "4000"),
            (OWN_LINE, "Never Let Me Go", "Kazuo Ishiguro", "", "location", "2020"),
            ("Fear is the mind-killer.", "Dune", "Frank Herbert", "", "location", "1345"),
            (OWN_LINE_2, "Never Let Me Go", "Kazuo Ishiguro", "", "", ""),
        )
    )
    return path


def test_readwise_csv_and_the_progress_question_off_a_terminal(tmp_path, data_dir, capsys):
    code, out, _ = run(capsys, data_dir, readwise_file(tmp_path))
    assert code == 0
    assert "imported 4 new notes" in out
    assert (
        "2 linked to quote cards, 0 from the file's chapter titles, 1 estimated from their neighbours, 1 unplaced"
        in out
    )
    assert "skipped: 1 entry of other books (Dune)" in out
    assert saved(data_dir)[OWN_LINE].chapter == 12
    assert (
        "3 highlights are from past your progress (no chapter finished yet), up to chapter 23"
        in out
    )
    assert "Your progress was not changed" in out and "`companion progress 23`" in out
    assert load_progress(data_dir / BOOK).finished == 0
    # hidden everywhere until their chapters are finished; note list says how many
    main(["--data-dir", str(data_dir), "progress", "1"])
    capsys.readouterr()
    main(["--data-dir", str(data_dir), "note", "list", "--json"])
    listed = json.loads(capsys.readouterr().out)
    assert sorted(n["text"] for n in listed["notes"]) == sorted([OPENING, OWN_LINE_2])
    assert listed["hidden"] == 2
    main(["--data-dir", str(data_dir), "note", "list"])
    out, err = capsys.readouterr()
    assert "unplaced" in out and MEMORIES not in out
    assert "2 imported highlights are from past your progress and hidden" in err


def test_yes_moves_progress_to_the_last_highlight(tmp_path, data_dir, capsys):
    code, out, _ = run(capsys, data_dir, readwise_file(tmp_path), "--yes")
    assert "Progress set: chapter 23 finished." in out
    assert load_progress(data_dir / BOOK).finished == 23


def test_the_question_at_a_terminal(tmp_path, data_dir):
    """A real terminal (a pty): the import asks, and moves progress only on "y"."""
    import os
    import pty
    import subprocess
    import sys

    from tests.conftest import ROOT

    def ask(answer: str) -> str:
        main_fd, child_fd = pty.openpty()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "companion",
                "--data-dir",
                str(data_dir),
                "import",
                "highlights",
                str(readwise_file(tmp_path)),
            ],
            stdin=child_fd,
            stdout=child_fd,
            stderr=child_fd,
            cwd=ROOT,
        )
        os.close(child_fd)
        seen = b""
        while b"[y/N]" not in seen:
            chunk = os.read(main_fd, 4096)
            assert chunk, seen
            seen += chunk
        os.write(main_fd, answer.encode() + b"\r")
        try:
            while chunk := os.read(main_fd, 4096):
                seen += chunk
        except OSError:  # the child closed the terminal
            pass
        assert process.wait(timeout=60) == 0
        os.close(main_fd)
        return seen.decode()

    assert "Progress stays at chapter 0" in ask("n")
    assert load_progress(data_dir / BOOK).finished == 0
    assert "Progress set: chapter 23 finished." in ask("y")
    assert load_progress(data_dir / BOOK).finished == 23


def test_dry_run_writes_nothing(tmp_path, data_dir, capsys):
    code, out, _ = run(capsys, data_dir, readwise_file(tmp_path), "--dry-run", "--yes")
    assert (
        "would import 4 new notes and update 0; 0 here already (dry run: nothing was written)"
        in out
    )
    assert "they would be hidden" in out
    assert not (data_dir / BOOK).exists()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "is empty"),
        (b"Dear diary,\nnothing happened.\n", "line 1 does not start a format"),
        (b'{"entries": 3', "not valid JSON (line 1"),
    ],
)
def test_files_that_cannot_be_imported(tmp_path, data_dir, capsys, content, says):
    path = tmp_path / "highlights.txt"
    path.write_bytes(content)
    code, out, err = run(capsys, data_dir, path)
    assert code == 2 and says in err and "nothing was imported" in err
    assert "Traceback" not in err
    assert not (data_dir / BOOK).exists()


def test_a_highlight_over_the_note_limit_is_a_bad_entry(tmp_path, data_dir, capsys):
    path = tmp_path / "My Clippings.txt"
    path.write_bytes(
        kindle_file(tail=clipping(NLMG, meta("highlight", 50, 700, 9000), "word " * 30000))
    )
    code, out, err = run(capsys, data_dir, path, "--skip-bad")
    assert ":41: the entry for 'Never Let Me Go' is cut off" not in err  # no tail cut here
    assert ":41: the note is 149,999 bytes long" in err
    assert "imported 4 new notes" in out


def test_export_quotes_highlights_lists_unplaced_apart_and_leaves_out_hidden(
    tmp_path, data_dir, capsys
):
    path = tmp_path / "My Clippings.txt"
    path.write_bytes(kindle_file(tail=clipping(NLMG, meta("highlight", 200, 3950, 3951), MEMORIES)))
    run(capsys, data_dir, path)
    main(["--data-dir", str(data_dir), "progress", "3"])
    main(["--data-dir", str(data_dir), "export", "notes"])
    out, err = capsys.readouterr()
    assert f"> {OPENING}\n\nflat, like a form" in out
    assert "from kindle, page 20, location 300-301, chapter estimated" in out
    assert out.index("## Unplaced highlights") > out.index("### Chapter 3")
    assert f"> {OWN_LINE_2}" in out[out.index("## Unplaced highlights") :]
    assert "Before reading" not in out
    assert MEMORIES not in out
    assert "1 imported highlight is from past your progress and not exported" in err


def test_note_place_gives_an_unplaced_highlight_its_chapter_and_an_import_keeps_it(
    tmp_path, data_dir, capsys
):
    path = tmp_path / "My Clippings.txt"
    path.write_bytes(kindle_file(tail=""))
    run(capsys, data_dir, path)
    unplaced = saved(data_dir)[OWN_LINE_2]
    assert main(["--data-dir", str(data_dir), "note", "place", unplaced.id[:6], "2"]) == 0
    assert f"note {unplaced.id}: chapter 2" in capsys.readouterr().out
    code, out, _ = run(capsys, data_dir, path)
    assert "0 unplaced" in out and "1 placed by you" in out
    again = saved(data_dir)[OWN_LINE_2]
    assert (again.chapter, again.placement) == (2, "placed")
    assert main(["--data-dir", str(data_dir), "note", "place", unplaced.id, "40"]) == 2
