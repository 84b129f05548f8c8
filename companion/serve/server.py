"""The web server of `companion serve`: one page, one websocket per tab, the page's files.

The browser side is textual-serve's (its textual.js, xterm.js, CSS and fonts, and
its wire protocol); the server is ours, on aiohttp as textual-serve's is, so that
every URL carries the token (access.py) and every app process ends with its tab
(session.py). Ctrl+C, SIGTERM or SIGHUP stop the server: each app is told to quit
(saving its draft), then made to.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import importlib.util
import json
import os
import signal
import socket
import sys
from pathlib import Path
from string import Template

from aiohttp import WSMsgType, web

from companion.errors import CompanionError
from companion.serve.access import (
    FORBIDDEN,
    is_loopback,
    is_wildcard,
    new_token,
    remote_warning,
    same_origin,
    token_matches,
)
from companion.serve.logs import one_line_logs
from companion.serve.session import AppSession

# A page silently gone (network lost, no close) is noticed when nothing, not even the
# pong to a ping, has come from it for SILENCE seconds (the app then ends within the
# 5 s promised). Not aiohttp's heartbeat: it drops a page whose pong is half a heartbeat
# late, and a busy browser tab stops reading its socket for longer than that (seen:
# tabs of a loaded machine lost after 0.75 s); here a pong may be 2 s late.
PING_EVERY = 1.0
SILENCE = 3.0
DRIVER = "companion.serve.driver:ServedDriver"
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; "
    "style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",  # a link opened from the page must not carry the token
    "Cross-Origin-Opener-Policy": "same-origin",  # nor reach back into this page
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


def static_files() -> dict[str, Path]:
    """textual-serve's page files by their path under /static/: a fixed list."""
    spec = importlib.util.find_spec("textual_serve")
    if spec is None or not spec.submodule_search_locations:
        raise CompanionError("textual-serve is not installed: pip install textual-serve", 1)
    root = Path(list(spec.submodule_search_locations)[0]) / "static"
    files = {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}
    files["companion/focus.js"] = Path(__file__).with_name("focus.js")
    return files


def _number(raw: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(high, max(low, int(raw))) if raw is not None else default
    except (TypeError, ValueError):
        return default


def _size(data) -> tuple[int, int] | None:
    if not isinstance(data, dict):
        return None
    width, height = data.get("width"), data.get("height")
    if type(width) is not int or type(height) is not int:
        return None
    return _number(str(width), 80, 2, 500), _number(str(height), 24, 1, 300)


class Server:
    """The routes, and every app session they started."""

    def __init__(self, child_argv: list[str], title: str, token: str | None = None) -> None:
        self.token = token or new_token()
        self.child_argv = child_argv
        self.env = dict(
            os.environ,
            TEXTUAL_DRIVER=DRIVER,
            TEXTUAL_FPS="60",
            TEXTUAL_COLOR_SYSTEM="truecolor",
            TERM_PROGRAM="textual",
        )
        self.title = title
        self.sessions: set[AppSession] = set()
        self.closing = False
        self._static = static_files()
        self._page = Template((Path(__file__).parent / "page.html").read_text("utf-8"))

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        base = f"/{self.token}"
        app.router.add_get(f"{base}/", self.page)
        app.router.add_get(f"{base}/ws", self.websocket)
        app.router.add_get(f"{base}/static/{{path:.+}}", self.static_file)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler):
        if not token_matches(request.rel_url.raw_path, self.token):
            return web.Response(status=403, text=FORBIDDEN, headers=PAGE_HEADERS)
        return await handler(request)

    async def page(self, request: web.Request) -> web.Response:
        text = self._page.substitute(
            title=html.escape(self.title),
            static=f"/{self.token}/static/",
            ws_url=html.escape(f"ws://{request.host}/{self.token}/ws", quote=True),
            font_size=_number(request.query.get("fontsize"), 16, 8, 48),
        )
        return web.Response(text=text, content_type="text/html", headers=PAGE_HEADERS)

    async def static_file(self, request: web.Request) -> web.StreamResponse:
        path = self._static.get(request.match_info["path"])
        if path is None:
            raise web.HTTPNotFound()
        return web.FileResponse(path, headers={"X-Content-Type-Options": "nosniff"})

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        if not same_origin(request.headers.get("Origin"), request.host):
            return web.Response(status=403, text=FORBIDDEN)
        if self.closing:
            return web.Response(status=503, text="The companion is stopping.\n")
        ws = web.WebSocketResponse(autoping=False, receive_timeout=SILENCE)
        try:
            await ws.prepare(request)
        except ConnectionError:
            # The tab closed as its socket opened: no app was started. Nothing can reach
            # it now; aiohttp drops this answer quietly (a ConnectionError raised here
            # would be logged as an error, with a traceback, in the reader's terminal).
            return web.Response(status=400, text="The tab closed.\n")
        pinger = asyncio.create_task(_ping(ws))
        session = AppSession(
            self.child_argv,
            self.env,
            send_bytes=ws.send_bytes,
            send_text=ws.send_str,
            close=ws.close,
        )
        self.sessions.add(session)
        try:
            width = _number(request.query.get("width"), 80, 2, 500)
            height = _number(request.query.get("height"), 24, 1, 300)
            await session.start(width, height)
            async for message in ws:  # pongs come here too (no autoping): each is a sign of life
                if message.type == WSMsgType.PING:
                    await ws.pong(message.data)
                elif message.type == WSMsgType.TEXT and not await self._from_page(
                    ws, session, message.data
                ):
                    break
        except TimeoutError:  # SILENCE: the page is gone; its app is stopped below
            print(
                f"A browser tab sent nothing for {SILENCE:g} s (its network may be gone): "
                "its app is stopped, a note being written is kept as a draft.",
                file=sys.stderr,
                flush=True,
            )
        finally:
            pinger.cancel()
            await session.stop()
            self.sessions.discard(session)
            with contextlib.suppress(Exception):
                await ws.close()
        return ws

    async def _from_page(self, ws, session: AppSession, data: str) -> bool:
        """One message from textual.js; False when the app can no longer take input."""
        try:
            envelope = json.loads(data)
        except ValueError:
            return True
        if not isinstance(envelope, list) or not envelope:
            return True
        kind, arg = envelope[0], envelope[1] if len(envelope) > 1 else None
        if kind == "stdin" and isinstance(arg, str):
            return await session.send_input(arg)
        if kind == "resize" and (size := _size(arg)):
            return await session.send_meta({"type": "resize", "width": size[0], "height": size[1]})
        if kind in ("focus", "blur"):
            return await session.send_meta({"type": kind})
        if kind == "ping" and isinstance(arg, str):
            await ws.send_json(["pong", arg])
        return True

    async def close(self) -> None:
        """Stop every app (at once, each within its own deadline)."""
        self.closing = True
        await asyncio.gather(*(s.stop() for s in list(self.sessions)), return_exceptions=True)


