"""App settings of one book: the theme, the last open pane and the keymap (``settings.toml``).

::

    schema_version = 1
    theme = "textual-dark"
    pane = "notes"

    [keymap]                 # binding id -> keys, as Textual's App.set_keymap takes them
    "quotes.flip" = "f,space"

Pure (no Textual). A missing or unreadable file gives the defaults; an unreadable
file is never overwritten (saving is skipped and the reason kept in ``problem``). A
bad keymap entry is left out and named in ``keymap_problems``; the rest works. The
app never changes the keymap: saving keeps the file's [keymap] table as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SCHEMA_VERSION = 1
SETTINGS_FILE = "settings.toml"
ADVICE = "Fix it in a text editor or move it away to get the default settings back."


@dataclass
class Settings:
    theme: str = ""
    pane: str = ""
    keymap: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    keymap_problems: list[str] = field(default_factory=list)


def settings_path(book_dir: Path) -> Path:
    return Path(book_dir) / SETTINGS_FILE


def _keymap(path: Path, table) -> tuple[dict[str, str], list[str]]:
    if table is None:
        return {}, []
    if not isinstance(table, dict):
        return {}, [f"{path}: [keymap] should be a table of binding ids and keys; it is ignored."]
    keymap, problems = {}, []
    for binding, keys in table.items():
        if isinstance(keys, str) and keys.strip():
            keymap[binding] = keys.strip()
        else:
            shown = repr(keys)
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            problems.append(
                f"{path}: keymap entry {binding[:60]!r} should be keys such as "
                f'"f" or "ctrl+f,space", not {shown}; that entry is ignored.'
            )
    return keymap, problems


def _read(path: Path, raw: bytes) -> dict:
    # imported here: a new reader has no settings file, and TOML costs ~5 ms to import
    from companion.store.tomlfile import check_schema, parse_bytes

    data = parse_bytes(path, raw, ADVICE)
    check_schema(path, data, ADVICE, SCHEMA_VERSION)
    return data


def load_settings(book_dir: Path) -> Settings:
    path = settings_path(book_dir)
    try:
        raw = path.read_bytes()
    except OSError:
        return Settings()
    from companion.store.tomlfile import FileProblem

    try:
        data = _read(path, raw)
    except FileProblem as problem:
        return Settings(problem=problem.message)
    theme = data.get("theme", "")
    pane = data.get("pane", "")
    keymap, problems = _keymap(path, data.get("keymap"))
    return Settings(
        theme=theme if isinstance(theme, str) else "",
        pane=pane if isinstance(pane, str) else "",
        keymap=keymap,
        keymap_problems=problems,
    )


def save_settings(book_dir: Path, settings: Settings) -> bool:
    """Write settings atomically; False (nothing written) if the file on disk is bad."""
    from companion.store.atomic import write_toml_atomic
    from companion.store.tomlfile import FileProblem

    path = settings_path(book_dir)
    try:
        current = _read(path, path.read_bytes())
    except OSError:
        current = {}
    except FileProblem:
        return False
    data = {"schema_version": SCHEMA_VERSION}
    if "keymap" in current:  # the reader's own table, kept as written
        data["keymap"] = current["keymap"]
    if settings.theme:
        data["theme"] = settings.theme
    if settings.pane:
        data["pane"] = settings.pane
    write_toml_atomic(settings_path(book_dir), data)
    return True
