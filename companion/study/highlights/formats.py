"""Reading a highlights file and telling its format."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from companion.study.highlights import kindle, koreader, readwise
from companion.study.highlights.entries import HighlightsError, Parsed
from companion.study.highlights.keys import assign_keys

FORMATS = "Kindle's My Clippings.txt, a KOReader highlights export (JSON) or a Readwise CSV export"


def read(path: Path) -> str:
    """The file's text. HighlightsError for a missing, unreadable, oversized, empty
    or non-UTF-8 file, or one that is not a regular file."""
    from companion.store.safefile import LIMITS, read_limited
    from companion.store.tomlfile import FileProblem

    real = Path(os.path.realpath(path))  # the reader chose this file: follow its links
    advice = f"Give {FORMATS}."
    try:
        raw = read_limited(real, "highlights", advice)
    except FileProblem as problem:
        limit = LIMITS["highlights"] >> 20
        extra = (
            f" Split it, or export only this book (at most {limit} MB)."
            if "more than" in problem.reason
            else ""
        )
        raise HighlightsError(
            f"{path} cannot be imported: {problem.reason}; nothing was imported.{extra}"
        ) from None
    if raw is None:
        raise HighlightsError(f"{path} does not exist; nothing was imported.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise HighlightsError(
            f"{path}: line {line} is not UTF-8 text (byte {error.start}); nothing was "
            f"imported. Give {FORMATS}, as the device or service wrote it."
        ) from None
    if not text.replace("\ufeff", "").strip():
        raise HighlightsError(
            f"{path} is empty; nothing was imported. On a Kindle the file is "
            f"documents/My Clippings.txt; it fills as you highlight."
        )
    return text


def parse(text: str, name: str, wanted: Callable[[str, str], bool]) -> Parsed:
    """The file's entries of the book ``wanted`` accepts, whatever its format."""
    body = text.lstrip("\ufeff \t\r\n")
    first = body.split("\n", 1)[0]
    if body.startswith(("{", "[")):
        doc = koreader.load(body, name)
        if not koreader.looks_like(doc):
            hint = (
                " (it looks like a companion notes export: use `companion import notes`)"
                if isinstance(doc, dict) and doc.get("format") == "companion-notes"
                else ""
            )
            raise HighlightsError(
                f"{name} is JSON but not a KOReader highlights export (it has no "
                f'"entries" or "documents" list){hint}; nothing was imported.'
            )
        parsed = koreader.parse(doc, wanted)  # type: ignore[arg-type]
    elif readwise.looks_like(first):
        parsed = readwise.parse(body, name, wanted)
    elif _kindle_like(body):
        parsed = kindle.parse(text, wanted)
    else:
        raise HighlightsError(
            f"{name}: line 1 does not start a format this version reads; nothing was "
            f"imported. Give {FORMATS}."
        )
    assign_keys(parsed)
    return parsed


def _kindle_like(body: str) -> bool:
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n", 3)
    return (
        len(lines) > 1
        and lines[1].lstrip().startswith("- ")
        or any(line.strip() == kindle.SEPARATOR for line in body.splitlines()[:40])
    )
