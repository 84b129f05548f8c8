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
    done = subprocess.run([sys.executable, "-c", WRAPPER, *argv], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_the_cli_does_not_import_textual():
    result = run()
    assert result["textual"] == [] and result["tui"] == []


@pytest.mark.parametrize("argv", [
    ["note", "add", "A note about Hailsham.", "--chapter", "2", "--tag", "hailsham"],
    ["note", "add", "A note at my progress."],
    ["note", "list"],
    ["note", "list", "--search", "hailsham"],
    ["progress"],
    ["progress", "3"],
    ["guide"],
    ["guide", "--format", "json"],
])
def test_commands_do_not_import_textual(tmp_path, argv):
    result = run("--data-dir", str(tmp_path), *argv)
    assert result["code"] == 0
    assert result["textual"] == [], f"`companion {' '.join(argv)}` imported textual"
    assert result["tui"] == []


# What the app reads before its first frame, for a new reader with a cached pack.
START = r"""
import json, sys
from pathlib import Path
from companion.context import Context
from companion.book.packs import read_book_id
from companion.store.settings import load_settings
from companion.tui.state import CompanionState
ctx = Context(data_override=Path(sys.argv[1]))
state = CompanionState(ctx)
settings = load_settings(state.data_dir)
modules = sorted(sys.modules)
print(json.dumps({"id": ctx.book_id, "read": read_book_id(ctx.pack_dir),
                  "title": state.book.title, "finished": state.finished,
                  "theme": settings.theme, "modules": modules}))
"""


def test_the_app_starts_a_new_reader_without_the_pack_loader_or_toml(tmp_path):
    """A new reader has no data files, and the pack comes from the cache: neither the
    TOML parser nor the pack loader is imported before the first frame (~15 ms)."""
    env = {**os.environ, "COMPANION_CACHE_DIR": str(tmp_path / "cache")}
    runs = []
    for _ in range(2):  # the first run fills the cache
        done = subprocess.run([sys.executable, "-c", START, str(tmp_path / "data")],
                              capture_output=True, text=True, timeout=120, env=env)
        assert done.returncode == 0, done.stderr
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    first, second = runs
    assert "companion.book.loader" in first["modules"]  # a cold cache loads the pack
    assert (second["id"], second["title"], second["finished"], second["theme"]) == (
        second["read"], "Never Let Me Go", 0, "")
    assert "companion.book.loader" not in second["modules"]
    assert "tomllib" not in second["modules"]
