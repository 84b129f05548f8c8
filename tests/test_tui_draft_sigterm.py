"""SIGTERM / SIGHUP with the note editor open: the draft is saved and offered back.

Runs the real app in a real terminal (tmux), types a note, kills it with a signal
before the typing debounce could have saved anything (COMPANION_DRAFT_DELAY=60), then
starts it again and finishes the note from the offered draft.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from companion.store import drafts
from companion.store.notes import NoteStore
from tests.pane_helpers import MINI, ROOT

NEEDS_TMUX = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


class Terminal:
    def __init__(self, tmp: Path, data: Path, name: str = "first", env: dict | None = None) -> None:
        # a socket of its own: a new server on the socket of one just killed can find
        # it still going away (new-session then fails)
        self.socket = str(tmp / f"tmux-{name}.sock")
        self.data = data
        self.session = "companion-b"
        self.env = env or {}

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["tmux", "-S", self.socket, *args],
            capture_output=True,
            text=True,
            check=check,
            timeout=30,
        )

    def start(self) -> int:
        env = {
            "COMPANION_DRAFT_DELAY": "60",
            "TERM": "xterm-256color",
            "PYTHONPATH": str(ROOT),
            "COMPANION_DATA_DIR": str(self.data),
            **self.env,
        }
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        command = (
            f"cd {ROOT} && exec env {exports} {sys.executable} -m companion "
            f"--book {MINI} --data-dir {self.data}"
        )
        self.tmux(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            self.session,
            "-x",
            "120",
            "-y",
            "40",
            command,
        )
        self.tmux("set-option", "-t", self.session, "remain-on-exit", "on")
        return int(
            self.tmux("display-message", "-p", "-t", self.session, "#{pane_pid}").stdout.strip()
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session, check=False).stdout

    def wait_for(self, text: str, timeout: float = 30) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen:\n{self.screen()}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def dead(self) -> bool:
        out = self.tmux(
            "display-message", "-p", "-t", self.session, "#{pane_dead}", check=False
        ).stdout.strip()
        return out == "1"

    def close(self) -> None:
        self.tmux("kill-server", check=False)


def draft_texts(book_dir: Path) -> list[str]:
    return [d.text for d in drafts.list_drafts(book_dir, claimed=True).drafts]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@NEEDS_TMUX
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_signal_saves_the_draft_and_it_comes_back(tmp_path, signum):
    data = tmp_path / "data"
    book_dir = data / "mini"
    term = Terminal(tmp_path, data)
    try:
        pid = term.start()
        term.wait_for("Progress")
        term.keys("4")
        term.wait_for("Search your notes")
        term.keys("a")
        term.wait_for("New note")
        term.keys("words typed just before the terminal closed", literal=True)
        term.wait_for("terminal closed")
        assert draft_texts(book_dir) == []  # the debounce has not fired
        os.kill(pid, signum)
        end = time.monotonic() + 20
        while _alive(pid) and not term.dead() and time.monotonic() < end:
            time.sleep(0.1)
        assert term.dead() or not _alive(pid), "the app did not exit after the signal"
        assert draft_texts(book_dir) == ["words typed just before the terminal closed"], (
            "no draft after the signal"
        )
        assert NoteStore(book_dir).notes == []
        term.close()

        term = Terminal(tmp_path, data, "second")
        term.start()
        term.wait_for("An unsaved note was found")
        assert "words typed just before" in term.screen()
        term.keys("o")
        term.wait_for("restored from an unsaved draft")
        term.keys("C-s")
        end = time.monotonic() + 20
        while not NoteStore(book_dir).notes and time.monotonic() < end:
            time.sleep(0.1)
        term.keys("q")
        notes = NoteStore(book_dir).notes
        assert [n.text for n in notes] == ["words typed just before the terminal closed"]
        end = time.monotonic() + 10
        while draft_texts(book_dir) and time.monotonic() < end:
            time.sleep(0.1)
        assert draft_texts(book_dir) == []
    finally:
        term.close()


EDITOR = """
import asyncio, signal, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
# as started from a terminal, even when the tests run under nohup (which the app respects:
# an ignored SIGHUP saves the draft and goes on)
signal.signal(signal.SIGHUP, signal.SIG_DFL)
from companion.tui.drive import press, quiet
from tests.pane_helpers import make_app, notes_pane

async def main():
    app = make_app(Path(sys.argv[1]))
    async with app.run_test(size=(120, 40)) as pilot:
        await notes_pane(pilot)
        await press(pilot, "a")
        assert app.screen.__class__.__name__ == "NoteEditorScreen"
        app.screen.query_one("#editor-text").insert("typed before the terminal closed")
        await quiet(pilot.app)
        print("ready", flush=True)
        while app.is_running:
            await asyncio.sleep(0.05)

asyncio.run(main())
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_the_editors_own_handler_saves_the_draft(tmp_path, signum):
    """The app's handler, not one written for the test: the editor in a real process
    (headless), the debounce too long to fire, the signal sent from outside."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), COMPANION_DRAFT_DELAY="60")
    env.pop("COMPANION_DATA_DIR", None)
    proc = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(tmp_path), str(ROOT)],
        stdout=subprocess.PIPE,
        env=env,
    )
    try:
        assert proc.stdout.readline() == b"ready\n"
        book_dir = tmp_path / "mini"
        assert draft_texts(book_dir) == []  # the debounce has not fired
        proc.send_signal(signum)
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert draft_texts(book_dir) == ["typed before the terminal closed"]
