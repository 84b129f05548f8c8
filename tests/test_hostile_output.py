"""Hostile text through every command-line output, captured raw: no ESC, BEL, C1 control,
DEL or bidi override reaches the terminal, whatever the source (a note file written by
a sync tool, a teacher's pack, a path, an argument quoted in an error)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest
import tomli_w
from conftest import MINI, run_companion

from companion.book.loader import validate_pack
from companion.context import Context

# OSC 52 (clipboard), a title change, BEL, CSI as one C1 byte, NEL, DEL, an RTL override
# and markup that a careless widget would act on.
EVIL = "\x1b]52;c;aGk=\x07\x1b]0;pwned\x07\x9b2J\x85\x7f\u202eevil\u202c[/][@click=app.quit]x[/]"
NAME = EVIL.replace("/", "")  # for file names
DANGER = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def assert_clean(raw: bytes | str, where: str) -> None:
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    found = DANGER.search(text)
    assert found is None, f"{where}: {found.group()!r} reached the output: {text[:300]!r}"


def run(*argv: str, data: Path, input: bytes | None = None) -> subprocess.CompletedProcess:
    """The command's output as the bytes it wrote."""
    return run_companion(*argv, data_dir=data, input=input, text=False)


def strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


@pytest.fixture
def hostile_notes(tmp_path: Path) -> Path:
    """Note files as a sync tool or a crafted export could leave them: every field."""
    data = tmp_path / "data"
    folder = data / "mini" / "notes"
    folder.mkdir(parents=True)
    for note_id, tags in (("evil1", ["seminar", EVIL]), ("evil2", ["seminar"])):
        doc = {
            "schema_version": 1,
            "id": note_id,
            "text": f"{EVIL}\nsecond line {EVIL}",
            "chapter": 1,
            "tags": tags,
            "quote": "sea" if note_id == "evil2" else EVIL,
            "conflict_of": EVIL,
            "created": tomllib.loads("d = 2025-01-10T18:00:00Z")["d"],
            "updated": tomllib.loads("d = 2025-01-10T18:00:00Z")["d"],
        }
        (folder / f"{note_id}.toml").write_text(tomli_w.dumps(doc))
    book = ["--book", str(MINI)]
    assert run(*book, "progress", "2", data=data).returncode == 0
    assert run(*book, "deck", "add", "sea", data=data).returncode == 0
    return data


NOTE_OUTPUTS = [
    ["note", "list"],
    ["note", "list", "--search", "evil"],
    ["note", "list", "--tag", "seminar"],
    ["note", "list", "--json"],
    ["note", "show", "evil1"],
    ["note", "show", "evil2"],
    ["export", "notes"],
    ["export", "notes", "--format", "json"],
    ["export", "seminar"],
    ["export", "seminar", "--format", "text"],
    ["deck", "list"],
    ["deck", "list", "--json"],
    ["note", "rm", "evil1", "evil2"],
]


@pytest.mark.parametrize("argv", NOTE_OUTPUTS, ids=[" ".join(a) for a in NOTE_OUTPUTS])
def test_hostile_notes_through_every_output(hostile_notes, argv):
    done = run("--book", str(MINI), *argv, data=hostile_notes)
    assert done.returncode == 0, done.stderr
    assert_clean(done.stdout, "stdout")
    assert_clean(done.stderr, "stderr")
    if argv[0] == "deck":
        return  # the deck shows the pack's quotes, not the notes
    assert b"evil" in done.stdout  # shown, made visible
    if "--json" in argv or "json" in argv:
        doc = json.loads(done.stdout)  # escaped, and still the stored text
        assert any(EVIL in text for text in strings(doc))


def test_exported_files_are_clean_and_json_reads_back(hostile_notes, tmp_path):
    for fmt in ("markdown", "json"):
        out = tmp_path / f"notes.{fmt}"
        args = ["export", "notes", "--format", fmt, "-o", str(out)]
        assert run("--book", str(MINI), *args, data=hostile_notes).returncode == 0
        assert_clean(out.read_bytes(), str(out))
    again = tmp_path / "again"
    # the hostile quote and conflict_of are refused on the way back in
    done = run("--book", str(MINI), "import", "notes", str(tmp_path / "notes.json"), data=again)
    assert done.returncode == 2 and b"record 1: tag" in done.stderr
    assert b"record 2: conflict_of" in done.stderr
    assert_clean(done.stderr, "import errors")


