"""``--upto N`` and ``--yes`` for `guide` and `export seminar`: nothing past the saved
progress is shown by accident.

A chapter past the reader's progress is a deliberate peek: a warning on standard
error always, and at a terminal the command also needs ``--yes`` (a script or a pipe
has asked on purpose; a person may have mistyped).
"""

from __future__ import annotations

import sys

from companion.errors import CompanionError


def add_upto_options(parser, help: str) -> None:
    parser.add_argument("--upto", type=int, metavar="N", help=help)
    parser.add_argument(
        "--yes",
        action="store_true",
        help="show chapters past your saved progress without asking (with --upto)",
    )


def chosen_upto(ctx, chapter_count: int) -> int:
    """The chapter to write for: ``--upto`` (checked) or the saved progress."""
    from companion.store.errors import StoreError
    from companion.store.progress import load_progress

    upto = ctx.args.upto
    if upto is None:
        return load_progress(ctx.data_dir, chapter_count).finished
    if not 0 <= upto <= chapter_count:
        raise CompanionError(f"--upto {upto} is out of range: give 0..{chapter_count}", 2)
    try:
        saved, unreadable = load_progress(ctx.data_dir, chapter_count).finished, ""
    except StoreError as error:
        saved, unreadable = 0, f" (your progress cannot be read: {error.message})"
    if upto <= saved:
        return upto
    warning = f"chapter {upto} is past your progress ({saved}): this shows later chapters"
    if _at_terminal() and not ctx.args.yes:
        raise CompanionError(
            f"{warning}{unreadable}. Add --yes to show them, or give --upto {saved} or less.",
            2,
        )
    from companion.commands.output import warn

    warn(warning + unreadable)
    return upto


def _at_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except ValueError:  # closed
        return False
