"""Reading our TOML data files, with errors that say which file and why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from companion.store.errors import StoreError

SCHEMA_VERSION = 1
BOM = b"\xef\xbb\xbf"
# A parsed TOML table: its values are whatever the file holds until checked.
Table = dict[str, Any]


class FileProblem(StoreError):
    """A data file that cannot be used. It is never overwritten.

    ``reason`` is the short cause ("not valid TOML: ..."); ``newer`` is True when
    the file comes from a newer companion (a read-only situation, not damage).
    """

    def __init__(self, path: Path, reason: str, advice: str, newer: bool = False) -> None:
        self.reason = reason
        self.newer = newer
        if newer:
            message = (
                f"{path} was written by a newer version of companion ({reason}); "
                f"it is read-only here and left untouched. {advice}"
            )
        else:
            message = f"{path} cannot be read: {reason}. It was left untouched. {advice}"
        super().__init__(message, path=path)


UPGRADE = "Upgrade companion (pip install -U companion) to change it."


def parse_bytes(path: Path, raw: bytes, advice: str) -> Table:
    """Decode and parse; FileProblem on any fault (empty, BOM, UTF-8, TOML syntax)."""
    import tomllib  # here: FileProblem is used where nothing is parsed (a new reader)

    if not raw.strip():
        raise FileProblem(
            path, "the file is empty" if not raw else "the file holds only blanks", advice
        )
    if raw.startswith(BOM):
        raise FileProblem(
            path,
            "it starts with a byte-order mark (BOM), which TOML forbids; "
            "re-save it as UTF-8 without BOM",
            advice,
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise FileProblem(
            path, f"it is not valid UTF-8 (byte {error.start}, line {line})", advice
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FileProblem(path, f"it is not valid TOML ({error})", advice) from None
    except (RecursionError, ValueError) as error:
        raise FileProblem(path, f"it is not valid TOML ({error})", advice) from None


def read_toml(path: Path, kind: str, advice: str) -> Table | None:
    """A data file read safely (``safefile.read_limited``) and parsed; None if it does
    not exist; FileProblem for anything else that is wrong with it."""
    from companion.store.safefile import read_limited

    raw = read_limited(path, kind, advice)
    return None if raw is None else parse_bytes(path, raw, advice)


def check_schema(path: Path, data: Table, advice: str, current: int = SCHEMA_VERSION) -> int:
    """The file's schema_version; FileProblem if missing, wrong, or newer than ``current``."""
    version = data.get("schema_version")
    if version is None:
        raise FileProblem(path, "it has no schema_version", advice)
    if type(version) is not int or version < 1:
        raise FileProblem(
            path, f"schema_version must be a positive integer, not {version!r}", advice
        )
    if version > current:
        raise FileProblem(
            path, f"schema_version {version}, this version knows {current}", UPGRADE, newer=True
        )
    return version


def wrong(path: Path, advice: str, key: str, expected: str, value: object) -> FileProblem:
    return FileProblem(
        path, f"{key} should be {expected}, not {type(value).__name__} {_short(value)}", advice
    )


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
