"""One browser tab's app process, from its start to its certain end.

The app runs as ``python -m companion.serve.child`` with Textual's web driver
(``companion.serve.driver``) and talks the protocol textual-serve defined: on its
standard output a ``__GANGLION__`` line, then packets (one byte D = terminal
output, M = JSON meta; a 4-byte big-endian length; the payload); on its standard
input the same packets, D = keys and mouse, M = resize/focus/blur/quit.

What textual-serve's own ``AppService`` does not guarantee, and this does:

* The app's output is read until it ends, whether or not the page is still
  there. (textual-serve stops reading once a send to a closed page fails; an app
  with more than a pipe's worth of frame left then blocks in ``write`` for ever,
  deaf to quit and to SIGTERM.)
* Stopping always ends the process: quit, and its input closed; after
  ``QUIT_WAIT`` SIGTERM to its process group (the note editor saves its draft on
  it); after ``TERM_WAIT`` SIGKILL. The app runs in its own session, so the group
  is its own and Ctrl+C in the server's terminal reaches only the server, which
  then stops each app this way.
* Only http(s) links are opened in the browser, always in a new tab.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import Awaitable, Callable

QUIT_WAIT = 1.5  # seconds an app has to quit by itself
TERM_WAIT = 1.0  # then after SIGTERM, before SIGKILL
SEND_WAIT = 5.0  # an app that does not read its input for this long is stuck
HELLO = b"__GANGLION__\n"
STDERR_KEPT = 8192  # bytes of the app's error output kept for the server's log


def packet(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


class AppSession:
    """Start, feed and stop one app process for one websocket."""

    def __init__(
        self,
        argv: list[str],
        env: dict[str, str],
        *,
        send_bytes: Callable[[bytes], Awaitable[None]],
        send_text: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[object]],
    ) -> None:
        self.argv = argv
        self.env = env
        self._send_bytes = send_bytes
        self._send_text = send_text
        self._close = close
        self.process: asyncio.subprocess.Process | None = None
        self._page_gone = False
        self._tasks: list[asyncio.Task] = []
        self._stopping: asyncio.Future | None = None
        self._signalled = False
        self.stderr = bytearray()

    async def start(self, width: int, height: int) -> None:
        env = dict(self.env, COLUMNS=str(width), ROWS=str(height))
        self.process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
        self._tasks = [
            asyncio.create_task(self._pump_output()),
            asyncio.create_task(self._keep_errors()),
        ]

    # -- from the page to the app --

    async def send_input(self, text: str) -> bool:
        return await self._write(packet(b"D", text.encode("utf-8", "replace")))

    async def send_meta(self, meta: dict) -> bool:
        return await self._write(packet(b"M", json.dumps(meta).encode()))

    async def _write(self, data: bytes) -> bool:
        process = self.process
        if process is None or process.stdin is None or process.stdin.is_closing():
            return False
        try:
            process.stdin.write(data)
            await asyncio.wait_for(process.stdin.drain(), SEND_WAIT)
        except (TimeoutError, ConnectionError, RuntimeError):
            return False
        return True

    # -- from the app to the page --

    async def _pump_output(self) -> None:
        """Forward the app's output to the page; read it to the end regardless."""
        assert self.process is not None and self.process.stdout is not None
        out = self.process.stdout
        try:
            for _ in range(20):  # anything printed before the hello is not for the page
                line = await out.readline()
                if not line or line == HELLO:
                    break
            while True:
                head = await out.readexactly(5)
                payload = await out.readexactly(int.from_bytes(head[1:], "big"))
                if head[:1] == b"D":
                    await self._to_page(self._send_bytes, payload)
                elif head[:1] == b"M":
                    await self._on_meta(payload)
                # b"P" carries file deliveries, which the companion never makes
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass

    async def _keep_errors(self) -> None:
        assert self.process is not None and self.process.stderr is not None
        while chunk := await self.process.stderr.read(4096):
            self.stderr += chunk
            del self.stderr[:-STDERR_KEPT]

    async def _to_page(self, send: Callable[..., Awaitable[None]], data) -> None:
        if self._page_gone:
            return
        try:
            await send(data)
        except (ConnectionError, RuntimeError):
            self._page_gone = True  # keep reading: an app must never block on its output

    async def _on_meta(self, payload: bytes) -> None:
        try:
            meta = json.loads(payload)
        except ValueError:
            return
        kind = meta.get("type") if isinstance(meta, dict) else None
        if kind == "exit":  # the app quit (q): the page says "Session ended"
            self._page_gone = True
            with contextlib.suppress(Exception):
                await self._close()
        elif kind == "open_url":
            url = meta.get("url")
            if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
                message = json.dumps(["open_url", {"url": url, "new_tab": True}])
                await self._to_page(self._send_text, message)

    # -- the end --

    async def stop(self) -> None:
        """End the app for certain (see the module's docstring); safe to call twice."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop())
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        self._page_gone = True
        process = self.process
        if process is None:
            return
        if process.returncode is None and process.stdin is not None:
            with contextlib.suppress(Exception):  # no waiting on an app that reads nothing
                process.stdin.write(packet(b"M", b'{"type": "quit"}'))
                process.stdin.close()  # the app also ends when its input ends
        for sig, wait in ((None, QUIT_WAIT), (signal.SIGTERM, TERM_WAIT), (signal.SIGKILL, None)):
            if sig is not None:
                self._signal_group(sig)
            try:
                await asyncio.wait_for(process.wait(), wait)
                break
            except TimeoutError:
                continue
        _done, pending = await asyncio.wait(self._tasks, timeout=1.0)
        for task in pending:  # output held open by something outside the group
            task.cancel()
        if process.returncode and not self._signalled and self.stderr:
            text = self.stderr.decode("utf-8", "replace").strip()
            print(f"companion: a browser tab's app ended with an error:\n{text}", file=sys.stderr)

    def _signal_group(self, sig: int) -> None:
        process = self.process
        if process is None or process.returncode is not None:
            return  # reaped: its process group id may belong to someone else by now
        self._signalled = True
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)  # start_new_session: the group is the app's own
