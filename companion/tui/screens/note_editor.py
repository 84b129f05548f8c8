"""The note editor: a modal with a multi-line text area, chapter, tags and quote.

A draft is never lost:

* while the editor is open, every pause in typing (``DRAFT_DELAY``) saves the draft
  to the editor's own draft file (``companion.store.drafts.DraftSlot``: one per editor
  and window, so two notes or two windows never share one);
* SIGTERM and SIGHUP (terminal closed) save the draft at once; the editor installs
  its handlers when it opens and puts the previous ones back when it closes;
* a store error on save (read-only notes, disk full, a damaged file) is shown in the
  editor, which stays open with the typed text;
* on the next start ``offer_saved_draft`` offers each unfinished draft back; a draft is
  removed only when its note is saved or the reader discards it.

Text shown in the editor has its control characters mapped to visible stand-ins
(an ESC in a note must not reach the terminal) and mapped back on save, so the stored
text is unchanged.
"""

from __future__ import annotations

import os
import signal
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from types import FrameType
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, log, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from companion.store.drafts import DraftList, DraftSlot, claim_draft, list_drafts, new_draft
from companion.store.errors import StoreError
from companion.store.notes import Note, clean_tags
from companion.store.notes.kinds import NOTE, PREDICTION
from companion.study.text import STEADY, cut, show_controls
from companion.tui.messages import DataChanged
from companion.tui.screens.modals import closed_early

if TYPE_CHECKING:
    from textual.timer import Timer

    from companion.tui.state import CompanionState

# what signal.signal returns and takes back: a handler, SIG_DFL/SIG_IGN, or None
SignalHandler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None

# seconds of quiet typing before the draft is saved (the SIGTERM test lengthens it, so
# that only the signal handler can have saved the draft it checks)
try:
    DRAFT_DELAY = max(0.05, float(os.environ.get("COMPANION_DRAFT_DELAY", "0.5")))
except ValueError:
    DRAFT_DELAY = 0.5
SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))

# -- a reversible display mapping for the text area ---------------------------------

_CONTROL_CODES = [c for c in range(0x20) if c not in (0x09, 0x0A)] + [0x7F]
_C1_AND_FORMAT = list(range(0x80, 0xA0)) + [
    0x2028,
    0x2029,
    0x200E,
    0x200F,
    0x061C,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    0xFEFF,
]


