"""CLI commands: one module each, with ``register(sub)`` and a ``run(ctx) -> int``.

None of these modules may import Textual: the CLI must start fast and work without
the TUI. ``add_command`` gives every command the global options too, so
``companion progress --data-dir X`` works as well as ``companion --data-dir X progress``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Order here is the order in `companion --help`.
COMMAND_MODULES = [
    "progress",
    "guide",
    "validate",
    "notes",
    "predict",
    "export",
    "import_",
    "deck",
    "quotes",
    "where",
    "serve",
]


class Parser(argparse.ArgumentParser):
    """argparse, with its error messages (which quote what was typed) made safe to print."""

    def error(self, message: str):
        from companion.store.display import visible_layout

        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {visible_layout(message)}\n")


def global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--book",
        metavar="ID|DIR",
        default=default,
        help="a bundled book id or a content pack folder (default: never-let-me-go)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        default=default,
        help="folder for your progress, notes and deck "
        "(default: $COMPANION_DATA_DIR, else your platform's data folder)",
    )


_PARENT = Parser(add_help=False)
global_options(_PARENT, suppress=True)


def add_command(sub, name: str, help: str, **kwargs) -> argparse.ArgumentParser:
    """Add a subcommand that also accepts the global options."""
    return sub.add_parser(
        name, help=help, description=kwargs.pop("description", help), parents=[_PARENT], **kwargs
    )


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """-o FILE and --force, shared by every export."""
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write to FILE (default, or -: standard output); its folder must exist",
    )
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
