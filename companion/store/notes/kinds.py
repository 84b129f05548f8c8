"""The keys of a note file's schema_version 2: kinds of note and what each adds.

A plain note has none of them and is written with ``schema_version = 1``, so an
older companion still reads it; a note with any of them is written with
``schema_version = 2`` (an older companion reads it as "from a newer version": read-only,
untouched). One table (``EXTRA_KEYS``) serves the file, the read cache and JSON.

A prediction (``kind = "prediction"``): ``chapter`` is the chapter it was made at;
``revisit_at`` the chapter at which to look back on it; once marked, ``outcome``,
an optional one-line ``reflection`` and ``answered_at`` (the chapter the reader had
finished when marking it).

A note imported from an e-reader (``import highlights``): ``kind = "highlight"`` for a
highlighted passage, "note" for a note made on the device; ``source`` (where it came
from), ``source_id`` (its key there: a second import finds it again), ``location``
(as the device gave it), ``placement`` (how its chapter was found; an unplaced one
has chapter 0) and, for a highlight, ``comment`` (the note the reader attached to it
on the device). Such a note stays hidden until its chapter is finished (``unlock``).
"""

from __future__ import annotations

from typing import Any

NOTE, PREDICTION, HIGHLIGHT = "note", "prediction", "highlight"
KINDS = (NOTE, PREDICTION, HIGHLIGHT)
OUTCOMES = ("came-true", "partly", "wrong")
SOURCES = ("kindle", "koreader", "readwise")
# "placed": the reader gave it its chapter (kept when the file is imported again)
PLACEMENTS = ("file", "quote", "estimated", "unplaced", "placed")
IMPORTED = ("source", "source_id", "location", "placement")
MAX_KEY = 200  # characters of a source_id or location
OUTCOME_LABELS = {"came-true": "came true", "partly": "partly", "wrong": "wrong"}
MAX_REFLECTION = 500  # characters: one line

# Every schema_version 2 key, in file order, and the kind it belongs to (None: any).
EXTRA_KEYS: dict[str, str | None] = {
    "kind": None,
    "revisit_at": PREDICTION,
    "outcome": PREDICTION,
    "reflection": PREDICTION,
    "answered_at": PREDICTION,
    # imported from an e-reader: a highlight, or a note made on the device
    "source": None,
    "source_id": None,
    "location": None,
    "placement": None,
    "comment": HIGHLIGHT,
}
EXTRA_VERSION = 2
# a note's schema_version 2 keys and their values, as in its file
Extra = dict[str, Any]


def extra_fields(note: object) -> Extra | None:
    """The note's schema_version 2 keys that are set (None for a plain note), as
    stored in its file; ``Note(..., **extra)`` builds it back."""
    extra: Extra | None = None
    for key in EXTRA_KEYS:
        value = getattr(note, key)
        if value is not None and not (key == "kind" and value == NOTE):
            if extra is None:
                extra = {}
            extra[key] = value
    return extra


def _chapter(value: object, least: int) -> bool:
    return type(value) is int and value >= least


def check_extra(data: Extra, chapter: int) -> Extra:
    """The schema_version 2 keys of ``data`` (a file's table or a JSON record), checked:
    a dict for ``Note(..., **extra)`` without the ones that say nothing (kind "note",
    an empty reflection); ValueError with the reason (naming the key) if any is wrong."""
    extra = {k: data[k] for k in EXTRA_KEYS if data.get(k) is not None}
    kind = extra.get("kind", NOTE)
    if kind not in KINDS:
        raise ValueError(f"kind should be one of {', '.join(KINDS)}, not {_short(kind)}")
    for key, owner in EXTRA_KEYS.items():
        if owner is not None and key in extra and owner != kind:
            raise ValueError(f'{key} belongs to a {owner} (kind = "{owner}"), and this is a {kind}')
    if kind == PREDICTION and any(key in extra for key in IMPORTED):
        raise ValueError(f"a prediction has no {next(k for k in IMPORTED if k in extra)}")
    if kind == HIGHLIGHT or "source" in extra or "source_id" in extra:
        _check_imported(extra, chapter)
    if kind == NOTE:
        extra.pop("kind", None)
    if kind == PREDICTION:
        _check_prediction(extra, chapter)
    return extra


def _check_imported(extra: Extra, chapter: int) -> None:
    for key in ("source", "source_id", "placement"):
        if key not in extra:
            raise ValueError(f"an imported highlight needs {key}")
    if extra["source"] not in SOURCES:
        raise ValueError(
            f"source should be one of {', '.join(SOURCES)}, not {_short(extra['source'])}"
        )
    for key in ("source_id", "location", "comment"):
        value = extra.get(key)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{key} should be a string, not {_short(value)}")
        if key != "comment" and value is not None and not 0 < len(value) <= MAX_KEY:
            raise ValueError(f"{key} should be 1 to {MAX_KEY} characters long")
    placement = extra["placement"]
    if placement not in PLACEMENTS:
        raise ValueError(
            f"placement should be one of {', '.join(PLACEMENTS)}, not {_short(placement)}"
        )
    if (placement == "unplaced") != (chapter == 0):
        raise ValueError(
            "an unplaced highlight has chapter 0, and only an unplaced one"
            if placement == "unplaced"
            else f"a highlight placed by {placement!r} needs a chapter (1 or more), not 0"
        )
    if "comment" in extra and not extra["comment"].strip():
        del extra["comment"]


def _check_prediction(extra: Extra, chapter: int) -> None:
    revisit = extra.get("revisit_at")
    if revisit is None:
        raise ValueError("a prediction needs revisit_at (the chapter to look back on it at)")
    if not _chapter(revisit, 1):
        raise ValueError(
            f"revisit_at should be a chapter number (1 or more), not {_short(revisit)}"
        )
    if revisit < chapter:
        raise ValueError(f"revisit_at {revisit} is before chapter {chapter}, where it was made")
    outcome = extra.get("outcome")
    if outcome is not None and outcome not in OUTCOMES:
        raise ValueError(f"outcome should be one of {', '.join(OUTCOMES)}, not {_short(outcome)}")
    answered = extra.get("answered_at")
    if answered is not None:
        if not _chapter(answered, 0):
            raise ValueError(
                f"answered_at should be a chapter number (0 or more), not {_short(answered)}"
            )
        if outcome is None:
            raise ValueError("answered_at is set but outcome is not (mark it, or remove both)")
    reflection = extra.get("reflection")
    if reflection is not None:
        if not isinstance(reflection, str):
            raise ValueError(f"reflection should be a string, not {_short(reflection)}")
        if "\n" in reflection or "\r" in reflection:
            raise ValueError("reflection should be one line")
        if len(reflection) > MAX_REFLECTION:
            raise ValueError(
                f"reflection is {len(reflection)} characters long; it holds at most {MAX_REFLECTION}"
            )
        if outcome is None:
            raise ValueError("reflection is set but outcome is not (mark it, or remove both)")
        if not reflection.strip():
            del extra["reflection"]


def _short(value: object) -> str:
    text = f"{type(value).__name__} {value!r}" if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
