"""The content records: a record built wrong is refused, by the type checker and at run
time, and a book read back from the pack cache is the book the loader built."""

from __future__ import annotations

import dataclasses
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, ROOT

from companion.book import model
from companion.book.cache import load_pack_cached
from companion.book.loader import load_pack

CHECKED = """
from companion.book.model import Part, Quote, Symbol, Theme

ok = Quote("q", "text", "Ann", 1, 1, "verbatim", "context", "why")
part = Part(1, "Part One", 1, 9)
symbol = Symbol("s", "Sea", 1, "text")
missing = Quote("q", "text")
wrong = Theme("t", "Theme", "one", "text")
unknown = Part(1, "Part One", 1, 9, colour="red")
ok.text = "changed"
"""


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="needs mypy")
def test_a_type_checker_refuses_a_record_built_wrong(tmp_path: Path):
    sample = tmp_path / "sample.py"
    sample.write_text(CHECKED, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--follow-imports=silent", str(sample)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    errors = {
        int(line.split(":")[1]): line for line in result.stdout.splitlines() if ": error:" in line
    }
    lines = CHECKED.splitlines()

    def line_of(start: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if line.startswith(start))

    assert set(errors) == {line_of(name) for name in ("missing", "wrong", "unknown", "ok.text")}, (
        result.stdout
    )
    assert 'Missing positional arguments "speaker", "chapter"' in errors[line_of("missing")]
    assert 'Argument 3 to "Theme" has incompatible type "str"' in errors[line_of("wrong")]
    assert 'Unexpected keyword argument "colour"' in errors[line_of("unknown")]
    assert "read-only" in errors[line_of("ok.text")] or "frozen" in errors[line_of("ok.text")]


def test_a_record_built_wrong_is_refused_at_run_time():
    with pytest.raises(TypeError, match="missing required argument: 'speaker'"):
        model.Quote("q", "text")
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        model.Part(1, "Part One", 1, 9, colour="red")
    quote = model.Quote("q", "t", "s", 1, 1, "verbatim", "c", "s")
    with pytest.raises(dataclasses.FrozenInstanceError):
        quote.text = "changed"
    assert (quote.checked, quote.passage, quote.themes) == ("", "", ())


def test_symbols_and_devices_are_themes_in_shape_not_in_kind():
    symbol = model.Symbol("sea", "The sea", 1, "text")
    theme = model.Theme("sea", "The sea", 1, "text")
    assert model.Symbol._fields == model.Device._fields == model.Theme._fields
    assert repr(symbol) == "Symbol(id='sea', name='The sea', unlock=1, text='text', notes=())"
    assert symbol != theme and symbol == model.Symbol("sea", "The sea", 1, "text")
    assert len({symbol, model.Symbol("sea", "The sea", 1, "text")}) == 1


def test_a_cached_book_equals_a_fresh_load(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPANION_CACHE_DIR", str(tmp_path))
    first, again = load_pack_cached(MINI), load_pack_cached(MINI)
    assert again == first == load_pack(MINI)
    assert again.symbols and again.relationships and again.reveals
    assert again.character("ann").portraits == first.character("ann").portraits
    assert list(tmp_path.iterdir()), "the second load came from the cache"
