"""Saving an export from the app: where (an editable path), then where it went.

``SaveDialog`` asks for the file (the default is filled in; a folder gets the default
name; a name without a folder goes into the default folder); a file that exists is
replaced only when the same path is given twice. Its ``save(path, force)`` writes and
raises CompanionError with what went wrong, shown in the dialog, which stays open.
``SavedDialog`` then says where the file is and offers to open it with the system's
opener (only if there is one) or to copy the path. Both are modal: no notification
can hide the message.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from companion.errors import CompanionError
from companion.study.text import show_controls
from companion.tui.screens.modals import closed_early

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > #dialog {{
    width: 76; max-width: 96%; height: auto; max-height: 90%;
    border: thick $accent; background: $panel; padding: 1 2;
}}
{name} #title {{ text-style: bold; margin-bottom: 1; }}
{name} #problem {{ color: $text-error; height: auto; }}
{name} #hint {{ color: $text-muted; height: auto; }}
{name} #buttons {{ height: auto; margin-top: 1; align-horizontal: right; }}
{name} Button {{ margin-left: 2; width: auto; }}
"""


def opener() -> str | None:
    """The system's command that opens a file in its usual program, if it has one."""
    return shutil.which("open" if sys.platform == "darwin" else "xdg-open")


def _cli_words(message: str) -> str:
    """A message written for the command line, in the dialog's terms."""
    return (
        message.replace("add --force to replace it, or choose another name with -o", "")
        .replace(" with -o", "")
        .rstrip(" ;")
    )


class SaveDialog(ModalScreen[Path | None]):
    """Where to save: dismisses the path written, or None (escape)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="SaveDialog")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="save.cancel")]

    def __init__(self, title: str, default: Path, save: Callable[[Path, bool], object]) -> None:
        super().__init__()
        self.title_text = title
        self.default = default
        self.save = save
        self._confirm: Path | None = None  # an existing file, given once: twice replaces

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.title_text), id="title")
            yield Input(str(self.default), id="path", select_on_focus=False)
            yield Static("", id="problem")
            yield Static(
                Text("enter saves · esc cancels · a folder gets the name shown"), id="hint"
            )
            with Horizontal(id="buttons"):
                yield Button("Cancel (esc)", id="cancel")
                yield Button("Save (enter)", id="save", variant="primary")

    def on_mount(self) -> None:
        if closed_early(self):
            return
        path = self.query_one("#path", Input)
        path.focus()
        path.action_end()  # the file's name in view, not only the start of a long path

    def target(self) -> Path:
        """The file the box names now."""
        typed = self.query_one("#path", Input).value.strip()
        path = Path(os.path.expanduser(typed)) if typed else self.default
        if not path.is_absolute():
            path = self.default.parent / path
        if path.is_dir():
            path = path / self.default.name
        return path

    def _problem(self, message: str) -> None:
        self.query_one("#problem", Static).update(Text(show_controls(message)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        path = self.target()
        force = path == self._confirm
        if path.is_file() and not force:
            self._confirm = path
            self._problem(f"{path} already exists: press enter again to replace it.")
            return
        try:
            self.save(path, force)
        except CompanionError as error:
            self._confirm = None
            self._problem(_cli_words(error.message))
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SavedDialog(ModalScreen[None]):
    """Where the file went, with Open (if the system has an opener) and Copy path."""

    DEFAULT_CSS = DIALOG_CSS.format(name="SavedDialog")
    BINDINGS = [
        Binding("o", "open", "Open", id="saved.open"),
        Binding("y", "copy", "Copy path", id="saved.copy"),
        Binding("escape,enter", "close", "Close", id="saved.close"),
    ]

    def __init__(self, title: str, path: Path) -> None:
        super().__init__()
        self.title_text = title
        self.path = path
        self.command = opener()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.title_text), id="title")
            yield Static(Text(show_controls(str(self.path))), id="where")
            yield Static("", id="hint")
            with Horizontal(id="buttons"):
                if self.command:
                    yield Button("Open (o)", id="open", variant="primary")
                yield Button("Copy path (y)", id="copy")
                yield Button("Close (esc)", id="close")

    def on_mount(self) -> None:
        if closed_early(self):
            return
        # at 80x24 a notification (a star, a save) sits over the dialog's path: the
        # dialog says what matters now
        self.app.clear_notifications()
        self.query_one("#buttons").children[0].focus()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return self.command is not None if action == "open" else True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {"open": self.action_open, "copy": self.action_copy}.get(
            event.button.id or "", self.action_close
        )()

    def _said(self, message: str) -> None:
        self.query_one("#hint", Static).update(Text(show_controls(message)))

    def action_open(self) -> None:
        if self.command is None:
            return
        try:  # its own session: closing the companion leaves the document open
            child = subprocess.Popen(
                [self.command, str(self.path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as error:
            self._said(f"Could not open it: {error.strerror or error}")
            return
        threading.Thread(target=child.wait, daemon=True).start()  # reaped when it ends
        self.dismiss(None)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(str(self.path))
        self._said("The path is on the clipboard (if your terminal allows it).")

    def action_close(self) -> None:
        self.dismiss(None)
