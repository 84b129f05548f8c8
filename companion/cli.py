"""The `companion` command line. Imports the TUI only to launch it."""

from __future__ import annotations

import argparse
import importlib
import sys

from companion import __version__
from companion.commands import COMMAND_MODULES, global_options
from companion.context import Context
from companion.errors import CompanionError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="companion",
        description="A spoiler-safe reading companion for Never Let Me Go. "
        "With no command, opens the companion in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"companion {__version__}")
    global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"companion.commands.{name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = Context(book_arg=args.book, data_override=args.data_dir, args=args)
    try:
        if args.command is None:
            from companion.tui.launch import launch

            return launch(ctx)
        return args.func(ctx)
    except CompanionError as error:
        print(f"companion: {error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `companion guide | head` closes the pipe early; that is not an error.
        sys.stderr.close()
        return 0
