"""The quote deck: starred quotes, drill state per quote, review history.

``<book dir>/deck.toml``::

    schema_version = 1

    [[starred]]
    quote = "q-hailsham-gallery"
    date = 2025-01-10

    [cards.q-hailsham-gallery]      # opaque: whatever the drill code hands over
    due = "2025-01-12T09:00:00+00:00"
    _null = ["last_review"]         # keys whose value was None (TOML has no null)

    [[reviews]]
    quote = "q-hailsham-gallery"
    time = 2025-01-10T18:00:00Z
    rating = "good"
    kind = "drill"

Every change holds the book lock, re-reads the file and applies just that change,
so two processes never lose each other's stars or reviews. A deck file that does not
parse, or comes from a newer version, makes the deck read-only and is never rewritten.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from companion.store.atomic import write_toml_atomic
from companion.store.errors import StoreError
from companion.store.lock import book_lock
from companion.store.paths import deck_path
from companion.store.tomlfile import FileProblem, check_schema, parse_bytes, wrong

SCHEMA_VERSION = 1
NULLS = "_null"
ADVICE = ("Fix it in a text editor, or move it away to start a new deck "
          "(your notes and progress are not affected).")


def _empty() -> dict:
    return {"starred": [], "cards": {}, "reviews": []}


def _parse(path: Path, raw: bytes) -> dict:
    data = parse_bytes(path, raw, ADVICE)
    check_schema(path, data, ADVICE, SCHEMA_VERSION)
    unknown = sorted(set(data) - {"schema_version", "starred", "cards", "reviews"})
    if unknown:
        raise FileProblem(path, f"it has an unknown key {unknown[0]!r}", ADVICE)
    starred = data.get("starred", [])
    cards = data.get("cards", {})
    reviews = data.get("reviews", [])
    if not isinstance(starred, list):
        raise wrong(path, ADVICE, "starred", "a list of [[starred]] tables", starred)
    seen = set()
    for item in starred:
        if not isinstance(item, dict) or not isinstance(item.get("quote"), str):
            raise wrong(path, ADVICE, "each [[starred]]", "a table with a quote id", item)
        if "date" in item and type(item["date"]) is not datetime.date:
            raise wrong(path, ADVICE, "starred date", "a date (YYYY-MM-DD)", item["date"])
        if item["quote"] in seen:
            raise FileProblem(path, f"quote {item['quote']!r} is starred twice (a duplicate id)",
                              ADVICE)
        seen.add(item["quote"])
    if not isinstance(cards, dict) or not all(isinstance(v, dict) for v in cards.values()):
        raise wrong(path, ADVICE, "cards", "a table of tables", cards)
    if not isinstance(reviews, list):
        raise wrong(path, ADVICE, "reviews", "a list of [[reviews]] tables", reviews)
    for item in reviews:
        if (not isinstance(item, dict) or not isinstance(item.get("quote"), str)
                or not isinstance(item.get("time"), datetime.datetime)
                or not isinstance(item.get("rating"), str)
                or not isinstance(item.get("kind"), str)):
            raise wrong(path, ADVICE, "each [[reviews]]",
                        "a table with quote, time, rating and kind", item)
    return {"starred": starred, "cards": cards, "reviews": reviews}


def _to_toml_value(state: dict) -> dict:
    table = {}
    nulls = []
    for key, value in state.items():
        if value is None:
            nulls.append(str(key))
        else:
            table[str(key)] = value
    if nulls:
        table[NULLS] = nulls
    return table


def _from_toml_value(table: dict) -> dict:
    state = {k: v for k, v in table.items() if k != NULLS}
    for key in table.get(NULLS, []):
        state[key] = None
    return state


class DeckStore:
    """The deck of one book. Reads on creation and on :meth:`reload`."""

    def __init__(self, book_dir: Path) -> None:
        self.book_dir = Path(book_dir)
        self.path = deck_path(self.book_dir)
        self._data = _empty()
        self._key: tuple | None = None  # deck.toml's stat when self._data was read
        self.problem: FileProblem | None = None
        self.reload()

    # -- reading --

    def _stat_key(self) -> tuple | None:
        """(inode, mtime_ns, ctime_ns, size) of deck.toml; None if it cannot be stat'ed.
        A save replaces the file (a new inode); an edit in place changes mtime and ctime."""
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)

    def _read(self) -> dict:
        """deck.toml parsed; the data in memory, without parsing, if it has not changed
        since it was read (top-level containers copied: callers may change them)."""
        key = self._stat_key()
        if key is not None and key == self._key and self.problem is None:
            data = self._data
            return {"starred": list(data["starred"]), "cards": dict(data["cards"]),
                    "reviews": list(data["reviews"])}
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self._key = None
            return _empty()
        except IsADirectoryError:
            raise FileProblem(self.path, "it is a folder, not a file", ADVICE) from None
        except OSError as error:
            raise FileProblem(self.path, f"it cannot be opened ({error.strerror})",
                              "Check its permissions.") from None
        data = _parse(self.path, raw)
        self._key = key if key == self._stat_key() else None  # not changed while read
        return data

    def reload(self) -> None:
        """Read deck.toml again if it changed since this store read or wrote it."""
        try:
            self._data = self._read()
            self.problem = None
        except FileProblem as problem:
            self._data = _empty()
            self._key = None
            self.problem = problem

    @property
    def problems(self) -> list[FileProblem]:
        return [self.problem] if self.problem else []

    @property
    def read_only(self) -> bool:
        return self.problem is not None

    @property
    def read_only_reason(self) -> str | None:
        return self.problem.message if self.problem else None

    @property
    def starred(self) -> list[str]:
        return [item["quote"] for item in self._data["starred"]]

    def starred_on(self, quote_id: str) -> datetime.date | None:
        for item in self._data["starred"]:
            if item["quote"] == quote_id:
                return item.get("date")
        return None

    def is_starred(self, quote_id: str) -> bool:
        return any(item["quote"] == quote_id for item in self._data["starred"])

    def card_state(self, quote_id: str) -> dict | None:
        table = self._data["cards"].get(quote_id)
        return None if table is None else _from_toml_value(table)

    @property
    def reviews(self) -> list[dict]:
        return [dict(r) for r in self._data["reviews"]]

    # -- writing: lock, re-read, apply one change, write --

    def _change(self, apply) -> None:
        with book_lock(self.book_dir):
            try:
                data = self._read()
            except FileProblem as problem:
                self.problem = problem
                raise StoreError(f"{problem.message} Your change to the deck was not saved.",
                                 path=self.path) from None
            apply(data)
            out = {"schema_version": SCHEMA_VERSION}
            if data["starred"]:
                out["starred"] = data["starred"]
            if data["cards"]:
                out["cards"] = data["cards"]
            if data["reviews"]:
                out["reviews"] = data["reviews"]
            write_toml_atomic(self.path, out)
            self._data = data
            self._key = self._stat_key()  # the lock is held: this is the file just written
            self.problem = None

    def star(self, quote_id: str, today: datetime.date | None = None) -> None:
        day = today or datetime.date.today()

        def apply(data: dict) -> None:
            if not any(item["quote"] == quote_id for item in data["starred"]):
                data["starred"].append({"quote": quote_id, "date": day})

        self._change(apply)

    def unstar(self, quote_id: str) -> None:
        def apply(data: dict) -> None:
            data["starred"] = [i for i in data["starred"] if i["quote"] != quote_id]

        self._change(apply)

    def set_card_state(self, quote_id: str, state: dict) -> None:
        table = _to_toml_value(dict(state))

        def apply(data: dict) -> None:
            data["cards"][quote_id] = table

        self._change(apply)

    def add_review(self, quote_id: str, rating: str, kind: str,
                   when: datetime.datetime | None = None) -> None:
        entry = _review(quote_id, rating, kind, when)

        def apply(data: dict) -> None:
            data["reviews"].append(entry)

        self._change(apply)

    def record_review(self, quote_id: str, state: dict, rating: str, kind: str,
                      when: datetime.datetime | None = None) -> None:
        """A drill grade: the card's new state and the review, saved in one locked write
        (both or neither)."""
        table = _to_toml_value(dict(state))
        entry = _review(quote_id, rating, kind, when)

        def apply(data: dict) -> None:
            data["cards"][quote_id] = table
            data["reviews"].append(entry)

        self._change(apply)


def _review(quote_id: str, rating: str, kind: str, when: datetime.datetime | None) -> dict:
    return {"quote": quote_id, "time": when or datetime.datetime.now(datetime.timezone.utc),
            "rating": str(rating), "kind": str(kind)}