def _stand_in(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return chr(0xF700 + (code & 0xFF)) if code < 0x100 else chr(0xF800 + (code & 0xFF))


_TO_DISPLAY = {code: _stand_in(code) for code in _CONTROL_CODES + _C1_AND_FORMAT}
# and emoji pieces shown as terminals draw them (study.text.steady), mapped back alike
_TO_DISPLAY.update(STEADY)


class DisplayMap:
    """Maps the control characters of one text to visible stand-ins, and back.

    Only characters present in the original text are mapped back, so a reader who
    types a literal "␛" keeps it (unless the note already held a real ESC).
    """

    def __init__(self, *originals: str) -> None:
        present: set[int] = set()
        for text in originals:
            present.update(ord(ch) for ch in text if ord(ch) in _TO_DISPLAY)
        self._back = {ord(_TO_DISPLAY[c]): chr(c) for c in present}

    @staticmethod
    def show(text: str) -> str:
        return text.translate(_TO_DISPLAY)

    def restore(self, text: str) -> str:
        return text.translate(self._back) if self._back else text


# -- what the editor edits ----------------------------------------------------------


@dataclass
class NoteDraft:
    """The editor's content: a new note (``note_id`` None) or an edit of one."""

    text: str = ""
    chapter: int = 0
    tags: list[str] = field(default_factory=list)
    quote: str | None = None
    note_id: str | None = None
    kind: str = NOTE  # or PREDICTION: then revisit_at is its revisit chapter
    revisit_at: int | None = None

    @property
    def is_prediction(self) -> bool:
        return self.kind == PREDICTION

    def meta(self) -> dict:
        meta = {
            "note": self.note_id or "",
            "chapter": self.chapter,
            "tags": list(self.tags),
            "quote": self.quote or "",
        }
        if self.is_prediction:
            meta.update(kind=PREDICTION, revisit=self.revisit_at)
        return meta

    @classmethod
    def from_saved(cls, text: str, meta: dict) -> NoteDraft:
        chapter = meta.get("chapter", 0)
        tags = meta.get("tags", [])
        revisit = meta.get("revisit")
        predicts = meta.get("kind") == PREDICTION and type(revisit) is int
        return cls(
            text=text,
            chapter=chapter if type(chapter) is int and chapter >= 0 else 0,
            tags=[t for t in tags if isinstance(t, str)] if isinstance(tags, list) else [],
            quote=meta.get("quote") or None if isinstance(meta.get("quote"), str) else None,
            note_id=meta.get("note") or None if isinstance(meta.get("note"), str) else None,
            kind=PREDICTION if predicts else NOTE,
            revisit_at=revisit if predicts else None,
        )

    @classmethod
    def from_note(cls, note: Note) -> NoteDraft:
        return cls(
            text=note.text,
            chapter=note.chapter,
            tags=list(note.tags),
            quote=note.quote,
            note_id=note.id,
            kind=PREDICTION if note.kind == PREDICTION else NOTE,
            revisit_at=note.revisit_at,
        )


def parse_tags(raw: str) -> list[str]:
    """ "seminar, hailsham #memory" -> ["seminar", "hailsham", "memory"]."""
    return clean_tags(raw.replace(",", " ").split())


LOCKED_LINK = "This note is about a quote that unlocks later; it stays linked."


def quote_label(quote, width: int = 50) -> Text:
    line = cut(show_controls(" ".join(quote.text.split())), width)
    out = Text(f"ch {quote.chapter}: “{line}”")
    from companion.study.unlocked import quote_mark

    if mark := quote_mark(quote):
        out.append(f" [{mark}]", style="bold")
    return out


# -- the editor ---------------------------------------------------------------------


class NoteEditorScreen(ModalScreen[Note | None]):
    """Write or edit a note. Dismisses the saved Note, or None when discarded."""

    DEFAULT_CSS = """
    NoteEditorScreen { align: center middle; }
    NoteEditorScreen > #editor-dialog {
        width: 96; max-width: 98%; height: 28; max-height: 100%;
        border: thick $accent; background: $panel; padding: 0 1;
    }
    NoteEditorScreen #editor-title { text-style: bold; height: 1; margin-bottom: 1; }
    NoteEditorScreen #editor-text { height: 1fr; min-height: 4; }
    NoteEditorScreen .editor-row { height: auto; margin-top: 1; }
    NoteEditorScreen .editor-row Label { padding: 0 1 0 0; }
    NoteEditorScreen #editor-chapter, NoteEditorScreen #editor-revisit { width: 8; }
    /* compact fields with no border: a background shows they are fields, focus brightens it */
    NoteEditorScreen .editor-row Input { background: $boost; }
    NoteEditorScreen .editor-row Input:focus { background: $accent 30%; }
    NoteEditorScreen .editor-row Input.-bad-chapter { background: $error 35%; }
    NoteEditorScreen .editor-row Label { color: $text-muted; }
    NoteEditorScreen .editor-row:focus-within Label { color: $text; }
    NoteEditorScreen #editor-tags { width: 1fr; }
    NoteEditorScreen #editor-quote { width: 1fr; }
    NoteEditorScreen #editor-notice { color: $text-error; height: auto; }
    NoteEditorScreen #editor-notice.-info { color: $text-muted; }
    NoteEditorScreen #editor-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    NoteEditorScreen #editor-buttons Button { margin-left: 2; min-width: 12; }
    """

    BINDINGS = [
        # ctrl+s can be eaten by terminals with flow control on: F2 saves too.
        Binding("ctrl+s,f2", "save", "Save", id="editor.save", priority=True, key_display="ctrl+s"),
        # escape is a priority key too, so the key typed right after it (y or n) is read
        # once "Discard?" is up, not typed into the note (check_action: not while a
        # Select's menu is open, where escape closes the menu)
        Binding("escape", "cancel", "Close", id="editor.cancel", priority=True),
    ]

    def __init__(
        self,
        state: CompanionState,
        draft: NoteDraft,
        *,
        restored: bool = False,
        slot: DraftSlot | None = None,
    ) -> None:
        super().__init__()
        self.state = state
        self.draft = draft
        self.restored = restored
        self.slot = slot or new_draft(state.data_dir, draft.note_id)
        self._map = DisplayMap(draft.text, *draft.tags)
        self._original = replace(draft, tags=list(draft.tags))
        self._draft_timer: Timer | None = None
        self._draft_saved = False
        self._previous_handlers: dict[int, SignalHandler] = {}
        self._finished = False
        self._save_queued = False  # a save waits for the keys typed before it
        self._last_form: NoteDraft | None = None

    # -- layout --

    def compose(self) -> ComposeResult:
        state, draft = self.state, self.draft
        what = "prediction" if draft.is_prediction else "note"
        title = f"Edit {what}" if draft.note_id else f"New {what}"
        if self.restored:
            title += " (restored from an unsaved draft)"
        quotes = [(quote_label(q), q.id) for q in state.view.quotes]
        quote_value = (
            draft.quote if draft.quote in {q.id for q in state.view.quotes} else Select.NULL
        )
        with Vertical(id="editor-dialog"):
            yield Static(Text(title), id="editor-title")
            yield TextArea(
                self._map.show(draft.text), id="editor-text", soft_wrap=True, tab_behavior="focus"
            )
            with Horizontal(classes="editor-row"):
                yield Label("Chapter")
                # not type="integer": it drops letters silently; a wrong value is named
                yield Input(
                    str(draft.chapter),
                    id="editor-chapter",
                    tooltip=f"0 to {state.book.chapter_count}",
                    compact=True,
                )
                if draft.is_prediction:  # look back on it once this chapter is finished
                    yield Label("Revisit at")
                    yield Input(
                        str(draft.revisit_at or ""),
                        id="editor-revisit",
                        tooltip=f"a chapter after {state.finished}, up to {state.book.chapter_count}",
                        compact=True,
                    )
                yield Label("Tags")
                yield Input(
                    self._map.show(", ".join(draft.tags)),
                    id="editor-tags",
                    placeholder="e.g. seminar, hailsham",
                    compact=True,
                )
            with Horizontal(classes="editor-row"):
                yield Label("Quote")
                yield Select(
                    quotes,
                    id="editor-quote",
                    prompt="(no quote)",
                    value=quote_value,
                    allow_blank=True,
                    compact=True,
                )
            yield Static("", id="editor-notice")
            with Horizontal(id="editor-buttons"):
                yield Button("Close (esc)", id="editor-close", compact=True)
                yield Button("Save (ctrl+s, F2)", id="editor-save", variant="primary", compact=True)

    def on_mount(self) -> None:
        if closed_early(self):
            return
        area = self.query_one("#editor-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        self._install_signal_handlers()
        notes = self.state.notes
        if self.state.notes_loaded and notes.read_only:
            self.show_notice(
                f"Your notes are read-only: {notes.read_only_reason} "
                "What you type is kept as a draft."
            )
        elif self.draft.quote and self.draft.quote not in {q.id for q in self.state.view.quotes}:
            self.show_notice(LOCKED_LINK, info=True)
        from companion.tui.app import CompanionApp

        if isinstance(self.app, CompanionApp):
            self.app.progress_signal.subscribe(self, self._progress_moved)

    def _progress_moved(self, _finished: int) -> None:
        """Progress set back elsewhere while editing: the quote list offers only the
        quotes visible now. A chosen quote that is locked now stays linked, as a link
        to a locked quote always does (the reader chose it)."""
        select = self.query_one("#editor-quote", Select)
        visible = {q.id for q in self.state.view.quotes}
        chosen = select.value if isinstance(select.value, str) else None
        if chosen is not None and chosen not in visible:
            self.draft.quote = chosen
            self.show_notice(LOCKED_LINK, info=True)
        select.set_options([(quote_label(q), q.id) for q in self.state.view.quotes])
        if chosen in visible:
            select.value = chosen

    def on_key(self, event: events.Key) -> None:
        # Letters typed in the same burst as the key that opened the editor (a paste, a
        # slow link) reach this screen before its text box has the focus: they belong
        # in the box. Keys that bubble up from a focused field or button are left alone.
        if self.focused is None and event.is_printable and event.character:
            event.stop()
            self.query_one("#editor-text", TextArea).insert(event.character)

    def on_unmount(self) -> None:
        self._restore_signal_handlers()
        if not self._finished:
            self.save_draft_now()  # the app is quitting with the editor open
        self.slot.release()  # kept on disk, offered back on the next start

    # -- reading the form --

    def current(self) -> NoteDraft:
        """What the form holds now (text mapped back to what the reader wrote)."""
        text = self._map.restore(self.query_one("#editor-text", TextArea).text)
        raw_chapter = self.query_one("#editor-chapter", Input).value.strip()
        try:
            chapter = int(raw_chapter)
        except ValueError:
            chapter = self.draft.chapter
        tags = parse_tags(self._map.restore(self.query_one("#editor-tags", Input).value))
        quote_value = self.query_one("#editor-quote", Select).value
        quote = quote_value if isinstance(quote_value, str) else None
        if (
            quote is None
            and self.draft.quote
            and self.draft.quote not in {q.id for q in self.state.view.quotes}
        ):
            quote = self.draft.quote  # a link to a still-locked quote is kept as it was
        revisit = self.draft.revisit_at
        if self.draft.is_prediction:
            raw = self.query_one("#editor-revisit", Input).value.strip()
            revisit = int(raw) if raw.isdigit() else revisit
        return NoteDraft(text, chapter, tags, quote, self.draft.note_id, self.draft.kind, revisit)

    def changed(self) -> bool:
        return self._differs(self.current())

    def _differs(self, now: NoteDraft) -> bool:
        was = self._original
        return (now.text, now.chapter, now.tags, now.quote, now.revisit_at) != (
            was.text,
            was.chapter,
            clean_tags(was.tags),
            was.quote,
            was.revisit_at,
        )

    def show_notice(self, message: str, *, info: bool = False) -> None:
        notice = self.query_one("#editor-notice", Static)
        notice.update(Text(show_controls(message)))
        notice.set_class(info, "-info")

    @on(Input.Changed, "#editor-chapter")
    def _chapter_typed(self, event: Input.Changed) -> None:
        """Say at once when the chapter is not a number in range."""
        raw = event.value.strip()
        count = self.state.book.chapter_count
        bad = not (raw.isdigit() and 0 <= int(raw) <= count)
        event.input.set_class(bad, "-bad-chapter")
        notice = self.query_one("#editor-notice", Static)
        if bad:
            self.show_notice(f"Chapter: type a number from 0 to {count} (“{raw[:20]}” is not one).")
            notice.add_class("-chapter")
        elif notice.has_class("-chapter"):
            notice.remove_class("-chapter")
            self.show_notice("")

    # -- drafts --

    @on(TextArea.Changed)
    @on(Input.Changed)
    @on(Select.Changed)
    def _typed(self) -> None:
        try:
            self._last_form = self.current()
        except NoMatches:  # the form is being taken down
            pass
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self.save_draft_now)

    def save_draft_now(self) -> bool:
        """Save the draft at once; True when it was written. Never once the note was
        saved or discarded: a draft timer or a signal arriving after that must not
        bring back what the reader threw away."""
        if self._finished:
            return False
        draft: NoteDraft | None
        try:
            draft = self.current()
        except NoMatches:  # the form is gone (a signal while closing): what was typed last
            draft = self._last_form
        if draft is None:
            return False
        try:
            if not self.restored and not self._differs(draft):
                # nothing typed (or all of it undone): no draft to offer back
                if self._draft_saved:
                    self.slot.clear()
                    self._draft_saved = False
                return False
            self.slot.save(draft.text, draft.meta())
        except StoreError as error:
            try:
                self.show_notice(f"The draft could not be saved: {error.message}")
            except NoMatches:  # closing: nowhere to say it
                log.warning(f"the draft could not be saved: {error.message}")
            return False
        self._draft_saved = True
        return True

    def _install_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for sig in SIGNALS:
            try:
                self._previous_handlers[sig] = signal.signal(sig, self._on_signal)
            except (ValueError, OSError):
                pass

    def _restore_signal_handlers(self) -> None:
        for sig, previous in self._previous_handlers.items():
            try:
                signal.signal(sig, previous if previous is not None else signal.SIG_DFL)
            except (ValueError, OSError, TypeError):
                pass
        self._previous_handlers = {}

    def _on_signal(self, signum: int, frame) -> None:
        """SIGTERM/SIGHUP: save the draft first, then do what would have happened."""
        self.save_draft_now()
        previous = self._previous_handlers.get(signum, signal.SIG_DFL)
        self._restore_signal_handlers()
        if callable(previous):
            previous(signum, frame)
        elif previous == signal.SIG_IGN:
            self._install_signal_handlers()
        else:
            # The default would kill us with the terminal in raw mode: exit cleanly.
            self.app.exit(return_code=128 + signum)

    # -- saving --

    def action_save(self) -> None:
        # ctrl+s is a priority key, handled by the app as it arrives; the keys typed just
        # before it (a burst after lag, a paste without bracketing) may still wait in the
        # focused field's queue. Save once that field has handled them: a callback posted
        # to its queue runs after them. (Saving at once kept 0 of 3 such notes whole.)
        if self._finished or self._save_queued:
            return
        self._save_queued = True
        focused = self.app.focused
        if focused is not None and focused is not self and focused.screen is self:
            focused.call_later(self._save)
        else:
            # nothing here has the focus yet: ctrl+s came in the burst that opened the
            # editor, before its form was made; its own queue runs that first
            self.call_later(self._save)

    def _save(self) -> None:
        self._save_queued = False
        if self._finished or self.app.screen is not self:
            # not made yet and closed already, or escape came first in the burst and
            # "Discard?" is up: the reader's answer decides (dismiss would close it)
            return
        draft = self.current()
        raw_chapter = self.query_one("#editor-chapter", Input).value.strip()
        count = self.state.book.chapter_count
        if not raw_chapter.isdigit() or not 0 <= int(raw_chapter) <= count:
            self.show_notice(f"The chapter must be a number from 0 to {count}.")
            self.query_one("#editor-chapter", Input).focus()
            return
        if not draft.text.strip():
            self.show_notice("The note is empty: write something, or close to discard.")
            return
        if draft.is_prediction and (problem := self._revisit_problem()):
            self.show_notice(problem)
            self.query_one("#editor-revisit", Input).focus()
            return
        extra: dict[str, Any] = (
            {"kind": PREDICTION, "revisit_at": draft.revisit_at} if draft.is_prediction else {}
        )
        notes = self.state.notes
        try:
            if draft.note_id:
                saved = notes.update(
                    draft.note_id,
                    text=draft.text,
                    chapter=draft.chapter,
                    tags=draft.tags,
                    quote=draft.quote,
                    **extra,
                )
            else:
                saved = notes.add(draft.text, draft.chapter, draft.tags, draft.quote, **extra)
        except StoreError as error:
            self.save_draft_now()
            self.show_notice(
                f"Not saved: {error.message} Your text is still here"
                + (" and in the draft." if self._draft_saved else ".")
            )
            return
        self._finish()
        if saved.conflict_of and saved.conflict_of == draft.note_id:
            self.app.notify(
                "Another window changed this note meanwhile; your version was "
                "saved as a separate note tagged 'conflict'.",
                severity="warning",
                markup=False,
            )
        self.dismiss(saved)

    def _revisit_problem(self) -> str | None:
        """Why the revisit chapter cannot be saved, or None. A new or changed one must be
        ahead of the reader (as `companion predict --revisit`); a kept one stays."""
        box = self.query_one("#editor-revisit", Input)
        raw, done = box.value.strip(), self.state.finished
        count = self.state.book.chapter_count
        if raw.isdigit() and self.draft.note_id and int(raw) == self._original.revisit_at:
            problem = None
        elif done >= count:
            problem = f"You have finished all {count} chapters: nothing is left to predict."
        elif not raw.isdigit() or not done < int(raw) <= count:
            problem = (
                f"Revisit at: give a chapter from {done + 1} to {count}, after the "
                f"{done} you have finished (“{raw[:20]}” is not one)."
            )
        else:
            problem = None
        box.set_class(problem is not None, "-bad-chapter")
        return problem

    def _finish(self) -> None:
        self._finished = True
        if self._draft_timer is not None:
            self._draft_timer.stop()
        try:
            self.slot.discard()
        except StoreError as error:
            self.app.notify(show_controls(error.message), severity="warning", markup=False)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "cancel":
            return not any(select.expanded for select in self.query(Select))
        return True

    def action_cancel(self) -> None:
        # escape is read as it arrives. With text, ask at once: the keys typed after it
        # reach the question. Unchanged so far, keys typed just before it may still wait
        # in the focused field's queue: decide once that field has handled them.
        focused = self.app.focused
        if not self._has_text() and focused not in (None, self) and focused.screen is self:
            focused.call_later(self._close_or_ask)
        else:
            self._close_or_ask()

    def _has_text(self) -> bool:
        return self.changed() or self.restored

    def _close_or_ask(self) -> None:
        if self._finished or self.app.screen is not self:
            return  # closed already, or a question is up: the reader's answer decides
        if self._has_text():
            self._ask_discard()
        else:
            self._finish()
            self.dismiss(None)

    def _ask_discard(self) -> None:
        from companion.tui.screens.modals import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self._finish()
                self.dismiss(None)

        if self.draft.note_id:  # an existing note: the note stays, the edit goes
            title, message = (
                "Discard your changes?",
                "Your changes will be thrown away; the note stays as it was saved.",
            )
        else:
            title, message = "Discard this note?", "What you typed here will be thrown away."
        self.app.push_screen(
            ConfirmScreen(title, message, yes="Discard", no="Keep writing"), answered
        )

    @on(Button.Pressed, "#editor-save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#editor-close")
    def _close_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()


# -- opening the editor -------------------------------------------------------------


def open_note_editor(
    app,
    state: CompanionState,
    *,
    note: Note | None = None,
    quote: str | None = None,
    chapter: int | None = None,
    tags: list[str] | None = None,
    revisit_at: int | None = None,
    draft: NoteDraft | None = None,
    restored: bool = False,
    slot: DraftSlot | None = None,
    on_saved: Callable[[Note], object] | None = None,
) -> NoteEditorScreen:
    """Push the editor; after a save, tell the app the notes changed."""
    if draft is None:
        if note is not None:
            draft = NoteDraft.from_note(note)
        else:
            draft = NoteDraft(
                chapter=state.finished if chapter is None else chapter,
                tags=list(tags or []),
                quote=quote,
                kind=NOTE if revisit_at is None else PREDICTION,
                revisit_at=revisit_at,
            )
    screen = NoteEditorScreen(state, draft, restored=restored, slot=slot)

    def done(saved: Note | None) -> None:
        if saved is None:
            return
        app.post_message(DataChanged("notes"))  # the app refreshes the panes
        if on_saved is not None:
            on_saved(saved)

    app.push_screen(screen, done)
    return screen


# -- offering a draft back on start -------------------------------------------------


class DraftOfferScreen(ModalScreen[str]):
    """ "An unsaved note was found": open / keep for later / discard."""

    DEFAULT_CSS = """
    DraftOfferScreen { align: center middle; }
    DraftOfferScreen > #offer-dialog {
        width: 72; max-width: 96%; height: auto; max-height: 90%;
        border: thick $accent; background: $panel; padding: 1 2;
    }
    DraftOfferScreen #offer-title { text-style: bold; margin-bottom: 1; }
    DraftOfferScreen #offer-preview { color: $text-muted; max-height: 8; margin-bottom: 1; }
    DraftOfferScreen #offer-buttons { height: auto; align-horizontal: right; }
    DraftOfferScreen Button { margin-left: 1; }
    """

    BINDINGS = [
        Binding("o,enter", "choose('open')", "Open it", id="draft.open"),
        Binding("l,escape", "choose('later')", "Later", id="draft.later"),
        Binding("d", "choose('discard')", "Discard", id="draft.discard"),
    ]

    def __init__(self, text: str, meta: dict, count: str = "") -> None:
        super().__init__()
        self.text = text
        self.meta = meta
        self.count = count  # "1 of 3" when several drafts wait

    def compose(self) -> ComposeResult:
        what = "an edit of a note" if self.meta.get("note") else "a new note"
        if self.count:
            what += f", {self.count}"
        lines = self.text.strip().splitlines()[:6]
        preview = "\n".join(show_controls(line) for line in lines) or "(no text yet)"
        with Vertical(id="offer-dialog"):
            yield Static(Text(f"An unsaved note was found ({what})"), id="offer-title")
            yield Static(Text(preview), id="offer-preview")
            yield Static(Text("Open it to finish and save it, keep it for later, or discard it."))
            with Horizontal(id="offer-buttons"):
                # the keys on the buttons, as the other dialogs show them
                yield Button("Discard (d)", id="discard", variant="error")
                yield Button("Later (l, esc)", id="later")
                yield Button("Open it (o)", id="open", variant="primary")

    def on_mount(self) -> None:
        if closed_early(self):
            return
        self.query_one("#open", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or "later")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


_offered: weakref.WeakSet = weakref.WeakSet()


def offer_saved_draft(app, state: CompanionState, *, force: bool = False) -> bool:
    """Offer each unfinished draft back, one after the other (once per app run); a draft
    open in another window is not offered. True when one was offered."""
    if app in _offered and not force:
        return False
    _offered.add(app)
    found: DraftList | None
    problems: list[StoreError]
    try:
        found = list_drafts(state.data_dir)
    except StoreError as error:
        found = None
        problems = [error]
    else:
        problems = list(found.problems)
    for problem in problems:
        app.notify(
            show_controls(problem.message),
            title="Unsaved draft",
            severity="error",
            markup=False,
            timeout=15,
        )
    if not found or not found.drafts:
        return False
    _offer(app, state, found.drafts, 0)
    return True


def _offer(app, state: CompanionState, waiting: list, at: int) -> None:
    if at >= len(waiting):
        return
    saved = waiting[at]
    count = f"{at + 1} of {len(waiting)}" if len(waiting) > 1 else ""

    def chosen(choice: str | None) -> None:
        if choice not in ("open", "discard"):  # later: the draft stays for the next start
            _offer(app, state, waiting, at + 1)
            return
        slot = again = error = None
        try:
            slot = claim_draft(state.data_dir, saved.id)
            again = slot.load() if slot is not None else None
        except StoreError as problem:  # the draft changed into something unreadable
            error = problem.message
        if slot is None or again is None:
            if slot is not None:
                slot.release()
            app.notify(
                show_controls(error or "That draft is open in another window (or gone)."),
                severity="error" if error else "information",
                markup=False,
            )
            _offer(app, state, waiting, at + 1)
            return
        if choice == "discard":
            try:
                slot.discard()
            except StoreError as error:
                app.notify(show_controls(error.message), severity="error", markup=False)
            _offer(app, state, waiting, at + 1)
            return
        draft = NoteDraft.from_saved(again.text, again.meta)
        if draft.note_id:
            try:
                exists = state.notes.get(draft.note_id) is not None
            except StoreError:
                exists = False
            if not exists:
                draft.note_id = None  # the note is gone: save the text as a new one
        # the drafts after this one are offered on the next start
        open_note_editor(app, state, draft=draft, restored=True, slot=slot)

    app.push_screen(DraftOfferScreen(saved.text, saved.meta, count), chosen)
