"""`companion import notes`: every record checked before any is written, standard input,
`note list --json` round trips, another book's export, and a progress bar at a terminal."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, ROOT

from companion.cli import main

BOOK = ["--book", str(MINI)]
STAMP = "2025-01-10T18:00:00+00:00"


def record(note_id: str, **changes) -> dict:
    note = {
        "id": note_id,
        "text": f"note {note_id}",
        "chapter": 1,
        "tags": ["t"],
        "quote": None,
        "conflict_of": None,
        "created": STAMP,
        "updated": STAMP,
    }
    note.update(changes)
    return note


def export_file(tmp_path: Path, notes: list, book: str | None = "mini", **extra) -> Path:
    doc = {"format": "companion-notes", "schema_version": 1, "notes": notes, **extra}
    if book is not None:
        doc["book"] = {"id": book, "title": "x"}
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc))
    return path


def cli(capsys, data: Path, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data), *BOOK, *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def stored(data: Path) -> list[str]:
    folder = data / "mini" / "notes"
    return sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []


BAD = [
    (record("c", chapter=99), "chapter 99 is not a chapter of this book (1-4"),
    (record("c", chapter=True), "chapter should be a chapter number"),
    (record("c", quote="nope"), "quote 'nope' is not a quote of this book"),
    (record("c", quote="\x1b]52;c;aGk=\x07"), "quote '\\x1b]52;c;aGk=\\x07' is not a quote id"),
    (record("c", conflict_of="../../x"), "conflict_of '../../x' is not a note id"),
    (record("c", tags=["ok", "bad\x1b[2J"]), "tag 'bad\\x1b[2J' is not a tag"),
    (record("c", tags="hailsham"), "tags should be a list"),
    (
        record("c", text="x" * (100 * 1024 + 1)),
        "the text is too long (102,401 bytes); a note holds at most 100 KB",
    ),
    (record("c", text=" "), "text should be the note's text"),
    (record("c", created="0001-01-01T00:00:00+00:00"), "created is in the year 1"),
    (record("c", updated="yesterday"), "updated should be an ISO date and time"),
    (record("../c"), "id '../c' is not a note id"),
    (record("c\n"), "id 'c\\n' is not a note id"),
    (record("a"), "the id a appears twice"),
]


@pytest.mark.parametrize("bad, words", BAD, ids=[w for _, w in BAD])
def test_one_bad_record_and_nothing_is_imported(capsys, tmp_path, bad, words):
    path = export_file(tmp_path, [record("a"), record("b"), bad])
    code, out, err = cli(capsys, tmp_path / "d", "import", "notes", str(path))
    assert code == 2 and f"{path}: record 3: {words}" in err, err
    assert "nothing was imported" in err and "--skip-bad" in err
    assert "\x1b" not in err and "Traceback" not in err
    assert stored(tmp_path / "d") == []


def test_skip_bad_imports_the_good_records_and_says_1(capsys, tmp_path):
    path = export_file(tmp_path, [record("a"), record("b", chapter=99), record("c")])
    code, out, err = cli(capsys, tmp_path / "d", "import", "notes", str(path), "--skip-bad")
    assert code == 1 and "record 2: chapter 99" in err
    assert "imported 2 new notes" in out and "skipped 1 bad record" in out
    assert stored(tmp_path / "d") == ["a", "c"]


def test_another_books_export_needs_book(capsys, tmp_path):
    path = export_file(tmp_path, [record("a")], book="never-let-me-go")
    code = main(["--data-dir", str(tmp_path / "d"), "import", "notes", str(path)])
    assert code == 0  # the default book is never-let-me-go: its own export
    path = export_file(tmp_path, [record("b")], book="mini")
    code = main(["--data-dir", str(tmp_path / "d"), "import", "notes", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and "another book ('mini')" in err and "--book mini" in err
    assert not (tmp_path / "d" / "never-let-me-go" / "notes" / "b.toml").exists()
    assert main(["--data-dir", str(tmp_path / "d"), *BOOK, "import", "notes", str(path)]) == 0


def test_numbers_too_long_and_deep_nesting_are_named(capsys, tmp_path):
    for raw in (
        b'{"format": "companion-notes", "schema_version": 1' + b"0" * 5000 + b"}",
        b"[" * 100_000,
    ):
        path = tmp_path / "in.json"
        path.write_bytes(raw)
        code, _, err = cli(capsys, tmp_path / "d", "import", "notes", str(path))
        assert code == 2 and f"{path} cannot be imported" in err and "Traceback" not in err


def test_note_list_json_imports_from_standard_input_and_grammar(tmp_path):
    source, target = tmp_path / "a", tmp_path / "b"
    assert main(["--data-dir", str(source), *BOOK, "note", "add", "one", "--chapter", "1"]) == 0
    listing = subprocess.run(
        [
            sys.executable,
            "-m",
            "companion",
            "--data-dir",
            str(source),
            *BOOK,
            "note",
            "list",
            "--json",
        ],
        capture_output=True,
        timeout=60,
        cwd=ROOT,
    )
    for expected in (
        "imported 1 new note from standard input; 0 were here already",
        "imported 0 new notes from standard input; 1 was here already",
    ):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "companion",
                "--data-dir",
                str(target),
                *BOOK,
                "import",
                "notes",
                "-",
            ],
            input=listing.stdout,
            capture_output=True,
            text=False,
            timeout=60,
            cwd=ROOT,
        )
        assert done.returncode == 0 and done.stdout.decode().strip() == expected
    assert stored(target) == stored(source)


def test_a_conflicting_import_keeps_both_once(capsys, tmp_path):
    data = tmp_path / "d"
    assert cli(capsys, data, "import", "notes", str(export_file(tmp_path, [record("a")])))[0] == 0
    changed = export_file(tmp_path, [record("a", text="changed elsewhere")])
    for _ in range(2):
        code, out, _ = cli(capsys, data, "import", "notes", str(changed))
        assert code == 0
    assert "1 was here already" in out  # the second time: the copy exists
    assert len(stored(data)) == 2


def test_a_large_import_shows_a_progress_bar_at_a_terminal_only(tmp_path):
    path = export_file(tmp_path, [record(f"n{i:05d}", chapter=i % 5) for i in range(2500)])
    main_fd, other = pty.openpty()
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "companion",
                "--data-dir",
                str(tmp_path / "tty"),
                *BOOK,
                "import",
                "notes",
                str(path),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=other,
            timeout=300,
            cwd=ROOT,
            env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
        )
        os.set_blocking(main_fd, False)
        drawn = b""
        try:
            while chunk := os.read(main_fd, 1 << 16):
                drawn += chunk
        except (BlockingIOError, OSError):
            pass
    finally:
        os.close(other)
        os.close(main_fd)
    assert done.returncode == 0 and b"imported 2,500" not in done.stdout
    assert b"imported 2500 new notes" in done.stdout
    assert b"importing notes" in drawn  # rich's bar, on the terminal
    piped = subprocess.run(
        [
            sys.executable,
            "-m",
            "companion",
            "--data-dir",
            str(tmp_path / "pipe"),
            *BOOK,
            "import",
            "notes",
            str(path),
        ],
        capture_output=True,
        timeout=300,
        cwd=ROOT,
    )
    assert piped.returncode == 0 and piped.stderr == b""
    assert len(stored(tmp_path / "pipe")) == 2500
