"""Regenerate an SVG of every pane: ``python -m companion.tui.screenshots [OUT_DIR]``.

Uses a temporary sample data folder (progress at chapter 9 with fixed dates, a few
notes, three starred quotes) and a fixed "today", so the pictures are stable.
The snapshot tests build their data with the same ``make_sample``.
"""

from __future__ import annotations

import asyncio
import datetime
import sys
import tempfile
from pathlib import Path
from typing import Any

from companion.tui.drive import press, quiet

TODAY = datetime.date(2026, 3, 2)
STAMP = datetime.datetime(2026, 2, 20, 18, 30, tzinfo=datetime.UTC)
SAMPLE_NOTES = [
    (2, ["hailsham"], "Kathy keeps saying she might have it wrong. Is she a reliable narrator?"),
    (5, ["seminar", "ruth"], "Ruth's pencil case: a lie that everyone agrees to keep."),
    (7, ["seminar"], "Miss Lucy says it out loud. Why does nobody react?"),
]


def make_sample(data_dir: Path, book, progress: int = 9, today: datetime.date = TODAY) -> None:
    """Write sample progress, notes and stars into ``data_dir`` (a book's data folder),
    dated as if ``today`` were TODAY: a chapter finished every other day up to yesterday.
    The browser pictures pass the real date, as the served app reads it (with TODAY, its
    pace line would count every week since then)."""
    from companion.book.gate import visible
    from companion.store.deck import DeckStore
    from companion.store.notes import NoteStore
    from companion.store.progress import Progress, save_progress

    dates = {
        n: today - datetime.timedelta(days=2 * (progress - n) + 1) for n in range(1, progress + 1)
    }
    save_progress(data_dir, Progress(progress, dates))
    notes = NoteStore(data_dir)
    quotes = visible(book.quotes, progress)
    stamp = STAMP + (today - TODAY)
    for i, (chapter, tags, text) in enumerate(SAMPLE_NOTES):
        if chapter <= progress:
            when = stamp + datetime.timedelta(hours=i)
            notes.add(text, chapter, tags, note_id=f"sample{i}", created=when, updated=when)
    deck = DeckStore(data_dir)
    for quote in quotes[:3]:
        deck.star(quote.id, today=today - datetime.timedelta(days=1))


def add_predictions(data_dir: Path, book, progress: int) -> None:
    """Predictions for the review: two ready once chapter ``progress + 1`` is finished,
    one marked already, one waiting for the end of the book (fixed ids and times)."""
    from companion.store.notes import NoteStore

    at, notes = progress + 1, NoteStore(data_dir)
    early = max(0, at - 8)
    marked: dict[str, Any] = {
        "outcome": "partly",
        "answered_at": at - 1,
        "reflection": "for what, though?",
    }
    for i, (made, revisit, text, more) in enumerate(
        [
            (early, at - 1, "The students are kept for something; art is part of it.", marked),
            (early, at, "Madame is afraid of the students, not of their art.", {}),
            (at - 1, at, "Tommy's tantrums will matter later: he is not just difficult.", {}),
            (at - 1, book.chapter_count, "Kathy will end up alone, still driving.", {}),
        ]
    ):
        when = STAMP + datetime.timedelta(days=1, hours=i)
        notes.add(
            text,
            made,
            note_id=f"guess{i}",
            created=when,
            updated=when,
            kind="prediction",
            revisit_at=max(revisit, made),
            **more,
        )


def add_highlights(data_dir: Path, book, progress: int) -> None:
    """E-reader highlights: one linked to a quote, one at an estimated chapter, one
    unplaced, one from past ``progress`` (hidden: only counted)."""
    from companion.book.gate import visible
    from companion.store.notes import NoteStore

    notes = NoteStore(data_dir)
    quote = visible(book.quotes, progress)[-1]
    for i, (text, chapter, placement, extra) in enumerate(
        [
            (quote.text, quote.chapter, "quote", {"quote": quote.id, "comment": "Essay?"}),
            ("we were all in the same boat", progress, "estimated", {}),
            ("a few words the Kindle could not place", 0, "unplaced", {}),
            ("words from the book's very end", book.chapter_count, "file", {}),
        ]
    ):
        when = STAMP + datetime.timedelta(days=2, hours=i)
        notes.add(
            text,
            chapter,
            note_id=f"kindle{i}",
            created=when,
            updated=when,
            kind="highlight",
            source="kindle",
            source_id=f"nlmg@{100 + i}",
            location=f"location {100 + 40 * i}",
            placement=placement,
            **extra,
        )


def near_the_end(data_dir: Path, book, progress: int) -> None:
    """One chapter before the end, two of the sample predictions marked on the way (after
    ``add_predictions``): finishing the book shows the summary."""
    from companion.store.notes import NoteStore
    from companion.store.progress import Progress, save_progress

    last = book.chapter_count - 1
    dates = {n: TODAY - datetime.timedelta(days=last - n + 1) for n in range(1, last + 1)}
    save_progress(data_dir, Progress(last, dates))
    notes = NoteStore(data_dir)
    notes.update("guess1", outcome="came-true", answered_at=progress + 3)
    notes.update("guess2", outcome="wrong", answered_at=progress + 1, reflection="he was right")


