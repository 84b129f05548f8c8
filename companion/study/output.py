"""Writing an export (notes, a seminar sheet) to a file the user named with -o."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from companion.errors import CompanionError

_WHY: dict[int | None, str] = {  # keyed by OSError.errno, which may be None
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "the disk is full",
    errno.ENOTDIR: "part of the path is a file, not a folder",
}


def write_export(path: Path | str, text: str, force: bool = False) -> None:
    """Write ``text`` atomically; never replace an existing file without ``force``.

    Without ``force`` the file is created exclusively, so a file that appears between
    a check and the write is not overwritten either. The folder must exist: an export
    never creates folders the user did not ask for.
    """
    from companion.store.atomic import encode_text, write_bytes_atomic
    from companion.store.errors import StoreError

    path = Path(path)
    data = encode_text(path, text)
    if path.is_dir():
        raise CompanionError(f"{path} is a folder; give a file name with -o", 2)
    _check_folder(path)
    if _write_special(path, data):
        return
    try:
        write_bytes_atomic(path, data, exclusive=not force)
    except FileExistsError:
        raise CompanionError(
            f"{path} already exists and was left unchanged; "
            "add --force to replace it, or choose another name with -o",
            2,
        ) from None
    except StoreError as error:
        cause = error.__context__  # the OSError behind it (raised "from None")
        raise _cannot_write(path, cause if isinstance(cause, OSError) else None) from None


def _check_folder(path: Path) -> None:
    folder = path.parent
    if not folder.exists():
        raise CompanionError(
            f"cannot write {path}: the folder {folder} does not exist. "
            "Create it first, or choose another place with -o",
            2,
        )
    if not folder.is_dir():
        raise CompanionError(f"cannot write {path}: {folder} is a file, not a folder", 2)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _cannot_write(path, OSError(errno.EACCES, "permission denied"))


def _write_special(path: Path, data: bytes) -> bool:
    """Write into an existing device or pipe (``-o /dev/stdout``) as it is; False for
    anything else (a regular file is replaced atomically instead)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return False
    flags = os.O_WRONLY | getattr(os, "O_CLOEXEC", 0)
    if stat.S_ISFIFO(mode):
        flags |= os.O_NONBLOCK  # nobody reading: an error, not a hang
    try:
        fd = os.open(path, flags)
        try:
            os.set_blocking(fd, True)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise CompanionError(
                f"cannot write {path}: no program is reading that pipe", 2
            ) from None
        raise _cannot_write(path, error) from None
    return True


def _cannot_write(path: Path, error: OSError | None) -> CompanionError:
    why = _WHY.get(error.errno, error.strerror or "") if error is not None else ""
    return CompanionError(
        f"cannot write {path}{': ' + why.lower() if why else ''}. "
        "Nothing was written; choose another place with -o",
        2,
    )
