"""No app process outlives its page, and no draft is lost on the way out.

Closing a tab, losing the connection, stopping or killing the server: each tab's
app process is gone within 5 seconds (the promise of `companion serve`), with the
note editor's draft saved. COMPANION_DRAFT_DELAY=60 keeps the editor from saving
while typing, so a draft found afterwards was saved by the way out.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import time

import pytest

from companion.serve.server import DRIVER
from companion.serve.session import packet
from tests.conftest import ROOT
from tests.serve_helpers import (
    NO_WEBGL,
    Served,
    StallingProxy,
    Tab,
    app_pids,
    cpu_seconds,
    wait_until,
)

PROMISE = 5.0  # seconds from a page going away to its app process being gone
NO_TYPING_SAVES = {"COMPANION_DRAFT_DELAY": "60"}
TABS = 24  # opened and closed at random moments
CHROMIUM_EXTRA = NO_WEBGL  # processes and files are tested here, not pixels


@pytest.fixture
def served(data_dir):
    server = Served(data_dir, env=NO_TYPING_SAVES)
    yield server
    server.close()


def open_editor_with(tab: Tab, text: str) -> None:
    tab.wait_for("Chapter 1 is your next chapter")
    tab.press("4")
    tab.wait_for("No notes yet")
    tab.press("a")
    tab.wait_for("New note")
    tab.type(text)
    tab.wait_for(text)


def gone(data_dir, timeout: float = PROMISE, what: str = "every app process to end") -> None:
    wait_until(lambda: not app_pids(data_dir), timeout, what=what)


def offered_again(context, served: Served, text: str) -> None:
    """A new tab offers the unsaved note back, with its text."""
    tab = Tab(context, served.url)
    assert text in tab.wait_for("An unsaved note was found")
    tab.close()


def offered_after_restart(context, data_dir, text: str) -> None:
    again = Served(data_dir, env=NO_TYPING_SAVES)
    try:
        offered_again(context, again, text)
    finally:
        again.close()


def test_closing_a_tab_ends_its_app_and_keeps_the_draft(served, context, data_dir):
    tab = Tab(context, served.url)
    open_editor_with(tab, "Words typed just before the tab closed")
    assert len(app_pids(data_dir)) == 1
    tab.close()
    gone(data_dir)
    offered_again(context, served, "Words typed just before the tab closed")


def test_stopping_the_server_ends_every_app_and_keeps_the_draft(served, context, data_dir):
    tabs = [Tab(context, served.url) for _ in range(3)]
    for tab in tabs:  # all up before one moves: a tab opens on the pane last left
        tab.wait_for("Chapter 1 is your next chapter")
    open_editor_with(tabs[0], "A draft the server's Ctrl+C must keep")
    assert len(app_pids(data_dir)) == 3
    assert served.stop(signal.SIGINT) == 0  # Ctrl+C
    gone(data_dir, timeout=0.5, what="no app left once the server has stopped")
    assert "Stopped." in "".join(served.output)
    offered_after_restart(context, data_dir, "A draft the server's Ctrl+C must keep")


def test_a_killed_server_leaves_no_app_behind(served, context, data_dir):
    tabs = [Tab(context, served.url) for _ in range(2)]
    tabs[1].wait_for("Chapter 1 is your next chapter")
    open_editor_with(tabs[0], "A draft that outlives a killed server")
    served.stop(signal.SIGKILL)  # the apps' input ends; nobody tells them to quit
    gone(data_dir)
    offered_after_restart(context, data_dir, "A draft that outlives a killed server")


def test_a_lost_connection_ends_the_app(served, context, data_dir):
    port = int(served.origin.rsplit(":", 1)[1])
    proxy = StallingProxy(port)
    try:
        tab = Tab(context, f"http://127.0.0.1:{proxy.port}/{served.token}/")
        open_editor_with(tab, "Typed before the network went away")
        proxy.stall()  # no close, no reset: the bytes just stop
        gone(data_dir)
        # the server's terminal says why the tab ended
        wait_until(
            lambda: any("sent nothing for 3 s" in line for line in served.errors),
            what=lambda: f"the server to say so; it said {served.errors}",
        )
        offered_again(context, served, "Typed before the network went away")
    finally:
        proxy.close()


def test_a_page_quiet_for_two_seconds_keeps_its_app(served, context, data_dir):
    # a busy tab or a slow network: pongs late, but the page comes back
    port = int(served.origin.rsplit(":", 1)[1])
    proxy = StallingProxy(port)
    try:
        tab = Tab(context, f"http://127.0.0.1:{proxy.port}/{served.token}/")
        tab.wait_for("Chapter 1 is your next chapter")
        [pid] = app_pids(data_dir)
        proxy.stall()
        time.sleep(2.0)  # the length of the silence is what is tested
        proxy.resume()
        tab.press("4")
        tab.wait_for("No notes yet")
        assert app_pids(data_dir) == [pid]
    finally:
        proxy.close()


def test_sigterm_ends_the_app_and_keeps_the_draft(served, context, data_dir):
    tab = Tab(context, served.url)
    open_editor_with(tab, "Kept on SIGTERM")
    [pid] = app_pids(data_dir)
    os.kill(pid, signal.SIGTERM)
    gone(data_dir, timeout=2.0, what="the app to end within 2 s of SIGTERM")
    offered_again(context, served, "Kept on SIGTERM")


# An app whose event loop never comes back (as when it is stuck drawing): SIGTERM
# must still end it, through the served driver's own handler.
STUCK_APP = """
import os
from textual.app import App

