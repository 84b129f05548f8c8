"""The writer that test_100_sigkills_while_saving kills: it saves in a loop and reports
each save on ``conn``. Forked from a server that imported this module (and the store)
once, so each of the 100 writers starts in milliseconds, not as a new interpreter."""

from __future__ import annotations

import datetime
from multiprocessing.connection import Connection
from pathlib import Path

from companion.store.deck import DeckStore
from companion.store.notes import NoteStore
from companion.store.progress import set_progress, update_progress


def save_until_killed(book_dir: str, run: int, conn: Connection) -> None:
    book = Path(book_dir)
    store = NoteStore(book)
    shared = store.get("shared00")
    deck = DeckStore(book)
    i = 0
    while True:
        note = store.add(f"run {run} note {i} " + "x" * (i % 7) * 500, i % 24, ["kill"])
        conn.send_bytes(f"added {note.id}".encode())
        text = ("A" if shared.text == "B" else "B") * (1 + i % 5000)
        shared = store.update("shared00", text=text)
        update_progress(
            book, lambda p: set_progress(p, (p.finished + 1) % 24, datetime.date(2025, 1, 1))
        )
        deck.star(f"q{run}-{i}")
        when = datetime.datetime(2025, 1, 1 + i % 3, tzinfo=datetime.UTC)
        deck.record_review(f"q{run}-{i}", {"n": i}, "good", "drill", when)
        conn.send_bytes(f"reviewed {run} {i}".encode())
        i += 1
