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

The review history grows with every drill grade, and deck.toml is read often (the
Quotes and Seminar panes), so reviews go to one small file per day (UTC) instead,
``<book dir>/reviews/YYYY-MM-DD.toml``::

    schema_version = 1

    [[reviews]]
    quote = "q-hailsham-gallery"
    time = 2025-01-10T18:00:00Z
    rating = "good"
    kind = "drill"

A grade rewrites only that day's small file (and deck.toml for the card). Reviews in
deck.toml's ``[[reviews]]`` (older versions) are still read; the next change to the
deck moves them into the day files, after copying deck.toml to ``backups/``. Day files
are read only when ``reviews`` is asked for, and again only when their stat changes.

Every change holds the book lock, re-reads the file and applies just that change,
so two processes never lose each other's stars or reviews. A deck or review file that
does not parse, or comes from a newer version, is never rewritten: a bad deck.toml makes
the deck read-only; a bad day file is listed in ``problems`` and no review is added to
that day until it is fixed.
"""

from __future__ import annotations

import datetime
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path

from companion.store.atomic import write_toml_atomic
from companion.store.errors import StoreError
from companion.store.lock import book_lock
from companion.store.paths import backups_dir, deck_path
from companion.store.safefile import not_a_folder, os_reason, read_limited
from companion.store.tomlfile import FileProblem, Table, check_schema, parse_bytes, wrong

SCHEMA_VERSION = 1
NULLS = "_null"
ADVICE = (
    "Fix it in a text editor, or move it away to start a new deck "
    "(your notes and progress are not affected)."
)
REVIEWS_DIR = "reviews"
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\.toml\Z")
DAY_ADVICE = (
    "Fix it in a text editor or move it out of the reviews folder; your deck "
    "and your other reviews are fine."
)


def _empty() -> Table:
    return {"starred": [], "cards": {}, "reviews": []}


def _parse(path: Path, raw: bytes) -> Table:
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
            raise FileProblem(
                path, f"quote {item['quote']!r} is starred twice (a duplicate id)", ADVICE
            )
        seen.add(item["quote"])
    if not isinstance(cards, dict) or not all(isinstance(v, dict) for v in cards.values()):
        raise wrong(path, ADVICE, "cards", "a table of tables", cards)
    for quote, card in cards.items():
        _check_card(path, quote, card)
    _check_reviews(path, reviews, ADVICE)
    return {"starred": starred, "cards": cards, "reviews": reviews}


# os.stat's (inode, mtime_ns, ctime_ns, size): a file changed since it was read
StatKey = tuple[int, int, int, int]
# a review day file in memory: its stat key, and its reviews or why it cannot be used
Day = tuple[StatKey | None, list[Table] | FileProblem]
_SCALARS = (str, int, float, bool, datetime.date, datetime.time)  # datetime is a date


def _check_card(path: Path, quote: str, card: Table) -> None:
    """A card is a flat table (what the drill hands over); ``_null`` lists the keys
    whose value is None. Anything else would fail later, far from the file."""
    for key, value in card.items():
        if key == NULLS:
            if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
                raise wrong(path, ADVICE, f"cards.{quote}.{NULLS}", "a list of key names", value)
            continue
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(v, _SCALARS) for v in items):
            raise wrong(
                path, ADVICE, f"cards.{quote}.{key}", "a plain value (no nested tables)", value
            )


def _check_reviews(path: Path, reviews: object, advice: str) -> None:
    if not isinstance(reviews, list):
        raise wrong(path, advice, "reviews", "a list of [[reviews]] tables", reviews)
    for item in reviews:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("quote"), str)
            or not isinstance(item.get("time"), datetime.datetime)
            or not isinstance(item.get("rating"), str)
            or not isinstance(item.get("kind"), str)
        ):
            raise wrong(
                path, advice, "each [[reviews]]", "a table with quote, time, rating and kind", item
            )


def _parse_day(path: Path, raw: bytes) -> list[Table]:
    data = parse_bytes(path, raw, DAY_ADVICE)
    check_schema(path, data, DAY_ADVICE, SCHEMA_VERSION)
    unknown = sorted(set(data) - {"schema_version", "reviews"})
    if unknown:
        raise FileProblem(path, f"it has an unknown key {unknown[0]!r}", DAY_ADVICE)
    reviews: list[Table] = data.get("reviews", [])
    _check_reviews(path, reviews, DAY_ADVICE)
    return reviews


def _read_day(path: Path) -> list[Table]:
    """A day file's reviews ([] if there is none); FileProblem if it cannot be used."""
    raw = read_limited(path, "reviews", DAY_ADVICE)
    return [] if raw is None else _parse_day(path, raw)


