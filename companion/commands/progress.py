"""`companion progress [N | --next | --back]`: show or set how far you have read."""

from __future__ import annotations

import datetime

from companion.commands import add_command
from companion.errors import CompanionError


def register(sub) -> None:
    parser = add_command(sub, "progress", help="show or set how many chapters you have finished")
    parser.add_argument(
        "chapter",
        nargs="?",
        type=int,
        metavar="N",
        help="the number of chapters finished (0 = not started)",
    )
    move = parser.add_mutually_exclusive_group()
    move.add_argument("--next", action="store_true", help="mark the next chapter finished")
    move.add_argument("--back", action="store_true", help="step back one chapter")
    parser.set_defaults(func=run)


def run(ctx) -> int:
    from companion.book.model import place_text
    from companion.book.packs import read_outline
    from companion.commands.output import emit
    from companion.store.progress import load_progress, set_progress, update_progress

    args = ctx.args
    if args.chapter is not None and (args.next or args.back):
        raise CompanionError("give either a chapter number or --next/--back, not both", 2)
    count, parts = read_outline(ctx.pack_dir)
    if args.chapter is None and not (args.next or args.back):
        emit(place_text(load_progress(ctx.data_dir, count).finished, count, parts) + "\n")
        return 0

    def change(progress):
        # applied to progress.toml as it is now, under the lock (--next counts from there)
        target = progress.finished
        if args.chapter is not None:
            target = args.chapter
        elif args.next:
            target += 1
        elif args.back:
            target -= 1
        if not 0 <= target <= count:
            if args.next:
                raise CompanionError(f"you have finished all {count} chapters already", 2)
            if args.back:
                raise CompanionError("you are at chapter 0 already", 2)
            raise CompanionError(
                f"chapter {target} is out of range: give 0..{count} (the number of chapters finished)",
                2,
            )
        if target == progress.finished:
            return progress
        return set_progress(progress, target, datetime.date.today())

    done = update_progress(ctx.data_dir, change, count)
    emit(place_text(done.after.finished, count, parts) + "\n")
    _tell_predictions(ctx, done, count)
    return 0


def _tell_predictions(ctx, done, count: int) -> None:
    """After a move forward: predictions now ready to look back on (standard error)."""
    from companion.commands.output import tell
    from companion.commands.predict import ready_message

    message = ready_message(ctx.data_dir, done.before.finished, done.after.finished, count)
    if message:
        tell(message)
