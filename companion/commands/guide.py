"""`companion guide`: everything visible at a progress, as text, Markdown or JSON."""

from __future__ import annotations

from companion.commands import add_command
from companion.commands.upto import add_upto_options, chosen_upto


def register(sub) -> None:
    parser = add_command(
        sub, "guide", help="print the study guide up to your chapter (no spoilers past it)"
    )
    add_upto_options(parser, "chapters finished to write for (default: your saved progress)")
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="output format (default: text)",
    )
    parser.set_defaults(func=run)


def run(ctx) -> int:
    from companion.commands.output import emit, emit_json
    from companion.study.guide import GuideView, to_json, to_markdown, to_text

    book = ctx.book
    view = GuideView(book, chosen_upto(ctx, book.chapter_count))
    if ctx.args.format == "json":
        emit_json(to_json(view))
    elif ctx.args.format == "markdown":
        emit(to_markdown(view))
    else:
        emit(to_text(view))
    return 0
