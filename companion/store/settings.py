"""App settings of one book: the theme and the last open pane (``settings.toml``).

Pure (no Textual). A missing or unreadable file gives the defaults; an unreadable
file is never overwritten (saving is skipped and the reason kept in ``problem``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = 1
SETTINGS_FILE = "settings.toml"
ADVICE = "Fix it in a text editor or move it away to get the default settings back."


@dataclass
class Settings:
    theme: str = ""
    pane: str = ""
    problem: str | None = None


def settings_path(book_dir: Path) -> Path:
    return Path(book_dir) / SETTINGS_FILE


def load_settings(book_dir: Path) -> Settings:
    path = settings_path(book_dir)
    try:
        raw = path.read_bytes()
    except OSError:
        return Settings()
    # imported here: a new reader has no settings file, and TOML costs ~5 ms to import
    from companion.store.tomlfile import FileProblem, check_schema, parse_bytes

    try:
        data = parse_bytes(path, raw, ADVICE)
        check_schema(path, data, ADVICE, SCHEMA_VERSION)
    except FileProblem as problem:
        return Settings(problem=problem.message)
    theme = data.get("theme", "")
    pane = data.get("pane", "")
    return Settings(
        theme=theme if isinstance(theme, str) else "", pane=pane if isinstance(pane, str) else ""
    )


def save_settings(book_dir: Path, settings: Settings) -> bool:
    """Write settings atomically; False (nothing written) if the file on disk is bad."""
    from companion.store.atomic import write_toml_atomic

    current = load_settings(book_dir)
    if current.problem:
        return False
    data = {"schema_version": SCHEMA_VERSION}
    if settings.theme:
        data["theme"] = settings.theme
    if settings.pane:
        data["pane"] = settings.pane
    write_toml_atomic(settings_path(book_dir), data)
    return True
