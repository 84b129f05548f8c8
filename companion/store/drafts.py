"""Drafts of notes being written in the app, so a closed terminal loses nothing.

One file per draft, ``<book dir>/drafts/<draft id>.toml``: schema_version, saved
(time), text, and ``meta`` (a table the app chooses: the note being edited, chapter,
tags...). Each editor has its own draft (a new note's draft has its own id; an edit's
id starts with the note's id), so two notes or two windows never share a file.

While an editor is open its window *claims* the draft: it holds an exclusive
``flock`` on ``drafts/.<draft id>.lock``. Another window never lists, opens or removes
a claimed draft. When the window goes away (closed, crashed, killed) the lock goes
with it, and the draft is offered back on the next start. A draft is removed only by
:meth:`DraftSlot.discard`: after its note is saved, or when the reader discards it;
"Later" keeps it.

A draft file that cannot be read is listed in ``problems`` and never overwritten or
removed (new drafts go to new files). ``draft.toml`` beside the notes (the single
draft of older versions) is moved into ``drafts/`` when drafts are listed.

Saving is atomic and safe from a SIGTERM/SIGHUP handler. No book lock: a draft is one
window's scratch space, and the claim keeps other windows away from it.
"""

from __future__ import annotations

import datetime
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from companion.store.atomic import dumps_toml, encode_text, ensure_folder, write_bytes_atomic
from companion.store.errors import StoreError
from companion.store.paths import draft_path
from companion.store.safefile import read_limited
from companion.store.tomlfile import FileProblem, Table, check_schema, parse_bytes, wrong

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no claims, every draft is offered
    fcntl = None  # type: ignore[assignment]

SCHEMA_VERSION = 1
DRAFTS_DIR = "drafts"
DRAFT_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,95}\Z")
ADVICE = (
    "It may hold an unsaved note: open it in a text editor to copy the text, then move it away."
)
_LOCK_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)


@dataclass
class SavedDraft:
    id: str
    path: Path
    text: str
    meta: Table = field(default_factory=dict)


@dataclass
class DraftList:
    drafts: list[SavedDraft] = field(default_factory=list)  # oldest first
    problems: list[FileProblem] = field(default_factory=list)


def drafts_dir(book_dir: Path) -> Path:
    return Path(book_dir) / DRAFTS_DIR


