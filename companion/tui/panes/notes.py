"""4 Notes: the reader's notebook, newest first, searched as you type.

Notes load in a thread after the pane mounts (10,000 notes must not freeze the
first paint); the list draws only the rows on screen, so filtering costs little more
than the search itself. When the pane is shown again, the notes are read again only
if the notes folder changed (its mtime: another window added, replaced, renamed or
deleted a note file; atomic saves rename into it). Store problems (a damaged note file, read-only notes, a full disk)
are named in a notice line; the editor keeps the typed text when a save fails.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from companion.store.errors import StoreError
from companion.store.notes import Note
from companion.store.notes.kinds import HIGHLIGHT, PREDICTION
from companion.study.text import cut, show_controls
from companion.study.unlocked import quote_mark
from companion.tui.actions import Action, bindings, focus_now, typing
from companion.tui.panes.base import Pane
from companion.tui.state import file_stamp
from companion.tui.themes import MUTED
from companion.tui.widgets.note_list import NoteList
from companion.tui.widgets.search_box import SearchBox


class NotesPane(Pane):
    PANE_ID = "notes"
    TITLE = "Notes"
    HELP = (
        "Your notes, newest first. / goes to the search box and filters as you "
        "type; escape goes back to the list, and escape again clears the search. "
        "a adds a note, e or enter edits, d deletes after asking. Unsaved text is "
        "kept as a draft and offered back if the companion is closed. p writes down a "
        "prediction; f shows only predictions, highlights or unplaced highlights; c "
        "gives an imported highlight its chapter."
    )

    ACTIONS = [
        # priority: the editor opens as the app reads a or e, so the letters typed in the
        # same burst (a paste, a slow link) go into it, not to the list
        Action("notes.add", "a", "add", "Add", "Write a new note", priority=True),
        Action("notes.edit", "e", "edit", "Edit", "Edit the highlighted note", priority=True),
        Action("notes.delete", "d", "delete", "Delete", "Delete the highlighted note"),
        Action(
            "notes.predict",
            "p",
            "predict",
            "Predict",
            "Write down a prediction, to look back on when the book has answered it",
            priority=True,
        ),
        Action(
            "notes.kind",
            "f",
            "next_kind",
            "Show",
            "Show every note, only predictions, only highlights, or unplaced highlights",
            palette="notes: Show predictions, highlights or every note",
        ),
        Action(
            "notes.place",
            "c",
            "place",
            "Chapter",
            "Give the highlighted import (a highlight) its chapter",
            footer=False,
            palette="notes: Place this highlight in a chapter",
        ),
        Action(
            "notes.search",
            "slash",
            "search",
            "Search",
            "Search your notes as you type",
            key_display="/",
            priority=True,  # the letters typed after / go to the box (focus_now)
        ),
        Action(
            "notes.escape",
            "escape",
            "leave_search",
            "Leave search",
            "From the search box back to the list; in the list, clear the search",
            key_display="esc",
            palette=None,
            # handled as the app reads it (check_action: only where it does something):
            # the keys typed after it in one burst leave the box too ("escape q" quits)
            priority=True,
        ),
        Action(
            "notes.reload",
            "ctrl+r",
            "reload",
            "Reload",
            "Read the notes again (another window or the CLI wrote some)",
            footer=False,
            palette=None,
        ),
        Action(
            "notes.to_list",
            "down",
            "focus_list",
            "To the list",
            "From the search box down to the list",
            footer=False,
            palette=None,
        ),
    ]
    BINDINGS = bindings(ACTIONS)

    def __init__(self, state, **kwargs) -> None:
        super().__init__(state, **kwargs)
        self.loaded = False
        self.query_text = ""
        self.last_filter_ms = 0.0
        self._ready = False
        self._folder_stamp: tuple | None = None  # the notes folder when last read
        self._open_when_loaded: str | None = None
        self._status = ""  # the status line's text as shown
        self._previewed: tuple | None = None  # what the preview shows now
        self._search_empty = True  # as the key bar last saw the search box
        self._counted: tuple | None = None  # (what it counted, shown, hidden)
        self.kind = ""  # "" every note, else a key of KIND_FILTERS

    def compose(self) -> ComposeResult:
        yield SearchBox(placeholder="Search your notes (/)", id="notes-search", compact=True)
        yield Static("", id="notes-notice", classes="-empty")
        yield Static(Text("Loading your notes…"), id="notes-status")
        yield NoteList(id="notes-list", empty_text="Loading…")
        with VerticalScroll(id="notes-preview"):
            yield Static("", id="notes-preview-text")

    def start(self) -> None:  # on mount, or on first show if mounted ahead
        self._ready = True
        self.call_after_refresh(self.load_notes)  # after the pane is painted
        from companion.tui.screens.note_editor import offer_saved_draft

        self.call_after_refresh(offer_saved_draft, self.app, self.state)

    def on_show(self) -> None:
        if self.loaded and self._folder_changed():
            self.load_notes()  # another window wrote notes meanwhile

    def _folder_changed(self) -> bool:
        return file_stamp(self.state.notes.folder) != self._folder_stamp

    def focus_default(self) -> None:
        focus_now(self.query_one(NoteList))

    # -- loading --

    @work(thread=True, exclusive=True, group="notes-load")
    def load_notes(self) -> None:
        store = self.state.notes
        stamp = file_stamp(store.folder)  # before reading: a later change shows next time
        try:
            store.reload()
            store.search("\0")  # builds the search index here, not on the first keystroke
            error = None
        except StoreError as problem:
            error = problem.message
        self.app.call_from_thread(self._loaded, error, stamp)

    def _loaded(self, error: str | None, stamp: tuple | None = None) -> None:
        self.loaded = True
        self._folder_stamp = stamp
        if error is None:
            self.state.notes_read(stamp)
        self.query_one(NoteList).empty_text = "No notes yet: press a to write one."
        self._show_problems(error)
        keep, self._open_when_loaded = self._open_when_loaded, None
        if keep is not None:
            self.query_one("#notes-search", Input).value = ""
            self.query_text = ""
        self.apply_filter(keep=keep)
        self.data_read("notes")

    def _show_problems(self, error: str | None = None) -> None:
        store = self.state.notes
        lines = []
        if error:
            lines.append(error)
        try:
            if store.read_only:
                lines.append(f"Your notes are read-only: {store.read_only_reason}")
            problems = store.problems
        except StoreError as problem:
            problems = []
            lines.append(problem.message)
        if problems:
            count = len(problems)
            lines.append(
                f"{count} note file{'s' if count != 1 else ''} could not be read "
                f"and {'were' if count != 1 else 'was'} left untouched; your other "
                "notes work. " + problems[0].message
            )
            if count > 1:
                lines.append(
                    "Also: "
                    + ", ".join(str(p.path) for p in problems[1:4])
                    + (" …" if count > 4 else "")
                )
        self.show_notice("\n".join(lines))

    def show_notice(self, message: str) -> None:
        notice = self.query_one("#notes-notice", Static)
        notice.update(Text(show_controls(message, keep_newlines=True)))
        notice.set_class(not message, "-empty")

    # -- filtering --

    @on(Input.Changed, "#notes-search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_text = event.value
        if self.loaded:
            self.apply_filter()
        if self._search_empty != (not event.value):  # escape's binding depends on it
            self._search_empty = not event.value
            self.refresh_bindings()

    @on(Input.Submitted, "#notes-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(NoteList).focus()

    def apply_filter(self, keep: str | None = None) -> list[Note]:
        """Show the notes matching the search box; returns them."""
        started = time.perf_counter()
        note_list = self.query_one(NoteList)
        if keep is None and note_list.highlighted_note is not None:
            keep = note_list.highlighted_note.id
        try:
            rows = self.state.notes.search(self.query_text.strip())
            total, hidden = self._counts()
            if hidden:  # highlights from past progress are left out (state.shown_notes)
                rows = self.state.shown_notes(rows)
            if self.kind:
                rows = [n for n in rows if KIND_FILTERS[self.kind][1](n)]
            if not self.query_text.strip() and not self.kind:
                total = len(rows)
        except StoreError as error:
            self.show_notice(error.message)
            rows, total, hidden = [], 0, 0
        query = self.query_text.strip()
        if self.loaded:
            note_list.empty_text = (
                f"No notes match “{cut(show_controls(query), 40)}”: escape clears the search."
                if query and total
                else "No notes yet: press a to write one."
            )
        note_list.set_rows(rows, keep=keep)
        self.last_filter_ms = (time.perf_counter() - started) * 1000
        if self.kind:
            status = f"{KIND_FILTERS[self.kind][0]}: {len(rows)} of {total} notes (f: next)"
        elif self.query_text.strip():
            status = f"{len(rows)} of {total} notes match"
        else:
            status = f"{total} note{'s' if total != 1 else ''}"
        if hidden:
            status += f" · {hidden_text(hidden)}"
        if status != self._status:  # one line, fixed size: no layout needed
            self._status = status
            self.query_one("#notes-status", Static).update(Text(status), layout=False)
        self._preview(note_list.highlighted_note)
        return rows

    def _counts(self) -> tuple[int, int]:
        """(notes that may be shown, highlights hidden past progress): counted once
        per change of the notes or of progress, not at each keystroke."""
        key = (self._folder_stamp, self.state.notes_stamp, self.state.finished)
        if self._counted is None or self._counted[0] != key:
            notes = self.state.notes.notes
            hidden = len(notes) - len(self.state.shown_notes(notes))
            self._counted = (key, len(notes) - hidden, hidden)
        return self._counted[1], self._counted[2]

    @on(NoteList.Highlighted)
    def _highlighted(self, event: NoteList.Highlighted) -> None:
        self._preview(event.note)

    def _preview(self, note: Note | None) -> None:
        text = self.query_one("#notes-preview-text", Static)
        if note is None:
            if self._previewed is not None:
                self._previewed = None
                text.update("")
            return
        meta = kind_meta(note) or f"chapter {note.chapter}"
        meta += f" · written {note.created.astimezone():%Y-%m-%d %H:%M}"
        if note.updated != note.created:
            meta += f" · edited {note.updated.astimezone():%Y-%m-%d %H:%M}"
        if note.tags:
            meta += " · " + " ".join("#" + show_controls(t) for t in note.tags)
        if note.quote:
            quote = self.state.book.quote(note.quote)
            if quote is not None and self.state.is_visible(quote):
                meta += f" · about “{cut(show_controls(' '.join(quote.text.split())), 60)}”"
                if mark := quote_mark(quote):
                    meta += f" [{mark}]"
            else:
                meta += " · about a quote"
        shown = (meta, note.text, note.comment)
        if shown == self._previewed:
            return  # the same note as before: no update, no re-layout
        self._previewed = shown
        # the muted line as a span: a Text's own str style reaches Textual's Content
        # as a style to parse, and "bright_black" is not a Textual colour (the parse
        # fails, costing ~2 ms per line drawn, and leaves the line unstyled)
        body = Text()
        body.append(meta + "\n", style=MUTED)
        body.append(Text(show_controls(note.text.rstrip(), keep_newlines=True)))
        if note.comment:  # the note the reader typed on the device
            body.append(Text("\nYour note on it: ", style=MUTED))
            body.append(Text(show_controls(note.comment, keep_newlines=True)))
        text.update(body, layout=False)
        # it sizes to its text: lay the screen out again only if its height changed
        width, height = text.content_size
        if (
            not width
            or text.get_content_height(text.container_size, self.app.size, width) != height
        ):
            text.refresh(layout=True)

    @on(NoteList.Selected)
    def _selected(self, event: NoteList.Selected) -> None:
        event.stop()
        self.edit(event.note)

    # -- actions --

    def refresh_content(self, kind: str = "all") -> None:
        if not self._ready or not self.loaded:
            return
        if kind == "all":
            self.load_notes()
        elif kind == "progress":  # highlights of the chapters finished now show
            self.apply_filter()
        elif kind == "notes":  # this app wrote a note: the store already holds it
            self._folder_stamp = file_stamp(self.state.notes.folder)
            self._show_problems()
            self.apply_filter()

    def action_search(self) -> None:
        focus_now(self.query_one("#notes-search", Input))

    def action_leave_search(self) -> None:
        """escape: from the search box back to the list; in the list, clear the search."""
        search = self.query_one("#notes-search", Input)
        if self.app.focused is search:
            self.focus_default()
        elif search.value:
            search.value = ""  # Input.Changed re-filters

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("add", "edit", "predict"):  # (in the box, a letter is a letter)
            return not typing(self)
        if action == "search":  # (in the box, / is a character of the search)
            return not self.is_mounted or self.app.focused is not self.query_one(
                "#notes-search", Input
            )
        if action == "leave_search":  # in the footer only when it does something
            if not self.is_mounted:
                return False
            search = self.query_one("#notes-search", Input)
            return self.app.focused is search or bool(search.value)
        return True

    def action_focus_list(self) -> None:
        """Down from the search box goes to the list (the list's own down moves in it)."""
        self.query_one(NoteList).focus()

    def action_reload(self) -> None:
        self.load_notes()

    def action_predict(self) -> None:
        from companion.tui.screens.predictions import open_prediction_editor

        open_prediction_editor(self.app, self.state, on_saved=self._saved)

    def action_next_kind(self) -> None:
        keys = ["", *KIND_FILTERS]
        self.kind = keys[(keys.index(self.kind) + 1) % len(keys)]
        self.apply_filter()

    def action_place(self) -> None:
        from companion.tui.screens.place import PlaceScreen

        note = self.query_one(NoteList).highlighted_note
        if note is None or note.source is None:
            self.app.notify("Highlight an imported highlight to give it its chapter.")
            return

        def chosen(chapter: int | None) -> None:
            if chapter is not None:
                self._place(note, chapter)

        self.app.push_screen(
            PlaceScreen(note, self.state.finished, self.state.chapter_count), chosen
        )

    def _place(self, note: Note, chapter: int) -> None:
        from companion.study.highlights.plan import place_by_reader

        try:
            saved = place_by_reader(self.state.notes, note, chapter)
        except StoreError as error:
            self.show_notice(f"Not placed: {error.message}")
            return
        if saved.unlock > self.state.finished:
            message = (
                f"Placed at chapter {chapter}: hidden until you finish chapter {chapter} "
                f"(you have finished {self.state.finished})."
            )
        else:
            message = f"Placed at chapter {chapter}." if chapter else "Unplaced again."
        self.app.notify(message, markup=False)
        self.data_changed("notes")
        self.apply_filter(keep=saved.id)

    def action_add(self) -> None:
        from companion.tui.screens.note_editor import open_note_editor

        open_note_editor(self.app, self.state, chapter=self.state.finished, on_saved=self._saved)

    def action_edit(self) -> None:
        note = self.query_one(NoteList).highlighted_note
        if note is not None:
            self.edit(note)

    def edit(self, note: Note) -> None:
        from companion.tui.screens.note_editor import open_note_editor

        try:
            fresh = self.state.notes.get(note.id) or note
        except StoreError as error:
            self.show_notice(error.message)
            return
        open_note_editor(self.app, self.state, note=fresh, on_saved=self._saved)

    def _saved(self, note: Note) -> None:
        self._folder_stamp = file_stamp(self.state.notes.folder)
        if self.is_mounted:
            self.apply_filter(keep=note.id)

    def action_delete(self) -> None:
        from companion.tui.screens.modals import ConfirmScreen

        note = self.query_one(NoteList).highlighted_note
        if note is None:
            return
        first = cut(show_controls(note.first_line), 70) or "(empty note)"

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.state.notes.delete(note.id)
            except StoreError as error:
                self.show_notice(f"Not deleted: {error.message}")
                return
            self.app.notify(
                "Note deleted (a copy is kept in backups/deleted).", markup=False, timeout=3
            )
            self.data_changed("notes")
            self.apply_filter()

        self.app.push_screen(
            ConfirmScreen(
                "Delete this note?",
                f"“{first}” (chapter {note.chapter})",
                yes="Delete",
                no="Keep it",
            ),
            answered,
        )

    def open_item(self, key: str) -> bool:
        kind, _, note_id = key.partition(":")
        if kind != "note":
            return False
        if not self.loaded:
            self._open_when_loaded = note_id  # selected once the notes are read
            return True
        self.query_one("#notes-search", Input).value = ""
        self.query_text = ""
        rows = self.apply_filter(keep=note_id)
        return any(n.id == note_id for n in rows)

    def offer(self, action: Action) -> str | None:
        if action.id == "notes.predict" and self.state.finished >= self.state.chapter_count:
            return None
        if action.id == "notes.place":  # an imported note to place
            note = self.query_one(NoteList).highlighted_note if self.is_mounted else None
            return action.label if note is not None and note.source is not None else None
        if action.id in ("notes.edit", "notes.delete"):  # a note to act on
            if not self.is_mounted or self.query_one(NoteList).highlighted_note is None:
                return None
        return action.label


def hidden_text(count: int) -> str:
    """'2 highlights from later chapters are hidden until you finish them'."""
    what = "1 highlight" if count == 1 else f"{count} highlights"
    verb = "is" if count == 1 else "are"
    return f"{what} from later chapters {verb} hidden until you finish them"


# the kinds the Notes pane can show alone (f): the status line's name and the test
KIND_FILTERS = {
    "prediction": ("predictions", lambda n: n.kind == PREDICTION),
    "highlight": ("highlights", lambda n: n.source is not None),
    "unplaced": ("unplaced highlights", lambda n: n.placement == "unplaced"),
}


def kind_meta(note: Note) -> str:
    """The preview's first words for a prediction or an imported note, else ""."""
    if note.kind == PREDICTION:
        from companion.study.predictions import OUTCOME_LABELS

        made = f"prediction made at chapter {note.chapter}"
        if note.outcome is None:
            return f"{made} · to look back on at chapter {note.revisit_at}"
        out = f"{made} · {OUTCOME_LABELS[note.outcome]} (marked at chapter {note.answered_at})"
        return out + (f" · “{show_controls(note.reflection)}”" if note.reflection else "")
    if note.source is None:
        return ""
    where = show_controls(f"{note.source}, {note.location}" if note.location else note.source)
    what = f"highlight from {where}" if note.kind == HIGHLIGHT else f"note from {where}"
    if note.placement == "unplaced":
        return f"{what} · unplaced: c gives it its chapter"
    if note.placement == "estimated":
        return f"{what} · chapter {note.chapter}, estimated (c corrects it)"
    return f"{what} · chapter {note.chapter}"
