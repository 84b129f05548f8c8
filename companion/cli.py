"""The `companion` command line. Imports the TUI only to launch it."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from companion import __version__
from companion.context import Context
from companion.errors import CompanionError

if TYPE_CHECKING:
    import argparse


# The command each module registers, where the two names differ.
_COMMAND_NAMES = {"notes": "note", "import_": "import"}
# Global options that take a value (the token after them is not a command).
_VALUE_OPTIONS = {"--book", "--data-dir"}


def _command_module(argv: list[str]) -> str | None:
    """The module of the command named in ``argv``, if one plainly is; "" for none at all.

    Only that module is then imported and registered: `companion note add` need not
    build the parsers of every other command, and plain `companion` (the app) none
    of them (about 20 ms either way). Help and anything unclear register them all."""
    from companion.commands import COMMAND_MODULES

    names = {_COMMAND_NAMES.get(m, m): m for m in COMMAND_MODULES}
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in ("--", "-h", "--help"):
            return None
        elif token in _VALUE_OPTIONS:
            skip = True
        elif token.startswith("-"):
            continue
        else:
            return names.get(token)
    return ""


def app_context(argv: list[str]) -> Context | None:
    """The context of plain ``companion [--book B] [--data-dir D]`` (the app, as it is
    mostly started), read without argparse (~6 ms to import and build, before the
    first frame); None for anything else, which argparse parses and explains."""
    if len(argv) % 2:
        return None
    given: dict[str, str] = {}
    for option, value in zip(argv[::2], argv[1::2]):
        if option not in _VALUE_OPTIONS or option in given or not value or value[0] == "-":
            return None
        given[option] = value
    book, data = given.get("--book"), given.get("--data-dir")
    data_dir = None if data is None else Path(data)
    return Context(
        book_arg=book,
        data_override=data_dir,
        args=SimpleNamespace(command=None, book=book, data_dir=data_dir),
    )


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given ``argv`` naming a command, only that command is registered."""
    from companion.commands import COMMAND_MODULES, Parser, global_options

    parser = Parser(
        prog="companion",
        description="A spoiler-safe reading companion for Never Let Me Go. "
        "With no command, opens the companion in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"companion {__version__}")
    global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    only = _command_module(argv) if argv is not None else None
    for name in COMMAND_MODULES if only is None else [only] if only else []:
        module = importlib.import_module(f"companion.commands.{name}")
        module.register(sub)
    return parser


def _not_a_terminal() -> str | None:
    """Why the full-screen app cannot run here, or None.

    Served apps (textual-serve sets TEXTUAL_DRIVER) talk through pipes on purpose."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return None
    for name, stream in (("output", sys.stdout), ("input", sys.stdin)):
        try:
            if stream is None or not stream.isatty():
                return name
        except (AttributeError, ValueError):  # closed or replaced
            return name
    return None


def _refuse_app(stream: str) -> int:
    print(
        f"companion: the app needs a terminal, and standard {stream} is not one.\n"
        "To print the study guide, use `companion guide` (add --format markdown or json "
        "for a file); `companion --help` lists every command.",
        file=sys.stderr,
    )
    return 2


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    ctx = app_context(argv)
    if ctx is None:
        parsed = build_parser(argv).parse_args(argv)
        ctx = Context(book_arg=parsed.book, data_override=parsed.data_dir, args=parsed)
    args = ctx.args
    try:
        ctx.check_data_root()
        if args.command is None:
            stream = _not_a_terminal()
            if stream:
                return _refuse_app(stream)
            from companion.tui.launch import launch

            return launch(ctx)
        return args.func(ctx)
    except CompanionError as error:
        from companion.store.display import visible_layout

        print(f"companion: {visible_layout(error.message)}", file=sys.stderr)
        return 2  # an error stops the command: nothing (more) was done
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `companion guide | head` closes the pipe early; that is not an error.
        sys.stderr.close()
        return 0
