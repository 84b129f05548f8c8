"""progress.toml: set/next/back dates, persistence, bad files never overwritten."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

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
