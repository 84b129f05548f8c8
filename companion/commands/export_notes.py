"""`companion export notes [--format markdown|json] [-o FILE] [--force]`."""

from __future__ import annotations

import sys

from companion.commands import add_command, add_output_options


def register(kinds) -> None:
    parser = add_command(kinds, "notes", help="export your notes as Markdown (Obsidian) or JSON")
    parser.add_argument(
        "--format",
        choices=("markdown", "json"),
        default="markdown",
        help="markdown (grouped by part and chapter) or json (re-importable)",
    )
    add_output_options(parser)
    parser.set_defaults(func=run)


def run(ctx) -> int:
    from companion.commands.shown import say_hidden, shown_notes
    from companion.store.notes import NoteStore
    from companion.store.notes_io import to_json, to_markdown
    from companion.study.output import write_export

    args = ctx.args
    out = args.output
    store = NoteStore(ctx.data_dir)
    notes, hidden = shown_notes(ctx, store.notes)
    say_hidden(hidden, "not exported")
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
        write_export(out, text, force=args.force)
        count = len(notes)
        print(f"exported {count} note{'s' if count != 1 else ''} to {out}", file=sys.stderr)
    return 0
