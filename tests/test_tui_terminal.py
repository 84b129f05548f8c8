"""The note editor in a real terminal (tmux): a burst of keys and ctrl+s keeps every key;
SIGHUP, SIGTERM and a killed pane end the app with the draft saved (issue 13 §1, §4).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from companion.store.notes import NoteStore
from tests.pane_helpers import MINI, ROOT
from tests.test_tui_draft_sigterm import NEEDS_TMUX, Terminal, _alive, draft_texts

pytestmark = NEEDS_TMUX

# The real app as launch() runs it (the same signal handling), but with a shutdown that
# never ends: the main thread sleeps in on_unmount, as it hung in Textual's writer
# (WriterThread.stop waiting on a full queue). Only a watchdog can end this process.
HUNG = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from companion.context import Context
from companion.tui.app import CompanionApp
from companion.tui.stopping import install

class HungOnExit(CompanionApp):
    CSS_PATH = [str(Path(sys.modules[CompanionApp.__module__].__file__).parent / css)
                for css in CompanionApp.CSS_PATH]  # a subclass reads CSS beside its own file

    def on_unmount(self) -> None:
        super().on_unmount()
        time.sleep(3600)

ctx = Context(book_arg={book!r}, data_override=Path({data!r}))
app = HungOnExit(ctx, freeze=True)
install(app)
app.run()
"""


class HungTerminal(Terminal):
    def start(self) -> int:
        script = Path(self.socket).with_name("hung.py")
        script.write_text(HUNG.format(root=str(ROOT), book=str(MINI), data=str(self.data)))
        env = f"COMPANION_DRAFT_DELAY=60 TERM=xterm-256color PYTHONPATH={ROOT}"
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", self.session, "-x", "120")
        self.tmux("set-option", "-t", self.session, "remain-on-exit", "on")
        self.tmux(
            "respawn-pane", "-k", "-t", self.session, f"exec env {env} {sys.executable} {script}"
        )
        return int(
            self.tmux("display-message", "-p", "-t", self.session, "#{pane_pid}").stdout.strip()
        )


def open_editor(term: Terminal) -> None:
    term.wait_for("Progress")
    term.keys("4")
    term.wait_for("Search your notes")
    term.keys("a")
    term.wait_for("New note")


def wait_gone(term: Terminal, pid: int, timeout: float) -> float:
    """Seconds until the app's process ended (fails after ``timeout``)."""
    start = time.monotonic()
    while _alive(pid) and not term.dead():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"the app was still running {timeout} s after the signal")
        time.sleep(0.05)
    return time.monotonic() - start


def test_a_burst_of_keys_and_ctrl_s_saves_every_key(tmp_path):
    # A lagging terminal or a paste without bracketing delivers text and ctrl+s in one
    # read: the save must come after the text. Before the fix 0 of 3 notes were whole.
    data = tmp_path / "data"
    term = Terminal(tmp_path, data)
    try:
        term.start()
        texts = []
        for trial in range(3):
            if trial == 0:
                open_editor(term)
            else:
                term.keys("a")
                term.wait_for("New note")
            text = f"note {trial}: every word of this sentence is kept up to the last one END"
            term.keys(text, "C-s")  # one send-keys: one burst
            texts.append(text)
            end = time.monotonic() + 20
            while len(NoteStore(data / "mini").notes) < len(texts):
                assert time.monotonic() < end, term.screen()
                time.sleep(0.1)
            term.wait_for("Search your notes")
        assert sorted(n.text for n in NoteStore(data / "mini").notes) == texts
    finally:
        term.close()


def test_a_shutdown_that_hangs_still_ends_after_sighup_with_the_draft(tmp_path):
    data = tmp_path / "data"
    term = HungTerminal(tmp_path, data)
    try:
        pid = term.start()
        open_editor(term)
        term.keys("a draft typed before the hang", literal=True)
        term.wait_for("before the hang")
        os.kill(pid, signal.SIGHUP)
        wait_gone(term, pid, timeout=10)  # before the watchdog: still running an hour later
        assert draft_texts(data / "mini") == ["a draft typed before the hang"]
    finally:
        term.close()


@pytest.mark.parametrize("how", ["SIGHUP", "SIGTERM", "kill-pane"])
def test_closing_while_typing_ends_the_app_with_the_draft(tmp_path, how):
    data = tmp_path / "data"
    term = Terminal(tmp_path, data)
    typing = threading.Event()
    try:
        pid = term.start()
        open_editor(term)

        def type_on() -> None:  # keys keep coming while the signal arrives
            while not typing.is_set():
                try:
                    term.keys("more words ", literal=True)
                except (subprocess.SubprocessError, OSError):
                    return

        typist = threading.Thread(target=type_on, daemon=True)
        typist.start()
        term.wait_for("more words more words")
        if how == "kill-pane":
            term.tmux("kill-pane", "-t", term.session)
        else:
            os.kill(pid, getattr(signal, how))
        took = wait_gone(term, pid, timeout=10)
        typing.set()
        typist.join(5)
        drafts = draft_texts(data / "mini")
        assert len(drafts) == 1 and drafts[0].startswith("more words more words"), drafts
        print(f"{how}: the app ended {took:.2f} s after it")
    finally:
        typing.set()
        term.close()
