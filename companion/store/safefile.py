"""Opening data files safely: regular files only, a size limit per kind, no link out.

Every reader of a data file goes through :func:`read_limited`, so a FIFO (which blocks
``open`` forever), a folder, a socket, ``/dev/zero`` behind a symlink (endless bytes) or
a 50 MB file never hangs the companion or fills its memory: each is a
:class:`~companion.store.tomlfile.FileProblem` naming the file.

The link rule, shared with the writers (``atomic.py``): a data *file* that is a
symbolic link is used only if its target lies inside the folder that holds the link
(for ``progress.toml``: inside the book's data folder). Anything else (a link out,
a dangling link out) is refused, because writing through it would change or create
a file elsewhere. *Folders* may be links (that is how notes live in a synced folder),
but must exist: a dangling folder link is named as such.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from companion.store.errors import StoreError
from companion.store.tomlfile import FileProblem

KB = 1024
MB = 1024 * KB
# The largest file of each kind that is read (bytes). Far above real use (a deck of
# 1,000 drilled quotes is 260 KB), far below what could hurt.
LIMITS = {
    "progress": 256 * KB,
    "settings": 1 * MB,
    "deck": 16 * MB,
    "reviews": 4 * MB,  # one day file
    "note": 1 * MB,  # a note at the 100 KB maximum, escaped, fits with room
    "draft": 4 * MB,
    "session": 4 * MB,
    "cache": 1024 * MB,  # the notes read cache (binary)
    # an e-reader's highlights file to import: ten years of daily highlighting on a
    # Kindle is ~10 MB
    "highlights": 32 * MB,
}
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_READ_FLAGS |= getattr(os, "O_NOCTTY", 0)


def file_type(mode: int) -> str:
    """ "a folder", "a FIFO (named pipe)"... for a file that is not a regular file."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def not_a_folder(path: Path) -> Path | None:
    """The first of ``path`` and its parents that exists but is not a folder (a file,
    or a dangling link), for a clear "X is a file, not a folder"; None if there is none."""
    path = Path(path)
    for part in [path, *path.parents]:
        try:
            st = os.stat(part)
        except FileNotFoundError:
            if os.path.islink(part):
                return part  # a dangling link
            continue
        except OSError:
            continue
        if not stat.S_ISDIR(st.st_mode):
            return part
        return None
    return None


def describe_not_folder(path: Path) -> str:
    """ "X is a file, not a folder" / "X is a link to Y, which does not exist"."""
    path = Path(path)
    if os.path.islink(path) and not os.path.exists(path):
        return (
            f"{path} is a link to {os.readlink(path)}, which does not exist "
            f"(is a drive or a synced folder not mounted?)"
        )
    try:
        kind = file_type(os.stat(path).st_mode)
    except OSError:
        kind = "not a folder"
    kind = "a file" if kind == "not a regular file" else kind
    return f"{path} is {kind}, not a folder"


def os_reason(path: Path, error: OSError) -> tuple[str, str]:
    """(what is wrong, what to do) for an OSError on ``path``: named, never "check the
    permissions" for what is not a permission problem."""
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
    if code in (errno.ENOTDIR, errno.ENOENT, errno.EEXIST):
        blocker = not_a_folder(Path(path))
        if blocker is not None:
            return (
                describe_not_folder(blocker),
                "Move it away (or choose another folder with --data-dir) and try again.",
            )
    if code == errno.EISDIR:
        return (
            f"{path} is a folder, not a file",
            "Move the folder away and try again.",
        )
    if code == errno.ELOOP:
        return (
            f"{path} is a symbolic link that loops or leads nowhere",
            "Replace the link with the file itself.",
        )
    return (error.strerror or str(error)).lower(), "Try again; if it persists, check the disk."


def link_target(path: Path) -> Path | None:
    """The target of ``path`` if it is a symbolic link that may be used, else None
    (not a link). StoreError for a link whose target leaves the folder holding it."""
    path = Path(path)
    if not os.path.islink(path):
        return None
    target = Path(os.path.realpath(path))
    home = os.path.realpath(path.parent)
    if os.path.commonpath([home, target]) != home or str(target) == home:
        raise StoreError(
            f"{path} is a symbolic link to {target}, outside {path.parent}; the companion "
            f"neither reads nor writes a data file through a link that leads out of its "
            f"folder. Replace the link with the file itself (or move the file into "
            f"{path.parent}).",
            path=path,
        )
    return target


