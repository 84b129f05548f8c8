"""`companion export seminar [-o FILE] [--upto N] [--theme T] [--format markdown|text] [--force]`."""

from __future__ import annotations

import sys

from companion.commands import add_command, add_output_options


def register(kinds) -> None:
    parser = add_command(
        kinds,
        "seminar",
        help="a one-to-two page seminar sheet: starred "
        "quotes, your seminar notes, discussion questions, themes",
    )
    parser.add_argument(
        "--upto",
        type=int,
        metavar="N",
        help="include nothing past chapter N (default: your saved progress); "
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
    from companion.store.deck import DeckStore
    from companion.store.display import visible
    from companion.store.notes import NoteStore
    from companion.store.progress import load_progress
    from companion.study.seminar import build_sheet, write_sheet

    args = ctx.args
    out = args.output
    book = ctx.book
    upto = args.upto
    if upto is None:
        upto = load_progress(ctx.data_dir, book.chapter_count).finished
    deck = DeckStore(ctx.data_dir)
    notes = NoteStore(ctx.data_dir)
    text = build_sheet(book, upto, deck, notes.notes, theme=args.theme, fmt=args.format)
    for problem in deck.problems + notes.problems:
        print(f"companion: warning: left out: {visible(problem.message)}", file=sys.stderr)
    if out is None:
        sys.stdout.write(text)
    else:
        write_sheet(out, text, force=args.force)
        print(f"wrote the seminar sheet for chapter {upto} to {out}", file=sys.stderr)
    return 0
