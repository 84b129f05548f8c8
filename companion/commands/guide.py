"""`companion guide`: everything visible at a progress, as text, Markdown or JSON."""

from __future__ import annotations

import json

from companion.commands import add_command
from companion.errors import CompanionError


def register(sub) -> None:
    parser = add_command(
        sub, "guide", help="print the study guide up to your chapter (no spoilers past it)"
    )
    parser.add_argument(
        "--upto",
        type=int,
        metavar="N",
        help="chapters finished to write for (default: your saved progress)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="output format (default: text)",
    )
    parser.set_defaults(func=run)


def run(ctx) -> int:
    from companion.store.progress import load_progress
    from companion.study.guide import GuideView, to_json, to_markdown, to_text

    book = ctx.book
    upto = ctx.args.upto
    if upto is None:
        upto = load_progress(ctx.data_dir, book.chapter_count).finished
    if not 0 <= upto <= book.chapter_count:
        raise CompanionError(f"--upto {upto} is out of range: give 0..{book.chapter_count}", 2)
    view = GuideView(book, upto)
    if ctx.args.format == "json":
        print(json.dumps(to_json(view), ensure_ascii=False, indent=2))
    elif ctx.args.format == "markdown":
        print(to_markdown(view), end="")
    else:
        print(to_text(view), end="")
    return 0
