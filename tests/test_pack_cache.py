"""The pack cache: an unchanged pack loads from it; any edit or a broken cache reloads."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import MINI

from companion.book.cache import cache_dir, load_pack_cached
from companion.book.loader import PackError, load_pack


@pytest.fixture
def pack(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPANION_CACHE_DIR", str(tmp_path / "cache"))
    copy = tmp_path / "pack"
    shutil.copytree(MINI, copy)
    return copy


def test_cached_book_equals_a_fresh_load(pack):
    first = load_pack_cached(pack)
    assert list(cache_dir().glob("*.pickle"))
    second = load_pack_cached(pack)
    assert second == load_pack(pack) == first


def test_an_edit_to_the_pack_is_seen_at_once(pack):
    assert load_pack_cached(pack).chapters[0].summary == "Ann arrives at the house by the sea."
    book_toml = pack / "book.toml"
    book_toml.write_text(book_toml.read_text().replace("by the sea", "by the lake"))
    os.utime(book_toml, ns=(1, 1))  # even with an old mtime, the size changed
    assert load_pack_cached(pack).chapters[0].summary == "Ann arrives at the house by the lake."


def test_a_broken_cache_file_falls_back_to_a_full_load(pack):
    load_pack_cached(pack)
    for path in cache_dir().glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    assert load_pack_cached(pack).title == "The Little Test Book"


def test_an_invalid_pack_still_raises_and_is_not_cached(pack):
    quotes = pack / "quotes.toml"
    quotes.write_text(quotes.read_text().replace('speaker = "Ann"', 'speeker = "Ann"', 1))
    with pytest.raises(PackError):
        load_pack_cached(pack)
    with pytest.raises(PackError):
        load_pack_cached(pack)
