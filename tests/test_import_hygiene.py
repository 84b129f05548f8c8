"""The command line never imports Textual: it must start fast and work without it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# Runs companion.cli.main in a fresh interpreter and reports the modules it imported.
WRAPPER = r"""
import io, json, sys, contextlib
argv = sys.argv[1:]
import companion.cli
out = io.StringIO()
code = None
with contextlib.redirect_stdout(out):
    if argv:
        code = companion.cli.main(argv)
print(json.dumps({"code": code,
                  "textual": sorted(m for m in sys.modules if m.split(".")[0] == "textual"),
                  "tui": sorted(m for m in sys.modules if m.startswith("companion.tui"))}))
"""


def run(*argv: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *argv], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_the_cli_does_not_import_textual():
    result = run()
    assert result["textual"] == [] and result["tui"] == []


@pytest.mark.parametrize(
    "argv",
    [
        ["note", "add", "A note about Hailsham.", "--chapter", "2", "--tag", "hailsham"],
        ["note", "add", "A note at my progress."],
        ["note", "list"],
        ["note", "list", "--search", "hailsham"],
        ["progress"],
        ["progress", "3"],
        ["guide"],
        ["guide", "--format", "json"],
    ],
)
def test_commands_do_not_import_textual(tmp_path, argv):
    result = run("--data-dir", str(tmp_path), *argv)
    assert result["code"] == (1 if "--search" in argv else 0)  # 1: nothing matched
    assert result["textual"] == [], f"`companion {' '.join(argv)}` imported textual"
    assert result["tui"] == []


# What the app reads before its first frame, for a new reader with a cached pack.
START = r"""
import json, sys
from companion.cli import app_context
from companion.book.packs import read_book_id
from companion.store.settings import load_settings
from companion.tui.state import CompanionState
ctx = app_context(["--data-dir", sys.argv[1]])
state = CompanionState(ctx)
settings = load_settings(state.data_dir)
modules = sorted(sys.modules)
print(json.dumps({"id": ctx.book_id, "read": read_book_id(ctx.pack_dir),
                  "title": state.book.title, "finished": state.finished,
                  "theme": settings.theme, "modules": modules}))
"""


def test_the_app_starts_a_new_reader_without_the_pack_loader_or_toml(tmp_path):
    """A new reader has no data files, and the pack comes from the cache: neither the
    TOML parser, the pack loader nor argparse is imported before the first frame."""
    env = {**os.environ, "COMPANION_CACHE_DIR": str(tmp_path / "cache")}
    runs = []
    for _ in range(2):  # the first run fills the cache
        done = subprocess.run(
            [sys.executable, "-c", START, str(tmp_path / "data")],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert done.returncode == 0, done.stderr
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    first, second = runs
    assert "companion.book.loader" in first["modules"]  # a cold cache loads the pack
    assert (second["id"], second["title"], second["finished"], second["theme"]) == (
        second["read"],
        "Never Let Me Go",
        0,
        "",
    )
    assert "companion.book.loader" not in second["modules"]
    assert "tomllib" not in second["modules"]
    assert "argparse" not in second["modules"]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--data-dir", "/tmp/d"],
        ["--book", "never-let-me-go"],
        ["--book", "pack dir", "--data-dir", "~/d"],
        ["--data-dir", "d", "--book", "progress"],
    ],
)
def test_the_app_options_read_without_argparse_as_argparse_reads_them(argv):
    from companion.cli import app_context, build_parser

    ctx = app_context(argv)
    args = build_parser(argv).parse_args(argv)
    assert (ctx.book_arg, ctx.data_override, ctx.args.command) == (
        args.book,
        args.data_dir,
        args.command,
    ) and args.command is None


@pytest.mark.parametrize(
    "argv",
    [
        ["progress"],
        ["--data-dir"],
        ["--data-dir=d"],
        ["--data", "d"],
        ["--data-dir", ""],
        ["--data-dir", "-d"],
        ["--data-dir", "a", "--data-dir", "b"],
        ["--version"],
        ["--help"],
        ["--data-dir", "d", "guide"],
        ["--book", "b", "--"],
    ],
)
def test_anything_else_is_left_to_argparse(argv):
    from companion.cli import app_context

    assert app_context(argv) is None
