"""8 Seminar: the starred quotes, the discussion questions so far, the seminar notes.

Starred quotes past the reader's chapter (after a step back) are only counted; the
questions come from ``state.view.questions`` (unlocked ones only), grouped by part;
notes tagged ``seminar`` are the reader's own agenda: one line each in a NoteList
(it draws only the rows on screen: a reader may have hundreds) and the highlighted
one in full below it (through ``show_controls``); enter opens it in the Notes pane.
``x`` writes the seminar sheet (``companion.study.seminar``) and ``a`` an Anki package
(``companion.study.anki``), each where the reader says in a save dialog
(``screens/save_dialog.py``; the folder is remembered in settings). The deck and the notes
are read in threads; the deck again only when its file changed. Mounted ahead of time
(hidden), the pane is filled then and again just before it is shown, from what other
panes have read: it is laid out and drawn once with its content, not empty first.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.strip import Strip
from textual.widgets import Static
from textual.widgets.option_list import Option

from companion.errors import CompanionError
from companion.store.errors import StoreError
from companion.study.text import show_controls
from companion.study.unlocked import quote_mark
from companion.tui.actions import Action, bindings, focus_now
from companion.tui.panes.base import Pane, later_line
from companion.tui.themes import MUTED
from companion.tui.widgets.backdrop import Column, Row
from companion.tui.widgets.note_list import NoteList
from companion.tui.widgets.row_list import RowList
from companion.tui.widgets.text_block import TextBlock

SEMINAR_TAG = "seminar"


class SeminarNoteList(NoteList):
    """A NoteList whose empty line has the list's background."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if not self.rows and y == 0:  # the empty text's row is padded without a style
            strip = strip.apply_style(self.rich_style)
        return strip


