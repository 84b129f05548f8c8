"""Nobody else gets in: the token, the host rule, the page's files and nothing else.

Requests are sent as raw HTTP (http.client and a websocket handshake by hand), so
the paths reach the server exactly as written, without a browser tidying them.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import signal
import socket
import struct
import subprocess
import sys

import pytest

from tests.conftest import ROOT, run_companion
from tests.serve_helpers import Served, wait_until


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data = tmp_path_factory.mktemp("serve-access")
    (data / "never-let-me-go").mkdir()
    (data / "never-let-me-go" / "progress.toml").write_text("schema_version = 1\n")
    server = Served(data)
    yield server
    server.close()


def get(served, path: str, headers: dict | None = None) -> tuple[int, bytes, dict]:
    host, port = served.origin.split("//")[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def handshake(origin: str | None = None) -> dict:
    key = base64.b64encode(os.urandom(16)).decode()
    headers = {
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": key,
        "Sec-WebSocket-Version": "13",
    }
    if origin:
        headers["Origin"] = origin
    return headers


def test_the_link_opens_the_page_its_files_and_its_websocket(served):
    status, body, headers = get(served, f"/{served.token}/")
    assert status == 200 and b"textual.js" in body
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert get(served, f"/{served.token}/static/js/textual.js")[0] == 200
    status, _, headers = get(served, f"/{served.token}/ws", handshake())
    assert status == 101 and headers["Upgrade"].lower() == "websocket"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/ws",
        "/static/js/textual.js",
        "/favicon.ico",
        "/{wrong}/",
        "/{wrong}/ws",
        "/{wrong}/static/js/textual.js",
        "/{short}/",  # all but the last character of the token
        "/{token}x/",
        "/?token={token}",
        "//{token}/",
        "/{encoded}/",  # the token's first character percent-encoded
        "/{token}",  # no slash after it: not a path under it
    ],
)
def test_without_the_token_everything_is_403(served, path):
    token = served.token
    wrong = ("A" if token[0] != "A" else "B") + token[1:]
    encoded = f"%{ord(token[0]):02X}{token[1:]}"
    path = path.format(token=token, wrong=wrong, short=token[:-1], encoded=encoded)
    status, body, _ = get(served, path, handshake() if path.endswith("/ws") else None)
    assert status == 403, path
    assert b"the link that `companion serve` printed" in body
    assert token.encode() not in body


@pytest.mark.parametrize(
    "tail",
    [
        "../../../../../../etc/passwd",
        "..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "%252e%252e%252f%252e%252e%252fetc%252fpasswd",
        "..%5c..%5c..%5c..%5cetc%5cpasswd",
        "%2fetc%2fpasswd",
        "/etc/passwd",
        "js/../../../../../../../etc/passwd",
        "js/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "..%c0%af..%c0%af..%c0%afetc%c0%afpasswd",
        "js/textual.js%00.png",
        "../../serve/server.py",
        "../__init__.py",
        "../../../../../../{data}/never-let-me-go/progress.toml",
        "..%2f..%2f..%2f..%2f..%2f..%2f{data_encoded}%2fnever-let-me-go%2fprogress.toml",
        "companion/../../server.py",
        "js",
        ".",
    ],
)
def test_the_static_route_serves_no_other_file(served, tail):
    data = str(served.data_dir).lstrip("/")
    tail = tail.format(data=data, data_encoded=data.replace("/", "%2f"))
    status, body, _ = get(served, f"/{served.token}/static/{tail}")
    assert status in (400, 403, 404), (tail, status)
    for secret in (b"root:", b"schema_version", b"import ", b"def "):
        assert secret not in body, tail


def test_a_websocket_from_another_site_is_refused(served):
    status, _, _ = get(served, f"/{served.token}/ws", handshake(origin="http://evil.example"))
    assert status == 403


def test_closed_tabs_and_broken_requests_print_no_traceback(data_dir):
    # What reaches the port is anyone's to send, and the terminal is the reader's: aiohttp
    # used to print "Error handling request" and its traceback there.
    # - A tab closed while its page starts: the connection is reset (RST) right after
    #   the websocket handshake is sent, before the server answers. Nothing to say.
    # - A request that is not valid HTTP: refused (400), and said in one line.
    server = Served(data_dir)
    try:
        host, port = server.origin.split("//")[1].split(":")
        request = f"GET /{server.token}/ws HTTP/1.1\r\nHost: {host}:{port}\r\n"
        request += "".join(f"{k}: {v}\r\n" for k, v in handshake(server.origin).items())
        for _ in range(3):
            with socket.create_connection((host, int(port))) as client:
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                client.sendall(f"{request}\r\n".encode())
        for broken in (b"GET / HTTP/9.9\r\n\r\n", b"GET / HTTP/1.1\r\nX: " + b"\x1b" * 9000):
            with socket.create_connection((host, int(port)), timeout=30) as client:
                client.sendall(broken + b"\r\n\r\n")
                assert client.recv(100).startswith(b"HTTP/1.0 400")
        status, _, _ = get(server, f"/{server.token}/ws", handshake())
        assert status == 101  # and the server still opens the next tab's socket
        assert server.stop() == 0
        said = "".join(server.errors)
        assert "Traceback" not in said and "\x1b" not in said, said
        lines = said.splitlines()
        assert len(lines) == 2 and all("not valid HTTP" in line for line in lines), said
    finally:
        server.close()


def test_a_remote_host_is_refused_without_allow_remote(data_dir):
    done = run_companion("serve", "--host", "0.0.0.0", data_dir=data_dir, process=True)
    assert done.returncode == 2
    assert "--allow-remote" in done.stderr and "other machines" in done.stderr
    assert done.stdout == ""


def test_allow_remote_says_who_can_reach_it(data_dir):
    server = Served(data_dir, "--host", "0.0.0.0", "--allow-remote")
    try:
        warning = wait_until(lambda: "".join(server.errors), what="the warning")
        assert "every network this machine is on" in warning
        assert "Anyone who can reach it" in warning and "not encrypted" in warning
        assert get(server, f"/{server.token}/")[0] == 200
        assert get(server, "/")[0] == 403  # the token is still required
        assert server.stop(signal.SIGTERM) == 0
    finally:
        server.close()


def test_a_port_in_use_is_a_clear_error(data_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_companion("serve", "--port", str(port), data_dir=data_dir, process=True)
    assert done.returncode == 2
    assert f"port {port}" in done.stderr and "Traceback" not in done.stderr


# `companion serve` parses its options without the server or the TUI loaded.
REFUSED = r"""
import json, sys
import companion.cli
code = companion.cli.main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(
    m for m in sys.modules if m.split(".")[0] in ("textual", "aiohttp", "textual_serve"))}))
"""


def test_serve_imports_nothing_heavy_until_it_serves(data_dir):
    done = subprocess.run(
        [sys.executable, "-c", REFUSED, "--data-dir", str(data_dir), "serve", "--host", "10.1.2.3"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"code": 2, "modules": []}
