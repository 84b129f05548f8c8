"""`companion serve`: the companion in a web browser, one app process per tab.

Nothing heavy is imported here: the server (aiohttp) only once `serve` runs.
"""

from __future__ import annotations

from companion.commands import add_command
from companion.errors import CompanionError


def register(sub) -> None:
    parser = add_command(
        sub,
        "serve",
        help="read the companion in a web browser",
        description="Serve the companion to a web browser on this machine. Prints a link "
        "with a secret token: only someone with the link gets in. Ctrl+C stops it.",
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    parser.add_argument(
        "--port", type=int, default=0, help="port to listen on (default: any free port)"
    )
    parser.add_argument("--open", action="store_true", help="open the link in your web browser")
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host that other machines can reach (they still need the link)",
    )
    parser.set_defaults(func=run)


def run(ctx) -> int:
    from companion.serve.access import is_loopback

    args = ctx.args
    if not 0 <= args.port <= 65535:
        raise CompanionError(f"--port {args.port}: give a port from 1 to 65535 (or 0 for any)", 2)
    if not is_loopback(args.host) and not args.allow_remote:
        raise CompanionError(
            f"--host {args.host} can be reached from other machines, which could then "
            "use your notes. Add --allow-remote if you mean it, or leave --host out "
            "to serve this machine only.",
            2,
        )
    title = ctx.book.title  # a broken pack is reported here, not in each browser tab
    from companion.serve.server import serve

    return serve(ctx, title, host=args.host, port=args.port, open_browser=args.open)
