"""Crash-safe file writes.

The recipe (design.md, "Your data"): serialize and encode fully in memory, write a
temp file in the target's folder, flush, fsync, ``os.replace`` over the target,
fsync the folder. A crash at any moment leaves either the old or the new file.
A symlinked target keeps its link: the file it points to is replaced, but only when
that file lies inside the folder holding the link (``safefile.py``: a link out is
refused). A folder in the way that is a file or a dangling link is named as such, and
an existing target that is not a regular file (a FIFO, a device) is never replaced.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from collections.abc import Mapping
from pathlib import Path

from companion.store.errors import StoreError
from companion.store.safefile import (
    describe_not_folder,
    file_type,
    link_target,
    not_a_folder,
    os_reason,
)

# ".<name>.<pid>.<random>.tmp": hidden, so listings of *.toml never see it.
_TEMP_RE = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.tmp\Z")
STALE_AFTER = 24 * 3600  # seconds: a temp file of a live process this old is stale too


def save_error(path: Path, error: OSError) -> StoreError:
    what, todo = os_reason(Path(path), error)
    return StoreError(
        f"could not save {path}: {what}. Nothing on disk was changed. {todo}", path=path
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
    """The real file to replace: a symlink's target (inside its folder), else ``path``.
    StoreError for a link out of the folder."""
    path = Path(path)
    return link_target(path) or path


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if needed; StoreError naming a file or a
    dangling link that stands where a folder should be."""
    folder = Path(folder)
    blocker = not_a_folder(folder)
    if blocker is not None:
        raise StoreError(
            f"could not save in {folder}: {describe_not_folder(blocker)}. Nothing was "
            f"saved. Move it away (or choose another folder with --data-dir) and try again.",
            path=blocker,
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # FileExistsError too: never mistaken for a taken name
        raise save_error(folder, error) from None


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
    ensure_folder(folder)
    tmp = folder / f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        if exclusive and os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "file exists", str(target))
        try:
            st = os.lstat(target)
        except FileNotFoundError:
            mode = None
        else:
            if not stat.S_ISREG(st.st_mode):
                raise StoreError(
                    f"could not save {path}: {target} is {file_type(st.st_mode)}, not a "
                    f"regular file, and was left as it is. Nothing was saved. Move it away "
                    f"and try again.",
                    path=Path(path),
                )
            mode = st.st_mode & 0o7777
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


def dumps_toml(path: Path, data: Mapping[str, object]) -> str:
    import tomli_w

    try:
        return tomli_w.dumps(data)
    except (TypeError, ValueError, RecursionError) as error:
        raise StoreError(
            f"could not save {path}: the data cannot be written as TOML ({error}). "
            f"Nothing on disk was changed.",
            path=path,
        ) from None


def write_toml_atomic(path: Path, data: Mapping[str, object]) -> None:
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
