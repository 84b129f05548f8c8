"""Which notes a command may show: imported highlights wait for their chapter."""

from __future__ import annotations


def shown_notes(ctx, notes):
    """(the notes that may be shown, how many are hidden). An imported highlight holds
    the book's words, so it is hidden until its chapter is finished (``book.gate``,
    ``Note.unlock``); the reader's own notes are always shown."""
    if not any(n.source is not None for n in notes):
        return notes, 0  # no highlights: progress need not be read
    from companion.book.gate import is_visible
    from companion.store.errors import StoreError
    from companion.store.progress import load_progress

    try:
        progress = load_progress(ctx.data_dir).finished
    except StoreError:
        progress = 0  # unreadable progress: show only what chapter 0 may
    shown = [n for n in notes if is_visible(n, progress)]
    return shown, len(notes) - len(shown)


def say_hidden(hidden: int, what: str = "hidden") -> None:
    """One line on standard error: how many highlights were left out, and why."""
    if hidden:
        from companion.commands.output import tell

        tell(
            f"{hidden} imported highlight{'s are' if hidden != 1 else ' is'} from past your "
            f"progress and {what} until you finish "
            f"{'their chapters' if hidden != 1 else 'its chapter'} "
            f"(`companion progress N` moves your progress)"
        )