class Stuck(App):
    def on_mount(self):
        self.call_later(self.spin)

    def spin(self):
        os.write(2, b"spinning\\n")  # Textual captures sys.stderr
        while True:
            sum(range(1000))

Stuck().run()
"""


def app_process(args: list[str], driver: str, stderr=subprocess.DEVNULL) -> subprocess.Popen:
    """An app on pipes, as the server starts one, with the given Textual driver."""
    env = {k: v for k, v in os.environ.items() if k != "COMPANION_DATA_DIR"}
    env.update(TEXTUAL_DRIVER=driver, COLUMNS="120", ROWS="40")
    return subprocess.Popen(
        [sys.executable, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        env=env,
        cwd=ROOT,
    )


def test_sigterm_ends_a_served_app_whose_loop_is_stuck():
    app = app_process(["-c", STUCK_APP], DRIVER, stderr=subprocess.PIPE)
    try:
        ready, _, _ = select.select([app.stderr], [], [], 60)
        assert ready and app.stderr.readline() == b"spinning\n"
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=10) == 128 + signal.SIGTERM
    finally:
        app.kill()
        app.wait()


def test_resizes_queued_at_start_up_do_not_keep_a_quitting_app_alive(data_dir):
    """Resizes that reach the app before its first frame, then quit (a tab resized
    and closed while the app starts). They used to re-post each other for ever once
    the app was quitting: 100% CPU, no exit, SIGTERM ignored. Textual's own web
    driver here, so that only the app's fix is tested, not the served driver."""
    burst = b"".join(
        packet(b"M", json.dumps({"type": "resize", "width": w, "height": h}).encode())
        for w, h in [(400, 150), (390, 140)] * 15
    )
    burst += packet(b"M", b'{"type": "quit"}')
    app = app_process(
        ["-m", "companion.serve.child", "--data-dir", str(data_dir)],
        "textual.drivers.web_driver:WebDriver",
    )
    try:
        app.stdin.write(burst)  # all before the app has read anything
        app.stdin.flush()
        assert app.wait(timeout=60) == 0
    finally:
        app.kill()
        app.wait()


@pytest.mark.slow(seconds=25)
def test_many_tabs_opened_and_closed_at_random_moments(served, context, data_dir):
    """Half the tabs close during the first two seconds of their app's start-up, the
    others once it is drawn; never more than 10 open at once. Afterwards no app
    process is left, the server is idle, and a new tab still works. 24 tabs (each an
    app process: ~1.5 s of CPU to start); the moments change with every run's seed."""
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    print(f"seed {seed}")
    pending = [rng.uniform(0.0, 2.0) if i % 2 else rng.uniform(2.0, 6.0) for i in range(TABS)]
    rng.shuffle(pending)
    open_tabs: list[tuple[float, Tab]] = []
    while pending or open_tabs:
        while pending and len(open_tabs) < 10:
            tab = Tab(context, served.url, wait="commit")  # the page has only begun
            open_tabs.append((time.monotonic() + pending.pop(), tab))
        due = min(open_tabs, key=lambda item: item[0])
        time.sleep(max(0.0, due[0] - time.monotonic()))
        due[1].close()
        open_tabs.remove(due)
    gone(data_dir, what=f"every app to end after {TABS} tabs (seed {seed})")
    assert "Traceback" not in "".join(served.errors), served.errors
    server = served.process.pid
    before = cpu_seconds(server)
    time.sleep(2.0)
    assert cpu_seconds(server) - before < 0.1, "the server is busy with no tab open"
    tab = Tab(context, served.url)
    tab.wait_for("Chapter 1 is your next chapter")
    tab.close()
    gone(data_dir)