def day_name(when: datetime.datetime) -> str:
    """The day file a review made at ``when`` goes to (its UTC date)."""
    if when.tzinfo is not None:
        when = when.astimezone(datetime.UTC)
    return f"{when.date().isoformat()}.toml"


def _same(review: Table) -> tuple[object, ...]:
    return (review["quote"], review["time"], review["rating"], review["kind"])


def _by_time(reviews: list[Table]) -> list[Table]:
    try:
        return sorted(reviews, key=lambda r: r["time"])
    except TypeError:  # a hand-written review without a time zone
        return list(reviews)


def write_day_files(book_dir: Path, reviews: list[Table], *, skip_known: bool = True) -> list[Path]:
    """Add ``reviews`` to their day files (lock held by the caller, or a fresh folder);
    ``skip_known``: not those already there (a move from deck.toml, repeated). FileProblem
    (nothing written to that day) for a day file that cannot be used; the days before
    it are written."""
    folder = Path(book_dir) / REVIEWS_DIR
    days: dict[str, list[Table]] = {}
    for review in reviews:
        days.setdefault(day_name(review["time"]), []).append(review)
    written = []
    for name, new in sorted(days.items()):
        path = folder / name
        old = _read_day(path)
        known = {_same(r) for r in old} if skip_known else set()
        added = [r for r in new if _same(r) not in known]
        if added:
            write_toml_atomic(
                path, {"schema_version": SCHEMA_VERSION, "reviews": _by_time(old + added)}
            )
            written.append(path)
    return written


def _to_toml_value(state: Table) -> Table:
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