def read_limited(path: Path, kind: str, advice: str) -> bytes | None:
    """The bytes of a data file; None if it does not exist (a dangling link inside its
    folder counts as missing). FileProblem (naming the file) for anything that is not a
    regular file, a file over the limit of ``kind``, a link out, or an open that fails."""
    with open_limited(path, kind, advice) as opened:
        if opened is None:
            return None
        return opened.read_rest()


class Opened:
    """A data file open for reading (see :func:`open_limited`): reads never go past
    its kind's limit, and a failed read is a FileProblem naming the file."""

    def __init__(self, path: Path, fd: int, size: int, limit: int, advice: str) -> None:
        self.path, self.fd, self.size, self.limit, self.advice = path, fd, size, limit, advice
        self.done = 0  # bytes read so far

    def read(self, count: int) -> bytes:
        """Up to ``count`` bytes (fewer only at the end of the file)."""
        chunks: list[bytes] = []
        want = count
        while want > 0:
            chunk = self._read(min(want, 1 << 24))
            if not chunk:
                break
            chunks.append(chunk)
            want -= len(chunk)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    def read_rest(self) -> bytes:
        """The rest of the file: one read of its size + 1 (to see the end); more only
        if it grew meanwhile, never past the limit + 1 bytes."""
        chunks = [self._read(min(self.size - self.done, self.limit) + 1)]
        while chunks[-1] and self.done <= self.limit:
            # small: os.read allocates what it is asked for, and this read is most
            # often the one that finds the end
            chunks.append(self._read(min(self.limit + 1 - self.done, 1 << 16)))
        if self.done > self.limit:
            raise FileProblem(self.path, _too_big(self.done, self.limit), self.advice)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    def _read(self, count: int) -> bytes:
        try:
            chunk = os.read(self.fd, count)
        except OSError as error:
            what, todo = os_reason(self.path, error)
            raise FileProblem(self.path, f"it cannot be read ({what})", todo) from None
        self.done += len(chunk)
        return chunk


@contextmanager
def open_limited(path: Path, kind: str, advice: str) -> Iterator[Opened | None]:
    """The data file open for reading, checked as :func:`read_limited` checks it; None
    if it does not exist. For a reader that needs only the start of a big file."""
    path = Path(path)
    limit = LIMITS[kind]
    try:
        target = link_target(path)
    except StoreError:
        raise FileProblem(
            path,
            f"it is a symbolic link to {os.path.realpath(path)}, outside its folder",
            "Replace the link with the file itself; the companion does not follow links "
            "out of its data folder.",
        ) from None
    try:
        fd = os.open(target or path, _READ_FLAGS | _NOFOLLOW)
    except FileNotFoundError:
        if (blocked := not_a_folder(path.parent)) is not None:
            raise FileProblem(path, describe_not_folder(blocked), advice) from None
        yield None
        return
    except OSError as error:
        if error.errno == errno.ENXIO:  # a socket
            raise FileProblem(path, "it is a socket, not a regular file", advice) from None
        what, todo = os_reason(path, error)
        raise FileProblem(path, f"it cannot be opened ({what})", todo) from None
    try:
        try:
            st = os.fstat(fd)
        except OSError as error:
            what, todo = os_reason(path, error)
            raise FileProblem(path, f"it cannot be read ({what})", todo) from None
        if not stat.S_ISREG(st.st_mode):
            raise FileProblem(path, f"it is {file_type(st.st_mode)}, not a regular file", advice)
        if st.st_size > limit:
            raise FileProblem(path, _too_big(st.st_size, limit), advice)
        yield Opened(path, fd, st.st_size, limit, advice)
    finally:
        os.close(fd)


def _too_big(size: int, limit: int) -> str:
    return f"it is {_size(size)}, more than a file of its kind may hold ({_size(limit)})"


def _size(n: int) -> str:
    if n >= MB:
        return f"{n / MB:.1f} MB"
    if n >= KB:
        return f"{n / KB:.0f} KB"
    return f"{n} bytes"
