"""App settings of one book (``settings.toml``): the theme, the last open pane, the
keymap, the folder of the last export and the quotes the reader has seen.

::

    schema_version = 1
    theme = "textual-dark"
    pane = "notes"
    export_dir = "/home/ann/seminar"
    seen_quotes = ["opening-line", "hailsham"]

    [keymap]                 # binding id -> keys, as Textual's App.set_keymap takes them
    "quotes.flip" = "f,space"

Pure (no Textual). A missing file gives the defaults. A file that cannot be used is
never overwritten: ``problem`` says why (show it once) and saving is skipped until it is
fixed. A bad keymap entry is left out and named in ``keymap_problems``; the rest works.

Saving is a merge under the book lock: the file is read again and only the keys this
writer changed since it loaded (or last saved) are set, so two windows (or a hand edit)
never undo each other's settings, and tables this version does not know are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from companion.store.safefile import read_limited
from companion.store.tomlfile import Table

SCHEMA_VERSION = 1
SETTINGS_FILE = "settings.toml"
ADVICE = "Fix it in a text editor or move it away to get the default settings back."
FIELDS = ("theme", "pane", "export_dir")


@dataclass
class Settings:
    theme: str = ""
    pane: str = ""
    export_dir: str = ""  # the folder the app last saved an export in
    seen_quotes: list[str] = field(default_factory=list)  # quote ids the reader has seen
    keymap: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    keymap_problems: list[str] = field(default_factory=list)
    # what was on disk when loaded or last saved: a save writes only what differs
    loaded: Table = field(default_factory=dict, repr=False, compare=False)


def settings_path(book_dir: Path) -> Path:
    return Path(book_dir) / SETTINGS_FILE


def _read(path: Path) -> Table | None:
    """The file's table (None if missing); FileProblem if it cannot be used."""
    raw = read_limited(path, "settings", ADVICE)
    if raw is None:
        return None
    # imported here: a new reader has no settings file, and TOML costs ~5 ms to import
    from companion.store.tomlfile import check_schema, parse_bytes

    data = parse_bytes(path, raw, ADVICE)
    check_schema(path, data, ADVICE, SCHEMA_VERSION)
    return data


def _keymap(path: Path, table: object) -> tuple[dict[str, str], list[str]]:
    if table is None:
        return {}, []
    if not isinstance(table, dict):
        return {}, [f"{path}: [keymap] should be a table of binding ids and keys; it is ignored."]
    keymap: dict[str, str] = {}
    problems: list[str] = []
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


def _from_data(path: Path, data: Table) -> Settings:
    values: dict[str, str] = {}
    for name in FIELDS:
        value = data.get(name, "")
        values[name] = value if isinstance(value, str) else ""
    keymap, problems = _keymap(path, data.get("keymap"))
    seen = data.get("seen_quotes", [])
    seen = [q for q in seen if isinstance(q, str)] if isinstance(seen, list) else []
    loaded = {**values, "keymap": dict(keymap), "seen_quotes": list(seen)}
    return Settings(
        **values, seen_quotes=seen, keymap=keymap, keymap_problems=problems, loaded=loaded
    )


def load_settings(book_dir: Path) -> Settings:
    from companion.store.errors import StoreError

    path = settings_path(book_dir)
    try:
        data = _read(path)
    except StoreError as problem:  # a FileProblem
        return Settings(problem=problem.message)
    if data is None:
        return Settings(loaded={**dict.fromkeys(FIELDS, ""), "keymap": {}, "seen_quotes": []})
    return _from_data(path, data)


def _changes(settings: Settings) -> Table:
    was = settings.loaded
    changes: Table = {name: getattr(settings, name) for name in FIELDS}
    changes = {k: v for k, v in changes.items() if v != was.get(k, "")}
    old_keys = was.get("keymap", {})
    keymap = {b: k for b, k in settings.keymap.items() if old_keys.get(b) != k}
    keymap.update({b: None for b in old_keys if b not in settings.keymap})
    if keymap:
        changes["keymap"] = keymap
    old_seen = set(was.get("seen_quotes", []))
    if new_seen := [q for q in settings.seen_quotes if q not in old_seen]:
        changes["seen_quotes"] = new_seen
    return changes


def update_settings(book_dir: Path, changes: Table) -> Settings:
    """Set ``changes`` in settings.toml as it is on disk now (under the book lock) and
    return the settings saved. ``changes``: "theme"/"pane" -> str ("" removes it);
    "keymap" -> {binding id: keys, or None to remove}; "seen_quotes" -> ids added to
    the list on disk (another window's ids are kept). Every other key and table in the
    file is kept. StoreError (nothing written) if the file cannot be used."""
    from companion.store.atomic import write_toml_atomic
    from companion.store.errors import StoreError
    from companion.store.lock import book_lock

    path = settings_path(book_dir)
    with book_lock(book_dir):
        try:
            data = _read(path) or {"schema_version": SCHEMA_VERSION}
        except StoreError as problem:
            raise StoreError(
                f"{problem.message} Your settings were not saved.", path=path
            ) from None
        for name in FIELDS:
            if name in changes:
                if changes[name]:
                    data[name] = changes[name]
                else:
                    data.pop(name, None)
        if changes.get("seen_quotes"):
            seen = data.get("seen_quotes")
            seen = [q for q in seen if isinstance(q, str)] if isinstance(seen, list) else []
            data["seen_quotes"] = seen + [q for q in changes["seen_quotes"] if q not in seen]
        if changes.get("keymap"):
            table = data.get("keymap")
            table = dict(table) if isinstance(table, dict) else {}
            for binding, keys in changes["keymap"].items():
                if keys:
                    table[binding] = keys
                else:
                    table.pop(binding, None)
            if table:
                data["keymap"] = table
            else:
                data.pop("keymap", None)
        write_toml_atomic(path, data)
        return _from_data(path, data)


def save_settings(book_dir: Path, settings: Settings) -> bool:
    """Save what changed in ``settings`` since it was loaded (a merge, see the module).
    False, nothing written and ``settings.problem`` set, if the file cannot be used."""
    from companion.store.errors import StoreError

    changes = _changes(settings)
    if not changes and settings.loaded:
        return True
    try:
        saved = update_settings(book_dir, changes)
    except StoreError as error:
        settings.problem = error.message
        return False
    # what is on disk now (this writer's changes and everyone else's): a stale field kept
    # here would read as a change at the next save and undo another window's setting
    settings.theme, settings.pane, settings.keymap = saved.theme, saved.pane, saved.keymap
    settings.loaded = saved.loaded
    settings.problem = None
    return True
