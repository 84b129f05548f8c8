"""`companion quotes [--search Q] [--theme T] [--chapter N] [--starred] [--json]`.

Lists the quotes unlocked at the saved progress with their ids, so `deck add ID` and
`note add --quote ID` can be used from a shell. The search is the app's
(``companion.study.quotes.find_quotes``). Exit code 0: quotes listed; 1: nothing
matched; 2: a user error (a theme or chapter that cannot be asked for).
"""

from __future__ import annotations

from companion.commands import add_command
from companion.errors import CompanionError


def register(sub) -> None:
    parser = add_command(
        sub,
        "quotes",
        help="list the unlocked quotes with their ids (for `deck add` and `note add --quote`)",
    )
    parser.add_argument(
        "--search",
        "-s",
        metavar="Q",
        default="",
        help="words in the text, speaker, context or your notes on it (every word must appear)",
    )
    parser.add_argument("--theme", metavar="T", help="an unlocked theme's id or name")
    parser.add_argument("--chapter", type=int, metavar="N", help="quotes from chapter N")
    parser.add_argument("--starred", action="store_true", help="only quotes in your deck")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(func=run)


def run(ctx) -> int:
    from companion.commands.deck import _deck, _progress
    from companion.commands.output import emit, emit_json, tell, warn
    from companion.store.notes import NoteStore
    from companion.study.guide import GuideView
    from companion.study.quotes import find_quotes, notes_by_quote
    from companion.study.seminar import find_theme
    from companion.study.text import one_line
    from companion.study.unlocked import quote_mark

    args, book = ctx.args, ctx.book
    progress = _progress(ctx)
    view = GuideView(book, progress)
    theme = find_theme(view, args.theme).id if args.theme is not None else None
    if args.chapter is not None and not 0 <= args.chapter <= progress:
        raise CompanionError(
            f"--chapter {args.chapter}: give a chapter you have finished, 0..{progress} "
            "(quotes past your progress are locked)",
            2,
        )
    notes = NoteStore(ctx.data_dir)
    for problem in notes.problems:
        warn(f"left out of the search: {problem.message}")
    starred = set(_deck(ctx).starred) if args.starred else None
    found = find_quotes(
        view,
        args.search,
        notes=notes_by_quote(notes.notes),
        theme=theme,
        chapter=args.chapter,
        starred=starred,
    )
    later = view.locked.get("quotes", 0)
    if args.json:
        items = [
            {
                "id": q.id,
                "text": q.text,
                "speaker": q.speaker,
                "chapter": q.chapter,
                "provenance": q.provenance,
                "mark": quote_mark(q),
                "themes": list(q.themes),
            }
            for q in found
        ]
        emit_json({"schema_version": 1, "progress": progress, "quotes": items, "locked": later})
    else:
        lines = []
        for q in found:
            mark = f"  [{quote_mark(q)}]" if quote_mark(q) else ""
            lines.append(
                f"{q.id}  ch {q.chapter:>2}  “{one_line(q.text, 60)}” "
                f"({one_line(q.speaker, 30)}){mark}\n"
            )
        emit("".join(lines))
    if not found:
        tell(
            "no unlocked quote matches"
            if view.quotes
            else f"no quotes are unlocked at chapter {progress} yet"
        )
        return 1
    if later and not args.json:
        tell(f"{later} more quote{'s' if later != 1 else ''} unlock later")
    return 0
