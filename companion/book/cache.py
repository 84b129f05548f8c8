"""A cache of loaded packs, so the app and `guide` skip re-validating an unchanged pack.

Loading and validating the bundled pack parses some 40 files (about 70-90 ms); the
unpickled Book takes a few milliseconds. The key is every pack file's path, size and
mtime plus the model's and the loading modules' own files, so any edit to the pack or an
upgrade of the companion rebuilds it. The cache is never the source of truth: any
failure to read or write it just means a full load.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import zlib
from pathlib import Path

from companion.book import model

_FORMAT = 1
# the modules that decide what a load accepts: a change to any of them rebuilds
_LOADING_CODE = ("loader.py", "schema.py", "reveals.py", "prefilter.py")


def cache_dir() -> Path:
    override = os.environ.get("COMPANION_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_cache_path("companion") / "packs"


def _fingerprint(pack: Path) -> tuple[object, ...]:
    entries = []
    for folder in (pack, pack / "sections", pack / "articles"):
        try:
            with os.scandir(folder) as scan:
                for entry in scan:
                    if entry.is_file():
                        stat = entry.stat()
                        entries.append((entry.path, stat.st_size, stat.st_mtime_ns))
        except OSError:
            continue
    code = []
    here = Path(__file__)
    for source in (Path(model.__file__), *(here.with_name(n) for n in _LOADING_CODE)):
        stat = source.stat()
        code.append((stat.st_size, stat.st_mtime_ns))
    return (_FORMAT, tuple(code), tuple(sorted(entries)))


def load_pack_cached(pack_dir: Path | str) -> model.Book:
    """Like ``load_pack`` (same errors), reusing a cached copy of an unchanged pack."""
    pack = Path(pack_dir).resolve()
    key = _fingerprint(pack)
    # the name only spreads packs over files (the key inside decides): a CRC is enough,
    # and zlib is loaded already where hashlib would cost ~4 ms to import
    name = f"{pack.name}-{zlib.crc32(str(pack).encode()):08x}.pickle"
    path = cache_dir() / name
    try:
        with open(path, "rb") as handle:
            stored_key, book = pickle.load(handle)
        if stored_key == key and isinstance(book, model.Book):
            return book
    except Exception:  # missing, stale or unreadable: a full load decides
        pass
    from companion.book.loader import load_pack  # ~5 ms to import: only on a miss

    book = load_pack(pack)
    _store(path, (key, book))
    return book


def _store(path: Path, value: object) -> None:
    temp = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except Exception:  # a read-only cache folder only costs speed
        if temp:
            try:
                os.unlink(temp)
            except OSError:
                pass
