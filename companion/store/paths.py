"""Where the reader's data lives.

``--data-dir`` beats ``$COMPANION_DATA_DIR`` beats the platform's data folder
(``platformdirs.user_data_path("companion")``). Nothing is created on read:
folders appear on the first write.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "COMPANION_DATA_DIR"

PROGRESS_FILE = "progress.toml"
DECK_FILE = "deck.toml"
DRAFT_FILE = "draft.toml"
NOTES_DIR = "notes"
BACKUPS_DIR = "backups"
LOCK_FILE = ".lock"


def data_root(override: Path | str | None = None) -> Path:
    """The folder holding one sub-folder per book."""
    if override is not None and str(override) != "":
        return Path(override).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_path("companion"))


def book_data_dir(book_id: str, override: Path | str | None = None) -> Path:
    """This book's data folder (not created here)."""
    return data_root(override) / book_id


def progress_path(book_dir: Path) -> Path:
    return Path(book_dir) / PROGRESS_FILE


def deck_path(book_dir: Path) -> Path:
    return Path(book_dir) / DECK_FILE


def notes_dir(book_dir: Path) -> Path:
    return Path(book_dir) / NOTES_DIR


def draft_path(book_dir: Path) -> Path:
    return Path(book_dir) / DRAFT_FILE


def backups_dir(book_dir: Path) -> Path:
    return Path(book_dir) / BACKUPS_DIR
