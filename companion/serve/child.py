"""One browser tab's app: ``python -m companion.serve.child [--book B] [--data-dir D]``.

Started by the server with ``TEXTUAL_DRIVER`` naming ``companion.serve.driver``;
its standard input and output are the server's pipes, not a terminal.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    from companion.cli import app_context

    ctx = app_context(argv)
    if ctx is None:
        print(f"companion.serve.child: unexpected arguments {argv!r}", file=sys.stderr)
        return 2
    from companion.tui.launch import launch

    return launch(ctx)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