def _clean(value: object) -> object:
    """TOML has no null: drop None values (recursively) from the meta table."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value if v is not None]
    return value


def read_draft(path: Path) -> SavedDraft | None:
    """The draft in ``path`` (None if it is gone); FileProblem if it cannot be used."""
    raw = read_limited(path, "draft", ADVICE)
    if raw is None:
        return None
    data = parse_bytes(path, raw, ADVICE)
    check_schema(path, data, ADVICE, SCHEMA_VERSION)
    text = data.get("text")
    meta = data.get("meta", {})
    if not isinstance(text, str):
        raise wrong(path, ADVICE, "text", "a string", text)
    if not isinstance(meta, dict):
        raise wrong(path, ADVICE, "meta", "a table", meta)
    return SavedDraft(path.stem, path, text, meta)


class DraftSlot:
    """One editor's draft. Claimed (locked) from its first save, or from the start for a
    draft taken over with :func:`claim_draft`, until :meth:`release` or :meth:`discard`."""

    def __init__(self, book_dir: Path, draft_id: str) -> None:
        self.book_dir = Path(book_dir)
        self.id = draft_id
        self.path = drafts_dir(book_dir) / f"{draft_id}.toml"
        self._lock_path = drafts_dir(book_dir) / f".{draft_id}.lock"
        self._fd: int | None = None

    @property
    def claimed(self) -> bool:
        return self._fd is not None

    def _claim(self) -> bool:
        """Take the draft's lock; False if another window holds it."""
        if self._fd is not None:
            return True
        ensure_folder(self.path.parent)
        try:
            fd = os.open(self._lock_path, _LOCK_FLAGS, 0o666)
        except OSError as error:
            from companion.store.atomic import save_error

            raise save_error(self._lock_path, error) from None
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                return False
        self._fd = fd
        return True

    def load(self) -> SavedDraft | None:
        return read_draft(self.path)

    def save(self, text: str, meta: Table | None = None) -> None:
        """Save the draft atomically. StoreError if the text cannot be stored, the disk
        refuses, or (never expected) another window holds this draft."""
        data = {
            "schema_version": SCHEMA_VERSION,
            "saved": datetime.datetime.now(datetime.UTC),
            "text": text,
            "meta": _clean(dict(meta or {})),
        }
        raw = encode_text(self.path, dumps_toml(self.path, data))
        if not self._claim():
            raise StoreError(
                f"the draft {self.path} is open in another companion window; "
                f"this window's draft was not saved there.",
                path=self.path,
            )
        write_bytes_atomic(self.path, raw)

    def clear(self) -> None:
        """Remove the draft file (nothing typed any more) and keep the claim."""
        if self._fd is None:
            return
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
        except OSError as error:
            raise StoreError(
                f"could not remove the draft {self.path}: {error.strerror}.", path=self.path
            ) from None

    def discard(self) -> None:
        """The note was saved (or the reader discarded it): remove the draft and let go."""
        if self._fd is None and not self._claim():
            return  # another window has taken it over: it is theirs now
        try:
            self.clear()
        finally:
            self.release()

    def release(self) -> None:
        """The editor closed: let go, keeping the draft file (if any) to offer back."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if not os.path.lexists(self.path):
                _unlink_quietly(self._lock_path)  # removed while locked: no one needs it
        finally:
            os.close(fd)  # closing releases the flock


def new_draft(book_dir: Path, note_id: str | None = None) -> DraftSlot:
    """A draft of its own for an editor that opens now (claimed at its first save)."""
    return DraftSlot(book_dir, f"{note_id or 'new'}-{os.urandom(4).hex()}")


def claim_draft(book_dir: Path, draft_id: str) -> DraftSlot | None:
    """Take over an offered draft for an editor; None if another window holds it or it
    is gone. StoreError if the drafts folder cannot be used."""
    if not DRAFT_ID_RE.match(draft_id):
        return None
    slot = DraftSlot(book_dir, draft_id)
    if not slot._claim():
        return None
    if not os.path.lexists(slot.path):
        slot.release()
        return None
    return slot


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _is_claimed(folder: Path, draft_id: str) -> bool:
    if fcntl is None:
        return False
    try:
        fd = os.open(folder / f".{draft_id}.lock", os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False  # no lock file: nobody holds it
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def _adopt_legacy(book_dir: Path) -> None:
    """Move the single draft.toml of older versions into drafts/ (a regular file only)."""
    old = draft_path(book_dir)
    try:
        if not stat.S_ISREG(os.lstat(old).st_mode):
            return
        ensure_folder(drafts_dir(book_dir))
        os.replace(old, drafts_dir(book_dir) / f"new-{os.urandom(4).hex()}.toml")
    except (OSError, StoreError):
        pass  # gone already (another window moved it), or left where it is


def list_drafts(book_dir: Path, *, claimed: bool = False) -> DraftList:
    """Drafts to offer back: those no open window holds (``claimed``: every draft),
    oldest first, and the draft files that cannot be read. StoreError if the drafts
    folder cannot be read."""
    _adopt_legacy(book_dir)
    folder = drafts_dir(book_dir)
    entries = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.name.endswith(".toml") and DRAFT_ID_RE.match(entry.name[:-5]):
                    try:
                        when = entry.stat(follow_symlinks=False).st_mtime_ns
                    except OSError:
                        continue  # gone since listed
                    entries.append((when, entry.name[:-5]))
    except OSError as error:
        if isinstance(error, FileNotFoundError) and not os.path.islink(folder):
            return DraftList()  # no drafts yet
        from companion.store.safefile import os_reason

        what, todo = os_reason(folder, error)
        raise StoreError(f"could not read the drafts: {what}. {todo}", path=folder) from None
    found = DraftList()
    for _mtime, draft_id in sorted(entries):
        if not claimed and _is_claimed(folder, draft_id):
            continue
        try:
            draft = read_draft(folder / f"{draft_id}.toml")
        except FileProblem as problem:
            found.problems.append(problem)
            continue
        if draft is not None:
            found.drafts.append(draft)
    return found
