"""`companion export anki [-o FILE] [--upto N] [--all-unlocked] [--force]`: an Anki package."""

from __future__ import annotations

import sys
from pathlib import Path

from companion.commands import add_command
from companion.errors import CompanionError


def register(kinds) -> None:
    parser = add_command(
        kinds,
        "anki",
        help="an Anki package (.apkg) of your starred quotes, with your notes on them",
        description="Write an Anki package of your starred quotes (or every unlocked quote): "
        "each quote makes a card with its speaker, chapter, context, significance and your "
        "notes on it, and a 'Who says this, and when?' card. Importing a newer export into "
        "Anki updates those cards instead of adding copies.",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="the package to write (default: BOOK-quotes.apkg in the current folder); "
        "its folder must exist",
    )
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    parser.add_argument(
        "--upto",
        type=int,
        metavar="N",
        help="include nothing past chapter N (default: your saved progress)",
    )
    parser.add_argument(
        "--all-unlocked",
        action="store_true",
        help="every quote unlocked at that chapter, not only your starred ones",
    )
    parser.set_defaults(func=run)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def run(ctx) -> int:
    from companion.store.deck import DeckStore
    from companion.store.display import visible
    from companion.store.errors import StoreError
    from companion.store.notes import NoteStore
    from companion.store.progress import load_progress
    from companion.study.anki import build_anki, check_target, default_file_name, write_anki

    args = ctx.args
    book = ctx.book
    out = check_target(args.output or default_file_name(book))  # refused before any work
    try:
        saved = load_progress(ctx.data_dir, book.chapter_count).finished
    except StoreError:
        if args.upto is None:
            raise  # its message names the file and what to do
        saved = args.upto
    upto = saved if args.upto is None else args.upto
    deck = DeckStore(ctx.data_dir)
    notes = NoteStore(ctx.data_dir)
    problems = notes.problems + ([] if args.all_unlocked else deck.problems)
    built = build_anki(book, upto, None if args.all_unlocked else deck.starred, notes.notes)
    if upto > saved:
        _tell(f"companion: warning: chapter {upto} is past your progress ({saved})")
    for problem in problems:
        _tell(f"companion: warning: left out: {visible(problem.message)}")
    if built.later:
        _tell(
            f"{_plural(built.later, 'starred quote unlocks', 'starred quotes unlock')} "
            f"after chapter {upto} and {'was' if built.later == 1 else 'were'} left out"
        )
    if built.gone:
        _tell(
            f"{_plural(built.gone, 'starred quote is', 'starred quotes are')} "
            "no longer in the content pack and left out"
        )
    if not built.quotes:
        what = "quote is" if args.all_unlocked else "starred quote is"
        hint = (
            "Finish a chapter first (`companion progress N`)."
            if args.all_unlocked
            else "Star quotes with `companion deck add ID`, or add --all-unlocked "
            "for every unlocked quote."
        )
        # nothing was done: exit code 2, as for any error (the CLI's rule)
        raise CompanionError(
            f"no {what} unlocked at chapter {upto}; nothing was written. {hint}", 2
        )
    write_anki(out, built.data, force=args.force)
    if out.suffix.lower() != ".apkg":
        _tell("companion: warning: Anki imports only files whose names end in .apkg")
    _tell(
        f"wrote {_plural(len(built.quotes), 'quote', 'quotes')} "
        f"({_plural(built.cards, 'card', 'cards')}, "
        f"{_plural(built.notes, 'note', 'notes')} of yours) for chapter {upto} to {out}; "
        "import it in Anki with File > Import"
    )
    return 1 if problems else 0


def _tell(message: str) -> None:
    from companion.store.display import visible

    print(visible(message), file=sys.stderr)