def _from_toml_value(table: Table) -> Table:
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
        self._key: StatKey | None = None  # deck.toml's stat when self._data was read
        self.problem: FileProblem | None = None
        self.reviews_dir = self.book_dir / REVIEWS_DIR
        # day file name -> (its stat key, its reviews or its FileProblem)
        self._days: dict[str, Day] = {}
        # the deck in memory: a reload in one thread (the app's watcher) and a change in
        # another never interleave (a reload begun before a star would undo it in memory)
        self._memory = threading.RLock()
        self.reload()

    # -- reading --

    def _stat_key(self, path: Path | None = None) -> StatKey | None:
        """(inode, mtime_ns, ctime_ns, size) of deck.toml; None if it cannot be stat'ed.
        A save replaces the file (a new inode); an edit in place changes mtime and ctime."""
        try:
            st = os.stat(path or self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)

    def _load_days(self) -> None:
        """Bring the day files in memory up to date (parsing only changed ones)."""
        days: dict[str, Day] = {}
        try:
            names = sorted(n for n in os.listdir(self.reviews_dir) if DAY_RE.match(n))
        except OSError as error:  # a file or a dangling link where the folder should be
            names = []
            if not_a_folder(self.reviews_dir) is not None:
                what, todo = os_reason(self.reviews_dir, error)
                days[""] = (None, FileProblem(self.reviews_dir, what, todo))
        for name in names:
            path = self.reviews_dir / name
            key = self._stat_key(path)
            known = self._days.get(name)
            if key is not None and known is not None and known[0] == key:
                days[name] = known
                continue
            try:
                days[name] = (key, _read_day(path))
            except FileProblem as problem:
                days[name] = (None, problem)
        self._days = days

    def _read(self) -> Table:
        """deck.toml parsed; the data in memory, without parsing, if it has not changed
        since it was read (top-level containers copied: callers may change them)."""
        key = self._stat_key()
        if key is not None and key == self._key and self.problem is None:
            data = self._data
            return {
                "starred": list(data["starred"]),
                "cards": dict(data["cards"]),
                "reviews": list(data["reviews"]),
            }
        raw = read_limited(self.path, "deck", ADVICE)
        if raw is None:
            self._key = None
            return _empty()
        data = _parse(self.path, raw)
        self._key = key if key == self._stat_key() else None  # not changed while read
        return data

    def reload(self) -> bool:
        """Read deck.toml again if it changed since this store read or wrote it. True
        when it was read again (or could not be)."""
        with self._memory:
            before = self._key
            try:
                self._data = self._read()
                self.problem = None
            except FileProblem as problem:
                self._data = _empty()
                self._key = None
                self.problem = problem
            return self._key is None or self._key != before

    @property
    def problems(self) -> list[FileProblem]:
        """deck.toml's problem and those of the review day files."""
        self._load_days()
        return ([self.problem] if self.problem else []) + [
            v for _key, v in self._days.values() if isinstance(v, FileProblem)
        ]

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
                day: datetime.date | None = item.get("date")
                return day
        return None

    def is_starred(self, quote_id: str) -> bool:
        return any(item["quote"] == quote_id for item in self._data["starred"])

    def card_state(self, quote_id: str) -> Table | None:
        table = self._data["cards"].get(quote_id)
        return None if table is None else _from_toml_value(table)

    @property
    def reviews(self) -> list[Table]:
        """Every review, oldest first (as saved within a day)."""
        self._load_days()
        days = [r for _key, v in self._days.values() if not isinstance(v, FileProblem) for r in v]
        legacy = self._data["reviews"]
        if legacy and days:  # a move into day files was cut short: count each once
            moved = {_same(r) for r in days}
            legacy = [r for r in legacy if _same(r) not in moved]
            return [dict(r) for r in _by_time(legacy + days)]
        return [dict(r) for r in legacy] + [dict(r) for r in days]

    # -- writing: lock, re-read, apply one change, write --

    def _change(self, apply: Callable[[Table], None] | None, review: Table | None = None) -> None:
        """Lock, re-read, save ``review`` to its day file, ``apply`` (None: deck.toml
        itself does not change), write deck.toml."""
        with book_lock(self.book_dir), self._memory:
            try:
                data = self._read()
            except FileProblem as problem:
                self.problem = problem
                raise StoreError(
                    f"{problem.message} Your change to the deck was not saved.", path=self.path
                ) from None
            if review is not None:  # first: a crash after it loses no review
                try:
                    write_day_files(self.book_dir, [review], skip_known=False)
                except FileProblem as problem:
                    raise StoreError(
                        f"{problem.message} The review was not saved (nor the change to the deck).",
                        path=problem.path,
                    ) from None
            moved = bool(data["reviews"]) and self._move_reviews(data)
            if apply is None and not moved:
                return
            if apply is not None:
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

    def _move_reviews(self, data: Table) -> bool:
        """Move reviews from deck.toml to day files (lock held), after a backup copy of
        deck.toml. If a day file cannot be used they stay in deck.toml."""
        from companion.store.atomic import write_bytes_atomic

        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%f")
        try:
            write_bytes_atomic(
                backups_dir(self.book_dir) / f"{stamp}-deck-before-reviews-move.toml",
                read_limited(self.path, "deck", ADVICE) or b"",
                exclusive=True,
            )
            write_day_files(self.book_dir, data["reviews"])
        except (OSError, StoreError):  # FileProblem is a StoreError
            return False
        data["reviews"] = []
        return True

    def star(self, quote_id: str, today: datetime.date | None = None) -> None:
        day = today or datetime.date.today()

        def apply(data: Table) -> None:
            if not any(item["quote"] == quote_id for item in data["starred"]):
                data["starred"].append({"quote": quote_id, "date": day})

        self._change(apply)

    def unstar(self, quote_id: str) -> None:
        def apply(data: Table) -> None:
            data["starred"] = [i for i in data["starred"] if i["quote"] != quote_id]

        self._change(apply)

    def set_card_state(self, quote_id: str, state: Table) -> None:
        table = _to_toml_value(dict(state))

        def apply(data: Table) -> None:
            data["cards"][quote_id] = table

        self._change(apply)

    def add_review(
        self, quote_id: str, rating: str, kind: str, when: datetime.datetime | None = None
    ) -> None:
        self._change(None, review=_review(quote_id, rating, kind, when))

    def record_review(
        self,
        quote_id: str,
        state: Table,
        rating: str,
        kind: str,
        when: datetime.datetime | None = None,
    ) -> None:
        """A drill grade: the card's new state and the review, saved in one locked write
        (both or neither)."""
        table = _to_toml_value(dict(state))

        def apply(data: Table) -> None:
            data["cards"][quote_id] = table

        self._change(apply, review=_review(quote_id, rating, kind, when))


def _review(quote_id: str, rating: str, kind: str, when: datetime.datetime | None) -> Table:
    return {
        "quote": quote_id,
        "time": when or datetime.datetime.now(datetime.UTC),
        "rating": str(rating),
        "kind": str(kind),
    }