EXTRAS = {"predictions": add_predictions, "highlights": add_highlights, "end": near_the_end}


def sample_app(
    data_root: Path,
    progress: int = 9,
    book: str | None = None,
    pane: str = "progress",
    extra: tuple[str, ...] = (),
    premount: bool = True,
):
    """A CompanionApp on sample data under ``data_root`` opened on ``pane``; ``extra``
    adds the sample predictions and/or highlights (``EXTRAS``). ``premount=False``: no
    pane mounted or drawn ahead (a snapshot taken while one was being drawn under the
    pane in view held its cut, zero-width pieces)."""
    from companion.context import Context
    from companion.store.settings import Settings, save_settings
    from companion.tui.app import CompanionApp

    ctx = Context(book_arg=book, data_override=data_root)
    if not (ctx.data_dir / "progress.toml").exists():
        make_sample(ctx.data_dir, ctx.book, progress)
        for name in extra:
            EXTRAS[name](ctx.data_dir, ctx.book, progress)
    save_settings(ctx.data_dir, Settings(theme="textual-dark", pane=pane))
    return CompanionApp(ctx, today=lambda: TODAY, premount=premount)


async def settle(pilot) -> None:
    """Wait until the app is quiet: every message handled and every worker done, and
    what their results asked for handled too (no fixed sleep)."""
    await quiet(pilot.app)


# (file name, pane, size, keys, and optionally the sample data beyond the default)
Shot = (
    tuple[str, str, tuple[int, int], tuple[str, ...]]
    | tuple[str, str, tuple[int, int], tuple[str, ...], tuple[str, ...]]
)
PANES = ("progress", "plot", "quotes", "notes", "people", "themes", "glossary", "seminar")
SHOTS: list[Shot] = [
    # (file name, pane, size, keys pressed after start[, sample extras]; "open:KEY" opens item KEY)
    ("progress", "progress", (120, 40), ()),
    ("progress-unlocked", "progress", (120, 40), ("n",)),
    ("plot", "plot", (120, 40), ()),
    ("quotes", "quotes", (120, 40), ()),
    ("quotes-back", "quotes", (120, 40), ("f",)),
    ("notes", "notes", (120, 40), ()),
    ("people", "people", (120, 40), ("down", "down")),
    ("themes", "themes", (120, 40), ()),
    ("themes-theme", "themes", (120, 40), ("down",)),
    ("themes-symbol", "themes", (120, 40), ("open:symbol:norfolk",)),
    ("people-relationship", "people", (120, 40), ("open:relationship:kathy-ruth",)),
    ("glossary", "glossary", (120, 40), ("down",)),
    ("seminar", "seminar", (120, 40), ()),
    ("help", "progress", (120, 40), ("f1",)),
    ("progress-80x24", "progress", (80, 24), ()),
    ("plot-80x24", "plot", (80, 24), ()),
    ("quotes-80x24", "quotes", (80, 24), ()),
    ("notes-80x24", "notes", (80, 24), ()),
    ("prediction-review", "progress", (120, 40), ("n",), ("predictions",)),
    ("prediction-mark", "progress", (120, 40), ("n", "enter"), ("predictions",)),
    ("prediction-review-80x24", "progress", (80, 24), ("n",), ("predictions",)),
    ("prediction-summary", "progress", (120, 40), ("n",), ("predictions", "end")),
    ("notes-highlights", "notes", (120, 40), (), ("predictions", "highlights")),
    ("notes-highlights-80x24", "notes", (80, 24), (), ("highlights",)),
    ("seminar-80x24", "seminar", (80, 24), ()),
    ("help-80x24", "progress", (80, 24), ("f1",)),
    *((f"{pane}-60x18", pane, (60, 18), ()) for pane in PANES),
    ("help-60x18", "progress", (60, 18), ("f1",)),
    ("quotes-back-80x24", "quotes", (80, 24), ("f",)),
    ("people-80x24", "people", (80, 24), ("open:character:ruth",)),
    ("themes-80x24", "themes", (80, 24), ("open:device:memory",)),
    ("quotes-search", "quotes", (120, 40), ("slash", "r", "u", "t", "h")),
    ("drill-80x24", "seminar", (80, 24), ("d", "enter")),
]


async def shoot(out: Path, book: str | None = None) -> list[Path]:
    written = []
    for name, pane, size, keys, *extra in SHOTS:
        with tempfile.TemporaryDirectory() as tmp:
            app = sample_app(Path(tmp), book=book, pane=pane, extra=extra[0] if extra else ())
            async with app.run_test(size=size) as pilot:
                await settle(pilot)
                for key in keys:
                    if key.startswith("open:"):
                        await app.open_item(pane, key[5:])
                    else:
                        await press(pilot, key)
                    await settle(pilot)
                await settle(pilot)
                path = out / f"{name}.svg"
                app.save_screenshot(filename=path.name, path=str(out))
                written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else Path("screenshots")
    out.mkdir(parents=True, exist_ok=True)
    for path in asyncio.run(shoot(out)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
