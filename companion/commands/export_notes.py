"""`companion export notes [--format markdown|json] [-o FILE] [--force]`."""

from __future__ import annotations

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
    from companion.commands.output import deliver, warn
    from companion.commands.shown import say_hidden, shown_notes
    from companion.store.notes import NoteStore
    from companion.store.notes_io import to_json, to_markdown

    args = ctx.args
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
    problems = store.problems
    for problem in problems:
        warn(f"not exported: {problem.message}")
    count = len(notes)
    deliver(
        text,
        args.output,
        args.force,
        f"exported {count} note{'s' if count != 1 else ''} to {args.output}",
    )
    return 1 if problems else 0
