"""`companion predict`: write down a guess, list your guesses, mark them once the book answers.

    companion predict TEXT [--revisit N]      a prediction made at your saved progress
    companion predict --list [--json]         every prediction and its state
    companion predict mark ID OUTCOME [--reflection TEXT] [--now]

A prediction is a note of kind "prediction" (one file in notes/, listed by `note list`
too). Like `note add`, it never loads the content pack: only book.toml.
"""

from __future__ import annotations

from typing import Any

from companion.commands import add_command
from companion.commands.output import emit, emit_json, tell
from companion.errors import CompanionError

USAGE = "companion predict TEXT [--revisit N] | --list [--json] | mark ID OUTCOME"


def register(sub) -> None:
    parser = add_command(
        sub,
        "predict",
        help="write down a prediction; list and mark your predictions",
        description="Write down what you think will happen (made at the chapters you have "
        "finished), list your predictions with --list, and mark each once the book has "
        "answered it: came-true, partly or wrong.",
        epilog='examples: companion predict "The Gallery is for something else" --revisit 17; '
        "companion predict --list; "
        'companion predict mark 3f9a came-true --reflection "sooner than I thought"',
    )
    parser.add_argument(
        "words",
        nargs="*",
        metavar="TEXT",
        help="the prediction (- reads it from standard input); "
        "or `mark ID came-true|partly|wrong` to mark one",
    )
    parser.add_argument(
        "--revisit",
        type=int,
        metavar="N",
        help="the chapter after which to look back on it "
        "(default: the last chapter of the part you are reading)",
    )
    parser.add_argument("--list", action="store_true", help="list your predictions and their state")
    parser.add_argument("--json", action="store_true", help="with --list: print JSON")
    parser.add_argument(
        "--reflection", metavar="TEXT", help="with mark: one line on how it turned out"
    )
    parser.add_argument(
        "--now",
        action="store_true",
        help="with mark: mark it before you reach its revisit chapter",
    )
    parser.set_defaults(func=run)


def _refuse_options(args, allowed: set[str], mode: str) -> None:
    for option in ("revisit", "reflection"):
        if option not in allowed and getattr(args, option) is not None:
            raise CompanionError(f"--{option} does not go with {mode}; see {USAGE}", 2)
    for option in ("list", "json", "now"):
        if option not in allowed and getattr(args, option):
            raise CompanionError(f"--{option} does not go with {mode}; see {USAGE}", 2)


def run(ctx) -> int:
    args = ctx.args
    words = args.words
    if args.list:
        if words:
            raise CompanionError(f"--list takes no TEXT; see {USAGE}", 2)
        _refuse_options(args, {"list", "json"}, "--list")
        return run_list(ctx)
    if words and words[0] == "mark" and len(words) != 1:
        if len(words) != 3:
            raise CompanionError("give the prediction's ID and OUTCOME: " + MARK_USAGE, 2)
        _refuse_options(args, {"reflection", "now"}, "mark")
        return run_mark(ctx, words[1], words[2])
    if len(words) != 1:
        raise CompanionError(
            "give the prediction as one TEXT, in quotes"
            if words
            else f"say what you predict; see {USAGE}",
            2,
        )
    if words == ["mark"]:
        raise CompanionError("give the prediction's ID and OUTCOME: " + MARK_USAGE, 2)
    _refuse_options(args, {"revisit"}, "a new prediction")
    return run_add(ctx, words[0])


MARK_USAGE = "companion predict mark ID came-true|partly|wrong [--reflection TEXT] [--now]"


def _outline(ctx):
    from companion.book.packs import read_outline

    return read_outline(ctx.pack_dir)


def _progress(ctx, count: int, what: str) -> int:
    from companion.store.errors import StoreError
    from companion.store.progress import load_progress

    try:
        return load_progress(ctx.data_dir, count).finished
    except StoreError as error:
        raise CompanionError(f"{error.message}\n{what}") from None


def run_add(ctx, text: str) -> int:
    from companion.commands.notes import text_argument
    from companion.store.notes import NoteStore
    from companion.study.predictions import default_revisit, revisit_problem

    text = text_argument(text)
    if not text.strip():
        raise CompanionError("the prediction is empty; nothing was saved", 2)
    count, parts = _outline(ctx)
    progress = _progress(ctx, count, "A prediction is made at your progress; nothing was saved.")
    revisit = ctx.args.revisit
    if revisit is None:
        revisit = default_revisit(progress, count, parts) or count
    problem = revisit_problem(revisit, progress, count)
    if problem:
        raise CompanionError(f"{problem}; nothing was saved", 2)
    note = NoteStore(ctx.data_dir).add(text, progress, kind="prediction", revisit_at=revisit)
    emit(note.id + "\n")
    tell(f"saved: you will be asked to look back on it when you have finished chapter {revisit}")
    return 0


