"""The command line's rules, through the real CLI: one exit-code rule for every command
(0 done, 1 nothing matched or partly done, 2 nothing done: the message says why and
what to do), messages that name what was given without internal names, `-o`, the
app refusing to run without a terminal, and `--upto` past the saved progress."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, ROOT

from companion.cli import main

BOOK = ["--book", str(MINI)]


@pytest.fixture
def reader(tmp_path: Path) -> Path:
    """A data folder for the mini book: progress 2, one note, one starred quote."""
    data = tmp_path / "data"
    for argv in (
        ["progress", "2"],
        ["note", "add", "a note", "--chapter", "1"],
        ["deck", "add", "sea"],
    ):
        assert main(["--data-dir", str(data), *BOOK, *argv]) == 0
    return data


def cli(capsys, data: Path, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data), *BOOK, *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


# (argv, exit code, words the message must hold)
CASES = [
    (["progress", "9"], 2, "out of range: give 0..4"),
    (["progress", "3", "--next"], 2, "not both"),
    (["guide", "--upto", "9"], 2, "--upto 9 is out of range"),
    (["validate", "/no/such/pack"], 2, "/no/such/pack does not exist"),
    (["note", "add", " "], 2, "the note is empty"),
    (["note", "add", "x", "--chapter", "9"], 2, "out of range"),
    (["note", "add", "x" * (100 * 1024 + 1)], 2, "a note holds at most 100 KB"),
    (["note", "add", "x", "--tag", "\x1b[2J"], 2, "the tag '\\x1b[2J' holds control characters"),
    (["note", "add", "x", "--quote", "no-such-quote"], 2, "'no-such-quote'"),
    (["note", "add", "x", "--quote", "grandmother"], 2, "'grandmother' is unlocked at chapter 2"),
    (["note", "show", "nosuchid"], 2, "no note has the id 'nosuchid'"),
    (["note", "rm", "nosuchid"], 2, "no note has the id 'nosuchid'"),
    (["note", "list", "--search", "zzzz"], 1, "no notes match"),
    (["note", "list", "--chapter", "4"], 1, "no notes match"),
    (["export", "notes", "-o", "{tmp}/no/such/notes.md"], 2, "/no/such does not exist"),
    (["export", "seminar", "--theme", "nope"], 2, "no theme 'nope'"),
    (["import", "notes", "/no/such/file.json"], 2, "/no/such/file.json does not exist"),
    (["deck", "add", "grandmother"], 2, "no quote 'grandmother' is unlocked"),
    (["deck", "rm", "not-said"], 1, "not in your deck, nothing to unstar: 'not-said'"),
]


@pytest.mark.parametrize("argv, code, words", CASES, ids=[" ".join(c[0])[:40] for c in CASES])
def test_each_command_error_case_has_its_exit_code(capsys, reader, argv, code, words):
    got, out, err = cli(capsys, reader, *(a.format(tmp=reader.parent) for a in argv))
    assert (got, words in err) == (code, True), err
    assert "Traceback" not in err and ".lock" not in err and "your edit" not in err


def test_the_same_commands_succeed_with_exit_0(capsys, reader):
    for argv in (
        ["progress"],
        ["guide"],
        ["validate", str(MINI)],
        ["note", "list"],
        ["note", "list", "--search", "note"],
        ["export", "notes", "-o", "-"],
        ["export", "seminar"],
        ["deck", "list"],
        ["deck", "rm", "sea"],
        ["where"],
    ):
        assert cli(capsys, reader, *argv)[0] == 0, argv


def test_deck_rm_unstars_the_starred_ones_and_says_1_for_the_rest(capsys, reader):
    code, out, err = cli(capsys, reader, "deck", "rm", "sea", "not-said")
    assert code == 1 and "unstarred sea" in out and "'not-said'" in err


def test_a_data_dir_that_is_a_file(capsys, tmp_path):
    afile = tmp_path / "data.txt"
    afile.write_text("not a folder")
    for argv in (["progress"], ["note", "add", "x"], ["where"]):
        code = main(["--data-dir", str(afile), *argv])
        err = capsys.readouterr().err
        assert code == 2 and f"--data-dir {afile} is a file, not a folder" in err
    assert afile.read_text() == "not a folder"


def test_a_pack_missing_keys_is_named_in_the_packs_words(capsys, tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(MINI, pack)
    book = pack / "book.toml"
    text = book.read_text()
    book.write_text(text.split("[[chapters]]")[0])  # no chapters at all
    code = main(["--data-dir", str(tmp_path / "d"), "--book", str(pack), "progress"])
    err = capsys.readouterr().err
    assert code == 2 and "book.toml has no [[chapters]]" in err and "companion validate" in err
    book.write_text(text.replace('title = "The Little Test Book"\n', ""))
    code = main(["--data-dir", str(tmp_path / "d"), "--book", str(pack), "guide"])
    err = capsys.readouterr().err
    assert code == 2 and "book.toml: missing required key 'title'" in err


def _chattr(flag: str, path: Path) -> bool:
    if not shutil.which("chattr"):
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


def test_unwritable_places_are_named_without_internal_words(capsys, reader, tmp_path):
    """chattr +i refuses writes even to root; the messages name the place given."""
    fresh = tmp_path / "fresh"  # the book's folder is still to be made in it
    fresh.mkdir()
    outdir = tmp_path / "out"
    outdir.mkdir()
    if not _chattr("+i", fresh):
        pytest.skip("chattr +i is not available here")
    _chattr("+i", outdir)
    try:
        code, _, err = cli(capsys, fresh, "note", "add", "x", "--chapter", "1")
        assert code == 2 and str(fresh / "mini") in err and "permission denied" in err
        assert ".lock" not in err and "your edit" not in err
        code, _, err = cli(capsys, reader, "export", "notes", "-o", str(outdir / "n.md"))
        assert code == 2 and f"cannot write {outdir / 'n.md'}" in err
        assert "your edit" not in err and "data-dir" not in err
    finally:
        _chattr("-i", fresh)
        _chattr("-i", outdir)
    assert list(outdir.iterdir()) == []


def test_export_to_dash_is_standard_output_and_no_folder_is_made(capsys, reader, tmp_path):
    code, out, _ = cli(capsys, reader, "export", "notes", "--format", "json", "-o", "-")
    assert code == 0 and json.loads(out)["notes"][0]["text"] == "a note"
    assert not Path("-").exists()
    code, out, err = cli(capsys, reader, "export", "seminar", "-o", str(tmp_path / "new" / "s.md"))
    assert code == 2 and "does not exist" in err and not (tmp_path / "new").exists()


def test_the_app_without_a_terminal_says_how_to_use_guide(tmp_path):
    """`companion > file` used to fill the file with escape codes and hang."""
    out = tmp_path / "out.txt"
    with out.open("w") as handle:
        done = subprocess.run(
            [sys.executable, "-m", "companion", "--data-dir", str(tmp_path)],
            stdout=handle,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            cwd=ROOT,
        )
    assert done.returncode == 2 and "companion guide" in done.stderr
    assert "standard output is not one" in done.stderr and out.read_text() == ""


def with_terminal(argv: list[str], *, stdin: bool, stdout: bool) -> subprocess.CompletedProcess:
    """Run `python -m companion ARGV` with standard input and/or output a terminal (a
    pty), the other streams /dev/null or captured."""
    main_fd, other = pty.openpty()
    try:
        return subprocess.run(
            [sys.executable, "-m", "companion", *argv],
            stdin=other if stdin else subprocess.DEVNULL,
            stdout=other if stdout else subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            cwd=ROOT,
        )
    finally:
        os.close(other)
        os.close(main_fd)


def test_the_app_with_input_that_is_not_a_terminal(tmp_path):
    done = with_terminal(["--data-dir", str(tmp_path)], stdin=False, stdout=True)
    assert done.returncode == 2 and "standard input is not one" in done.stderr


def _upto(data: Path, *argv: str, terminal: bool) -> subprocess.CompletedProcess:
    """Run with standard input a terminal or not (/dev/null)."""
    return with_terminal(["--data-dir", str(data), *BOOK, *argv], stdin=terminal, stdout=False)


@pytest.mark.parametrize("command", [["guide"], ["export", "seminar"]])
def test_upto_past_the_progress_warns_and_at_a_terminal_needs_yes(reader, command):
    warning = "chapter 4 is past your progress (2): this shows later chapters"
    asked = _upto(reader, *command, "--upto", "4", terminal=True)
    assert asked.returncode == 2 and warning in asked.stderr and "--yes" in asked.stderr
    assert asked.stdout == ""
    for terminal, extra in ((True, ["--yes"]), (False, [])):
        shown = _upto(reader, *command, "--upto", "4", *extra, terminal=terminal)
        assert shown.returncode == 0 and warning in shown.stderr
        assert "chapter 4 of 4" in shown.stdout
    within = _upto(reader, *command, "--upto", "2", terminal=True)
    assert within.returncode == 0 and "past your progress" not in within.stderr
