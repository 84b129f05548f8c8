"""The quote drill: questions, FSRS scheduling, due order and the resumable session.

Pure Python (no Textual). The TUI's DrillScreen and the tests drive it.

* **Questions**: one quote at a time with something hidden. ``speaker`` (who says
  it), ``chapter`` (which chapter or part), ``cloze`` (a key word missing; verbatim
  quotes only) and, for quotes whose provenance is ``misquote``, ``misquote`` ("Is
  this line in the novel?" No; the answer shows ``actual``). The kind and the cloze
  word are deterministic per card, so a test can predict them.
* **Scheduling**: ``fsrs.Scheduler`` (FSRS, the algorithm Anki uses), fuzzing off so
  that the same grades at the same times give the same due dates. A card's state is
  ``Card.to_dict()``, stored per quote by ``DeckStore.record_review`` (with the review).
* **Which cards**: only quotes visible at the reader's progress (the GuideView);
  the starred deck by default, all unlocked quotes when asked. Due cards first (most
  overdue first), then new ones (in deck order); "drill ahead" takes the cards not yet
  due, soonest first.
* **Session**: the queue, the position and the ratings so far, saved atomically to
  ``<book dir>/drill-session.toml`` after every grade; a new DrillScreen resumes it.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fsrs import Card, Rating, Scheduler

from companion.book.gate import is_visible
from companion.book.model import Book, Quote
from companion.store.errors import StoreError
from companion.study.numbers import numbers_in

if TYPE_CHECKING:
    from companion.store.deck import DeckStore

RATINGS = ("again", "hard", "good", "easy")
RATING_OF = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}
KINDS = ("speaker", "chapter", "cloze", "misquote")
SESSION_FILE = "drill-session.toml"
SESSION_SCHEMA = 1
BLANK = "_____"

SCHEDULER = Scheduler(enable_fuzzing=False)

STOP_WORDS = frozenset(
    """
a about above after again against all also am an and any are aren't as at be because
been before being below between both but by can can't cannot could couldn't did didn't do
does doesn't doing don't down during each even ever every few for from further get got
had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself
him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself just
let's like made make many may me might more most much must mustn't my myself never no nor
not now of off often on once one only or other ought our ours ourselves out over own
quite rather really said same say says shall shan't she she'd she'll she's should
shouldn't so some still such than that that's the their theirs them themselves then there
there's these they they'd they'll they're they've thing things this those though through
to too under until up upon us very was wasn't we we'd we'll we're we've were weren't what
what's when when's where where's which while who who's whom why why's will with won't
would wouldn't yes yet you you'd you'll you're you've your yours yourself yourselves
""".split()
)

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def as_utc(moment: datetime.datetime) -> datetime.datetime:
    """fsrs wants ``tzinfo is timezone.utc`` exactly; naive times are taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC)


def _stable(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:6], "big")


# -- questions --


def cloze_word(text: str) -> tuple[int, int] | None:
    """(start, end) of the word to hide: the longest content word (first on a tie).

    A content word has at least four letters and is not a stop word; None when the
    quote has none.
    """
    best: tuple[int, int] | None = None
    for match in _WORD_RE.finditer(text):
        word = match.group().replace("’", "'")
        core = word.strip("'-")
        if len(core) < 4 or word.lower() in STOP_WORDS or core.lower() in STOP_WORDS:
            continue
        if best is None or len(core) > best[1] - best[0]:
            start = match.start() + (len(word) - len(word.lstrip("'-")))
            best = (start, start + len(core))
    return best


def _speaker_hidden(quote: Quote) -> bool:
    """True when "who says this?" is a real question: there is a speaker and the text
    does not name them (a paraphrase such as "Ruth, in substance: ..." does)."""
    names = {
        w.lower()
        for w in _WORD_RE.findall(quote.speaker)
        if len(w) >= 3 and w.lower() not in STOP_WORDS
    }
    if not names:
        return False
    words = {w.lower().strip("'’-") for w in _WORD_RE.findall(quote.text)}
    return not names & words


def kinds_for(quote: Quote) -> tuple[str, ...]:
    """The question kinds this quote can be asked as."""
    if quote.provenance == "misquote":
        return ("misquote",)
    kinds = ["speaker", "chapter"] if _speaker_hidden(quote) else ["chapter"]
    if quote.is_verbatim and cloze_word(quote.text):
        kinds.append("cloze")
    return tuple(kinds)


def kind_for(quote: Quote, reviews: int = 0) -> str:
    """Deterministic per card: a stable start from the id, then the next kind per review."""
    kinds = kinds_for(quote)
    return kinds[(_stable(quote.id) + reviews) % len(kinds)]


