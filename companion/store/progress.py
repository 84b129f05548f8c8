"""Reading progress: how many chapters are finished, and when each was finished.

``progress.toml``::

    schema_version = 1
    finished = 3

    [finished_on]
    1 = 2025-01-10
    2 = 2025-01-11
    3 = 2025-01-11
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from companion.store.errors import StoreError
from companion.store.paths import progress_path
from companion.store.safefile import read_limited

# Reading and writing TOML is imported when first needed (~7 ms): the app opens for a
# new reader, who has no progress file yet, before any of it is used.
if TYPE_CHECKING:
    from companion.store.tomlfile import FileProblem, Table

SCHEMA_VERSION = 1
ADVICE = (
    "Fix it in a text editor, or move it away to start your progress again "
    "(your notes and deck are not affected)."
)


@dataclass
class Progress:
    finished: int = 0
    dates: dict[int, datetime.date] = field(default_factory=dict)


@dataclass(frozen=True)
class ProgressUpdate:
    """What :func:`update_progress` did: ``before`` is what the file held when the
    change was applied (another window or the CLI may have moved it since the caller
    read it: compare ``before.finished`` with what the reader was shown), ``after``
    what it holds now."""

    before: Progress
    after: Progress

    @property
    def changed(self) -> bool:
        return self.before != self.after


def load_progress(book_dir: Path, chapter_count: int | None = None) -> Progress:
    """The saved progress; a missing file is Progress(); a file that cannot be used
    (damaged, newer, a FIFO, too big, a link out...) is a FileProblem naming it."""
    path = progress_path(book_dir)
    raw = read_limited(path, "progress", ADVICE)
    if raw is None:
        return Progress()
    from companion.store.tomlfile import parse_bytes

    return _from_data(path, parse_bytes(path, raw, ADVICE), chapter_count)


def read_progress(
    book_dir: Path, chapter_count: int | None = None
) -> tuple[Progress, FileProblem | None]:
    """(progress, problem) for the app: a bad file gives Progress() and its FileProblem,
    and progress is then read-only (every :func:`update_progress` refuses) until the
    file is fixed or moved away; the notes and the deck work as usual."""
    from companion.store.tomlfile import FileProblem

    try:
        return load_progress(book_dir, chapter_count), None
    except FileProblem as problem:
        return Progress(), problem


def _from_data(path: Path, data: Table, chapter_count: int | None) -> Progress:
    from companion.store.tomlfile import FileProblem, check_schema, wrong

    check_schema(path, data, ADVICE, SCHEMA_VERSION)
    unknown = sorted(set(data) - {"schema_version", "finished", "finished_on"})
    if unknown:
        raise FileProblem(path, f"unknown key {unknown[0]!r}", ADVICE)
    finished = data.get("finished", 0)
    if type(finished) is not int:
        raise wrong(path, ADVICE, "finished", "a whole number", finished)
    if finished < 0:
        raise FileProblem(path, f"finished is {finished}, it cannot be negative", ADVICE)
    if chapter_count is not None and finished > chapter_count:
        raise FileProblem(
            path, f"finished is {finished} but this book has {chapter_count} chapters", ADVICE
        )
    table = data.get("finished_on", {})
    if not isinstance(table, dict):
        raise wrong(path, ADVICE, "finished_on", "a table", table)
    dates: dict[int, datetime.date] = {}
    for key, value in table.items():
        # a chapter number as written by this code: no sign, no leading zero, short
        # (int() of a 5,000-digit key would raise; millions of keys are an error)
        if not (key.isascii() and key.isdigit() and key[0] != "0" and len(key) <= 6):
            raise FileProblem(
                path, f"finished_on has a key {key[:20]!r} that is not a chapter number", ADVICE
            )
        chapter = int(key)
        if chapter_count is not None and chapter > chapter_count:
            raise FileProblem(
                path,
                f"finished_on has chapter {chapter}, but this book has {chapter_count} chapters",
                ADVICE,
            )
        if type(value) is not datetime.date:
            raise wrong(path, ADVICE, f"finished_on.{key}", "a date (YYYY-MM-DD)", value)
        dates[chapter] = value
    return Progress(finished=finished, dates=dict(sorted(dates.items())))


def _to_data(progress: Progress) -> Table:
    return {
        "schema_version": SCHEMA_VERSION,
        "finished": int(progress.finished),
        "finished_on": {str(ch): d for ch, d in sorted(progress.dates.items())},
    }


def update_progress(
    book_dir: Path,
    change: Callable[[Progress], Progress],
    chapter_count: int | None = None,
) -> ProgressUpdate:
    """Apply ``change`` to progress.toml as it is on disk now, under the book lock, and
    write the result (read-modify-write: a change made elsewhere is never overwritten by
    a stale copy). The later explicit action wins; the returned ``before`` tells the
    caller what the file held, so the reader can be told.

    StoreError (nothing written) when the file cannot be used: that file is never
    overwritten.
    """
    from companion.store.atomic import sweep_temp_files, write_toml_atomic
    from companion.store.lock import book_lock
    from companion.store.tomlfile import FileProblem

    book_dir = Path(book_dir)
    path = progress_path(book_dir)
    with book_lock(book_dir):
        sweep_temp_files(book_dir)
        try:
            before = load_progress(book_dir, chapter_count)
        except FileProblem as problem:
            raise StoreError(
                f"{problem.message} Your new progress was not saved.", path=path
            ) from None
        after = change(Progress(before.finished, dict(before.dates)))
        if after.finished < 0 or (chapter_count is not None and after.finished > chapter_count):
            raise StoreError(
                f"cannot save progress {after.finished}: it must be 0 to "
                f"{chapter_count if chapter_count is not None else 'the last chapter'}.",
                exit_code=2,
            )
        if after != before:
            write_toml_atomic(path, _to_data(after))
    return ProgressUpdate(before, after)


def finish_chapters(
    book_dir: Path, chapter: int, today: datetime.date, chapter_count: int | None = None
) -> ProgressUpdate:
    """ "I have finished ``chapter`` chapters", applied to the file as it is now."""
    return update_progress(book_dir, lambda now: set_progress(now, chapter, today), chapter_count)


def save_progress(book_dir: Path, progress: Progress) -> None:
    """Replace progress wholesale (a new data folder: samples, screenshots, tests).
    The app and the CLI change progress with :func:`update_progress` instead."""
    update_progress(book_dir, lambda _now: progress)


def set_progress(progress: Progress, chapter: int, today: datetime.date) -> Progress:
    """Progress after "I have finished ``chapter`` chapters" (pure).

    Chapters up to ``chapter`` keep their date or get ``today``; dates of later
    chapters are dropped (the reader went back).
    """
    if chapter < 0:
        raise ValueError("chapter cannot be negative")
    dates = {ch: d for ch, d in progress.dates.items() if ch <= chapter}
    for ch in range(1, chapter + 1):
        dates.setdefault(ch, today)
    return Progress(finished=chapter, dates=dict(sorted(dates.items())))
