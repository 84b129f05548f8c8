"""End to end in a real terminal: tmux runs the installed `companion`, we type and read.

Skipped (with the reason) only when tmux is missing; `.ci/run` installs it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"
)


def companion_bin() -> str:
    found = shutil.which("companion")
    if found:
        return found
    beside = Path(sys.executable).with_name("companion")
    if beside.exists():
        return str(beside)
    pytest.skip("the `companion` command is not installed (pip install -e .)")


POLL = 0.02  # between looks at the screen: each look is one short tmux command


class Tmux:
    def __init__(
        self, tmp_path: Path, width: int = 80, height: int = 24, extra_env: dict | None = None
    ) -> None:
        self.name = f"companion-e2e-{os.getpid()}-{time.monotonic_ns()}"
        self.status = tmp_path / "status"
        self.data = tmp_path / "data"
        self.socket = str(tmp_path / "tmux.sock")
        command = (
            f"{shlex.quote(companion_bin())} --book {shlex.quote(str(MINI))} "
            f"--data-dir {shlex.quote(str(self.data))}; "
            f"echo $? > {shlex.quote(str(self.status))}; sleep 30"
        )
        env = {k: v for k, v in os.environ.items() if k not in ("COMPANION_DATA_DIR", "TMUX")}
        env["TERM"] = "xterm-256color"
        env.update(extra_env or {})
        self.run(
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(width),
            "-y",
            str(height),
            "sh",
            "-c",
            command,
            env=env,
        )

    def run(self, *args: str, env: dict | None = None) -> str:
        return subprocess.run(
            ["tmux", "-S", self.socket, *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=30,
            check=True,
        ).stdout

    def send(self, *keys: str) -> None:
        for key in keys:
            self.run("send-keys", "-t", self.name, key)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, timeout: float = 20) -> str:
        end = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(POLL)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def wait_gone(self, text: str, timeout: float = 20) -> str:
        end = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < end:
            screen = self.screen()
            if text not in screen:
                return screen
            time.sleep(POLL)
        raise AssertionError(f"{text!r} never went away; the screen was:\n{screen}")

    def wait_exit(self, timeout: float = 20) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.status.exists() and self.status.read_text().strip():
                return int(self.status.read_text())
            time.sleep(POLL)
        raise AssertionError(f"companion did not exit; the screen was:\n{self.screen()}")

    def app_pid(self) -> int:
        shell = self.run("display-message", "-p", "-t", self.name, "#{pane_pid}").strip()
        children = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True)
        pids = [int(p) for p in children.stdout.split()]
        assert pids, "no companion process under the tmux pane"
        return pids[0]

    def alternate_screen(self) -> bool:
        return self.run("display-message", "-p", "-t", self.name, "#{alternate_on}").strip() == "1"

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def tmux(tmp_path):
    session = Tmux(tmp_path)
    yield session
    session.close()


def test_read_advance_switch_and_quit(tmux):
    screen = tmux.wait_for("Not started")
    assert "Chapter 1 · next" in screen
    tmux.send("n")
    tmux.wait_for("Chapter 1 of 4")
    # the list comes in a frame of its own (on a loaded machine, seconds after the header)
    screen = tmux.wait_for("Newly unlocked by chapter 1")
    assert "Chapter 1 of 4" in screen
    tmux.send("2")
    screen = tmux.wait_for("The story so far")
    assert "Chapter 3 · " not in screen
    tmux.send("?")
    tmux.wait_for("Help: Plot")
    tmux.send("Escape")
    tmux.wait_gone("Help: Plot")
    tmux.send("q")
    assert tmux.wait_exit() == 0
    assert not tmux.alternate_screen()  # the terminal is back to normal
    assert "progress.toml" in os.listdir(tmux.data / "mini")


def test_sigterm_keeps_the_note_draft(tmp_path):
    from companion.store.drafts import list_drafts

    # the typing debounce would save the draft after 60 s: only the handler can save it
    tmux = Tmux(tmp_path, extra_env={"COMPANION_DRAFT_DELAY": "60"})
    try:
        tmux.wait_for("Not started")
        tmux.send("4")
        tmux.wait_for("Search your notes")
        tmux.send("a")
        tmux.wait_for("New note")
        tmux.run("send-keys", "-t", tmux.name, "-l", "a draft the terminal must not lose")
        tmux.wait_for("must not lose")
        book = tmux.data / "mini"
        assert list_drafts(book, claimed=True).drafts == []  # nothing saved before the signal
        os.kill(tmux.app_pid(), signal.SIGTERM)
        tmux.wait_exit()
        saved = list_drafts(book).drafts
        assert saved, "no draft was saved on SIGTERM"
        assert "a draft the terminal must not lose" in saved[0].text
        assert not tmux.alternate_screen()
    finally:
        tmux.close()