@dataclass(frozen=True)
class Question:
    quote_id: str
    kind: str
    prompt: str  # what to answer: "Who says this?"
    shown: str  # the quote as shown before the reveal (a blank for a cloze)
    answer: str  # the short answer
    detail: str = ""  # shown with the answer: the full line, the novel's words, ...
    hidden: str = ""  # the cloze word


def chapter_answer(book: Book, quote: Quote, progress: int) -> str:
    part = book.part_of(quote.chapter)
    label = ""
    if 1 <= quote.chapter <= book.chapter_count and is_visible(quote.chapter, progress):
        label = f": {book.chapter(quote.chapter).label}"
    return f"Chapter {quote.chapter}{label}" + (f" ({part.title})" if part else "")


def make_question(
    book: Book, quote: Quote, progress: int, kind: str | None = None, reviews: int = 0
) -> Question:
    """The question for ``quote`` (the caller has checked that it is visible)."""
    kind = kind or kind_for(quote, reviews)
    text = quote.text.strip()
    if kind == "misquote":
        detail = f"The novel has: {quote.actual.strip()}" if quote.actual.strip() else ""
        return Question(
            quote.id,
            kind,
            "Is this line in the novel?",
            text,
            "No: it is often quoted, but it is not in the novel.",
            detail,
        )
    if kind == "speaker":
        return Question(
            quote.id,
            kind,
            "Who says this?",
            text,
            quote.speaker.strip(),
            f"In {chapter_answer(book, quote, progress)}",
        )
    if kind == "chapter":
        note = "" if quote.is_verbatim else " (a paraphrase, not the novel's words)"
        return Question(
            quote.id,
            kind,
            "Which chapter (or part) is this from?" + note,
            text,
            chapter_answer(book, quote, progress),
            f"Said by {quote.speaker.strip()}" if quote.speaker.strip() else "",
        )
    if kind == "cloze":
        span = cloze_word(text)
        if span is None:
            raise ValueError(f"quote {quote.id} has no word to hide")
        word = text[span[0] : span[1]]
        shown = text[: span[0]] + BLANK + text[span[1] :]
        return Question(
            quote.id,
            kind,
            "Which word is missing?",
            shown,
            word,
            f"{text} ({quote.speaker.strip()}, chapter {quote.chapter})",
            word,
        )
    raise ValueError(f"unknown question kind {kind!r}")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def check_answer(question: Question, typed: str) -> bool | None:
    """A hint for a typed answer: True (matches), False (differs), None (nothing typed).

    Only a hint: the reader grades themselves.
    """
    given = _norm(typed)
    if not given:
        return None
    if question.kind == "misquote":
        return given.split()[0] in ("no", "n", "not", "false")
    if question.kind == "cloze":
        return given == _norm(question.hidden)
    if question.kind == "chapter":
        said, wanted = numbers_in(given), numbers_in(question.answer)
        # the answer's chapter (its first number; a label may hold number words too)
        # and its part ("Chapter 3: label (Part One)")
        wanted = wanted[:1] + [n for n in wanted if n[0] == "part"]
        if said:  # "chapter one", "ch 1", "1", "part two"
            return said[0] in wanted
        return given in _norm(question.answer)
    names = set(_norm(question.answer).split())
    return bool(set(given.split()) & names)


# -- scheduling --


def new_card(quote_id: str, now: datetime.datetime) -> Card:
    return Card(card_id=_stable(quote_id), due=as_utc(now))


def card_to_state(card: Card) -> dict[str, Any]:
    """What DeckStore.set_card_state stores (None values are allowed)."""
    return dict(card.to_dict())


def card_from_state(state: dict[str, Any] | None) -> Card | None:
    """A Card from the stored state; None for no state or a state that cannot be used."""
    if not state:
        return None
    try:
        # a table read from deck.toml, not yet known to be a CardDict: from_dict checks
        # it, and what it refuses is caught below
        card = Card.from_dict(state)  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError):
        return None
    card.due = as_utc(card.due)
    if card.last_review is not None:
        card.last_review = as_utc(card.last_review)
    return card


def review(card: Card, rating: str, now: datetime.datetime) -> Card:
    """The card after a grade ("again" | "hard" | "good" | "easy") at ``now``."""
    if rating not in RATING_OF:
        raise ValueError(f"unknown rating {rating!r}: give one of {', '.join(RATINGS)}")
    reviewed, _log = SCHEDULER.review_card(card, RATING_OF[rating], as_utc(now))
    return reviewed


