"""Drafts of a note being edited (the TUI saves them on SIGTERM/SIGHUP)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from companion.store.drafts import clear_draft, load_draft, save_draft
from companion.store.errors import StoreError

ROOT = Path(__file__).resolve().parent.parent


def test_draft_round_trip(tmp_path: Path):
    assert load_draft(tmp_path) is None
    text = "half a thought [/] \x1b[2J\r\n😀"
    save_draft(tmp_path, text, {"note_id": "abc", "chapter": 3, "quote": None})
    assert load_draft(tmp_path) == (text, {"note_id": "abc", "chapter": 3})
    save_draft(tmp_path, "newer", {})
    assert load_draft(tmp_path) == ("newer", {})
    clear_draft(tmp_path)
    clear_draft(tmp_path)
    assert load_draft(tmp_path) is None


def test_surrogate_draft_refused(tmp_path: Path):
    save_draft(tmp_path, "good", {})
    before = (tmp_path / "draft.toml").read_bytes()
    with pytest.raises(StoreError):
        save_draft(tmp_path, "bad \ud83d", {})
    assert (tmp_path / "draft.toml").read_bytes() == before


def test_unreadable_draft_is_moved_aside_not_overwritten(tmp_path: Path):
    raw = b"text = 'unterminated\n"
    (tmp_path / "draft.toml").write_bytes(raw)
    with pytest.raises(StoreError):
        load_draft(tmp_path)
    save_draft(tmp_path, "new", {})
    [aside] = tmp_path.glob("draft-unreadable-*.toml")
    assert aside.read_bytes() == raw
    assert load_draft(tmp_path) == ("new", {})


def test_sigterm_handler_saves_draft(tmp_path: Path):
    script = tmp_path / "editor.py"
    script.write_text(
        "import signal, sys, time\n"
        "from pathlib import Path\n"
        "from companion.store.drafts import save_draft\n"
        "book = Path(sys.argv[1])\n"
        "def handler(signum, frame):\n"
        "    save_draft(book, 'typed before the terminal closed', {'chapter': 2})\n"
        "    sys.exit(0)\n"
        "signal.signal(signal.SIGTERM, handler)\n"
        "signal.signal(signal.SIGHUP, handler)\n"
        "print('ready', flush=True)\n"
        "time.sleep(30)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for sig in (signal.SIGTERM, signal.SIGHUP):
        book = tmp_path / sig.name
        proc = subprocess.Popen(
            [sys.executable, str(script), str(book)], stdout=subprocess.PIPE, env=env
        )
        assert proc.stdout.readline() == b"ready\n"
        proc.send_signal(sig)
        assert proc.wait(timeout=10) == 0
        assert load_draft(book) == ("typed before the terminal closed", {"chapter": 2})
