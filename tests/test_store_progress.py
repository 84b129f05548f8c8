"""progress.toml: set/next/back dates, persistence, bad files never overwritten."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_companion

from companion.store.errors import StoreError
from companion.store.paths import book_data_dir, data_root
from companion.store.progress import Progress, load_progress, save_progress, set_progress

D1, D2, D3 = (datetime.date(2025, 1, d) for d in (1, 2, 3))


def test_set_progress_dates():
    p = set_progress(Progress(), 3, D1)
    assert p == Progress(3, {1: D1, 2: D1, 3: D1})
    p = set_progress(p, 4, D2)  # --next keeps old dates
    assert p.dates == {1: D1, 2: D1, 3: D1, 4: D2}
    p = set_progress(p, 2, D3)  # --back drops later dates
    assert p == Progress(2, {1: D1, 2: D1})
    assert set_progress(p, 0, D3) == Progress(0, {})
    with pytest.raises(ValueError):
        set_progress(p, -1, D3)


def test_save_and_load(tmp_path: Path):
    book = tmp_path / "data" / "nlmg"
    assert load_progress(book) == Progress()
    assert not book.exists()  # reading creates nothing
    p = set_progress(Progress(), 5, D1)
    save_progress(book, p)
    assert load_progress(book, 23) == p
    text = (book / "progress.toml").read_text()
    assert "schema_version = 1" in text and "finished = 5" in text


def test_out_of_range_for_this_book(tmp_path: Path):
    save_progress(tmp_path, Progress(30, {}))
    with pytest.raises(StoreError) as info:
        load_progress(tmp_path, 23)
    assert "23 chapters" in info.value.message


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"\xef\xbb\xbfschema_version = 1\nfinished = 2\n", "byte-order mark"),
        (b"", "empty"),
        (b"schema_version = 1\nfinished = 'two'\n", "finished should be"),
        (b"schema_version = 1\nfinished = -1\n", "negative"),
        (b"schema_version = 1\nfinished = 2\n[finished_on]\n1 = 'yesterday'\n", "a date"),
        (b"schema_version = 1\nfinished = 2\n[finished_on]\nx = 2025-01-01\n", "chapter number"),
        (b"schema_version = 1\nfinishd = 2\n", "unknown key"),
        (b"finished = 2\n", "no schema_version"),
        (b"schema_version = 1\nfinished = 2\nfinished = 3\n", "not valid TOML"),
    ],
)
def test_bad_progress_never_overwritten(tmp_path: Path, raw: bytes, reason: str):
    path = tmp_path / "progress.toml"
    path.write_bytes(raw)
    with pytest.raises(StoreError) as info:
        load_progress(tmp_path)
    assert reason in info.value.message and str(path) in info.value.message
    assert "move it away" in info.value.message
    with pytest.raises(StoreError):
        save_progress(tmp_path, Progress(1, {1: D1}))
    assert path.read_bytes() == raw


def test_newer_schema_is_read_only(tmp_path: Path):
    path = tmp_path / "progress.toml"
    raw = b"schema_version = 2\nfinished = 4\nreading_speed = 'fast'\n"
    path.write_bytes(raw)
    with pytest.raises(StoreError) as info:
        load_progress(tmp_path)
    assert "newer version" in info.value.message and "Upgrade" in info.value.message
    with pytest.raises(StoreError):
        save_progress(tmp_path, Progress(1, {1: D1}))
    assert path.read_bytes() == raw


def test_data_root_precedence(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("COMPANION_DATA_DIR", str(tmp_path / "env"))
    assert data_root() == tmp_path / "env"
    assert data_root(tmp_path / "flag") == tmp_path / "flag"
    assert book_data_dir("b", tmp_path / "flag") == tmp_path / "flag" / "b"
    monkeypatch.delenv("COMPANION_DATA_DIR")
    import platformdirs

    assert data_root() == platformdirs.user_data_path("companion")


def test_a_change_applies_to_the_file_as_it_is_now(tmp_path: Path):
    """A window shown chapter 0 finishes chapter 1 after the CLI set 5: the file is not
    rewritten from the window's stale copy; the caller learns the file said 5."""
    from companion.store.progress import finish_chapters

    book = tmp_path / "mini"
    stale = load_progress(book, 4)  # what the window read at start: chapter 0
    done = run_companion("--book", "tests/fixtures/mini", "progress", "3", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    update = finish_chapters(book, stale.finished + 1, D3, 4)
    assert update.before.finished == 3 and update.changed
    assert update.after.finished == 1
    assert update.after.dates[1] == update.before.dates[1]  # chapter 1's date kept


NEXT = """
import datetime, sys
from pathlib import Path
from companion.store.progress import set_progress, update_progress
book = Path(sys.argv[1])
sys.stdin.readline()  # start together
for _ in range(40):
    update_progress(book, lambda p: set_progress(p, p.finished + 1, datetime.date(2025, 1, 1)))
"""


def test_two_processes_finishing_chapters_lose_no_step(tmp_path: Path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", NEXT, str(tmp_path)], stdin=subprocess.PIPE, env=env
        )
        for _ in range(2)
    ]
    for p in procs:
        p.stdin.write(b"go\n")
        p.stdin.flush()
    for p in procs:
        p.stdin.close()
        assert p.wait(timeout=60) == 0
    assert load_progress(tmp_path).finished == 80