def grade(deck: DeckStore, quote_id: str, rating: str, kind: str, now: datetime.datetime) -> Card:
    """Review one card and save its new state and the review to the deck store."""
    card = card_from_state(deck.card_state(quote_id)) or new_card(quote_id, now)
    card = review(card, rating, now)
    # one locked write for both
    deck.record_review(quote_id, card_to_state(card), rating, kind, when=as_utc(now))
    return card


# -- which cards, in which order --


@dataclass
class Plan:
    """The cards a session can take, in order."""

    pool: str  # "starred" | "all"
    due: list[str] = field(default_factory=list)  # due now, most overdue first
    new: list[str] = field(default_factory=list)  # never drilled, in deck order
    ahead: list[str] = field(default_factory=list)  # drilled, not due yet, soonest first
    starred_visible: int = 0  # starred quotes unlocked now
    unlocked: int = 0  # all quotes unlocked now

    @property
    def queue(self) -> list[str]:
        return self.due + self.new


def visible_quotes(book: Book, progress: int) -> list[Quote]:
    from companion.study.guide import GuideView

    return GuideView(book, progress).quotes


def plan(
    book: Book, progress: int, deck: DeckStore, now: datetime.datetime, pool: str = "starred"
) -> Plan:
    """Due first, then new; ``pool`` "starred" (the deck) or "all" (every unlocked quote)."""
    now = as_utc(now)
    quotes = {q.id: q for q in visible_quotes(book, progress)}
    starred = [qid for qid in deck.starred if qid in quotes]
    ids = starred if pool == "starred" else list(quotes)
    result = Plan(pool=pool, starred_visible=len(starred), unlocked=len(quotes))
    due: list[tuple[datetime.datetime, str]] = []
    ahead: list[tuple[datetime.datetime, str]] = []
    for qid in ids:
        card = card_from_state(deck.card_state(qid))
        if card is None:
            result.new.append(qid)
        elif card.due <= now:
            due.append((card.due, qid))
        else:
            ahead.append((card.due, qid))
    result.due = [qid for _, qid in sorted(due)]
    result.ahead = [qid for _, qid in sorted(ahead)]
    return result


def due_count(
    book: Book, progress: int, deck: DeckStore, now: datetime.datetime | None = None
) -> int:
    """Cards due now in the starred deck (new starred cards count as due): for the palette."""
    p = plan(book, progress, deck, now or utc_now())
    return len(p.queue)


# -- the session --


@dataclass
class Session:
    queue: list[str]
    pool: str = "starred"
    ahead: bool = False
    position: int = 0
    ratings: dict[str, int] = field(default_factory=lambda: {r: 0 for r in RATINGS})
    seen: list[str] = field(default_factory=list)
    started: datetime.datetime = field(default_factory=utc_now)

    @property
    def done(self) -> bool:
        return self.position >= len(self.queue)

    @property
    def current(self) -> str | None:
        return None if self.done else self.queue[self.position]

    @property
    def remaining(self) -> int:
        return max(0, len(self.queue) - self.position)

    def record(self, quote_id: str, rating: str) -> None:
        """Count a grade and move on; a card graded "again" comes back at the end."""
        self.ratings[rating] = self.ratings.get(rating, 0) + 1
        if quote_id not in self.seen:
            self.seen.append(quote_id)
        self.position += 1
        if rating == "again":
            self.queue.append(quote_id)

    def keep_visible(self, visible_ids: set[str]) -> None:
        """Drop cards no longer unlocked (the reader went back since the session began)."""
        before = self.queue[: self.position]
        after = [q for q in self.queue[self.position :] if q in visible_ids]
        self.queue = before + after

    def summary(self) -> Summary:
        return Summary(
            cards=len(self.seen),
            reviews=sum(self.ratings.values()),
            ratings={r: self.ratings.get(r, 0) for r in RATINGS},
        )


@dataclass(frozen=True)
class Summary:
    cards: int
    reviews: int
    ratings: dict[str, int]

    def line(self) -> str:
        counts = ", ".join(f"{r} {self.ratings[r]}" for r in RATINGS)
        cards = "1 card" if self.cards == 1 else f"{self.cards} cards"
        reviews = "1 review" if self.reviews == 1 else f"{self.reviews} reviews"
        return f"{cards} seen, {reviews}: {counts}"


def start_session(p: Plan, ahead: bool = False, now: datetime.datetime | None = None) -> Session:
    queue = list(p.ahead) if ahead else list(p.queue)
    return Session(queue=queue, pool=p.pool, ahead=ahead, started=as_utc(now or utc_now()))


