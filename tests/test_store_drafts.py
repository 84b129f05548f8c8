"""Drafts of notes being written: one file per editor, claimed by its window, never
destroyed until the reader saves or discards it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from companion.store.drafts import claim_draft, list_drafts, new_draft
from companion.store.errors import StoreError

ROOT = Path(__file__).resolve().parent.parent


def texts(book: Path, claimed: bool = False) -> list[str]:
    return [d.text for d in list_drafts(book, claimed=claimed).drafts]


def test_draft_round_trip(tmp_path: Path):
    assert list_drafts(tmp_path).drafts == []
    slot = new_draft(tmp_path)
    text = "half a thought [/] \x1b[2J\r\n😀"
    slot.save(text, {"note": "abc", "chapter": 3, "quote": None})
    [saved] = list_drafts(tmp_path, claimed=True).drafts
    assert (saved.text, saved.meta) == (text, {"note": "abc", "chapter": 3})
    slot.save("newer", {})
    assert texts(tmp_path, claimed=True) == ["newer"]
    slot.discard()
    slot.discard()
    assert list_drafts(tmp_path, claimed=True).drafts == []
    assert os.listdir(tmp_path / "drafts") == []  # no lock file left behind


def test_an_open_draft_is_not_offered_until_its_window_lets_go(tmp_path: Path):
    slot = new_draft(tmp_path)
    slot.save("being typed", {})
    assert texts(tmp_path) == []  # open in a window: not offered elsewhere
    assert claim_draft(tmp_path, slot.id) is None
    slot.release()  # the editor closed without saving
    assert texts(tmp_path) == ["being typed"]
    other = claim_draft(tmp_path, slot.id)
    assert other is not None and other.load().text == "being typed"
    assert claim_draft(tmp_path, slot.id) is None  # one window at a time
    assert texts(tmp_path) == []


def test_later_then_a_new_note_keeps_the_offered_draft(tmp_path: Path):
    first = new_draft(tmp_path)
    first.save("offered, then Later", {})
    first.release()
    second = new_draft(tmp_path)  # the next note
    second.save("the next note", {})
    second.discard()  # that note is saved
    assert texts(tmp_path) == ["offered, then Later"]


def test_two_windows_editing_the_same_note_have_two_drafts(tmp_path: Path):
    left, right = new_draft(tmp_path, "n1"), new_draft(tmp_path, "n1")
    left.save("left window", {"note": "n1"})
    right.save("right window", {"note": "n1"})
    assert left.path != right.path
    assert sorted(texts(tmp_path, claimed=True)) == ["left window", "right window"]
    right.discard()
    assert texts(tmp_path, claimed=True) == ["left window"]


HOLDER = """
import sys, time
from pathlib import Path
from companion.store.drafts import new_draft
slot = new_draft(Path(sys.argv[1]))
slot.save("typed in another window", {})
print("ready", flush=True)
time.sleep(60)
"""


def test_a_window_that_dies_leaves_its_draft_to_offer(tmp_path: Path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, env=env
    )
    try:
        assert proc.stdout.readline() == b"ready\n"
        assert texts(tmp_path) == []  # that window is alive and holds it
        assert texts(tmp_path, claimed=True) == ["typed in another window"]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert texts(tmp_path) == ["typed in another window"]


def test_surrogate_draft_refused(tmp_path: Path):
    slot = new_draft(tmp_path)
    slot.save("good", {})
    before = slot.path.read_bytes()
    with pytest.raises(StoreError):
        slot.save("bad \ud83d", {})
    assert slot.path.read_bytes() == before


def test_unreadable_draft_is_reported_and_never_touched(tmp_path: Path):
    raw = b"text = 'unterminated\n"
    bad = tmp_path / "drafts" / "new-0badc0de.toml"
    bad.parent.mkdir()
    bad.write_bytes(raw)
    found = list_drafts(tmp_path)
    assert found.drafts == [] and [p.path for p in found.problems] == [bad]
    assert str(bad) in found.problems[0].message
    slot = new_draft(tmp_path)
    slot.save("new", {})
    slot.release()
    assert texts(tmp_path) == ["new"]
    assert bad.read_bytes() == raw


def test_the_old_single_draft_is_still_offered(tmp_path: Path):
    (tmp_path / "draft.toml").write_text(
        'schema_version = 1\ntext = "from an older version"\n[meta]\nchapter = 2\n'
    )
    [saved] = list_drafts(tmp_path).drafts
    assert (saved.text, saved.meta) == ("from an older version", {"chapter": 2})
    assert not (tmp_path / "draft.toml").exists()


def test_drafts_folder_that_is_a_file_fails_loudly(tmp_path: Path):
    (tmp_path / "drafts").write_text("not a folder")
    with pytest.raises(StoreError) as info:
        new_draft(tmp_path).save("words", {})
    assert "is a file, not a folder" in info.value.message
    with pytest.raises(StoreError) as info:
        list_drafts(tmp_path)
    assert "is a file, not a folder" in info.value.message
