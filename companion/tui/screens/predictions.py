"""Predictions in the app: writing one (the note editor with a revisit chapter), the rows
the newly unlocked list leads with, and the small dialog that marks one.

The rules (default revisit, which are ready, the end-of-book summary) are
``companion.study.predictions``, the same the CLI uses. A prediction is the reader's own
words: shown as plain Text with control characters made visible, never with book text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from companion.store.errors import StoreError
from companion.store.notes import Note
from companion.store.notes.kinds import MAX_REFLECTION, OUTCOME_LABELS, PREDICTION
from companion.study import predictions as rules
from companion.study.text import show_controls
from companion.tui.actions import focus_now
from companion.tui.screens.modals import closed_early
from companion.tui.themes import MUTED

if TYPE_CHECKING:
    from companion.tui.state import CompanionState

LOOK_BACK = "Your predictions to look back on"


def open_prediction_editor(
    app, state: CompanionState, on_saved: Callable[[Note], object] | None = None
) -> None:
    """The note editor for a new prediction, made at the reader's progress; its revisit
    chapter defaults to the end of the part being read (as `companion predict`)."""
    book, done = state.book, state.finished
    revisit = rules.default_revisit(done, book.chapter_count, book.parts)
    if revisit is None:
        app.notify("You have finished the book: there is nothing left to predict.")
        return
    from companion.tui.screens.note_editor import open_note_editor

    open_note_editor(app, state, chapter=done, revisit_at=revisit, on_saved=on_saved)


def prediction_mark(note: Note) -> str:
    """What a list shows before a prediction: 'guess→4', 'guess: came true'."""
    if note.outcome is not None:
        return f"guess: {OUTCOME_LABELS[note.outcome]}"
    return f"guess→{note.revisit_at}"


def look_back_list(state: CompanionState, store=None) -> list[Note]:
    """The predictions the newly unlocked list leads with: at the end of the book all of
    them in the order the book answered them, before it the ones ready now. ``store``:
    another NoteStore than the app's (a worker thread's own)."""
    try:
        found = rules.predictions((store or state.notes).search(kind=PREDICTION))
    except StoreError:
        return []  # the Notes pane names the store's problems
    if state.finished >= state.chapter_count:
        return rules.by_answer(found)
    return rules.ready(found, state.finished)


def look_back_heading(state: CompanionState, shown: list[Note], width: int) -> Text:
    """The heading over them (the hint only if it fits ``width``); at the end of the
    book, the summary line (wrapped when narrow)."""
    if state.finished >= state.chapter_count:
        head = f"You have finished the book. {rules.summary(shown).line}"
    else:
        head = f"{LOOK_BACK} ({len(shown)})"
        if len(head) + 17 <= width:
            head += ": enter marks one"
    return Text(head, style="bold")


def look_back_row(state: CompanionState, note: Note, width: int) -> Text:
    """One prediction: at the end of the book, beside the chapter where the book answered
    it and its outcome; before, the chapter it was made at (and its outcome once marked)."""
    outcome = OUTCOME_LABELS[note.outcome] if note.outcome else rules.NOT_MARKED
    if state.finished >= state.chapter_count:
        row = Text.assemble((f"ch {rules.answered_at(note):>2} ", MUTED), f"{outcome:<10} ")
    else:
        # a span: Textual parses a Text's own str style itself, and has no "bright_black"
        row = Text.assemble((f"made at {note.chapter:>2} ", MUTED))
        if note.outcome:
            row.append(f"[{outcome}] ", style="bold")
    row.append(Text(show_controls(note.first_line) or "(empty)"))
    if note.reflection:
        row.append(Text(f" · “{show_controls(note.reflection)}”", style="italic"))
    row.truncate(width, overflow="ellipsis")
    return row


def mark(state: CompanionState, note: Note, outcome: str, reflection: str | None) -> Note:
    """Store the outcome as `companion predict mark` does: at the chapter finished now."""
    kept = (reflection or "").strip() or None
    return state.notes.update(note.id, outcome=outcome, answered_at=state.finished, reflection=kept)


class MarkPredictionScreen(ModalScreen[tuple[str, str] | None]):
    """Came true / partly / wrong, with an optional line of reflection. Dismisses
    (outcome, reflection) or None."""

    DEFAULT_CSS = """
    MarkPredictionScreen { align: center middle; }
    MarkPredictionScreen > #mark-dialog {
        width: 72; max-width: 96%; height: auto; max-height: 90%;
        border: thick $accent; background: $panel; padding: 1 2;
    }
    MarkPredictionScreen #mark-title { text-style: bold; margin-bottom: 1; }
    MarkPredictionScreen #mark-text { max-height: 8; margin-bottom: 1; }
    MarkPredictionScreen #mark-reflection { margin-bottom: 1; background: $boost; }
    MarkPredictionScreen #mark-buttons { height: auto; align-horizontal: right; }
    MarkPredictionScreen Button { margin-left: 1; }
    """

    BINDINGS = [
        Binding("t", "choose('came-true')", "Came true", id="mark.came_true"),
        Binding("p", "choose('partly')", "Partly", id="mark.partly"),
        Binding("w", "choose('wrong')", "Wrong", id="mark.wrong"),
        # priority: the letters typed right after r go to the box (focus_now)
        Binding("r", "reflect", "Reflection", id="mark.reflect", priority=True),
        Binding("escape", "close", "Close", id="mark.cancel"),
    ]

    def __init__(self, note: Note) -> None:
        super().__init__()
        self.note = note

    def compose(self) -> ComposeResult:
        note = self.note
        title = f"Your prediction (made at chapter {note.chapter}): how did it turn out?"
        with Vertical(id="mark-dialog"):
            yield Static(Text(title), id="mark-title")
            yield Static(Text(show_controls(note.text.strip(), keep_newlines=True)), id="mark-text")
            yield Input(
                show_controls(note.reflection or ""),
                placeholder="r: a line of reflection (optional)",
                id="mark-reflection",
                max_length=MAX_REFLECTION,
                compact=True,
            )
            with Horizontal(id="mark-buttons"):
                yield Button("Came true (t)", id="came-true", variant="success", compact=True)
                yield Button("Partly (p)", id="partly", variant="warning", compact=True)
                yield Button("Wrong (w)", id="wrong", variant="error", compact=True)

    def on_mount(self) -> None:
        if closed_early(self):
            return
        self.query_one("#came-true", Button).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#came-true", Button).focus()  # then t, p or w

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose(event.button.id or "")

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "reflect":  # in the box, r is a letter
            return self.is_mounted and self.focused is not self.query_one("#mark-reflection", Input)
        return True

    def action_reflect(self) -> None:
        focus_now(self.query_one("#mark-reflection", Input))

    def action_choose(self, outcome: str) -> None:
        if outcome in OUTCOME_LABELS:
            line = self.query_one("#mark-reflection", Input).value
            self.dismiss((outcome, " ".join(line.split())))

    def action_close(self) -> None:
        if self.focused is self.query_one("#mark-reflection", Input):
            self.query_one("#came-true", Button).focus()  # out of the line first
        else:
            self.dismiss(None)
