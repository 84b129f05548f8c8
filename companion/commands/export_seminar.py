"""`companion export seminar [-o FILE] [--upto N] [--theme T] [--format markdown|text] [--force]`."""

from __future__ import annotations

from companion.commands import add_command, add_output_options
from companion.commands.upto import add_upto_options, chosen_upto


def register(kinds) -> None:
    parser = add_command(
        kinds,
        "seminar",
        help="a one-to-two page seminar sheet: starred "
        "quotes, your seminar notes, discussion questions, themes",
    )
    add_upto_options(
        parser,
        "include nothing past chapter N (default: your saved progress); "
        "use the slowest reader's chapter for a sheet to share",
    )
    parser.add_argument("--theme", metavar="T", help="only this theme (id or name)")
    parser.add_argument(
        "--format",
        choices=("markdown", "text"),
        default="markdown",
        help="markdown (default) or plain text",
    )
    add_output_options(parser)
    parser.set_defaults(func=run)


def run(ctx) -> int:
    from companion.commands.output import deliver, warn
    from companion.store.deck import DeckStore
    from companion.store.display import visible_layout
    from companion.store.notes import NoteStore
    from companion.study.seminar import build_sheet

    args = ctx.args
    book = ctx.book
    upto = chosen_upto(ctx, book.chapter_count)
    deck = DeckStore(ctx.data_dir)
    notes = NoteStore(ctx.data_dir)
    text = build_sheet(book, upto, deck, notes.notes, theme=args.theme, fmt=args.format)
    problems = deck.problems + notes.problems
    for problem in problems:
        warn(f"left out: {problem.message}")
    deliver(
        visible_layout(text),
        args.output,
        args.force,
        f"wrote the seminar sheet for chapter {upto} to {args.output}",
    )
    return 1 if problems else 0