def test_hostile_arguments_and_paths_in_messages(tmp_path):
    data = tmp_path / f"data{NAME}"
    for argv in (
        ["where"],
        ["note", "show", EVIL],
        ["deck", "add", EVIL],
        ["deck", "rm", EVIL],
        ["note", "add", "x", "--quote", EVIL],
        ["--book", EVIL, "progress"],
        ["validate", str(tmp_path / NAME)],
        ["progress", EVIL],
        ["note", "list", "--chapter", EVIL],
        ["import", "notes", str(tmp_path / NAME)],
        ["export", "notes", "-o", str(tmp_path / NAME / "x.md")],
        ["nonsense", EVIL],
    ):
        done = run(*argv, data=data)
        assert_clean(done.stdout, f"{argv} stdout")
        assert_clean(done.stderr, f"{argv} stderr")
        assert b"Traceback" not in done.stderr


def hostile_pack(tmp_path: Path) -> Path:
    """The mini pack with EVIL in every text field of every file, and a file named with it."""
    pack = tmp_path / "pack"
    shutil.copytree(MINI, pack)
    keep = {"id", "provenance", "themes", "characters"}

    def spoil(value, key=""):
        if isinstance(value, dict):
            return {k: spoil(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [spoil(v, key) for v in value]
        if isinstance(value, str) and key not in keep:
            return value + EVIL
        return value

    for path in pack.glob("*.toml"):
        path.write_text(tomli_w.dumps(spoil(tomllib.loads(path.read_text()))))
    for path in [*pack.glob("sections/*.md"), *pack.glob("articles/*.md")]:
        head, _, body = path.read_text().partition("+++\n")[2].partition("+++\n")
        path.write_text(f"+++\n{tomli_w.dumps(spoil(tomllib.loads(head)))}+++\n{body}{EVIL}\n")
    (pack / "articles" / f"x{NAME}.md").write_text("+++\nid = 'x'\n+++\nx\n")
    return pack


def test_validate_names_every_field_holding_a_control_character(tmp_path):
    pack = hostile_pack(tmp_path)
    done = run("validate", str(pack), data=tmp_path / "d")
    assert done.returncode == 1 and b"the pack is not valid" in done.stdout
    assert_clean(done.stdout, "validate")
    out = done.stdout.decode()
    for name in (
        "book.toml",
        "quotes.toml",
        "characters.toml",
        "themes.toml",
        "glossary.toml",
        "questions.toml",
        "sections/01-arrival.md",
        "articles/about.md",
    ):
        assert re.search(
            rf"^{re.escape(name)}:\d+: .*control character U\+001B \(ESC\)", out, re.M
        ), name
    assert "quotes.toml:" in out and "quote 'sea': 'text' holds the control character" in out
    assert "articles/x␛]52;c;aGk=␇" in out  # the file's name, made visible


def test_a_hostile_pack_through_the_commands_that_read_it(tmp_path):
    pack = hostile_pack(tmp_path)
    data = tmp_path / "d"
    for argv in (
        ["progress", "2"],
        ["progress"],
        ["guide"],
        ["guide", "--format", "json"],
        ["export", "seminar"],
        ["note", "add", "x", "--quote", "sea"],
        ["deck", "list"],
        ["quotes"],
        ["quotes", "--json"],
    ):
        done = run("--book", str(pack), *argv, data=data)
        assert_clean(done.stdout, f"{argv} stdout")
        assert_clean(done.stderr, f"{argv} stderr")
        assert b"Traceback" not in done.stderr
    # the pack does not load: guide says why, and names the files
    assert b"has errors" in run("--book", str(pack), "guide", data=data).stderr


FORMATS = [
    ("guide", "text"),
    ("guide", "markdown"),
    ("guide", "json"),
    ("seminar", "markdown"),
    ("seminar", "text"),
    ("deck", None),
    ("quotes", None),
    ("quotes", "json"),
]


@pytest.mark.parametrize("kind, fmt", FORMATS)
def test_every_surface_sanitises_pack_text_even_past_the_validator(
    capsys, hostile_notes, tmp_path, kind, fmt
):
    """A Book built from the hostile pack (the validator's problems ignored), given to
    the commands directly: their output is clean anyway."""
    from companion.commands import deck, export_seminar, guide, quotes

    book, problems = validate_pack(hostile_pack(tmp_path))
    assert book is not None and problems
    args = SimpleNamespace(
        upto=4, yes=True, format=fmt, theme=None, output=None, force=False, json=fmt == "json"
    )
    args.__dict__.update(search="", chapter=None, starred=False)  # companion quotes
    ctx = Context(data_override=hostile_notes, args=args)
    ctx.__dict__["book"] = book
    ctx.__dict__["book_id"] = "mini"
    run_command = {
        "guide": guide.run,
        "seminar": export_seminar.run,
        "deck": deck.run_list,
        "quotes": quotes.run,
    }[kind]
    capsys.readouterr()
    run_command(ctx)
    out = capsys.readouterr()
    assert_clean(out.out, "stdout")
    assert_clean(out.err, "stderr")
    assert "␛]52" in out.out or "\\u001b]52" in out.out  # the pack's text, made visible
