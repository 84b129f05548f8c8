"""What a command or the app needs to know: which book, which data folder.

Everything is loaded lazily, so `companion note add` need not parse the whole pack.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from companion.errors import CompanionError

if TYPE_CHECKING:  # the model's dataclasses cost ~10 ms to import: not for `note add`
    import argparse

    from companion.book.model import Book


@dataclass
class Context:
    book_arg: str | None = None
    data_override: Path | None = None
    # a command's parsed arguments (the app, started without argparse, reads none)
    args: argparse.Namespace | SimpleNamespace = field(default_factory=SimpleNamespace)

    @cached_property
    def pack_dir(self) -> Path:
        from companion.book.packs import find_pack

        return find_pack(self.book_arg)

    @cached_property
    def book_id(self) -> str:
        book = self.__dict__.get("book")
        if book is not None:  # loaded and validated already: its id is book.toml's
            return book.id
        from companion.book.packs import read_book_id

        return read_book_id(self.pack_dir)

    @cached_property
    def book(self) -> Book:
        from companion.book.cache import load_pack_cached

        try:
            return load_pack_cached(self.pack_dir)
        except Exception as error:
            # the loader (and its PackError) is imported only when the cache misses
            from companion.book.loader import PackError

            if not isinstance(error, PackError):
                raise
            raise CompanionError(
                f"the content pack {self.pack_dir} has errors:\n{error}\n"
                f"Run `companion validate {self.pack_dir}` after fixing them."
            ) from None

    @cached_property
    def data_dir(self) -> Path:
        """This book's data folder (created on first write, not here)."""
        from companion.store.paths import book_data_dir

        path = book_data_dir(self.book_id, self.data_override)
        _not_a_file(path, "the book's data folder")
        return path

    def check_data_root(self) -> None:
        """A CompanionError when the data folder given (or the default) is a file."""
        from companion.store.paths import ENV_VAR, data_root

        root = data_root(self.data_override)
        given = "--data-dir" if self.data_override else f"${ENV_VAR}"
        _not_a_file(root, given if self.data_override or os.environ.get(ENV_VAR) else "")


def _not_a_file(path: Path, given: str) -> None:
    """CompanionError if ``path`` exists and is not a folder (one stat: cheap)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # missing (made on first write) or unreachable (the write says why)
    if not stat.S_ISDIR(mode):
        kind = "is a file, not a folder" if stat.S_ISREG(mode) else "is not a folder"
        what = f"{given} {path}" if given else str(path)
        raise CompanionError(
            f"{what} {kind}. Give a folder for your data with "
            "--data-dir (it is created if it does not exist).",
            2,
        )
