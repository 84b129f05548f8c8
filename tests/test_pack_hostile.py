"""Hostile content packs: special and huge files, deep nesting, huge numbers and ids that
would leave the data folder are named problems, never a hang, a traceback or a file
written elsewhere. And a pack's links reach the browser only as http, https or mailto."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, ROOT

# A hang fails the test: every run gets this long, and the runs take well under a second.
TIMEOUT = 60


def run(*argv: str, data: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(data), *argv],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=ROOT,
    )


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    copy = tmp_path / "pack"
    shutil.copytree(MINI, copy)
    return copy


def replace_with_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


@pytest.mark.parametrize("name", ["quotes.toml", "sections/01-arrival.md", "articles/about.md"])
def test_a_fifo_in_a_pack_is_a_named_problem_not_a_hang(tmp_path, pack, name):
    replace_with_fifo(pack / name)
    done = run("validate", str(pack), data=tmp_path / "d")
    assert done.returncode == 1
    assert f"{name}: is not a regular file (a pipe or a device)" in done.stdout
    guide = run("--book", str(pack), "guide", data=tmp_path / "d")
    assert guide.returncode == 2 and "is not a regular file" in guide.stderr


def test_a_fifo_book_toml(tmp_path, pack):
    replace_with_fifo(pack / "book.toml")
    for argv in (["progress"], ["note", "add", "x"], ["guide"], ["where"]):
        done = run("--book", str(pack), *argv, data=tmp_path / "d")
        assert done.returncode == 2 and "book.toml is not a regular file" in done.stderr, argv
    assert run("validate", str(pack), data=tmp_path / "d").returncode in (1, 2)


def test_a_huge_file_and_a_link_to_dev_zero(tmp_path, pack):
    with open(pack / "quotes.toml", "r+b") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB read as zeros
    (pack / "themes.toml").unlink()
    (pack / "themes.toml").symlink_to("/dev/zero")
    done = run("validate", str(pack), data=tmp_path / "d")
    assert done.returncode == 1
    assert "quotes.toml: is too large (50.0 MB; at most 4.0 MB)" in done.stdout
    assert "themes.toml: leads outside the pack" in done.stdout


@pytest.mark.parametrize(
    "content, words",
    [
        ("x = " + "[" * 50_000, "is nested too deeply"),
        ("x = " + "{a = " * 5_000, "is nested too deeply"),
        ("x = " + "7" * 5_000, "holds a number too long to read"),
    ],
    ids=["deep-arrays", "deep-tables", "long-number"],
)
@pytest.mark.parametrize("name", ["quotes.toml", "book.toml"])
def test_deep_nesting_and_huge_numbers_are_named(tmp_path, pack, name, content, words):
    (pack / name).write_text(content + "\n")
    done = run("validate", str(pack), data=tmp_path / "d")
    assert done.returncode == 1 and f"{name}" in done.stdout and words in done.stdout
    assert "Traceback" not in done.stderr
    if name == "book.toml":
        for argv in (["progress"], ["note", "add", "x"], ["guide"]):
            shown = run("--book", str(pack), *argv, data=tmp_path / "d")
            assert shown.returncode == 2 and words in shown.stderr, argv
            assert "Traceback" not in shown.stderr


@pytest.mark.parametrize("book_id", ["../../outside", "{tmp}/outside", "mini\n", "Mini", "a" * 65])
def test_a_pack_id_that_is_not_a_slug_writes_nothing_anywhere(tmp_path, pack, book_id):
    book_id = book_id.format(tmp=tmp_path)  # an absolute path
    book = pack / "book.toml"
    book.write_text(book.read_text().replace('id = "mini"', f"id = {json.dumps(book_id)}", 1))
    data = tmp_path / "root" / "data"
    data.mkdir(parents=True)
    before = sorted(p for p in tmp_path.rglob("*") if "pack" not in p.parts)
    for argv in (
        ["progress", "2"],
        ["note", "add", "x"],
        ["note", "list"],
        ["where"],
        ["deck", "add", "sea"],
        ["guide"],
    ):
        done = run("--book", str(pack), *argv, data=data)
        assert done.returncode == 2, (argv, done.stderr)
        assert re.search(r"must (be|use) lowercase letters, digits and '-'", done.stderr), argv
    assert sorted(p for p in tmp_path.rglob("*") if "pack" not in p.parts) == before
    checked = run("validate", str(pack), data=data)
    assert (
        checked.returncode == 1 and "must use lowercase letters, digits and '-'" in checked.stdout
    )


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://example.org/a?b=c", True),
        ("http://example.org", True),
        ("mailto:teacher@example.org", True),
        ("-badarg", False),
        ("--new-window", False),
        ("file:///etc/passwd", False),
        ("javascript:alert(1)", False),
        ("https://", False),
        (" https://example.org", False),
        ("https://example.org/\x1b]52;c;x\x07", False),
        ("", False),
        ("example.org", False),
    ],
)
def test_only_http_https_and_mailto_links_open(url, ok):
    from companion.study.text import is_safe_link

    assert is_safe_link(url) is ok
