"""The note being edited in the TUI, saved so a closed terminal loses nothing.

``<book dir>/draft.toml``: schema_version, saved (time), text, and ``meta`` (a table
the TUI chooses: note id being edited, chapter, tags...). Written atomically; safe to
call from a SIGTERM/SIGHUP handler and on every pause in typing. No lock: a draft is
one window's scratch space and the atomic write already keeps it whole.

A draft file that does not parse is never overwritten: ``save_draft`` first moves it
aside to ``draft-unreadable-<time>.toml`` and ``load_draft`` raises a StoreError
naming it.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from companion.store.atomic import dumps_toml, encode_text, write_bytes_atomic
from companion.store.errors import StoreError
from companion.store.paths import draft_path
from companion.store.tomlfile import FileProblem, check_schema, parse_bytes, wrong

SCHEMA_VERSION = 1
ADVICE = (
    "It may hold an unsaved note: open it in a text editor to copy the text, then move it away."
)


def _clean(value):
    """TOML has no null: drop None values (recursively) from the meta table."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value if v is not None]
    return value


def save_draft(book_dir: Path, text: str, meta: dict | None = None) -> None:
    """Save the draft (atomic). StoreError if the text cannot be stored or the disk refuses."""
    path = draft_path(book_dir)
    data = {
        "schema_version": SCHEMA_VERSION,
        "saved": datetime.datetime.now(datetime.UTC),
        "text": text,
        "meta": _clean(dict(meta or {})),
    }
    raw = encode_text(path, dumps_toml(path, data))
    try:
        load_draft(book_dir)
    except FileProblem as problem:
        if problem.newer:
            raise StoreError(problem.message, path=path) from None
        _move_aside(path)
    write_bytes_atomic(path, raw)


def _move_aside(path: Path) -> None:
    stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S%f")
    try:
        os.replace(path, path.with_name(f"draft-unreadable-{stamp}.toml"))
    except OSError as error:
        raise StoreError(
            f"{path} cannot be read and could not be moved aside "
            f"({error.strerror}); the new draft was not saved.",
            path=path,
        ) from None


def load_draft(book_dir: Path) -> tuple[str, dict] | None:
    """(text, meta) of the saved draft, None if there is none; FileProblem if unreadable."""
    path = draft_path(book_dir)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise FileProblem(path, f"it cannot be opened ({error.strerror})", ADVICE) from None
    data = parse_bytes(path, raw, ADVICE)
    check_schema(path, data, ADVICE, SCHEMA_VERSION)
    text = data.get("text")
    meta = data.get("meta", {})
    if not isinstance(text, str):
        raise wrong(path, ADVICE, "text", "a string", text)
    if not isinstance(meta, dict):
        raise wrong(path, ADVICE, "meta", "a table", meta)
    return text, meta


def clear_draft(book_dir: Path) -> None:
    """Remove the draft once its note is saved (missing is fine)."""
    try:
        os.unlink(draft_path(book_dir))
    except FileNotFoundError:
        pass
    except OSError as error:
        raise StoreError(
            f"could not remove the draft {draft_path(book_dir)}: {error.strerror}.",
            path=draft_path(book_dir),
        ) from None
