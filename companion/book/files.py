"""Reading one file of a content pack: a regular file of bounded size, or a reason.

A pack is user input: a FIFO in it would block ``open`` forever, and a symlink to
/dev/zero (or a huge file) would read until memory runs out. Opening without
blocking and checking the opened file (not the path, which could change in between)
rules both out.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_PACK_FILE = 4 * 1024 * 1024  # bytes; the bundled pack's largest file is ~30 KB

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class PackFileError(Exception):
    """Why a pack file cannot be read, in words for the pack's author."""


def read_pack_file(path: Path, limit: int = MAX_PACK_FILE) -> bytes:
    """The bytes of ``path``; PackFileError if it is not a regular file, is larger
    than ``limit``, or cannot be opened. FileNotFoundError passes through."""
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise PackFileError(f"cannot be read: {(error.strerror or str(error)).lower()}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise PackFileError("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise PackFileError(
                "is not a regular file (a pipe or a device); replace it with a file"
            )
        if info.st_size > limit:
            raise PackFileError(f"is too large ({_size(info.st_size)}; at most {_size(limit)})")
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 16):
            total += len(chunk)
            if total > limit:  # grew while being read
                raise PackFileError(f"is too large (more than {_size(limit)})")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise PackFileError(f"cannot be read: {(error.strerror or str(error)).lower()}") from None
    finally:
        os.close(fd)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"