def run_mark(ctx, prediction_id: str, outcome: str) -> int:
    from companion.store.notes import NoteStore
    from companion.store.notes.kinds import OUTCOMES, PREDICTION
    from companion.study.predictions import OUTCOME_LABELS, revisit

    if outcome not in OUTCOMES:
        raise CompanionError(
            f"OUTCOME should be came-true, partly or wrong, not {outcome!r}; nothing was saved",
            2,
        )
    store = NoteStore(ctx.data_dir)
    note = store.resolve(prediction_id)
    if note.kind != PREDICTION:
        raise CompanionError(
            f"note {note.id} is not a prediction; `companion predict --list` lists them", 2
        )
    count, _parts = _outline(ctx)
    progress = _progress(
        ctx, count, "Marking records the chapter you had finished; nothing was saved."
    )
    if progress < revisit(note) and not ctx.args.now:
        raise CompanionError(
            f"prediction {note.id} is to be looked back on when you have finished chapter "
            f"{note.revisit_at}, and you have finished {progress}; mark it then, or now "
            f"with --now. Nothing was saved.",
            2,
        )
    changes: dict[str, Any] = {"outcome": outcome, "answered_at": progress}
    if ctx.args.reflection is not None:
        changes["reflection"] = ctx.args.reflection.strip() or None
    saved = store.update(note.id, **changes)
    if saved.id != note.id:
        emit(
            f"prediction {note.id} was changed elsewhere meanwhile; both versions are kept: "
            f"yours is the new note {saved.id} (tagged #conflict)\n"
        )
    else:
        emit(f"marked {note.id}: {OUTCOME_LABELS[outcome]} (at chapter {progress})\n")
    return 0


def run_list(ctx) -> int:
    from companion.commands.notes import _report_problems
    from companion.store.notes import NoteStore
    from companion.study.predictions import by_answer, predictions, summary

    count, _parts = _outline(ctx)
    progress = _progress(ctx, count, "The list needs your progress to say which are ready.")
    store = NoteStore(ctx.data_dir)
    found = predictions(store.search(kind="prediction"))
    if ctx.args.json:
        _print_json(found, progress, count)
    elif not found:
        tell("no predictions yet: write one down with `companion predict TEXT`")
    elif progress >= count:
        lines = [f"You have finished the book. {summary(found).line}."]
        lines += _answered_lines(by_answer(found))
        emit("\n".join(lines) + "\n")
    else:
        emit("\n".join(_state_lines(found, progress)) + "\n")
    _report_problems(store)
    return 1 if store.problems else 0  # 1: some note files were left out (named)


def _text(note, width: int = 60) -> str:
    from companion.store.display import visible
    from companion.study.text import cut

    return cut(visible(note.first_line), width)


def _reflection(note, indent: str) -> list[str]:
    from companion.store.display import visible

    return [f"{indent}“{visible(note.reflection)}”"] if note.reflection else []


def _state_lines(found: list, progress: int) -> list[str]:
    from companion.study.predictions import OUTCOME_LABELS, is_ready

    ready = [n for n in found if is_ready(n, progress)]
    waiting = [n for n in found if n.outcome is None and not is_ready(n, progress)]
    marked = [n for n in found if n.outcome is not None]
    lines: list[str] = []
    if ready:
        lines.append(f"Ready to look back on ({len(ready)}): {MARK_USAGE}")
        lines += [
            f"  {n.id}  made at {n.chapter:>2}, revisit at {n.revisit_at:>2}  {_text(n)}"
            for n in ready
        ]
    if waiting:
        lines.append(f"Waiting ({len(waiting)}):")
        lines += [
            f"  {n.id}  made at {n.chapter:>2}, revisit at {n.revisit_at:>2}  {_text(n)}"
            for n in waiting
        ]
    if marked:
        lines.append(f"Marked ({len(marked)}):")
        for n in marked:
            outcome = f"{OUTCOME_LABELS[n.outcome]} at {n.answered_at}"
            lines.append(f"  {n.id}  made at {n.chapter:>2}, {outcome:<16}  {_text(n)}")
            lines += _reflection(n, " " * 12)
    return lines


def _answered_lines(found: list) -> list[str]:
    """Each prediction beside the chapter where the book answered it."""
    from companion.study.predictions import NOT_MARKED, OUTCOME_LABELS, answered_at

    lines = []
    for n in found:
        outcome = OUTCOME_LABELS[n.outcome] if n.outcome else NOT_MARKED
        lines.append(
            f"  chapter {answered_at(n):>2}  {outcome:<10}  {n.id}  {_text(n)} "
            f"(made at {n.chapter})"
        )
        lines += _reflection(n, " " * 25)
    return lines


def _print_json(found: list, progress: int, count: int) -> None:
    from companion.store.notes_io import json_version, note_to_json
    from companion.study.predictions import answered_at, is_ready, summary

    def state(note) -> str:
        if note.outcome is not None:
            return "marked"
        return "ready" if is_ready(note, progress) else "waiting"

    result = summary(found)
    doc = {
        "schema_version": json_version(found),
        "progress": progress,
        "finished_book": progress >= count,
        "summary": {"total": result.total, **result.counts},
        "predictions": [
            {**note_to_json(n), "state": state(n), "answered_chapter": answered_at(n)}
            for n in found
        ],
    }
    emit_json(doc, indent=1)


def ready_message(data_dir, before: int, after: int, count: int) -> str | None:
    """What `companion progress` adds after a move forward: how many predictions are
    ready to look back on; at the end of the book, the summary. None when there is
    nothing to say. Problems reading notes say nothing here (`note list` names them)."""
    from companion.store.errors import StoreError
    from companion.store.notes import NoteStore
    from companion.study.predictions import ready, ready_text, summary

    if after <= before:
        return None
    try:
        found = NoteStore(data_dir).search(kind="prediction")
    except StoreError:
        return None
    if not found:
        return None
    waiting = ready(found, after)
    lines = [ready_text(len(waiting))] if waiting else []
    if after >= count:
        lines.append(f"You have finished the book. {summary(found).line}: companion predict --list")
    return "\n".join(lines) or None
