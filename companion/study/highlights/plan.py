"""What an import would change: new notes, notes to update, notes already there.

A note made from a highlight carries ``source`` and ``source_id`` (see ``keys.py``);
an entry whose (source, source_id) is a saved note's is that note. The device is
the truth for the text, the comment and the location; a chapter the reader set by
hand (placement "placed") is kept, any other placement is worked out again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from companion.store.notes import Note, NoteStore, new_id, now_utc
from companion.study.highlights.match import Placed

PLACED_BY_READER = "placed"


@dataclass
class Plan:
    add: list[Note] = field(default_factory=list)
    update: list[tuple[Note, dict[str, Any]]] = field(default_factory=list)  # (saved note, changes)
    unchanged: list[Note] = field(default_factory=list)

    @property
    def notes(self) -> list[Note]:
        """Every note the file's entries are, as they will be after the import."""
        from dataclasses import replace

        return [*self.add, *(replace(n, **c) for n, c in self.update), *self.unchanged]


def _created(entry_added: datetime.datetime | None) -> datetime.datetime:
    if entry_added is None:
        return now_utc()
    if entry_added.tzinfo is None:  # a Kindle's clock: the reader's own time zone
        entry_added = entry_added.astimezone()
    return entry_added.astimezone(datetime.UTC)


def fields_of(item: Placed) -> dict[str, Any]:
    """The note's fields that come from the file."""
    e = item.entry
    return {
        "text": e.text,
        "chapter": item.chapter,
        "quote": item.quote,
        "kind": "highlight" if e.kind == "highlight" else "note",
        "source": e.source,
        "source_id": e.key,
        "location": e.location or None,
        "placement": item.placement,
        "comment": e.comment or None,
    }


def build_plan(placed: Iterable[Placed], saved: Iterable[Note]) -> Plan:
    known = {(n.source, n.source_id): n for n in saved if n.source is not None}
    plan = Plan()
    taken = {n.id for n in known.values()}
    for item in placed:
        wanted = fields_of(item)
        note = known.get((wanted["source"], wanted["source_id"]))
        if note is None:
            note_id = new_id()
            while note_id in taken:
                note_id = new_id()
            taken.add(note_id)
            created = _created(item.entry.added)
            plan.add.append(Note(id=note_id, tags=[], created=created, updated=created, **wanted))
            continue
        if note.placement == PLACED_BY_READER:
            for key in ("chapter", "placement", "quote"):
                wanted.pop(key)
        changes = {k: v for k, v in wanted.items() if getattr(note, k) != v}
        if changes:
            plan.update.append((note, changes))
        else:
            plan.unchanged.append(note)
    return plan


def place_by_reader(store: NoteStore, note: Note, chapter: int) -> Note:
    """Give ``note`` the chapter the reader chose (0: unplaced again). For an imported
    highlight the placement becomes "placed", which a later import keeps."""
    if note.source is None:
        return store.update(note.id, chapter=chapter)
    placement = "unplaced" if chapter == 0 else PLACED_BY_READER
    return store.update(note.id, chapter=chapter, placement=placement)
