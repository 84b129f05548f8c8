"""The keys of a note file's schema_version 2: kinds of note and what each adds.

A plain note has none of them and is written with ``schema_version = 1``, so an
older companion still reads it; a note with any of them is written with
``schema_version = 2`` (an older companion reads it as "from a newer version": read-only,
untouched). One table (``EXTRA_KEYS``) serves the file, the read cache and JSON.

A prediction (``kind = "prediction"``): ``chapter`` is the chapter it was made at;
``revisit_at`` the chapter at which to look back on it; once marked, ``outcome``,
an optional one-line ``reflection`` and ``answered_at`` (the chapter the reader had
finished when marking it).
"""

from __future__ import annotations

from typing import Any

NOTE, PREDICTION, HIGHLIGHT = "note", "prediction", "highlight"
KINDS = (NOTE, PREDICTION, HIGHLIGHT)
OUTCOMES = ("came-true", "partly", "wrong")
OUTCOME_LABELS = {"came-true": "came true", "partly": "partly", "wrong": "wrong"}
MAX_REFLECTION = 500  # characters: one line

# Every schema_version 2 key, in file order, and the kind it belongs to (None: any).
EXTRA_KEYS: dict[str, str | None] = {
    "kind": None,
    "revisit_at": PREDICTION,
    "outcome": PREDICTION,
    "reflection": PREDICTION,
    "answered_at": PREDICTION,
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
    if kind == NOTE:
        extra.pop("kind", None)
    if kind == PREDICTION:
        _check_prediction(extra, chapter)
    return extra


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
