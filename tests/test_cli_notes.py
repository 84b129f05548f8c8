"""`companion note|export notes|import notes|where`, run as a user runs them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import TOML_INVALID, run_companion

BOOK = "never-let-me-go"
CORPUS = TOML_INVALID


def add(data_dir: Path, *args: str, input: str | None = None) -> str:
    result = run_companion("note", "add", *args, data_dir=data_dir, input=input)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def notes_dir(data_dir: Path) -> Path:
    return data_dir / BOOK / "notes"


def test_add_defaults_to_progress_and_lists(data_dir: Path):
    assert run_companion("progress", "4", data_dir=data_dir).returncode == 0
    first = add(data_dir, "Miss Lucy [@click=app.quit]x[/] speaks", "--tag", "lucy")
    guide = json.loads(run_companion("guide", "--format", "json", data_dir=data_dir).stdout)
    quote = guide["quotes"][0]["id"]  # unlocked at chapter 4
    second = add(data_dir, "-", "--chapter", "2", "--quote", quote, input="from stdin\nline 2\n")
    listing = run_companion("note", "list", data_dir=data_dir)
    assert listing.returncode == 0
    lines = listing.stdout.splitlines()
    assert lines[0].startswith(second) and "ch  2" in lines[0] and "from stdin" in lines[0]
    assert lines[1].startswith(first) and "ch  4" in lines[1] and "#lucy" in lines[1]
    assert "[@click=app.quit]x[/]" in lines[1]
    data = json.loads(run_companion("note", "list", "--json", data_dir=data_dir).stdout)
    texts = {n["id"]: n for n in data["notes"]}
    assert texts[second]["text"] == "from stdin\nline 2" and texts[second]["quote"] == quote
    assert texts[first]["chapter"] == 4
    found = run_companion("note", "list", "--search", "LUCY", data_dir=data_dir).stdout
    assert found.startswith(first) and second not in found
    assert run_companion("note", "list", "--chapter", "2", data_dir=data_dir).stdout.startswith(
        second
    )
    assert run_companion("note", "list", "--tag", "lucy", data_dir=data_dir).stdout.startswith(
        first
    )


def test_control_characters_made_visible(data_dir: Path):
    note_id = add(data_dir, "-", input="evil \x1b]52;c;aGk=\x07 \x1b[2J done\n")
    out = run_companion("note", "list", data_dir=data_dir).stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "␛]52;c;aGk=␇" in out
    shown = run_companion("note", "show", note_id, data_dir=data_dir).stdout
    assert "\x1b" not in shown and "␛[2J" in shown
    # stored unchanged
    data = json.loads(run_companion("note", "list", "--json", data_dir=data_dir).stdout)
    assert data["notes"][0]["text"] == "evil \x1b]52;c;aGk=\x07 \x1b[2J done"


def test_bad_input(data_dir: Path):
    empty = run_companion("note", "add", "  ", data_dir=data_dir)
    assert empty.returncode == 2 and "empty" in empty.stderr
    out_of_range = run_companion("note", "add", "x", "--chapter", "99", data_dir=data_dir)
    assert out_of_range.returncode == 2 and "out of range" in out_of_range.stderr
    missing = run_companion("note", "rm", "nosuchid", data_dir=data_dir)
    assert missing.returncode == 2 and "no note" in missing.stderr
    assert "Traceback" not in empty.stderr + out_of_range.stderr + missing.stderr


def test_invalid_utf8_stdin(data_dir: Path):
    import subprocess

    result = subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(data_dir), "note", "add", "-"],
        input=b"bad \xff\n",
        capture_output=True,
    )
    assert result.returncode == 2 and b"not valid UTF-8" in result.stderr
    assert not notes_dir(data_dir).exists()


def test_edit_with_editor_script(data_dir: Path, tmp_path: Path):
    note_id = add(data_dir, "before edit", "--chapter", "1")
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\np = sys.argv[1]\ns = open(p).read()\n"
        "open(p, 'w').write(s.replace('before', 'after') + '\\n')\n"
    )
    env = {"EDITOR": f"{sys.executable} {editor}", "VISUAL": ""}
    result = run_companion("note", "edit", note_id, data_dir=data_dir, env=env)
    assert result.returncode == 0, result.stderr
    assert f"saved note {note_id}" in result.stdout
    shown = json.loads(run_companion("note", "list", "--json", data_dir=data_dir).stdout)
    assert shown["notes"][0]["text"] == "after edit"
    # an editor leaving the file empty changes nothing
    blank = tmp_path / "blank.py"
    blank.write_text("import sys\nopen(sys.argv[1], 'w').write('')\n")
    result = run_companion(
        "note",
        "edit",
        note_id[:5],
        data_dir=data_dir,
        env={"EDITOR": f"{sys.executable} {blank}", "VISUAL": ""},
    )
    assert result.returncode == 0 and "not changed" in result.stdout
    shown = json.loads(run_companion("note", "list", "--json", data_dir=data_dir).stdout)
    assert shown["notes"][0]["text"] == "after edit"
    # an edit past the note size limit is refused, and kept for the reader
    huge = tmp_path / "huge.py"
    huge.write_text("import sys\nopen(sys.argv[1], 'w').write('x' * 102401)\n")
    env = {"EDITOR": f"{sys.executable} {huge}", "VISUAL": ""}
    result = run_companion("note", "edit", note_id, data_dir=data_dir, env=env)
    assert result.returncode == 2 and "a note holds at most 100 KB" in result.stderr
    kept = result.stderr.split("Your edit is in ")[1].strip().rstrip(".")
    assert Path(kept).read_text() == "x" * 102401
    Path(kept).unlink()
    shown = json.loads(run_companion("note", "list", "--json", data_dir=data_dir).stdout)
    assert shown["notes"][0]["text"] == "after edit"


def test_rm_prints_what_was_removed(data_dir: Path):
    one = add(data_dir, "first one")
    two = add(data_dir, "second one")
    three = add(data_dir, "third one")
    result = run_companion("note", "rm", one, data_dir=data_dir)
    assert result.returncode == 0 and f"removed note {one}" in result.stdout
    assert "first one" in result.stdout
    result = run_companion("note", "rm", two, three, data_dir=data_dir)
    assert result.returncode == 0 and "backed up first" in result.stdout
    assert list((data_dir / BOOK / "backups").glob("*.zip"))
    assert run_companion("note", "list", data_dir=data_dir).stdout == ""


def test_export_markdown_and_json_then_import(data_dir: Path, tmp_path: Path):
    add(data_dir, "before reading", "--chapter", "0")
    add(data_dir, "Hailsham thoughts", "--chapter", "3", "--tag", "hailsham", "--tag", "art work")
    add(data_dir, "Cottages thoughts\r\nsecond line", "--chapter", "12")
    md = run_companion("export", "notes", data_dir=data_dir)
    assert md.returncode == 0
    text = md.stdout
    assert text.startswith("---\n")
    assert text.index("## Before reading") < text.index("## Part One") < text.index("## Part Two")
    assert "### Chapter 3" in text and "#hailsham #art-work" in text
    out = tmp_path / "notes.json"
    assert (
        run_companion(
            "export", "notes", "--format", "json", "-o", str(out), data_dir=data_dir
        ).returncode
        == 0
    )
    again = run_companion("export", "notes", "--format", "json", "-o", str(out), data_dir=data_dir)
    assert again.returncode == 2 and "--force" in again.stderr
    assert (
        run_companion(
            "export", "notes", "--format", "json", "-o", str(out), "--force", data_dir=data_dir
        ).returncode
        == 0
    )
    doc = json.loads(out.read_text())
    assert doc["schema_version"] == 1 and len(doc["notes"]) == 3

    other = tmp_path / "other"
    first = run_companion("import", "notes", str(out), data_dir=other)
    assert first.returncode == 0 and "imported 3 new notes" in first.stdout
    second = run_companion("import", "notes", str(out), data_dir=other)
    assert "imported 0 new notes" in second.stdout and "3 were here already" in second.stdout
    assert (
        len(json.loads(run_companion("note", "list", "--json", data_dir=other).stdout)["notes"])
        == 3
    )
    assert sorted(
        json.loads(run_companion("export", "notes", "--format", "json", data_dir=other).stdout)[
            "notes"
        ],
        key=lambda n: n["id"],
    ) == sorted(doc["notes"], key=lambda n: n["id"])

    # the same id with different content: both kept, once
    doc["notes"][0]["text"] = "changed elsewhere"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(doc))
    for _ in range(2):
        result = run_companion("import", "notes", str(changed), data_dir=other)
        assert result.returncode == 0
    notes = json.loads(run_companion("note", "list", "--json", data_dir=other).stdout)["notes"]
    assert len(notes) == 4
    [copy] = [n for n in notes if "conflict" in n["tags"]]
    assert copy["text"] == "changed elsewhere" and copy["conflict_of"] == doc["notes"][0]["id"]


@pytest.mark.parametrize(
    "content, words",
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not valid UTF-8"),
        (b'{"format": "other"}', "not a companion notes export"),
        (
            b'{"format": "companion-notes", "schema_version": 1, "notes": [{"id": "../x"}]}',
            "record 1: id '../x' is not a note id",
        ),
    ],
)
def test_import_bad_file(data_dir: Path, tmp_path: Path, content: bytes, words: str):
    path = tmp_path / "in.json"
    path.write_bytes(content)
    result = run_companion("import", "notes", str(path), data_dir=data_dir)
    assert result.returncode == 2 and words in result.stderr and str(path) in result.stderr
    assert "Traceback" not in result.stderr
    assert not notes_dir(data_dir).exists()


def test_where(data_dir: Path):
    result = run_companion("where", data_dir=data_dir)
    assert result.returncode == 0
    out = result.stdout
    for label, path in [
        ("data root", data_dir),
        ("book folder", data_dir / BOOK),
        ("progress file", data_dir / BOOK / "progress.toml"),
        ("notes folder", data_dir / BOOK / "notes"),
        ("deck file", data_dir / BOOK / "deck.toml"),
    ]:
        assert f"{label}:" in out and str(path) in out
    assert "pack folder:" in out
    env = run_companion("where", env={"COMPANION_DATA_DIR": str(data_dir / "env")})
    assert str(data_dir / "env" / BOOK) in env.stdout


@pytest.mark.parametrize(
    "name",
    [
        "encoding/bad-utf8-in-string.toml",
        "control/bare-null.toml",
        "table/duplicate-key-01.toml",
        "string/no-close-01.toml",
    ],
)
def test_invalid_note_file_through_cli(data_dir: Path, name: str):
    source = CORPUS / name
    if not source.exists():
        raise AssertionError(f"{source} is missing from the vendored corpus")
    good = add(data_dir, "good note")
    bad = notes_dir(data_dir) / "broken.toml"
    raw = source.read_bytes()
    bad.write_bytes(raw)
    result = run_companion("note", "list", data_dir=data_dir)
    assert result.returncode == 1  # partly done: one note file left out
    assert result.stdout.startswith(good)
    assert str(bad) in result.stderr and "your other notes are fine" in result.stderr
    assert add(data_dir, "another good note")
    assert bad.read_bytes() == raw


def test_bad_progress_through_cli(data_dir: Path):
    path = data_dir / BOOK / "progress.toml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xef\xbb\xbfschema_version = 1\nfinished = 3\n")
    result = run_companion("note", "add", "x", data_dir=data_dir)
    assert result.returncode == 2 and str(path) in result.stderr and "--chapter" in result.stderr
    assert add(data_dir, "x", "--chapter", "3")
    assert path.read_bytes() == b"\xef\xbb\xbfschema_version = 1\nfinished = 3\n"


def test_newer_schema_note_through_cli(data_dir: Path):
    add(data_dir, "mine")
    (notes_dir(data_dir) / "future.toml").write_text("schema_version = 3\nid = 'future'\n")
    result = run_companion("note", "add", "new", data_dir=data_dir)
    # adding one note does not read the others; the list says why they are read-only
    listing = run_companion("note", "list", data_dir=data_dir)
    assert "newer version" in listing.stderr and "future.toml" in listing.stderr
    assert result.returncode == 0
