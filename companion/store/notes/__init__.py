"""The reader's notes: one small TOML file per note (see ``model.py`` for the file).

``model``: the Note and its file; ``cache``: the rebuildable read cache; ``index``:
searching; ``store``: :class:`NoteStore`, which reads, searches and writes them.
"""

from companion.store.notes.model import (
    CONFLICT_TAG,
    ID_RE,
    MAX_NOTE_BYTES,
    SCHEMA_VERSION,
    Note,
    check_note_size,
    clean_tags,
    encode_note,
    new_id,
    normal_tag,
    note_from_data,
    now_utc,
    placed_time,
    read_note_file,
    tag_key,
)
from companion.store.notes.store import ImportResult, NoteStore, make_backup

__all__ = [
    "CONFLICT_TAG",
    "ID_RE",
    "MAX_NOTE_BYTES",
    "SCHEMA_VERSION",
    "ImportResult",
    "Note",
    "NoteStore",
    "check_note_size",
    "clean_tags",
    "encode_note",
    "make_backup",
    "new_id",
    "normal_tag",
    "note_from_data",
    "now_utc",
    "placed_time",
    "read_note_file",
    "tag_key",
]
