"""The largest note the companion stores, in one place (``note add``, ``note edit`` and
``import notes`` check it; a bigger note left the Notes pane loading for 20 s).

The data layer may move the constant into the store itself; this module is then the
one import to change."""

from __future__ import annotations

MAX_NOTE_BYTES = 100 * 1024  # of UTF-8


def note_size_problem(text: str) -> str | None:
    """Why ``text`` is too large for a note (what it is and the limit), or None."""
    if len(text) * 4 <= MAX_NOTE_BYTES:  # fast path: cannot be too large
        return None
    size = len(text.encode("utf-8", "surrogatepass"))
    if size <= MAX_NOTE_BYTES:
        return None
    return (
        f"is too long ({size:,} bytes); a note holds at most {MAX_NOTE_BYTES // 1024} KB "
        f"({MAX_NOTE_BYTES:,} bytes)"
    )