class SeminarPane(Pane):
    PANE_ID = "seminar"
    TITLE = "Seminar"
    HELP = (
        "What to take into the seminar: your starred quotes (enter opens one in the "
        "Quotes pane, u unstars it), the discussion questions for the chapters you "
        "have read, and your notes tagged 'seminar'. x writes the seminar sheet and a an "
        "Anki package of your starred quotes, where you say (the last folder is "
        "remembered); then you can open the file or copy its path. d drills your "
        "starred quotes."
    )

    ACTIONS = [
        Action(
            "seminar.open",
            "enter",
            "open_quote",
            "Open quote",
            "Show the highlighted quote in the Quotes pane",
        ),
        Action("seminar.unstar", "u", "unstar", "Unstar", "Remove it from the deck"),
        Action(
            "seminar.export",
            "x",
            "export",
            "Export",
            "Write starred quotes, seminar notes and questions to a file",
            palette="seminar: Export the seminar sheet",
        ),
        Action(
            "seminar.anki",
            "a",
            "export_anki",
            "Anki",
            "Write your starred quotes, with your notes on them, as an Anki package",
            palette="seminar: Export to Anki",
        ),
        Action(
            "seminar.drill",
            "d",
            "app.drill",
            "Drill",
            "Practise the deck",
            palette="seminar: Drill the starred quotes",
        ),
        Action(
            "seminar.reload",
            "ctrl+r",
            "reload",
            "Reload",
            "Read the deck and notes again (another window or the CLI wrote them)",
            footer=False,
            palette=None,
        ),
    ]
    BINDINGS = bindings(ACTIONS)

    def __init__(self, state, **kwargs) -> None:
        super().__init__(state, **kwargs)
        self._ready = False
        self._starred_filled = False  # from a loaded deck
        self._notes_filled = False  # from loaded notes
        self._note_shown = None
        self.last_export: Path | None = None

    def compose(self) -> ComposeResult:
        with Row(id="seminar-columns"):
            with Column(id="seminar-left"):
                yield Static(
                    Text("Starred quotes"), classes="seminar-heading", id="seminar-starred-heading"
                )
                yield RowList(id="seminar-starred", wrap=True)  # whole quotes
                yield Static("", id="seminar-starred-later")
                yield Static(
                    Text("Your seminar notes"),
                    classes="seminar-heading",
                    id="seminar-notes-heading",
                )
                yield SeminarNoteList(id="seminar-notes", empty_text="Loading…")
                yield TextBlock(id="seminar-note", classes="-empty")
            yield TextBlock(id="seminar-questions", title="Discussion questions")
        yield Static("", id="seminar-notice")

    def on_mount(self) -> None:
        # Built now, even when mounted ahead of time and hidden: shown, the pane is
        # laid out and drawn once with its content, not empty first and again after.
        if self.children_gone():
            return
        self._ready = True
        for selector in (
            "#seminar-starred",
            "#seminar-notes",
            "#seminar-note",
            "#seminar-questions",
        ):
            # made (hidden) now: a scrollbar made during the first layout is mounted
            # after it and asks for one more layout and frame
            self.query_one(selector).vertical_scrollbar  # noqa: B018
        self._show_questions()
        self._show_starred()  # or "Loading…": start() reads the deck when shown
        self._fill_loaded()

    def _fill_loaded(self) -> None:
        """Show the starred quotes and the notes if the deck and the notes have been
        read (by another pane) since this pane last showed them."""
        if not self._starred_filled and self.state.deck_loaded:
            self._show_starred()
        if not self._notes_filled and self.state.notes_loaded:
            self._show_notes()

    def before_show(self) -> None:
        # filled before the layout that shows it: one layout and frame, not two
        if self._ready:
            self._fill_loaded()

    def fill_hidden(self, kind: str) -> bool:
        if not self._ready or (self._starred_filled and self._notes_filled):
            return False
        self._fill_loaded()
        return True

    def start(self) -> None:  # on mount, or on first show if mounted ahead
        # read what no other pane has read yet (what has been read is shown already)
        if not self.state.deck_loaded:
            self.sync_deck(self._show_starred)
        if not self.state.notes_loaded:
            self._load_notes()

    def on_show(self) -> None:
        self._tell_deck_problems()
        if self.started:
            self.sync_deck(self._show_starred)  # another window may have starred quotes
            self.sync_notes(self._show_notes)  # the CLI may have written notes

    def _tell_deck_problems(self) -> None:
        """A review day (or deck.toml) that cannot be read: said once, when in view.
        Found in a thread: it lists and stats every review day file, and reads those
        not read yet (the first show with 330 day files took 190 ms, inside the switch)."""
        if not self.state.deck_loaded or self.companion.current_pane_id != self.PANE_ID:
            return
        deck = self.state.deck

        def find() -> None:
            problems = deck.problems
            if problems:
                self.app.call_from_thread(self.companion.tell_problems, problems)

        # a notice only: the app closing meanwhile must not turn it into an error
        self.run_worker(
            find, thread=True, exclusive=True, group="deck-problems", exit_on_error=False
        )

    def focus_default(self) -> None:
        focus_now(self.query_one("#seminar-starred", RowList))

    # -- content --

    def refresh_content(self, kind: str = "all") -> None:
        if not self._ready:
            return
        if kind in ("deck", "progress", "all"):
            self._show_starred()
        if kind in ("progress", "all"):
            self._show_questions()
        if kind in ("notes", "progress", "all"):
            self._show_notes()

    def starred_quotes(self) -> tuple[list, int]:
        """(visible starred quotes in deck order, how many starred ones are locked)."""
        deck = self.state.deck
        visible = {q.id: q for q in self.state.view.quotes}
        known = {q.id for q in self.state.book.quotes}  # book.quote() scans: 1,000 stars
        shown, hidden = [], 0
        for quote_id in deck.starred:
            if quote_id in visible:
                shown.append(visible[quote_id])
            elif quote_id in known:
                hidden += 1
        return shown, hidden

    def _show_starred(self) -> None:
        if not self.state.deck_loaded:
            self.query_one("#seminar-starred-later", Static).update(
                Text("Loading…")
            )  # muted by its CSS
            if self.started:
                self.call_after_refresh(self.sync_deck, self._show_starred)  # after the paint
            return
        self._starred_filled = True
        self._tell_deck_problems()
        option_list = self.query_one("#seminar-starred", RowList)
        highlighted = option_list.highlighted
        shown, hidden = self.starred_quotes()
        options = []
        for quote in shown:
            line = " ".join(quote.text.split())
            prompt = Text(show_controls(f"“{line}”"))
            # on a line of its own: wrapped after the quote, "ch" and its number parted
            prompt.append("\n")
            prompt.append(
                Text(show_controls(f"  — {quote.speaker}, ch {quote.chapter}"), style=MUTED)
            )
            if mark := quote_mark(quote):  # as on the card
                prompt.append(f"  [{mark}]", style="bold yellow")
            options.append(Option(prompt, id=quote.id))
        option_list.set_options(options)
        if options:
            option_list.highlighted = min(highlighted or 0, len(options) - 1)
        heading = f"Starred quotes ({len(shown)})"
        self.query_one("#seminar-starred-heading", Static).update(Text(heading), layout=False)
        self.refresh_bindings()  # u shows only with a starred quote to unstar
        later = self.query_one("#seminar-starred-later", Static)
        notes = []
        if not shown:
            notes.append("None yet: star quotes with s in the Quotes pane.")
        if hidden:
            notes.append(
                f"{hidden} starred quote{'s are' if hidden != 1 else ' is'} "
                "past your chapter and hidden for now."
            )
        if self.state.deck.read_only:
            notes.append(f"The deck is read-only: {self.state.deck.read_only_reason}")
        later.update(Text(show_controls(" ".join(notes))))

    def _show_questions(self) -> None:
        view = self.state.view
        book = self.state.book
        out = Text()
        groups: dict[int | None, list] = {}
        for question in view.questions:
            groups.setdefault(question.part, []).append(question)
        numbered = 0
        for part in [*book.parts, None]:
            number = part.number if part is not None else None
            questions = groups.get(number)
            if not questions:
                continue
            title = show_controls(part.title) if part is not None else "The whole book"
            out.append(("\n" if out else "") + title + "\n", style="bold")
            for question in questions:
                numbered += 1
                out.append(f"{numbered}. ")
                out.append(show_controls(" ".join(question.text.split())))
                out.append("\n")
        if not numbered:
            out.append("No questions yet: they unlock as you read.\n", style=MUTED)
        later = later_line(view.locked.get("questions", 0), "questions")
        if later:
            out.append("\n" + later, style=f"{MUTED} italic")
        self.query_one("#seminar-questions", TextBlock).update(out)

    def _show_notes(self) -> None:
        note_list = self.query_one("#seminar-notes", NoteList)
        if not self.state.notes_loaded:
            if self.started:
                self.call_after_refresh(self._load_notes)  # after the pane is painted
            return
        self._notes_filled = True
        try:
            notes = self.state.shown_notes(self.state.notes.search(tag=SEMINAR_TAG))
        except StoreError as error:
            self.show_notice(error.message)
            notes = []
        notes = sorted(notes, key=lambda n: (n.chapter, n.created))
        note_list.empty_text = "None yet: tag a note 'seminar'."  # fits at 80 columns
        keep = note_list.highlighted_note.id if note_list.highlighted_note else None
        note_list.set_rows(notes, keep=keep)
        heading = "Your seminar notes" + (f" ({len(notes)})" if notes else "")
        self.query_one("#seminar-notes-heading", Static).update(Text(heading), layout=False)
        self._show_note(note_list.highlighted_note)

    @on(NoteList.Highlighted, "#seminar-notes")
    def _note_highlighted(self, event: NoteList.Highlighted) -> None:
        event.stop()
        self._show_note(event.note)

    def _show_note(self, note) -> None:
        """The highlighted seminar note in full, under the list."""
        box = self.query_one("#seminar-note", TextBlock)
        box.set_class(note is None, "-empty")
        if note is None or note == self._note_shown:
            return  # set_rows posts a Highlighted for the note shown already
        self._note_shown = note
        out = Text()
        out.append(f"ch {note.chapter} · {note.updated.astimezone():%Y-%m-%d}", style=MUTED)
        others = [t for t in note.tags if t.casefold() != SEMINAR_TAG]
        if others:
            out.append(" · " + " ".join("#" + show_controls(t) for t in others), style=MUTED)
        out.append("\n")
        out.append(show_controls(note.text.strip(), keep_newlines=True))
        box.update(out)

    @on(NoteList.Selected, "#seminar-notes")
    def _note_selected(self, event: NoteList.Selected) -> None:
        event.stop()
        self.run_worker(self.companion.open_item("notes", f"note:{event.note.id}"))

    @work(thread=True, exclusive=True, group="seminar-notes")
    def _load_notes(self) -> None:
        try:
            self.state.load_notes()
        except StoreError as error:
            self.app.call_from_thread(self.show_notice, error.message)
            return
        self.app.call_from_thread(self._show_notes)

    def show_notice(self, message: str, *, info: bool = False) -> None:
        notice = self.query_one("#seminar-notice", Static)
        notice.update(Text(show_controls(message)))
        notice.set_class(info, "-info")

    # -- actions --

    def _highlighted_id(self) -> str | None:
        option_list = self.query_one("#seminar-starred", RowList)
        if option_list.highlighted is None or not option_list.option_count:
            return None
        return option_list.get_option_at_index(option_list.highlighted).id

    @on(RowList.OptionSelected, "#seminar-starred")
    def _selected(self, event: RowList.OptionSelected) -> None:
        event.stop()
        self.open_quote(event.option.id)

    def action_open_quote(self) -> None:
        self.open_quote(self._highlighted_id())

    def open_quote(self, quote_id: str | None) -> None:
        if quote_id:
            self.run_worker(self.companion.open_item("quotes", f"quote:{quote_id}"))

    def action_unstar(self) -> None:
        quote_id = self._highlighted_id()
        if quote_id is None:
            return
        try:
            self.state.deck.unstar(quote_id)
        except StoreError as error:
            self.show_notice(f"Not saved: {error.message}")
            return
        self.show_notice("")
        self._show_starred()
        self.data_changed("deck")

    def action_reload(self) -> None:
        self.state.deck.reload()
        self.refresh_content("all")
        self.sync_notes(self._show_notes, force=True)

    def export_folder(self) -> Path:
        """The folder the reader last saved in, else ``<data dir>/exports``."""
        last = self.companion.prefs.settings.export_dir
        if last and Path(last).is_dir():
            return Path(last)
        return self.state.data_dir / "exports"  # never the folder the terminal is in

    def _free_name(self, stem: str, suffix: str) -> Path:
        folder = self.export_folder()
        for n in range(1, 1000):
            path = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
            if not path.exists():
                return path
        return folder / f"{stem}{suffix}"

    def _ask_where(self, title: str, default: Path, save, done: str) -> None:
        from companion.tui.screens.save_dialog import SavedDialog, SaveDialog

        exports = self.state.data_dir / "exports"

        def write(path: Path, force: bool) -> None:
            if path.parent == exports:
                exports.mkdir(parents=True, exist_ok=True)  # the app's own folder
            save(path, force)

        def saved(path: Path | None) -> None:
            if path is None:
                return
            self.last_export = path
            self.companion.prefs.set_export_dir(path.parent)
            self.show_notice(f"{done} {path}", info=True)
            self.app.push_screen(SavedDialog(f"{done}:", path))

        self.app.push_screen(SaveDialog(title, default, write), saved)

    def action_export(self) -> None:
        from companion.study.seminar import build_sheet
        from companion.study.seminar import write_sheet as write

        try:
            notes = self.state.shown_notes(self.state.notes.notes)
            text = build_sheet(self.state.book, self.state.finished, self.state.deck, notes)
        except CompanionError as error:
            self.show_notice(f"The sheet could not be built: {error.message}")
            return
        default = self._free_name(f"seminar-sheet-{self.state.today().isoformat()}", ".md")
        self._ask_where(
            "Save the seminar sheet as",
            default,
            lambda path, force: write(path, text, force, make_folder=False),
            "Seminar sheet written to",
        )

    def action_export_anki(self) -> None:
        from companion.study.anki import build_anki, default_file_name, write_anki

        try:
            notes = self.state.notes.notes
            built = build_anki(self.state.book, self.state.finished, self.state.deck.starred, notes)
        except CompanionError as error:
            self.show_notice(f"The Anki package could not be built: {error.message}")
            return
        if not built.quotes:
            self.show_notice("No starred quote to export yet: star quotes with s in Quotes.")
            return
        name = Path(default_file_name(self.state.book))
        self._ask_where(
            f"Save {len(built.quotes)} starred quote{'s' if len(built.quotes) != 1 else ''} "
            "as an Anki package (import it in Anki with File > Import)",
            self._free_name(name.stem, name.suffix),
            lambda path, force: write_anki(path, built.data, force=force),
            "Anki package written to",
        )

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "unstar":  # in the footer only with a starred quote to unstar
            return self.is_mounted and self._highlighted_id() is not None
        return True

    def offer(self, action: Action) -> str | None:
        if action.id in ("seminar.open", "seminar.unstar"):  # a starred quote to act on
            if not (self.is_mounted and self._highlighted_id()):
                return None
        return action.label
