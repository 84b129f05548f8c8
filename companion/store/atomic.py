"""Crash-safe file writes.

The recipe (design.md, "Your data"): serialize and encode fully in memory, write a
temp file in the target's folder, flush, fsync, ``os.replace`` over the target,
fsync the folder. A crash at any moment leaves either the old or the new file.
A symlinked target keeps its link: the file it points to is replaced.
"""

from __future__ import annotations

import errno
import os
import re
import time
from pathlib import Path

from companion.store.errors import StoreError

# ".<name>.<pid>.<random>.tmp": hidden, so listings of *.toml never see it.
_TEMP_RE = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$")
STALE_AFTER = 24 * 3600  # seconds: a temp file of a live process this old is stale too


def _reason(error: OSError) -> tuple[str, str]:
    """(what happened, what to do) for an OSError while saving."""
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "the disk is full", "Free some space and try again."
    if code == errno.EROFS:
        return (
            "the file system is read-only",
            "Choose a writable folder with --data-dir or COMPANION_DATA_DIR, "
            "or remount the disk read-write.",
        )
    if code in (errno.EACCES, errno.EPERM):
        return (
            "permission denied",
            "Check the folder's permissions, or choose another folder with "
            "--data-dir or COMPANION_DATA_DIR.",
        )
    if code in (errno.EISDIR, errno.ENOTDIR):
        return (
            os.strerror(code).lower(),
            "A folder stands where a file should be (or the other way round); "
            "move it away and try again.",
        )
    return (error.strerror or str(error)).lower(), "Try again; if it persists, check the disk."


def save_error(path: Path, error: OSError) -> StoreError:
    what, todo = _reason(error)
    return StoreError(
        f"could not save {path}: {what}. Nothing on disk was changed. {todo}",
        path=path,
    )


def encode_text(path: Path, text: str) -> bytes:
    """UTF-8 bytes of ``text``, or a StoreError before any file is touched."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        bad = text[error.start : error.end]
        raise StoreError(
            f"could not save {path}: the text holds a character that cannot be stored "
            f"(U+{ord(bad[0]):04X} at position {error.start}, an unpaired surrogate, "
            f"usually from a broken paste). Nothing on disk was changed; remove that "
            f"character and save again.",
            path=path,
        ) from None


def resolve_target(path: Path) -> Path:
    """The real file to replace: a symlink's (final) target, else ``path``."""
    path = Path(path)
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_bytes_atomic(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Replace ``path`` with ``data`` atomically.

    ``exclusive``: fail with FileExistsError if the target exists (used for new
    notes; the caller holds the book lock, so check-then-replace is safe).
    """
    target = resolve_target(Path(path))
    folder = target.parent
    tmp = folder / f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if exclusive and os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "file exists", str(target))
        try:
            mode = os.stat(target).st_mode & 0o7777
        except FileNotFoundError:
            mode = None
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if mode is not None:
                os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except FileExistsError:
        _unlink_quietly(tmp)
        raise
    except OSError as error:
        _unlink_quietly(tmp)
        raise save_error(Path(path), error) from None
    except BaseException:
        _unlink_quietly(tmp)
        raise
    fsync_dir(folder)


def write_text_atomic(path: Path, text: str) -> None:
    """Encode first (a lone surrogate fails here), then replace atomically."""
    write_bytes_atomic(path, encode_text(Path(path), text))


def dumps_toml(path: Path, data: dict) -> str:
    import tomli_w

    try:
        return tomli_w.dumps(data)
    except (TypeError, ValueError) as error:
        raise StoreError(
            f"could not save {path}: the data cannot be written as TOML ({error}). "
            f"Nothing on disk was changed.",
            path=path,
        ) from None


def write_toml_atomic(path: Path, data: dict) -> None:
    """``tomli_w.dumps`` in memory, then :func:`write_text_atomic`."""
    write_text_atomic(path, dumps_toml(Path(path), data))


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def sweep_temp_files(folder: Path) -> None:
    """Remove temp files left by a crashed save (their process is gone, or very old)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        match = _TEMP_RE.match(entry.name)
        if not match:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER
        except OSError:
            continue
        if old or not _pid_alive(int(match.group(1))):
            _unlink_quietly(Path(entry.path))
