"""Helpers for the tests of `companion serve`: a real server, Debian's Chromium.

``Served`` runs ``python -m companion serve`` on a free port and reads the link it
prints. ``browser`` (a fixture) is Chromium from /usr/bin/chromium driven by
Playwright (never a downloaded browser); each test gets a fresh context. A page's
screen is read from xterm.js itself: an init script keeps the page's Terminal
object (textual.js does not expose it) so ``Tab.screen()`` returns the text the
browser holds, row by row.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Chromium 156 makes two pages of its own browser UI (the address bar's popups) for
    # every tab, even headless, where nothing shows them. Measured: a tab on a one-line
    # page took 0.84 s of the machine's CPU with them, 0.21 s without; the browser
    # tests 13 s instead of 16 s, the lifecycle and two-tab tests 51-54 s instead of 56-60.
    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup",
]
# For tests of processes and saved files, not of what the page looks like (a module's
# CHROMIUM_EXTRA): no WebGL, so xterm.js draws without it. With no GPU, as here, WebGL
# is software GL: 8 tabs took 11-12 s of Chromium's CPU with it, 5-8 s without; the
# lifecycle and two-tab tests 58-60 s of the machine's CPU instead of 67 s. The text
# the tests read is the same either way; test_serve_browser keeps WebGL, as readers have.
NO_WEBGL = ("--disable-3d-apis",)
APP_MODULE = "companion.serve.child"

# Keeps xterm.js's Terminal when textual.js makes it (the first object given a
# `_core` that has onData and a buffer), and reads its rows as text.
TERMINAL_HOOK = """
Object.defineProperty(Object.prototype, "_core", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "_core", {value, writable: true, configurable: true});
    if (!window.__terminal && typeof this.onData === "function" && "buffer" in this) {
      window.__terminal = this;
    }
  },
});
window.__screen = () => {
  const t = window.__terminal;
  if (!t) return "";
  const rows = [];
  for (let y = 0; y < t.rows; y++) {
    const line = t.buffer.active.getLine(t.buffer.active.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
};
"""


def wait_until(condition, timeout: float = 30.0, every: float = 0.05, what=None):
    """Poll ``condition`` until it returns something true; its value. ``what`` (a
    string, or a function giving one) says what was awaited when it times out."""
    end = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            said = what() if callable(what) else what
            raise AssertionError(f"timed out after {timeout:g} s waiting for {said or condition}")
        time.sleep(every)


# -- processes ------------------------------------------------------------------------


def app_pids(data_dir: Path) -> list[int]:
    """The app processes serving ``data_dir`` (one per open tab)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            argv = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if (
            state != "Z"
            and APP_MODULE.encode() in argv
            and str(data_dir).encode() in b" ".join(argv)
        ):
            found.append(int(entry))
    return found


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def kill_pids(pids) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class Served:
    """A running `companion serve` for one data dir (or the server that ``argv`` starts)."""

    def __init__(
        self, data_dir: Path, *args: str, env: dict | None = None, argv: list[str] | None = None
    ) -> None:
        self.data_dir = data_dir
        full_env = {k: v for k, v in os.environ.items() if k != "COMPANION_DATA_DIR"}
        full_env.update(env or {})
        argv = argv or [sys.executable, "-m", "companion", "--data-dir", str(data_dir), "serve"]
        self.process = subprocess.Popen(
            [*argv, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=full_env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        self.errors: list[str] = []
        self.readers = [
            threading.Thread(target=self._read, args=(stream, is_out), daemon=True)
            for stream, is_out in ((self.process.stdout, True), (self.process.stderr, False))
        ]
        for reader in self.readers:
            reader.start()
        self.url = self._wait_for_link()

    def _read(self, stream, is_out: bool) -> None:
        for line in stream:
            (self.output if is_out else self.errors).append(line)
            if is_out:
                self.lines.put(line)

    def _wait_for_link(self) -> str:
        end = time.monotonic() + 60
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            if line.strip().startswith("http://"):
                return line.strip()
        raise AssertionError(f"no link from companion serve: {self.output} {self.errors}")

    @property
    def origin(self) -> str:
        return "/".join(self.url.split("/")[:3])

    @property
    def token(self) -> str:
        return self.url.rstrip("/").rsplit("/", 1)[1]

    def stop(self, sig: int = signal.SIGINT, timeout: float = 30) -> int:
        """Stop the server; its exit code, once all it printed is in ``output`` and
        ``errors``."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        code = self.process.wait(timeout=timeout)
        for reader in self.readers:
            reader.join(timeout)
        return code

    def close(self) -> None:
        """After a test: stop the server (Ctrl+C, else SIGKILL) and anything it left."""
        try:
            self.stop(signal.SIGINT, timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
        kill_pids(app_pids(self.data_dir))
        # shown by pytest only for a test that failed: a tab the server gave up on says so
        print("companion serve said:", *self.output, *self.errors, sep="\n  ")


# -- the browser ----------------------------------------------------------------------


def launch_chromium(playwright, *extra: str):
    if not CHROMIUM.exists():
        pytest.skip(
            "\n\n*** companion serve: THE BROWSER TESTS DID NOT RUN: Chromium is not "
            "installed at /usr/bin/chromium (apt-get install chromium; .ci/run does). ***\n"
        )
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=[*CHROMIUM_ARGS, *extra]
    )


NO_PLAYWRIGHT = (
    "\n\n*** companion serve: THE BROWSER TESTS DID NOT RUN: playwright is not "
    "installed (pip install -e '.[test]'). ***\n"
)


def chromium(*extra: str):
    """Generator for a module-scoped fixture (``extra``: more Chromium arguments)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)
    with sync_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright, *extra)
        yield browser
        browser.close()


def fresh_context(browser):
    """Generator for a fixture: a new browser context (its own cookies and storage)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context
    context.close()


class Tab:
    """One browser tab on the served companion."""

    def __init__(self, context, url: str, wait: str = "load") -> None:
        self.page = context.new_page()
        self.console: list[str] = []  # the page's console ("ping=3ms", "CLOSED")
        self.page.on("console", lambda message: self.console.append(message.text))
        self.page.add_init_script(TERMINAL_HOOK)
        self.page.goto(url, wait_until=wait)

    def screen(self) -> str:
        try:
            return self.page.evaluate("() => window.__screen ? window.__screen() : ''") or ""
        except Exception:  # the page is navigating or closed
            return ""

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        return wait_until(
            lambda: (screen := self.screen()) and text in screen and screen,
            timeout,
            what=lambda: f"{text!r} on the page; {self.state()}; it shows:\n{self.screen()}",
        )

    def state(self) -> str:
        """What a timeout should say besides the screen: where the keys go, and what
        the page logged (its connection closing, the ping)."""
        try:
            focus = self.page.evaluate(
                "() => [document.activeElement && document.activeElement.className,"
                " document.hasFocus()]"
            )
        except Exception as error:  # the page is navigating or closed
            focus = repr(error)
        return f"focus {focus}, console {self.console[-5:]}"

    def wait_without(self, text: str, timeout: float = 30.0) -> str:
        return wait_until(
            lambda: (screen := self.screen()) and text not in screen and screen,
            timeout,
            what=f"{text!r} to leave the page",
        )

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def cell_box(self, text: str) -> tuple[float, float]:
        """The page coordinates of the middle of the first cell of ``text`` on screen."""
        rows = self.screen().split("\n")
        for y, row in enumerate(rows):
            x = row.find(text)
            if x >= 0:
                box = self.page.locator(".xterm-screen").bounding_box()
                cols, lines = self.page.evaluate(
                    "() => [window.__terminal.cols, window.__terminal.rows]"
                )
                width, height = box["width"] / cols, box["height"] / lines
                return box["x"] + (x + 0.5) * width, box["y"] + (y + 0.5) * height
        raise AssertionError(f"{text!r} is not on the page:\n{self.screen()}")

    def click(self, text: str) -> None:
        """Click the first cell of ``text`` once it is on the page."""
        self.wait_for(text)
        self.page.mouse.click(*self.cell_box(text))

    def close(self) -> None:
        self.page.close()


class StallingProxy:
    """A TCP proxy to the server that can stop passing bytes without closing
    anything: a network that silently went away (wifi lost, laptop asleep)."""

    def __init__(self, target_port: int) -> None:
        import socket

        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stalled = threading.Event()
        self.sockets: list = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import socket

        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source, sink) -> None:
        try:
            while data := source.recv(65536):
                while self.stalled.is_set():
                    time.sleep(0.05)  # hold the bytes: neither delivered nor refused
                sink.sendall(data)
        except OSError:
            pass

    def stall(self) -> None:
        self.stalled.set()

    def resume(self) -> None:
        self.stalled.clear()

    def close(self) -> None:
        self.listener.close()
        for sock in self.sockets:
            try:
                sock.close()
            except OSError:
                pass
