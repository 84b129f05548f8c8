"""`companion deck add|rm|list [--json]` through the real CLI, on a temporary data dir."""

from __future__ import annotations

import json

from companion.store.deck import DeckStore
from tests.conftest import MINI, run_companion

BOOK = ["--book", str(MINI)]


def deck(*args, data_dir):
    return run_companion("deck", *args, *BOOK, data_dir=data_dir)


def test_add_list_rm(data_dir):
    assert run_companion("progress", "2", *BOOK, data_dir=data_dir).returncode == 0
    added = deck("add", "sea", "not-said", data_dir=data_dir)
    assert added.returncode == 0, added.stderr
    listed = json.loads(deck("list", "--json", data_dir=data_dir).stdout)
    assert [q["id"] for q in listed["quotes"]] == ["sea", "not-said"]
    assert listed["quotes"][1]["provenance"] == "misquote"
    assert all(q["is_due"] and q["due"] is None for q in listed["quotes"])
    text = deck("list", data_dir=data_dir)
    assert "sea" in text.stdout and "The sea was grey that morning." in text.stdout
    removed = deck("rm", "sea", data_dir=data_dir)
    assert removed.returncode == 0
    assert DeckStore(data_dir / "mini").starred == ["not-said"]
    missing = deck("rm", "sea", data_dir=data_dir)
    assert missing.returncode == 1 and "not in your deck" in missing.stderr


def test_add_refuses_a_locked_quote_without_naming_its_content(data_dir):
    assert run_companion("progress", "2", *BOOK, data_dir=data_dir).returncode == 0
    refused = deck("add", "grandmother", data_dir=data_dir)
    assert refused.returncode == 2
    assert "is unlocked at chapter 2; nothing was starred" in refused.stderr
    for secret in ("She was my grandmother", "The secret is out", "The last page"):
        assert secret not in refused.stderr + refused.stdout
    unknown = deck("add", "no-such-quote", data_dir=data_dir)
    # an unknown id and a locked one get the same answer
    assert unknown.stderr.replace("no-such-quote", "X") == refused.stderr.replace(
        "grandmother", "X"
    )
    assert DeckStore(data_dir / "mini").starred == []


def test_list_hides_starred_quotes_past_progress(data_dir):
    run_companion("progress", "4", *BOOK, data_dir=data_dir)
    assert deck("add", "grandmother", "sea", data_dir=data_dir).returncode == 0
    run_companion("progress", "1", *BOOK, data_dir=data_dir)  # the reader went back
    listed = deck("list", "--json", data_dir=data_dir)
    doc = json.loads(listed.stdout)
    assert [q["id"] for q in doc["quotes"]] == ["sea"] and doc["not_shown"] == 1
    assert "grandmother" not in listed.stdout
    text = deck("list", data_dir=data_dir)
    assert "grandmother" not in text.stdout + text.stderr
    assert "1 starred quote is past chapter 1" in text.stderr
