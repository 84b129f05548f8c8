"""Who may use a served companion: whoever holds the link with its token.

Every URL starts with ``/<token>/``: the page, the websocket and the page's own
files. Anything else gets 403 before any route is looked at, so another user of
this machine, or a web page open in the same browser, cannot read or drive the
app (it holds the reader's private notes). The token is 32 random bytes, new at
every start, compared in constant time. The page's files are served from a fixed
list made at start-up: no path a request names is ever opened.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from urllib.parse import urlsplit

TOKEN_BYTES = 32
FORBIDDEN = (
    "403 Forbidden: this companion opens only with the link that `companion serve` "
    "printed (it carries a secret token).\n"
)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_loopback(host: str) -> bool:
    """Only this machine can reach ``host``."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """``host`` means every address of this machine (0.0.0.0, ::)."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def token_matches(path: str, token: str) -> bool:
    """Does the (raw, undecoded) path start with ``/<token>/``?"""
    first, _, _ = path.lstrip("/").partition("/")
    return path.startswith(f"/{first}/") and hmac.compare_digest(
        first.encode("utf-8", "replace"), token.encode()
    )


def same_origin(origin: str | None, host: str | None) -> bool:
    """A websocket's Origin header (if the browser sent one) names this server."""
    if origin is None:
        return True  # not a browser: it still needed the token
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and host is not None and parts.netloc == host


def remote_warning(host: str, port: int) -> str:
    where = "every network this machine is on" if is_wildcard(host) else f"the address {host}"
    return (
        f"Warning: serving on {where}, port {port}. Anyone who can reach it (your "
        "local network, or further if the port is forwarded) and has the link can "
        "read and change your notes, progress and deck. The connection is plain "
        "http, not encrypted: others on the same network can see what you read and "
        "type, and the link itself. Use it only on a network you trust."
    )