def test_entries_outside_the_book_are_an_error(tmp_path: Path):
    path = tmp_path / "progress.toml"
    path.write_text(
        "schema_version = 1\nfinished = 2\n[finished_on]\n1 = 2025-01-01\n99 = 2025-01-02\n"
    )
    with pytest.raises(StoreError) as info:
        load_progress(tmp_path, 23)
    assert "chapter 99" in info.value.message and "23 chapters" in info.value.message


def test_millions_of_entries_are_refused_by_size(tmp_path: Path):
    path = tmp_path / "progress.toml"
    lines = "".join(f"{n} = 2025-01-01\n" for n in range(1, 300_001))
    path.write_text("schema_version = 1\nfinished = 2\n[finished_on]\n" + lines)
    with pytest.raises(StoreError) as info:
        load_progress(tmp_path, 23)
    assert str(path) in info.value.message and "MB" in info.value.message


@pytest.mark.parametrize(
    "text",
    [
        "schema_version = 1\nfinished = " + "9" * 5000 + "\n",
        'schema_version = 1\nfinished = 1\n[finished_on]\n"' + "1" * 5000 + '" = 2025-01-01\n',
        "schema_version = 1\nfinished = 1\n[finished_on]\n01 = 2025-01-01\n",
        "schema_version = 1\nfinished = " + "[" * 2000 + "]" * 2000 + "\n",
    ],
    ids=["5000-digit integer", "5000-digit key", "leading zero", "deep nesting"],
)
def test_odd_values_are_named_problems(tmp_path: Path, text: str):
    (tmp_path / "progress.toml").write_text(text)
    with pytest.raises(StoreError) as info:
        load_progress(tmp_path, 23)
    assert "progress.toml" in info.value.message


def test_read_progress_gives_the_app_a_problem_and_read_only_progress(tmp_path: Path):
    from companion.store.progress import finish_chapters, read_progress

    raw = b"schema_version = 1\nfinished = oops\n"
    (tmp_path / "progress.toml").write_bytes(raw)
    progress, problem = read_progress(tmp_path, 23)
    assert progress == Progress() and "progress.toml" in problem.message
    with pytest.raises(StoreError) as info:
        finish_chapters(tmp_path, 1, D1, 23)
    assert "not saved" in info.value.message
    assert (tmp_path / "progress.toml").read_bytes() == raw
    assert read_progress(tmp_path / "fresh", 23) == (Progress(), None)


def test_a_book_folder_that_is_a_file_says_so(tmp_path: Path):
    from companion.store.progress import finish_chapters

    (tmp_path / "book").write_text("not a folder")
    with pytest.raises(StoreError) as info:
        load_progress(tmp_path / "book", 23)
    assert "is a file, not a folder" in info.value.message
    assert "permission" not in info.value.message
    with pytest.raises(StoreError) as info:
        finish_chapters(tmp_path / "book", 1, D1, 23)
    assert "is a file, not a folder" in info.value.message
    assert "permission" not in info.value.message
