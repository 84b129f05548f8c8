"""`companion export notes [--format markdown|json] [-o FILE] [--force]`."""

from __future__ import annotations

import sys
from pathlib import Path

from companion.commands import add_command
from companion.errors import CompanionError


def register(kinds) -> None:
    parser = add_command(kinds, "notes", help="export your notes as Markdown (Obsidian) or JSON")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown",
                        help="markdown (grouped by part and chapter) or json (re-importable)")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write to FILE (default: standard output)")
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    parser.set_defaults(func=run)


def run(ctx) -> int:
    from companion.store.atomic import write_text_atomic
    from companion.store.notes import NoteStore
    from companion.store.notes_io import to_json, to_markdown

    args = ctx.args
    out: Path | None = args.output
    if out is not None and out.exists() and not args.force:
        raise CompanionError(f"{out} exists already; nothing was written. Add --force to "
                             "overwrite it, or give another file with -o.", 2)
    if out is not None and out.is_dir():
        raise CompanionError(f"{out} is a folder; give a file name with -o.", 2)
    store = NoteStore(ctx.data_dir)
    notes = store.notes
    book = ctx.book
    if args.format == "json":
        text = to_json(notes, book.id, book.title)
    else:
        def part_title(chapter: int) -> str | None:
            part = book.part_of(chapter)
            return part.title if part else None

        text = to_markdown(notes, book.id, book.title, part_title)
    for problem in store.problems:
        print(f"companion: warning: not exported: {problem.message}", file=sys.stderr)
    if out is None:
        sys.stdout.write(text)
    else:
        write_text_atomic(out, text)
        print(f"exported {len(notes)} notes to {out}", file=sys.stderr)
    return 0
