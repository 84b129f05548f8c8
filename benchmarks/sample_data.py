"""A large, deterministic sample data folder: for benchmarks, screenshots and tests.

    python benchmarks/sample_data.py DIR [--notes 10000] [--quotes 1000]

``DIR`` is a data root (what ``--data-dir`` takes); the book's folder
``DIR/<book id>/`` gets:

* ``notes/<id>.toml``: N notes of about 500 characters, spread over the chapters,
  with tags and, for about one in five, a quote reference; written in the exact
  format of :mod:`companion.store.notes` (``encode_note``), one file each;
* ``deck.toml`` and ``reviews/<day>.toml``: M starred quotes, each with an FSRS card
  state and a review history made by :mod:`companion.study.drill`, in the format of
  :mod:`companion.store.deck` (the reviews in day files, as the drill saves them). The bundled pack has fewer than M quotes: the real
  quote ids come first, the rest are ``sample-q-NNNN`` ids no pack knows (a deck
  may hold quotes of an older pack version, so every surface must cope anyway);
* ``progress.toml``: ``finished`` chapters (default: all of them);
* ``.notes-cache``: primed by loading the notes once through ``NoteStore``, as
  after a reader's first start (``prime_cache=False`` leaves it out).

Files are written without an fsync each (this is sample data, not the reader's):
10,000 notes take about a second. The same seed gives the same notes, ids and
dates. Nothing here ever writes to the reader's real data folder: a root must be
given, and a book folder that already holds data is refused unless ``force`` (which
adds the notes and replaces the deck and progress).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from companion.store.atomic import write_toml_atomic
from companion.store.notes import Note, NoteStore, encode_note
from companion.store.paths import book_data_dir, notes_dir
from companion.store.progress import Progress, save_progress, set_progress

WORDS = """
Hailsham Kathy Tommy Ruth Miss Emily Madame Lucy Geraldine Norfolk Cottages carer donor
gallery Exchanges Sales collections tokens guardians pavilion sports hill pond woods
fence lost corner cassette Judy Bridgewater song pillow baby remembering memory
recovery centre Kingsfield deferral rumour possible model office Cromer boat marsh
Chrissie Rodney Keffers barn art tigers creatures notebook reading seminar essay
chapter passage quiet tone narrator remembers careful understatement withheld told
not told friendship jealousy loyalty hope acceptance fate childhood school corridor
drive field rain grey afternoon letters Philip Larkin Daniel Deronda wistful scene
""".split()
FILLER = """the a of and to in that it was she he they we her his what when how why
because perhaps maybe still again always never already only just even though""".split()
TAGS = [
    "hailsham",
    "memory",
    "ruth",
    "tommy",
    "kathy",
    "art",
    "care",
    "hope",
    "essay",
    "seminar",
    "motif",
    "question",
    "cottages",
    "norfolk",
    "tape",
    "gallery",
    "deferral",
    "language",
    "reread",
    "exam",
]
RATINGS = ("again", "hard", "good", "good", "good", "easy")
KINDS = ("speaker", "chapter", "cloze")
EPOCH = datetime.datetime(2025, 1, 6, 9, 0, tzinfo=datetime.UTC)


@dataclass
class SampleInfo:
    book_dir: Path
    notes: int
    quotes: int
    real_quotes: int
    reviews: int
    finished: int


def _sentence(rng: random.Random) -> str:
    count = rng.randint(7, 16)
    words = [rng.choice(WORDS) if rng.random() < 0.45 else rng.choice(FILLER) for _ in range(count)]
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....?!")


def note_text(rng: random.Random, chars: int = 500) -> str:
    """About ``chars`` characters of plausible reading notes (a few paragraphs)."""
    parts: list[str] = []
    size = 0
    while size < chars:
        sentence = _sentence(rng)
        if parts and rng.random() < 0.12:
            parts.append("\n\n")
            size += 2
        elif parts:
            parts.append(" ")
            size += 1
        parts.append(sentence)
        size += len(sentence)
    return "".join(parts)[:chars].rstrip() + "."


def _pack(book: str | None):
    from companion.book.loader import load_pack
    from companion.book.packs import find_pack

    return load_pack(find_pack(book))


def make_notes(
    count: int,
    chapter_count: int,
    finished: int,
    quote_ids: list[str],
    seed: int = 7,
    chars: int = 500,
    taken: set[str] = frozenset(),
) -> list[Note]:
    """``count`` notes, oldest first, spread over chapters 0..finished (pure).

    Ids in ``taken`` (notes already in the folder) are never used.
    """
    rng = random.Random(seed)
    top = max(0, min(finished, chapter_count))
    notes: list[Note] = []
    ids: set[str] = set(taken)
    step = datetime.timedelta(seconds=max(60, int(365 * 86400 / max(count, 1))))
    for i in range(count):
        note_id = f"{rng.getrandbits(32):08x}"
        while note_id in ids:
            note_id = f"{rng.getrandbits(32):08x}"
        ids.add(note_id)
        created = EPOCH + step * i + datetime.timedelta(microseconds=rng.randrange(10**6))
        updated = created
        if rng.random() < 0.2:
            updated = created + datetime.timedelta(
                days=rng.randint(0, 30), seconds=rng.randint(1, 86400)
            )
        tags = sorted(set(rng.sample(TAGS, rng.choice((0, 1, 1, 2, 2, 3)))))
        quote = rng.choice(quote_ids) if quote_ids and rng.random() < 0.2 else None
        # Chapters grow with time, as a reader moves through the book.
        chapter = min(top, int(top * (i + 1) / max(count, 1) + rng.randint(-2, 1)))
        notes.append(
            Note(
                id=note_id,
                text=note_text(rng, chars),
                chapter=max(0, chapter),
                tags=tags,
                quote=quote,
                created=created,
                updated=updated,
            )
        )
    return notes


def make_deck(quote_ids: list[str], reviews_per_quote: int = 3, seed: int = 7) -> tuple[dict, int]:
    """The deck.toml document for ``quote_ids``, each starred, drilled and scheduled."""
    from companion.store.deck import SCHEMA_VERSION, _to_toml_value
    from companion.study.drill import card_to_state, new_card, review

    rng = random.Random(seed + 1)
    starred, cards, reviews = [], {}, []
    for i, qid in enumerate(quote_ids):
        when = EPOCH + datetime.timedelta(hours=6 * i, minutes=rng.randrange(360))
        starred.append({"quote": qid, "date": when.date()})
        card = new_card(qid, when)
        for _ in range(rng.randint(1, 2 * reviews_per_quote - 1)):
            rating = rng.choice(RATINGS)
            card = review(card, rating, when)
            reviews.append(
                {"quote": qid, "time": when, "rating": rating, "kind": rng.choice(KINDS)}
            )
            when = max(card.due, when + datetime.timedelta(minutes=10))
        cards[qid] = _to_toml_value(card_to_state(card))
    reviews.sort(key=lambda r: r["time"])
    doc = {"schema_version": SCHEMA_VERSION}
    if starred:
        doc.update(starred=starred, cards=cards, reviews=reviews)
    return doc, len(reviews)


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def generate(
    root: Path | str,
    notes: int = 10_000,
    quotes: int = 1_000,
    *,
    book: str | None = None,
    finished: int | None = None,
    seed: int = 7,
    note_chars: int = 500,
    reviews_per_quote: int = 3,
    prime_cache: bool = True,
    force: bool = False,
) -> SampleInfo:
    """Write the sample data under ``root`` (a data root, as ``--data-dir``)."""
    pack = _pack(book)
    chapter_count = pack.chapter_count
    finished = chapter_count if finished is None else max(0, min(finished, chapter_count))
    book_dir = book_data_dir(pack.id, Path(root))
    if book_dir.exists() and any(book_dir.iterdir()) and not force:
        raise FileExistsError(
            f"{book_dir} already holds data; give an empty folder "
            f"(or force=True / --force to add to it)"
        )
    folder = notes_dir(book_dir)
    folder.mkdir(parents=True, exist_ok=True)

    real = [q.id for q in pack.quotes]
    deck_ids = real[:quotes] + [f"sample-q-{i:04d}" for i in range(max(0, quotes - len(real)))]
    taken = {name[:-5] for name in os.listdir(folder) if name.endswith(".toml")}
    made = make_notes(
        notes, chapter_count, finished, real, seed=seed, chars=note_chars, taken=taken
    )
    for note in made:
        path = folder / f"{note.id}.toml"
        _write_new(path, encode_note(path, note))

    doc, review_count = make_deck(deck_ids, reviews_per_quote, seed)
    if quotes:
        from companion.store.deck import write_day_files

        write_day_files(book_dir, doc.pop("reviews", []), skip_known=False)
        write_toml_atomic(book_dir / "deck.toml", doc)
    today = (EPOCH + datetime.timedelta(days=30)).date()
    save_progress(book_dir, set_progress(Progress(), finished, today))
    if prime_cache and notes:
        store = NoteStore(book_dir)
        store.reload()
        if store.problems:
            raise RuntimeError(f"sample notes did not load: {store.problems[0].message}")
    return SampleInfo(
        book_dir, len(made), len(deck_ids), min(len(real), quotes), review_count, finished
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/sample_data.py",
        description="Write a large sample data folder (notes, drilled deck, progress).",
    )
    parser.add_argument("root", type=Path, help="data root to fill (as --data-dir takes)")
    parser.add_argument("--notes", type=int, default=10_000, help="number of notes (10000)")
    parser.add_argument(
        "--quotes",
        type=int,
        default=1_000,
        help="number of starred, drilled quotes in the deck (1000)",
    )
    parser.add_argument("--chars", type=int, default=500, help="characters per note (500)")
    parser.add_argument(
        "--finished", type=int, default=None, help="chapters finished (default: all)"
    )
    parser.add_argument("--book", default=None, help="bundled book id or pack folder")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-cache", action="store_true", help="do not prime the notes cache")
    parser.add_argument(
        "--force",
        action="store_true",
        help="add notes to a book folder that already holds data "
        "(its deck and progress are replaced)",
    )
    args = parser.parse_args(argv)
    try:
        info = generate(
            args.root,
            args.notes,
            args.quotes,
            book=args.book,
            finished=args.finished,
            seed=args.seed,
            note_chars=args.chars,
            prime_cache=not args.no_cache,
            force=args.force,
        )
    except FileExistsError as error:
        print(f"sample_data: {error}", file=sys.stderr)
        return 2
    print(
        f"{info.book_dir}: {info.notes} notes, {info.quotes} drilled quotes "
        f"({info.real_quotes} from the pack), {info.reviews} reviews, "
        f"{info.finished} chapters finished"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
