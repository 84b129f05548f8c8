"""An exclusive lock on a book's data folder, shared by every companion process.

Every reload-modify-write holds it, so two processes (TUI or CLI) never lose each
other's edits. ``fcntl.flock`` on ``<book dir>/.lock``; re-entrant within one
process (per thread: a signal handler running on the main thread may re-enter).
"""

from __future__ import annotations

import errno
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from companion.store.errors import StoreError
from companion.store.paths import LOCK_FILE

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: fall back to no inter-process lock
    fcntl = None  # type: ignore[assignment]

DEFAULT_TIMEOUT = 15.0

_guard = threading.Lock()
_held: dict[str, tuple[threading.RLock, list[int]]] = {}  # key -> (rlock, [fd, depth])


def _entry(key: str) -> tuple[threading.RLock, list[int]]:
    with _guard:
        if key not in _held:
            _held[key] = (threading.RLock(), [-1, 0])
        return _held[key]


@contextmanager
def book_lock(book_dir: Path, timeout: float = DEFAULT_TIMEOUT) -> Iterator[None]:
    """Hold the book's lock (creating the folder if needed)."""
    book_dir = Path(book_dir)
    key = os.path.realpath(book_dir)
    rlock, state = _entry(key)
    if not rlock.acquire(timeout=timeout):
        raise _busy(book_dir)
    try:
        if state[1] == 0:
            state[0] = _acquire_file(book_dir, timeout)
        state[1] += 1
        try:
            yield
        finally:
            state[1] -= 1
            if state[1] == 0:
                fd, state[0] = state[0], -1
                if fd >= 0:
                    try:
                        if fcntl is not None:
                            fcntl.flock(fd, fcntl.LOCK_UN)
                    finally:
                        os.close(fd)
    finally:
        rlock.release()


def _acquire_file(book_dir: Path, timeout: float) -> int:
    from companion.store.atomic import ensure_folder
    from companion.store.safefile import os_reason

    lock_path = book_dir / LOCK_FILE
    ensure_folder(book_dir)
    try:
        # O_NOFOLLOW: a planted .lock link must not make us create a file elsewhere
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(lock_path, flags | getattr(os, "O_NONBLOCK", 0), 0o666)
    except OSError as error:
        what, todo = os_reason(lock_path, error)
        if error.errno == errno.ELOOP:
            what = f"{lock_path} is a symbolic link (the companion's lock file must not be one)"
            todo = "Remove that link and try again."
        raise StoreError(
            f"could not use the data folder {book_dir}: {what}. Nothing was saved. {todo}",
            path=book_dir,
        ) from None
    if fcntl is None:  # pragma: no cover
        return fd
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                os.close(fd)
                raise StoreError(
                    f"could not lock the data folder {book_dir} ({error.strerror}). "
                    f"Nothing was saved; try again.",
                    path=book_dir,
                ) from None
        if time.monotonic() >= deadline:
            os.close(fd)
            raise _busy(book_dir)
        time.sleep(0.005)


def _busy(book_dir: Path) -> StoreError:
    return StoreError(
        f"another companion process has been saving to {book_dir} for too long; "
        f"nothing was saved. Close other companion windows or try again.",
        path=Path(book_dir) / LOCK_FILE,
    )