async def _ping(ws: web.WebSocketResponse) -> None:
    """Ping the page every PING_EVERY seconds: its pongs keep the websocket alive."""
    while not ws.closed:
        await asyncio.sleep(PING_EVERY)
        with contextlib.suppress(ConnectionError, RuntimeError):
            await ws.ping()


# -- running it -----------------------------------------------------------------


def child_argv(ctx) -> list[str]:
    from companion.store.paths import data_root

    root = data_root(ctx.data_override).resolve()
    return [
        sys.executable,
        "-m",
        "companion.serve.child",
        "--book",
        str(ctx.pack_dir),
        "--data-dir",
        str(root),
    ]


def bind(host: str, port: int) -> socket.socket:
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except socket.gaierror:
        raise CompanionError(f"--host {host}: no such address on this machine", 2) from None
    except OSError as error:
        where = f"port {port}" if port else "a free port"
        raise CompanionError(
            f"cannot listen on {host}, {where}: {error.strerror}. Choose another "
            "--port, or leave --port out to take any free one.",
            2,
        ) from None
    return sock


def links(host: str, port: int, token: str) -> list[str]:
    def url(name: str) -> str:
        name = f"[{name}]" if ":" in name else name
        return f"http://{name}:{port}/{token}/"

    if not is_wildcard(host):
        return [url(host)]
    found = [url("127.0.0.1")]
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the interface
        found.append(url(probe.getsockname()[0]))
    return found


def serve(ctx, title: str, *, host: str, port: int, open_browser: bool) -> int:
    return run(child_argv(ctx), title, host=host, port=port, open_browser=open_browser)


def run(argv: list[str], title: str, *, host: str, port: int, open_browser: bool = False) -> int:
    """Serve the app that ``argv`` starts (benchmarks serve a minimal app the same way)."""
    return asyncio.run(_serve(argv, title, host, port, open_browser))


async def _serve(argv: list[str], title: str, host: str, port: int, open_browser: bool) -> int:
    sock = bind(host, port)
    port = sock.getsockname()[1]
    one_line_logs()
    server = Server(argv, title=title)
    runner = web.AppRunner(server.make_app(), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    urls = links(host, port, server.token)
    if not is_loopback(host):
        print(remote_warning(host, port), file=sys.stderr)
    print(f"The companion is ready for your browser at:\n  {urls[0]}")
    for other in urls[1:]:
        print(f"From another device on your network:\n  {other}")
    print("The link is your key: do not share it. Ctrl+C stops the companion.", flush=True)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(sig, stopping.set)
    if open_browser:
        import webbrowser

        loop.run_in_executor(None, webbrowser.open, urls[0])
    try:
        await stopping.wait()
    finally:
        count = len(server.sessions)
        print(f"Stopping: closing {count} open tab{'s' * (count != 1)}…", flush=True)
        await server.close()
        await runner.cleanup()
    print("Stopped.", flush=True)
    return 0
