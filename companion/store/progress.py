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
from dataclasses import dataclass, field
from pathlib import Path

from companion.store.errors import StoreError
from companion.store.paths import progress_path

# Reading and writing TOML is imported when first needed (~7 ms): the app opens for a
# new reader, who has no progress file yet, before any of it is used.

SCHEMA_VERSION = 1
ADVICE = (
    "Fix it in a text editor, or move it away to start your progress again "
    "(your notes and deck are not affected)."
)


@dataclass
class Progress:
    finished: int = 0
    dates: dict[int, datetime.date] = field(default_factory=dict)


def load_progress(book_dir: Path, chapter_count: int | None = None) -> Progress:
    """The saved progress; a missing file is Progress(); a bad file is a StoreError."""
    path = progress_path(book_dir)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Progress()
    except IsADirectoryError:
        from companion.store.tomlfile import FileProblem

        raise FileProblem(path, "it is a folder, not a file", ADVICE) from None
    except OSError as error:
        raise StoreError(
            f"could not read {path}: {error.strerror}. Check its permissions.", path=path
        ) from None
    from companion.store.tomlfile import parse_bytes

    return _from_data(path, parse_bytes(path, raw, ADVICE), chapter_count)


def _from_data(path: Path, data: dict, chapter_count: int | None) -> Progress:
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
        if not key.isdigit() or not key.isascii():
            raise FileProblem(
                path, f"finished_on has a key {key!r} that is not a chapter number", ADVICE
            )
        if type(value) is not datetime.date:
            raise wrong(path, ADVICE, f"finished_on.{key}", "a date (YYYY-MM-DD)", value)
        dates[int(key)] = value
    return Progress(finished=finished, dates=dict(sorted(dates.items())))


def _to_data(progress: Progress) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "finished": int(progress.finished),
        "finished_on": {str(ch): d for ch, d in sorted(progress.dates.items())},
    }


def save_progress(book_dir: Path, progress: Progress) -> None:
    """Write progress.toml atomically, under the book lock.

    Refuses (StoreError) to replace a progress file that does not parse or comes
    from a newer version: that file is never overwritten.
    """
    from companion.store.atomic import sweep_temp_files, write_toml_atomic
    from companion.store.lock import book_lock
    from companion.store.tomlfile import FileProblem

    if progress.finished < 0:
        raise StoreError(f"cannot save progress {progress.finished}: it cannot be negative")
    book_dir = Path(book_dir)
    path = progress_path(book_dir)
    with book_lock(book_dir):
        sweep_temp_files(book_dir)
        try:
            load_progress(book_dir)  # an unreadable or newer file stops the save here
        except FileProblem as problem:
            raise StoreError(
                f"{problem.message} Your new progress was not saved.", path=path
            ) from None
        write_toml_atomic(path, _to_data(progress))


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
