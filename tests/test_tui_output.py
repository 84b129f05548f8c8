"""What the app sends to a real terminal (tmux) once it has drawn its first screen.

In idle time after the first paint it mounts the other panes and draws each ahead
(companion/tui/ahead.py). The reader sees nothing of that, and the terminal should get
nothing of it: drawn under the pane in view, every pane drawn ahead was sent to the
terminal again, line by line (about 320 KB after a first paint of 60 KB, at 120x40 on
the bundled book), which a browser tab or a slow link then has to carry; and each pane
mounted into the container in view repainted it (about 100 KB more).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from tests.pane_helpers import MINI, ROOT
from tests.test_tui_draft_sigterm import NEEDS_TMUX

pytestmark = NEEDS_TMUX


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


# an escape sequence: CSI (with private and intermediate bytes), OSC, or a charset
ESCAPE = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()=>][0-9A-Za-z]?"
)


def _words(data: bytes) -> set[str]:
    """The words of what a terminal shows for ``data`` (escape sequences left out)."""
    return set(re.findall(r"\w+", ESCAPE.sub(b" ", data).decode("utf-8", "replace")))


def _steady(path: Path, for_seconds: float, at_least: float = 0.0, within: float = 60.0) -> int:
    """The file's size once it has not grown for ``for_seconds`` (and ``at_least``
    seconds have passed)."""
    start = last_change = time.monotonic()
    size = _size(path)
    while time.monotonic() - start < within:
        time.sleep(0.1)
        now, grown = time.monotonic(), _size(path)
        if grown != size:
            size, last_change = grown, now
        elif now - last_change >= for_seconds and now - start >= at_least:
            return size
    raise AssertionError(f"the app kept writing to the terminal for {within:.0f} s")


def test_panes_drawn_ahead_are_not_sent_to_the_terminal(tmp_path):
    socket, go, sent = tmp_path / "tmux.sock", tmp_path / "go", tmp_path / "sent"

    def tmux(*args: str) -> str:
        done = subprocess.run(
            ["tmux", "-S", str(socket), *args], capture_output=True, text=True, timeout=30
        )
        return done.stdout

    # the app starts once the terminal's output is being recorded
    command = (
        f"cd {ROOT} && while [ ! -e {go} ]; do sleep 0.02; done; "
        f"exec env TERM=xterm-256color {sys.executable} -m companion "
        f"--book {MINI} --data-dir {tmp_path / 'data'}"
    )
    tmux("-f", "/dev/null", "new-session", "-d", "-s", "s", "-x", "120", "-y", "40", command)
    try:
        tmux("pipe-pane", "-t", "s", "-o", f"cat > {sent}")
        go.touch()
        end = time.monotonic() + 60
        while "next chapter" not in tmux("capture-pane", "-p", "-t", "s"):
            assert time.monotonic() < end, "the app never drew its first screen"
            time.sleep(0.1)
        first = _steady(sent, 0.3)
        # every pane mounted and drawn ahead: from 1.5 s on, one pane every 0.2 s or so
        later = _steady(sent, 2.0, at_least=5.0) - first
        print(f"first screen {first} bytes, then {later} bytes")
        # Not one word of a pane drawn ahead: every word sent after the first screen is
        # on the screen in view.
        unseen = _words(sent.read_bytes()[first:]) - _words(
            tmux("capture-pane", "-p", "-t", "s").encode()
        )
        assert not unseen, f"sent after the first screen, not on it: {sorted(unseen)[:20]}"
        # Nor the pane in view again, pane after pane: with that fault, 100 KB. Start-up
        # itself repaints this screen a few times (about 13 KB each), and on a busy
        # machine its last repaint may come after a pause long enough to look like the
        # end of the first screen (seen once: 6.8 KB after 46.8 KB).
        assert later < 30_000, f"{later} bytes after a first screen of {first}"
    finally:
        tmux("kill-server")
