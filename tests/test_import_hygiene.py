"""The command line never imports Textual: it must start fast and work without it."""

from __future__ import annotations

import json
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