def session_path(book_dir: Path) -> Path:
    return Path(book_dir) / SESSION_FILE


def session_to_data(session: Session) -> dict[str, Any]:
    return {
        "schema_version": SESSION_SCHEMA,
        "queue": list(session.queue),
        "position": session.position,
        "pool": session.pool,
        "ahead": session.ahead,
        "ratings": {r: session.ratings.get(r, 0) for r in RATINGS},
        "seen": list(session.seen),
        "started": session.started,
    }


def session_from_data(data: dict[str, Any]) -> Session:
    """A Session from parsed TOML; ValueError when something is not as written."""
    version = data.get("schema_version")
    if type(version) is not int or version < 1:
        raise ValueError("no valid schema_version")
    if version > SESSION_SCHEMA:
        raise ValueError(f"schema_version {version} is newer than this companion")
    queue, seen = data.get("queue"), data.get("seen", [])
    position, ratings = data.get("position"), data.get("ratings", {})
    pool, ahead, started = (
        data.get("pool", "starred"),
        data.get("ahead", False),
        data.get("started"),
    )
    if not isinstance(queue, list) or not all(isinstance(q, str) for q in queue):
        raise ValueError("queue should be a list of quote ids")
    if not isinstance(seen, list) or not all(isinstance(q, str) for q in seen):
        raise ValueError("seen should be a list of quote ids")
    if type(position) is not int or not 0 <= position <= len(queue):
        raise ValueError("position is out of range")
    if not isinstance(ratings, dict) or not all(
        r in RATINGS and type(n) is int and n >= 0 for r, n in ratings.items()
    ):
        raise ValueError("ratings should count again/hard/good/easy")
    if pool not in ("starred", "all") or type(ahead) is not bool:
        raise ValueError("pool or ahead has a wrong value")
    if not isinstance(started, datetime.datetime):
        raise ValueError("started should be a date and time")
    return Session(
        queue=queue,
        pool=pool,
        ahead=ahead,
        position=position,
        ratings={r: ratings.get(r, 0) for r in RATINGS},
        seen=seen,
        started=as_utc(started),
    )


class SessionFile:
    """The drill session on disk: read, saved atomically after every grade, cleared at the end.

    A session file that cannot be read is moved aside (``drill-session.toml.bad``, then
    ``.bad-2``, ``.bad-3``...: an earlier copy is never replaced; the name is in
    ``problem``) rather than overwritten; one from a newer companion is left alone and
    sessions are not saved (``read_only``).
    """

    ADVICE = "It only holds where a drill stopped; your deck and reviews are safe."

    def __init__(self, book_dir: Path) -> None:
        self.book_dir = Path(book_dir)
        self.path = session_path(self.book_dir)
        self.problem: str | None = None
        self.read_only = False

    def load(self) -> Session | None:
        from companion.store.safefile import read_limited
        from companion.store.tomlfile import parse_bytes

        try:
            raw = read_limited(self.path, "session", self.ADVICE)
            if raw is None:
                return None
            return session_from_data(parse_bytes(self.path, raw, self.ADVICE))
        except (StoreError, ValueError) as error:  # FileProblem is a StoreError
            reason = getattr(error, "reason", None) or str(error)
            if "newer" in reason:
                self.read_only = True
                self.problem = (
                    f"{self.path} comes from a newer companion; it is left "
                    f"untouched and this session will not be saved"
                )
                return None
            self._move_aside(reason)
            return None

    def _move_aside(self, reason: str) -> None:
        from companion.store.lock import book_lock

        try:
            with book_lock(self.book_dir):
                aside = self.path.with_name(self.path.name + ".bad")
                number = 1
                while os.path.lexists(aside):  # never replace an earlier copy
                    number += 1
                    aside = self.path.with_name(f"{self.path.name}.bad-{number}")
                os.replace(self.path, aside)
        except (OSError, StoreError):
            self.read_only = True
            self.problem = f"{self.path} could not be read ({reason}); it was left untouched"
            return
        self.problem = (
            f"{self.path} could not be read ({reason}); it was moved to "
            f"{aside} and a new session starts"
        )

    def save(self, session: Session) -> None:
        from companion.store.atomic import write_toml_atomic
        from companion.store.lock import book_lock

        if self.read_only:
            return
        with book_lock(self.book_dir):
            write_toml_atomic(self.path, session_to_data(session))

    def clear(self) -> None:
        from companion.store.lock import book_lock

        if self.read_only:
            return
        with book_lock(self.book_dir):
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass
