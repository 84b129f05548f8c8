"""Placing an imported highlight: the reader gives it its chapter (as `companion note place`).

The chapter goes through ``study.highlights.plan.place_by_reader`` (a later import
keeps it). A chapter past the reader's progress is allowed (the reader knows where the
passage is) but the highlight is then hidden until that chapter is finished: the dialog
says so before, the notice after.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from companion.store.notes import Note
from companion.study.text import show_controls
from companion.tui.screens.modals import closed_early


class PlaceScreen(ModalScreen[int | None]):
    """Ask for a highlight's chapter; dismisses the chapter (0: unplaced) or None."""

    DEFAULT_CSS = """
    PlaceScreen { align: center middle; }
    PlaceScreen > #place-dialog {
        width: 72; max-width: 96%; height: auto; max-height: 90%;
        border: thick $accent; background: $panel; padding: 1 2;
    }
    PlaceScreen #place-title { text-style: bold; margin-bottom: 1; }
    PlaceScreen #place-text { max-height: 6; margin-bottom: 1; color: $text-muted; }
    PlaceScreen #place-chapter { width: 10; background: $boost; }
    PlaceScreen #place-problem { color: $text-error; height: auto; }
    """

    BINDINGS = [Binding("escape", "close", "Close", id="place.cancel")]

    def __init__(self, note: Note, finished: int, count: int) -> None:
        super().__init__()
        self.note, self.finished, self.count = note, finished, count

    def compose(self) -> ComposeResult:
        now = "unplaced" if self.note.placement == "unplaced" else f"chapter {self.note.chapter}"
        if self.note.placement == "estimated":
            now += " (estimated)"
        with Vertical(id="place-dialog"):
            yield Static(
                Text(f"Which chapter is this highlight from? Now: {now}."), id="place-title"
            )
            yield Static(Text(show_controls(self.note.first_line)[:200]), id="place-text")
            yield Input(str(self.note.chapter or ""), id="place-chapter", compact=True)
            yield Static(
                Text(
                    f"1 to {self.count}, or 0 to leave it unplaced; enter saves, escape closes. "
                    f"A chapter after {self.finished} (your progress) hides it until you "
                    "finish that chapter."
                ),
                id="place-help",
            )
            yield Static("", id="place-problem")

    def on_mount(self) -> None:
        if closed_early(self):
            return
        self.query_one("#place-chapter", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        raw = event.value.strip()
        if not raw.isdigit() or int(raw) > self.count:
            self.query_one("#place-problem", Static).update(
                Text(show_controls(f"“{raw[:20]}” is not a chapter: type 0 to {self.count}."))
            )
            return
        self.dismiss(int(raw))

    def action_close(self) -> None:
        self.dismiss(None)
