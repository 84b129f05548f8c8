"""Real processes: two writers at once, and SIGKILL in the middle of saving."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from companion.store.deck import DeckStore
from companion.store.notes import NoteStore
from companion.store.progress import load_progress
from tests.kill_saver import save_until_killed

ROOT = Path(__file__).resolve().parent.parent

ADDER = """
import sys
from pathlib import Path
from companion.store.notes import NoteStore
book, tag, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()  # start together
store = NoteStore(book)
for i in range(count):
    try:  # the same ids in both processes (as two imports of one file): one must win
        store.add(f"{tag} note {i}", i % 24, [tag], note_id=f"n-{i:03d}")
    except FileExistsError:
        continue
    print(f"n-{i:03d}", flush=True)
"""


def env() -> dict:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
    return e


def start_together(procs) -> None:
    """Wait until every process has imported and waits for "go" (it says "ready")."""
    for p in procs:
        assert p.stdout.readline() == b"ready\n"


def test_two_processes_adding_200_each(tmp_path: Path):
    """Both processes add the same 200 ids at the same time: without the book lock both
    pass the "is this id free?" check and one replaces the other's note."""
    script = tmp_path / "adder.py"
    script.write_text(ADDER)
    book = tmp_path / "book"
    procs = {
        tag: subprocess.Popen(
            [sys.executable, str(script), str(book), tag, "200"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env(),
        )
        for tag in ("left", "right")
    }
    start_together(procs.values())
    for p in procs.values():
        p.stdin.write(b"go\n")
        p.stdin.flush()
        p.stdin.close()
    won = {}
    for tag, p in procs.items():
        out = p.stdout.read()
        assert p.wait(timeout=60) == 0
        won[tag] = set(out.decode().split())
    assert not won["left"] & won["right"], "both processes saved the same note"
    assert len(won["left"]) + len(won["right"]) == 200
    store = NoteStore(book)
    assert store.problems == [] and len(store.notes) == 200
    for tag, ids in won.items():  # each saved note is the one its process reported
        assert all(store.get(i).tags == [tag] for i in ids)


def received(conn) -> list[str]:
    """Every whole message a killed writer sent (a kill can cut the last one short)."""
    got = []
    while True:
        try:
            got.append(conn.recv_bytes().decode())
        except (EOFError, OSError):
            return got


@pytest.mark.slow(seconds=6)  # 100 writers forked and killed
def test_100_sigkills_while_saving(tmp_path: Path):
    # forked from a server that imported the writer once: a kill lands in the same
    # saving loop as in a new interpreter, without starting 100 of them (~6 s of CPU)
    forks = multiprocessing.get_context("forkserver")
    forks.set_forkserver_preload(["tests.kill_saver"])
    book = tmp_path / "book"
    seed = NoteStore(book)
    seed.add("A", 1, note_id="shared00")
    rng = random.Random(4)
    reported: set[str] = set()
    reviewed: set[str] = set()
    for run in range(100):
        reader, writer = forks.Pipe(duplex=False)
        proc = forks.Process(target=save_until_killed, args=(str(book), run, writer))
        proc.start()
        writer.close()
        # wait for the first save so the kill lands in the saving loop
        first = reader.recv_bytes().decode()
        assert first.startswith("added "), first
        reported.add(first.split()[1])
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(proc.pid, signal.SIGKILL)
        proc.join()
        assert proc.exitcode == -signal.SIGKILL
        for message in received(reader):
            kind, *rest = message.split()
            if kind == "added":
                reported.add(rest[0])
            else:
                reviewed.add("q{}-{}".format(*rest))
        reader.close()
        # every file parses as an old or new version; nothing reported saved is lost
        store = NoteStore(book)
        assert store.problems == [], [p.message for p in store.problems]
        ids = {n.id for n in store.notes}
        assert reported <= ids
        shared = store.get("shared00").text
        assert set(shared) <= {"A", "B"} and shared
        load_progress(book, 24)
        deck = DeckStore(book)
        assert not deck.read_only and deck.problems == []
        assert reviewed <= {r["quote"] for r in deck.reviews}
        assert all(deck.card_state(q) is not None for q in reviewed)
    assert len(reported) >= 100
    # stale temp files left by the kills are swept on the next load
    NoteStore(book).reload()
    assert not [p for p in (book / "notes").iterdir() if p.name.endswith(".tmp")]


REVIEWER = """
import datetime, sys
from pathlib import Path
from companion.store.deck import DeckStore
book, tag = Path(sys.argv[1]), sys.argv[2]
print("ready", flush=True)
sys.stdin.readline()  # start together
deck = DeckStore(book)
when = datetime.datetime(2025, 1, 2, 9, tzinfo=datetime.timezone.utc)
for i in range(60):
    deck.record_review(f"{tag}-{i % 7}", {"n": i}, "good", tag, when)
"""


def test_two_processes_drilling_at_once_keep_every_review(tmp_path: Path):
    script = tmp_path / "reviewer.py"
    script.write_text(REVIEWER)
    book = tmp_path / "book"
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(book), tag],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env(),
        )
        for tag in ("left", "right")
    ]
    start_together(procs)
    for p in procs:
        p.stdin.write(b"go\n")
        p.stdin.flush()
    for p in procs:
        p.stdin.close()
        assert p.wait(timeout=60) == 0
    deck = DeckStore(book)
    assert deck.problems == []
    assert sorted(r["kind"] for r in deck.reviews) == ["left"] * 60 + ["right"] * 60
    assert deck.card_state("left-0") == {"n": 56} and deck.card_state("right-6") == {"n": 55}
