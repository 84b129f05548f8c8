"""Store errors: each names the file, says what is wrong and what to do."""

from __future__ import annotations

from pathlib import Path

from companion.errors import CompanionError


class StoreError(CompanionError):
    """A data file could not be read or written.

    ``path`` is the file concerned (or None); ``message`` is the whole sentence
    for the user: what happened, where, and what to do.
    """

    def __init__(self, message: str, exit_code: int = 1, path: Path | None = None) -> None:
        super().__init__(message, exit_code)
        self.path = Path(path) if path is not None else None

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"StoreError({self.message!r}, path={self.path!r})"
