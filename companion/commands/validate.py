"""`companion validate [PACK_DIR]`: check a content pack and list every problem."""

from __future__ import annotations

from pathlib import Path

from companion.commands import add_command
from companion.errors import CompanionError


def register(sub) -> None:
    parser = add_command(sub, "validate", help="check a content pack and list every problem")
    parser.add_argument(
        "pack_dir",
        nargs="?",
        type=Path,
        metavar="PACK_DIR",
        help="the pack folder (default: the book given by --book)",
    )
    parser.set_defaults(func=run)


def run(ctx) -> int:
    from companion.book.loader import validate_pack
    from companion.commands.output import emit

    pack = ctx.args.pack_dir or ctx.pack_dir
    if not pack.is_dir():
        what = "is a file, not a folder" if pack.exists() else "does not exist"
        raise CompanionError(f"the folder {pack} {what}: give the folder of a content pack", 2)
    book, problems = validate_pack(pack)
    if problems or book is None:
        for problem in problems:
            emit(f"{problem}\n")
        count = len(problems)
        emit(f"{pack}: {count} problem{'s' if count != 1 else ''}; the pack is not valid\n")
        return 1
    emit(
        f"{pack}: valid. {book.title} by {book.author}: {book.chapter_count} chapters, "
        f"{len(book.parts)} parts, {len(book.sections)} plot sections, "
        f"{len(book.quotes)} quotes, {len(book.characters)} characters, "
        f"{len(book.themes)} themes, {len(book.glossary)} glossary terms, "
        f"{len(book.questions)} questions, {len(book.articles)} articles\n"
    )
    return 0
