"""deck.toml: stars, drill state, reviews; merges between two stores; bad files."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from conftest import later_by_hand, run_companion

from companion.store.deck import DeckStore
from companion.store.errors import StoreError

WHEN = datetime.datetime(2025, 1, 2, 9, 30, tzinfo=datetime.UTC)


def test_star_unstar_order_and_dates(tmp_path: Path):
    deck = DeckStore(tmp_path)
    deck.star("q2", datetime.date(2025, 1, 1))
    deck.star("q1")
    deck.star("q2")  # twice: no duplicate
    assert deck.starred == ["q2", "q1"]
    assert deck.is_starred("q1") and not deck.is_starred("q3")
    deck.unstar("q2")
    fresh = DeckStore(tmp_path)
    assert fresh.starred == ["q1"]


def test_card_state_round_trip_with_nulls(tmp_path: Path):
    state = {
        "card_id": 1,
        "state": 1,
        "step": 0,
        "stability": None,
        "difficulty": None,
        "due": "2025-01-02T09:30:00+00:00",
        "last_review": None,
    }
    deck = DeckStore(tmp_path)
    deck.set_card_state("q1", state)
    assert DeckStore(tmp_path).card_state("q1") == state
    assert DeckStore(tmp_path).card_state("nope") is None


def test_fsrs_card_round_trip(tmp_path: Path):
    fsrs = pytest.importorskip("fsrs")
    card = fsrs.Card()
    DeckStore(tmp_path).set_card_state("q1", card.to_dict())
    again = fsrs.Card.from_dict(DeckStore(tmp_path).card_state("q1"))
    assert again.to_dict() == card.to_dict()


def test_two_stores_merge(tmp_path: Path):
    a, b = DeckStore(tmp_path), DeckStore(tmp_path)
    a.star("qa")
    b.star("qb")
    a.add_review("qa", "good", "drill", WHEN)
    b.add_review("qb", "again", "cloze", WHEN)
    fresh = DeckStore(tmp_path)
    assert fresh.starred == ["qa", "qb"]
    assert [(r["quote"], r["rating"], r["kind"], r["time"]) for r in fresh.reviews] == [
        ("qa", "good", "drill", WHEN),
        ("qb", "again", "cloze", WHEN),
    ]


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"\xef\xbb\xbfschema_version = 1\n", "byte-order mark"),
        (b"", "empty"),
        (b"schema_version = 1\nstarred = 'q1'\n", "starred should be"),
        (
            b"schema_version = 1\n[[starred]]\nquote = 'q1'\n[[starred]]\nquote = 'q1'\n",
            "duplicate",
        ),
        (b"schema_version = 9\n", "newer version"),
    ],
)
def test_bad_deck_read_only(tmp_path: Path, raw: bytes, reason: str):
    path = tmp_path / "deck.toml"
    path.write_bytes(raw)
    deck = DeckStore(tmp_path)
    assert deck.read_only and reason in deck.read_only_reason
    for change in (
        lambda: deck.star("q"),
        lambda: deck.set_card_state("q", {}),
        lambda: deck.add_review("q", "good", "drill", WHEN),
    ):
        with pytest.raises(StoreError) as info:
            change()
        assert str(path) in info.value.message
    assert path.read_bytes() == raw
    path.unlink()  # recovering: move the file away
    deck.reload()
    deck.star("q")
    assert DeckStore(tmp_path).starred == ["q"]


def test_reload_parses_only_when_the_file_changed(tmp_path: Path, monkeypatch):
    import companion.store.deck as deck_module

    parses = []
    real = deck_module._parse
    monkeypatch.setattr(deck_module, "_parse", lambda p, raw: parses.append(p) or real(p, raw))
    a, b = DeckStore(tmp_path), DeckStore(tmp_path)
    a.star("q1")
    count = len(parses)
    a.reload()
    a.star("q2")  # re-reads under the lock, but the file is the one it wrote
    a.reload()
    assert len(parses) == count and a.starred == ["q1", "q2"]
    b.reload()  # another store sees the change
    assert b.starred == ["q1", "q2"]
    path = tmp_path / "deck.toml"
    raw = path.read_bytes()
    with open(path, "r+b") as f:  # an in-place edit by hand, same size
        f.write(raw.replace(b'"q1"', b'"qX"'))
    later_by_hand(path)
    a.reload()
    assert a.starred == ["qX", "q2"]
    a.starred.append("not saved")  # what callers get are copies
    a.record_review("q2", {"due": "2025-01-03T09:30:00+00:00", "last": None}, "good", "drill", WHEN)
    fresh = DeckStore(tmp_path)
    assert fresh.starred == ["qX", "q2"]
    assert fresh.card_state("q2") == {"due": "2025-01-03T09:30:00+00:00", "last": None}
    assert [(r["quote"], r["rating"]) for r in fresh.reviews] == [("q2", "good")]


def test_record_review_refused_on_a_bad_deck(tmp_path: Path):
    path = tmp_path / "deck.toml"
    path.write_bytes(b"schema_version = 1\n[cards]\nq = 3\n")
    deck = DeckStore(tmp_path)
    with pytest.raises(StoreError):
        deck.record_review("q", {}, "good", "drill", WHEN)
    assert path.read_bytes() == b"schema_version = 1\n[cards]\nq = 3\n"


def test_reviews_go_to_small_day_files(tmp_path: Path):
    deck = DeckStore(tmp_path)
    deck.star("q1")
    deck.record_review("q1", {"due": "x"}, "good", "drill", WHEN)
    deck.add_review("q1", "again", "cloze", WHEN + datetime.timedelta(days=1, hours=20))
    assert "reviews" not in (tmp_path / "deck.toml").read_text()
    assert sorted(p.name for p in (tmp_path / "reviews").iterdir()) == [
        "2025-01-02.toml",
        "2025-01-04.toml",
    ]
    fresh = DeckStore(tmp_path)
    assert [(r["quote"], r["rating"], r["kind"]) for r in fresh.reviews] == [
        ("q1", "good", "drill"),
        ("q1", "again", "cloze"),
    ]
    assert fresh.problems == []


def test_reviews_in_deck_toml_are_moved_out_after_a_backup(tmp_path: Path):
    legacy = (
        "schema_version = 1\n[[starred]]\nquote = 'q1'\n"
        "[[reviews]]\nquote = 'q1'\ntime = 2025-01-02T09:30:00Z\nrating = 'good'\n"
        "kind = 'drill'\n"
        "[[reviews]]\nquote = 'q1'\ntime = 2025-01-03T09:30:00Z\nrating = 'hard'\n"
        "kind = 'drill'\n"
    )
    (tmp_path / "deck.toml").write_text(legacy)
    deck = DeckStore(tmp_path)
    before = deck.reviews
    assert [r["rating"] for r in before] == ["good", "hard"]
    # a move cut short: the day file was written, deck.toml not yet
    from companion.store.deck import write_day_files

    write_day_files(tmp_path, before[:1])
    assert DeckStore(tmp_path).reviews == before
    deck.record_review("q1", {}, "easy", "drill", WHEN + datetime.timedelta(days=5))
    assert "reviews" not in (tmp_path / "deck.toml").read_text()
    assert [r["rating"] for r in DeckStore(tmp_path).reviews] == ["good", "hard", "easy"]
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1 and backups[0].read_text() == legacy


@pytest.mark.parametrize(
    "raw", [b"not toml [", b"schema_version = 9\n", b"schema_version = 1\n[[reviews]]\nquote = 3\n"]
)
def test_bad_review_day_file_is_never_rewritten(tmp_path: Path, raw: bytes):
    deck = DeckStore(tmp_path)
    deck.record_review("q1", {"n": 1}, "good", "drill", WHEN - datetime.timedelta(days=1))
    bad = tmp_path / "reviews" / "2025-01-02.toml"
    bad.write_bytes(raw)
    deck_before = (tmp_path / "deck.toml").read_bytes()
    with pytest.raises(StoreError) as info:
        deck.record_review("q1", {"n": 2}, "good", "drill", WHEN)
    assert str(bad) in info.value.message
    assert bad.read_bytes() == raw and (tmp_path / "deck.toml").read_bytes() == deck_before
    fresh = DeckStore(tmp_path)
    assert [str(p.path) for p in fresh.problems] == [str(bad)]
    assert len(fresh.reviews) == 1 and fresh.card_state("q1") == {"n": 1}
    fresh.record_review("q1", {"n": 3}, "good", "drill", WHEN + datetime.timedelta(days=1))
    assert len(DeckStore(tmp_path).reviews) == 2


@pytest.mark.parametrize(
    "junk",
    [
        b"schema_version = 1\n[cards.q1]\n_null = 5\n",
        b"schema_version = 1\n[cards.q1]\n_null = [1, 2]\n",
        b"schema_version = 1\n[cards.q1]\ndue = { a = { b = { c = 1 } } }\n",
        b"schema_version = 1\n[cards.q1]\nstate = " + b"9" * 5000 + b"\n",
        b"schema_version = 1\n[cards.q1]\nstate = " + b"[" * 3000 + b"]" * 3000 + b"\n",
    ],
    ids=["_null not a list", "_null of numbers", "nested card", "5000 digits", "deep nesting"],
)
def test_junk_in_deck_toml_is_a_named_problem(tmp_path: Path, junk: bytes):
    path = tmp_path / "deck.toml"
    path.write_bytes(junk)
    deck = DeckStore(tmp_path)
    assert deck.read_only and str(path) in deck.read_only_reason
    assert deck.card_state("q1") is None
    with pytest.raises(StoreError):
        deck.star("q2")
    assert path.read_bytes() == junk


def test_a_bad_review_day_file_is_reported_by_deck_list(tmp_path: Path):
    book = tmp_path / "mini"
    deck = DeckStore(book)
    deck.star("sea")
    when = datetime.datetime(2025, 1, 2, 9, tzinfo=datetime.UTC)
    deck.add_review("sea", "good", "drill", when)
    bad = book / "reviews" / "2025-01-03.toml"
    bad.write_bytes(b"schema_version = 1\n[[reviews]]\nquote = \n")
    assert [p.path for p in DeckStore(book).problems] == [bad]
    for args in (["deck", "list"], ["deck", "list", "--json"]):
        done = run_companion("--book", "tests/fixtures/mini", *args, data_dir=tmp_path)
        assert done.returncode == 1, done.stderr  # done in part: the bad day file is named
        assert str(bad) in done.stderr + done.stdout
