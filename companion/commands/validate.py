"""`companion validate [PACK_DIR]`: check a content pack and list every problem."""

from __future__ import annotations

from collections.abc import Sized
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
            emit(f"{problem}\n")  # it may quote the pack's own text
        emit(f"{pack}: {count(len(problems), 'problem')}; the pack is not valid\n")
        return 1
    listed: list[tuple[Sized, str]] = [
        (book.parts, "part"),
        (book.sections, "plot section"),
        (book.quotes, "quote"),
        (book.characters, "character"),
        (book.relationships, "relationship"),
        (book.themes, "theme"),
        (book.symbols, "symbol"),
        (book.devices, "device"),
        (book.glossary, "glossary term"),
        (book.questions, "question"),
        (book.articles, "article"),
    ]
    counts = ", ".join(count(len(items), word) for items, word in listed)
    emit(
        f"{pack}: valid. {book.title} by {book.author}: {count(book.chapter_count, 'chapter')}, "
        f"{counts}; {count(len(book.reveals), 'reveal')} checked\n"
    )
    return 0


def count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
