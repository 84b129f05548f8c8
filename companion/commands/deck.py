"""`companion deck add|rm|list [--json]`: your quote deck (starred quotes) for the drill.

`deck add` only takes a quote that is unlocked at your saved progress; its refusal
is the same for a locked quote and an unknown id and never shows the quote's words.
"""

from __future__ import annotations

import sys

from companion.commands import add_command
from companion.errors import CompanionError


def register(sub) -> None:
    parser = add_command(sub, "deck", help="star quotes for the drill and the seminar sheet")
    actions = parser.add_subparsers(dest="deck_action", metavar="ACTION", required=True)

    add = add_command(actions, "add", help="star quotes (ids as listed by `companion quotes`)")
    add.add_argument("ids", nargs="+", metavar="ID", help="quote ids")
    add.set_defaults(func=run_add)

    rm = add_command(actions, "rm", help="unstar quotes")
    rm.add_argument("ids", nargs="+", metavar="ID", help="quote ids")
    rm.set_defaults(func=run_rm)

    ls = add_command(actions, "list", help="list your starred quotes (those unlocked now)")
    ls.add_argument("--json", action="store_true", help="print JSON instead of text")
    ls.set_defaults(func=run_list)


def _progress(ctx) -> int:
    from companion.store.errors import StoreError
    from companion.store.progress import load_progress

    try:
        return load_progress(ctx.data_dir, ctx.book.chapter_count).finished
    except StoreError as error:
        raise CompanionError(
            f"{error.message}\nThe deck needs your progress to know which quotes are unlocked."
        ) from None


def _deck(ctx, *, reviews: bool = False):
    """The deck, its problems told (with ``reviews``, those of the review days too)."""
    from companion.commands.output import warn
    from companion.store.deck import DeckStore

    deck = DeckStore(ctx.data_dir)
    for problem in deck.problems if reviews else [deck.problem] if deck.problem else []:
        warn(problem.message)
    return deck


def run_add(ctx) -> int:
    from companion.book.gate import is_visible
    from companion.store.display import visible

    book = ctx.book
    progress = _progress(ctx)
    refused = []
    for qid in dict.fromkeys(ctx.args.ids):
        quote = book.quote(qid)
        if quote is None or not is_visible(quote, progress):
            refused.append(qid)
    if refused:
        names = ", ".join(repr(visible(q)) for q in refused)
        raise CompanionError(
            f"no quote {names} is unlocked at chapter {progress}; nothing was starred. "
            "Quote ids you can star are listed by `companion quotes` "
            "(quotes past your chapter cannot be starred).",
            2,
        )
    deck = _deck(ctx)
    for qid in dict.fromkeys(ctx.args.ids):
        if deck.is_starred(qid):
            print(f"{qid}: already starred", file=sys.stderr)
        else:
            deck.star(qid)
            print(f"starred {qid}")
    return 0


def run_rm(ctx) -> int:
    """Exit 1 when an id was not starred (nothing matched; the others are unstarred)."""
    from companion.commands.output import emit, tell

    deck = _deck(ctx)
    missing = [q for q in dict.fromkeys(ctx.args.ids) if not deck.is_starred(q)]
    for qid in dict.fromkeys(ctx.args.ids):
        if qid not in missing:
            deck.unstar(qid)
            emit(f"unstarred {qid}\n")
    if missing:
        names = ", ".join(repr(q) for q in missing)
        tell(f"companion: not in your deck, nothing to unstar: {names}")
        return 1
    return 0


def run_list(ctx) -> int:
    from companion.book.gate import is_visible
    from companion.commands.output import emit, emit_json
    from companion.study.drill import card_from_state, utc_now
    from companion.study.guide import PROVENANCE_LABELS
    from companion.study.text import one_line

    book = ctx.book
    progress = _progress(ctx)
    deck = _deck(ctx, reviews=True)
    shown, later = [], 0
    for qid in deck.starred:
        quote = book.quote(qid)
        if quote is None or not is_visible(quote, progress):
            later += 1  # locked now (the reader went back) or gone from the pack
            continue
        shown.append(quote)
    now = utc_now()
    if ctx.args.json:
        items = []
        for q in shown:
            card = card_from_state(deck.card_state(q.id))
            day = deck.starred_on(q.id)
            items.append(
                {
                    "id": q.id,
                    "text": q.text,
                    "speaker": q.speaker,
                    "chapter": q.chapter,
                    "provenance": q.provenance,
                    "starred": day.isoformat() if day else None,
                    "due": card.due.isoformat() if card else None,
                    "is_due": card is None or card.due <= now,
                }
            )
        doc = {
            "schema_version": 1,
            "progress": progress,
            "quotes": items,
            "not_shown": later,
            "problems": [p.message for p in deck.problems],
        }
        emit_json(doc, indent=1)
        return 1 if deck.problems else 0
    lines = []
    for q in shown:
        card = card_from_state(deck.card_state(q.id))
        when = (
            "new"
            if card is None
            else ("due" if card.due <= now else f"due {card.due.astimezone():%Y-%m-%d}")
        )
        tag = "" if q.is_verbatim else f"  [{PROVENANCE_LABELS[q.provenance]}]"
        lines.append(
            f"{q.id}  ch {q.chapter:>2}  {when}  {one_line(q.text, 60)} "
            f"({one_line(q.speaker, 30)}){tag}\n"
        )
    emit("".join(lines))
    if later:
        print(
            f"{later} starred quote{'s are' if later != 1 else ' is'} past chapter "
            f"{progress} and not shown",
            file=sys.stderr,
        )
    if not shown and not later and not deck.problems:
        print("no starred quotes yet: star one with `companion deck add ID`", file=sys.stderr)
    return 1 if deck.problems else 0
