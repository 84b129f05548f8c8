"""The odd-file sweep: each data file kind x each odd file type x the store's readers
and writers. Every call runs under a deadline (SIGALRM), so a hang fails the test
instead of stopping the suite. Nothing may hang, read without limit, raise anything
but a StoreError naming the place, follow a link out, or change the odd file."""

from __future__ import annotations

import datetime
import os
import signal
import stat
from contextlib import contextmanager
from pathlib import Path

import pytest

from companion.store.deck import DeckStore
from companion.store.drafts import list_drafts, new_draft
from companion.store.errors import StoreError
from companion.store.notes import NoteStore
from companion.store.progress import finish_chapters, load_progress
from companion.store.settings import load_settings, update_settings
from companion.study import drill

DEADLINE = 5.0  # seconds for one call; every call here takes milliseconds
DAY = datetime.datetime(2025, 1, 5, 9, tzinfo=datetime.UTC)
OUTSIDE_TEXT = b"schema_version = 1\n"


@contextmanager
def deadline(what: str):
    def expired(signum, frame):
        raise TimeoutError(f"{what} hung for {DEADLINE} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, DEADLINE)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def refused(call, what: str, path: Path) -> str:
    """Run ``call``; it must raise a StoreError (naming something) in time."""
    with deadline(what), pytest.raises(StoreError) as info:
        call()
    assert info.value.message, what
    return info.value.message


def problems_name(problems, path: Path) -> None:
    assert any(p.path == path for p in problems), [p.message for p in problems]


# -- the kinds: (path in the book folder, reader, writer) -----------------------------


def read_progress(book, path):
    assert str(path) in refused(lambda: load_progress(book, 23), "load_progress", path)


def write_progress(book, path):
    refused(lambda: finish_chapters(book, 1, DAY.date(), 23), "finish_chapters", path)


def read_settings(book, path):
    with deadline("load_settings"):
        assert str(path) in load_settings(book).problem


def write_settings(book, path):
    refused(lambda: update_settings(book, {"theme": "nord"}), "update_settings", path)


def read_deck(book, path):
    with deadline("DeckStore"):
        deck = DeckStore(book)
    assert deck.read_only and str(path) in deck.read_only_reason


def write_deck(book, path):
    refused(lambda: DeckStore(book).star("q1"), "star", path)


def read_day(book, path):
    with deadline("DeckStore.problems"):
        problems_name(DeckStore(book).problems, path)


def write_day(book, path):
    refused(lambda: DeckStore(book).add_review("q1", "good", "drill", DAY), "add_review", path)


def read_note(book, path):
    with deadline("NoteStore.notes"):
        store = NoteStore(book)
        assert [n.text for n in store.notes] == ["a good note"]
        problems_name(store.problems, path)


def write_note(book, path):
    refused(lambda: NoteStore(book).update("abcd1234", text="edit"), "update", path)
    refused(lambda: NoteStore(book).delete("abcd1234"), "delete", path)


def read_draft(book, path):
    with deadline("list_drafts"):
        problems_name(list_drafts(book).problems, path)


def write_draft(book, path):
    with deadline("a new draft"):
        slot = new_draft(book)
        slot.save("another draft", {})  # beside it; the odd one is left alone
        slot.discard()


def read_session(book, path):
    with deadline("SessionFile.load"):
        session_file = drill.SessionFile(book)
        assert session_file.load() is None and str(path) in session_file.problem


def write_session(book, path):
    with deadline("SessionFile.save"):
        session_file = drill.SessionFile(book)
        session_file.load()
        session_file.save(drill.Session(queue=["q1"]))  # the odd one was moved aside


def read_cache(book, path):
    with deadline("NoteStore with an odd cache"):
        assert [n.text for n in NoteStore(book).notes] == ["a good note"]


def write_cache(book, path):
    with deadline("NoteStore.add with an odd cache"):
        NoteStore(book).add("another", 1)  # the cache is only a speed-up


def read_notes_folder(book, path):
    refused(lambda: NoteStore(book).notes, "NoteStore.notes", path)


def write_notes_folder(book, path):
    message = refused(lambda: NoteStore(book).add("lost?", 1), "NoteStore.add", path)
    assert str(path) in message and "permission" not in message


def read_reviews_folder(book, path):
    with deadline("DeckStore.problems"):
        problems_name(DeckStore(book).problems, path)


def write_reviews_folder(book, path):
    refused(lambda: DeckStore(book).add_review("q1", "good", "drill", DAY), "add_review", path)


def read_drafts_folder(book, path):
    refused(lambda: list_drafts(book), "list_drafts", path)


def write_drafts_folder(book, path):
    refused(lambda: new_draft(book).save("lost?", {}), "save a draft", path)


KINDS = {
    "progress": ("progress.toml", read_progress, write_progress),
    "settings": ("settings.toml", read_settings, write_settings),
    "deck": ("deck.toml", read_deck, write_deck),
    "review day": ("reviews/2025-01-05.toml", read_day, write_day),
    "note": ("notes/abcd1234.toml", read_note, write_note),
    "draft": ("drafts/new-0badc0de.toml", read_draft, write_draft),
    "drill session": ("drill-session.toml", read_session, write_session),
    "notes cache": (".notes-cache", read_cache, write_cache),
    "notes folder": ("notes", read_notes_folder, write_notes_folder),
    "reviews folder": ("reviews", read_reviews_folder, write_reviews_folder),
    "drafts folder": ("drafts", read_drafts_folder, write_drafts_folder),
}
FOLDERS = {"notes folder", "reviews folder", "drafts folder"}

# -- the odd file types ---------------------------------------------------------------


def make_odd(path: Path, odd: str, outside: Path) -> None:
    if odd == "fifo":
        os.mkfifo(path)
    elif odd == "folder":
        path.mkdir()
    elif odd == "file":  # only where a folder belongs
        path.write_text("a file")
    elif odd == "symlink out":
        outside.write_bytes(OUTSIDE_TEXT)
        path.symlink_to(outside)
    elif odd == "dev zero":
        path.symlink_to("/dev/zero")
    elif odd == "50 MB":
        with open(path, "wb") as f:
            f.truncate(50 * 1024 * 1024)
    elif odd == "dangling symlink":
        path.symlink_to(outside.parent / "unmounted" / path.name)
    else:
        raise ValueError(odd)


def fingerprint(path: Path):
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    link = os.readlink(path) if stat.S_ISLNK(st.st_mode) else None
    return (stat.S_IFMT(st.st_mode), st.st_size, link)


ODDS = ["fifo", "folder", "symlink out", "dev zero", "50 MB", "dangling symlink"]
CASES = [
    (kind, odd)
    for kind in KINDS
    for odd in ODDS
    if not (kind in FOLDERS and odd in ("folder", "50 MB"))
] + [(kind, "file") for kind in sorted(FOLDERS)]


@pytest.mark.parametrize("kind, odd", CASES, ids=[f"{k}-{o}" for k, o in CASES])
def test_odd_file(tmp_path: Path, kind: str, odd: str):
    book = tmp_path / "book"
    outside = tmp_path / "elsewhere" / "target.toml"
    outside.parent.mkdir()
    NoteStore(book).add("a good note", 1)
    DeckStore(book).add_review("q0", "good", "drill", DAY - datetime.timedelta(days=3))
    name, reader, writer = KINDS[kind]
    path = book / name
    if kind in FOLDERS and path.exists():
        for child in path.iterdir():
            child.unlink()
        path.rmdir()
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind in FOLDERS and odd == "symlink out":
        outside = outside.parent / "a-file"  # a link to a file, where a folder belongs
    make_odd(path, odd, outside)
    before = fingerprint(path)
    reader(book, path)
    writer(book, path)
    if kind == "drill session":  # a session that cannot be read is moved aside whole
        path = book / "drill-session.toml.bad"
    if kind == "notes cache" and odd == "50 MB":  # a regular file, not a cache: rebuilt
        assert path.stat().st_size < 1024 * 1024
    else:
        assert fingerprint(path) == before, "the odd file was changed"
    if odd == "symlink out":
        assert outside.read_bytes() == OUTSIDE_TEXT, "written through a link out"
    if odd == "dangling symlink":
        assert not (outside.parent / "unmounted").exists(), "created a link's target"
