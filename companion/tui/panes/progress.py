"""Pane 1, Progress: where the reader is, how fast, and what the last chapter unlocked."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from companion.book.gate import is_visible
from companion.store.errors import StoreError
from companion.study.progress import pace_text
from companion.study.text import show_controls
from companion.study.unlocked import Unlocked
from companion.tui.actions import Action, PaletteEntry, bindings
from companion.tui.panes.base import Pane, plain
from companion.tui.screens.modals import ConfirmScreen, peek
from companion.tui.themes import MUTED
from companion.tui.widgets.backdrop import Column, Row
from companion.tui.widgets.row_list import RowList

SHOW_UNLOCKED = 40  # items listed after an advance; the rest are counted


def bar(done: int, total: int, width: int) -> Text:
    """A bar readable without colour too: thick for done, thin for to come."""
    full = round(width * done / total) if total else 0
    return Text.assemble(("━" * full, "green"), ("─" * (width - full), MUTED))


class ProgressPane(Pane):
    PANE_ID = "progress"
    TITLE = "Progress"
    HELP = (
        "Your place in the book. Mark the next chapter finished with n (the only key "
        "that finishes a chapter without asking); enter or space on a chapter moves your "
        "progress there after asking. Locked chapters show no title; v peeks at one after "
        "asking. p writes down a prediction to look back on later."
    )

    ACTIONS = [
        Action(
            "progress.next",
            "n",
            "mark_next",
            "Finished next chapter",
            "Mark the next chapter finished (the footer names it)",
        ),
        Action(
            "progress.set",
            "enter,space",
            "set_here",
            "Set progress here",
            "Set your progress to the highlighted chapter (asks first)",
            footer=False,  # the footer keeps to n: the one key that finishes a chapter
            palette=None,
        ),
        Action(
            "progress.back",
            "u",
            "step_back",
            "Un-finish last chapter",
            "Un-finish the last chapter (asks first)",
            footer=False,
        ),
        Action(
            "progress.peek",
            "v",
            "peek",
            "Peek at locked chapter",
            "Show a locked chapter's summary once, after asking",
            footer=False,
            palette=None,
        ),
        Action(
            "progress.predict",
            "p",
            "predict",
            "Predict",
            "Write down a prediction, to look back on when the book has answered it",
            priority=True,  # the editor opens at once: the letters after p go in
        ),
        Action(
            "progress.dismiss",
            "x",
            "dismiss_unlocked",
            "Dismiss unlocked list",
            "Hide the newly unlocked list",
            footer=False,
            palette="progress: Dismiss newly unlocked",
        ),
        Action("progress.down", "j", "cursor(1)", "Down", "Move down the list", False, None),
        Action("progress.up", "k", "cursor(-1)", "Up", "Move up the list", False, None),
    ]
    BINDINGS = bindings(ACTIONS)

    def __init__(self, state, **kwargs) -> None:
        super().__init__(state, **kwargs)
        self.unlocked: Unlocked | None = None
        self.looking_back: list = []  # the predictions the newly unlocked list leads with
        self._rows_at: int | None = None  # the chapters finished when the rows were made

    def compose(self) -> ComposeResult:
        yield Static(id="bars")
        yield Static(id="pace", classes="muted")
        with Row(classes="split"):
            with Column(classes="side"):
                yield RowList(id="chapters")
            with Column(classes="main"):
                with Column(id="unlocked"):
                    yield Static(id="unlocked-title", classes="heading")
                    yield RowList(id="unlocked-list")
                    yield Static("enter opens it in its pane · x hides this list", classes="muted")
                with VerticalScroll(id="detail-scroll"):
                    yield Static(id="detail")

    def on_mount(self) -> None:
        if self.children_gone():
            return
        self.query_one("#unlocked").display = False
        self.refresh_content()

    def start(self) -> None:  # after the first paint: predictions the CLI made ready
        self.call_after_refresh(self._find_ready)

    @work(thread=True, exclusive=True, group="look-back")
    def _find_ready(self) -> None:
        """Predictions ready to look back on when the app opens (progress moved by the
        CLI, or a list closed unmarked): listed as after a chapter. A store of its own:
        this thread shares nothing with the Notes pane's loader."""
        from companion.store.notes import NoteStore
        from companion.study.predictions import is_ready
        from companion.tui.screens.predictions import look_back_list

        found = look_back_list(self.state, NoteStore(self.state.data_dir))
        if any(is_ready(n, self.state.finished) for n in found):
            self.app.call_from_thread(self._show_ready, found)

    def _show_ready(self, found: list) -> None:
        if self.unlocked is not None:
            return  # a chapter was finished meanwhile: its list leads with them already
        width = max(20, (self.query_one(".main").size.width or 60) - 4)
        options = self._look_back_options(width, found)[:-1]  # no "Unlocked" heading
        self.query_one("#unlocked-title", Static).update(Text("Looking back"))
        lst = self.query_one("#unlocked-list", RowList)
        lst.clear_options()
        lst.add_options(options)
        lst.highlighted = 1
        self.query_one("#unlocked").display = True
        self.query_one("#detail-scroll").display = False

    # -- building --

    def refresh_content(self, kind: str = "all") -> None:
        if kind not in ("progress", "all"):
            return
        moved = self._rows_at is not None and self._rows_at != self.state.finished
        if moved and self.query_one("#unlocked").display:
            # a list shown beside the rows is of their place (set back elsewhere: it
            # listed what is locked again; forward elsewhere: an older chapter's list)
            self._hide_list()
        self._render_bars()
        self._render_chapters()
        self._render_detail()
        self.refresh_bindings()  # the footer names the next chapter (or none after the last)

    def _render_bars(self) -> None:
        book, done = self.state.book, self.state.finished
        self._bars_width = self.size.width  # 0 while hidden: drawn again once shown
        width = max(10, min(50, self.size.width - 30)) if self.size.width else 30
        line = Text("Book  ", style="bold")
        line.append_text(bar(done, book.chapter_count, width))
        line.append(f"  {done} of {book.chapter_count} chapters")
        self.query_one("#bars", Static).update(line)
        self.query_one("#pace", Static).update(
            Text(pace_text(self.state.progress.dates, done, book.chapter_count, self.state.today()))
        )

    def _part_row(self, part, width: int) -> Text:
        done = self.state.finished
        part_done = max(0, min(done, part.last) - part.first + 1)
        label = part.label if part.label and is_visible(part.label_unlock, done) else ""
        head = plain(part.title, "bold")
        if label:
            head.append(" · ")
            head.append_text(plain(label, "bold italic"))
        count = f" {part_done}/{len(part.chapters)}"
        bar_w = max(4, min(12, width - head.cell_len - len(count) - 1))
        head.truncate(max(8, width - bar_w - len(count) - 1), overflow="ellipsis")
        head.append(" " * max(1, width - head.cell_len - bar_w - len(count)))
        head.append_text(bar(part_done, len(part.chapters), bar_w))
        head.append(count, MUTED)
        return head

    def _row(self, number: int, width: int) -> Text:
        done = self.state.finished
        date = self.state.progress.dates.get(number)
        if number <= done:
            label = self.state.book.chapter(number).label
            row = Text.assemble(("✓ ", "green"), (f"{number:>2} ", "bold"))
            when = f" {date.day} {date:%b}" if date and width >= 36 else ""
            name = plain(label)
            name.truncate(max(6, width - row.cell_len - len(when) - 1), overflow="ellipsis")
            row.append_text(name)
            if when:
                row.append(" " * max(1, width - row.cell_len - len(when)))
                row.append(when, MUTED)
            return row
        if number == done + 1:
            return Text.assemble(
                ("▶ ", "bold yellow"),
                (f"{number:>2} ", "bold"),
                (f"Chapter {number} · next", "yellow"),
            )
        return Text.assemble(
            ("· ", MUTED), (f"{number:>2} ", MUTED), (f"Chapter {number} · locked", MUTED)
        )

    def _render_chapters(self) -> None:
        chapters = self.query_one("#chapters", RowList)
        book, done = self.state.book, self.state.finished
        keep = chapters.highlighted_option.id if chapters.highlighted_option else None
        if keep == f"ch-{min((self._rows_at or 0) + 1, book.chapter_count)}":
            keep = None  # the cursor on the next chapter follows it (moved elsewhere)
        self._rows_at = done
        self._chapters_width = chapters.scrollable_content_region.width
        width = max(20, (self._chapters_width or 33) - 1)
        options: list[Option] = []
        for part in book.parts:
            options.append(
                Option(self._part_row(part, width), id=f"part-{part.number}", disabled=True)
            )
            options.extend(Option(self._row(n, width), id=f"ch-{n}") for n in part.chapters)
        chapters.clear_options()
        chapters.add_options(options)
        target = keep or f"ch-{min(done + 1, book.chapter_count)}"
        try:
            chapters.highlighted = chapters.get_option_index(target)
        except OptionDoesNotExist:
            pass

    def _highlighted_chapter(self) -> int | None:
        option = self.query_one("#chapters", RowList).highlighted_option
        option_id = option.id if option is not None else None
        if option_id is None or not option_id.startswith("ch-"):
            return None
        return int(option_id[3:])

    def _render_detail(self) -> None:
        n = self._highlighted_chapter()
        detail = self.query_one("#detail", Static)
        book, done = self.state.book, self.state.finished
        if n is None:
            detail.update("")
            return
        out = Text()
        if n <= done:
            chapter = book.chapter(n)
            out.append(f"Chapter {n}: ", "bold")
            out.append_text(plain(chapter.label, "bold"))
            date = self.state.progress.dates.get(n)
            if date:
                out.append(f"\nFinished on {date.day} {date:%B %Y}", f"italic {MUTED}")
            out.append("\n\n")
            out.append_text(plain(chapter.summary.strip()))
            if n < done:
                out.append(f"\n\nenter sets your progress back to chapter {n} (asks first).", MUTED)
        elif n == done + 1:
            out.append(f"Chapter {n} is your next chapter.\n\n", "bold")
            out.append(
                "Press n when you have finished it: its summary and "
                "everything it unlocks appear here."
            )
        else:
            out.append(f"Chapter {n} · locked\n\n", "bold")
            out.append(
                f"Nothing from chapter {n} is shown until you have read it. "
                f"enter marks chapters {done + 1}-{n} finished (asks first); "
                "v peeks at its summary once (asks first)."
            )
        detail.update(out)

    def on_row_list_option_highlighted(self, event: RowList.OptionHighlighted) -> None:
        self._render_detail()

    def on_resize(self, event) -> None:
        # Sent on every show too: redo only what was laid out for another width (or
        # for none: progress changed elsewhere while this pane was hidden)
        if self.is_mounted and event.size.width != getattr(self, "_bars_width", None):
            self._render_bars()
            self.call_after_refresh(self._refit_chapters)

    def _refit_chapters(self) -> None:
        """Rows are laid out for the list's width: redo them only if it changed."""
        width = self.query_one("#chapters", RowList).scrollable_content_region.width
        if width != getattr(self, "_chapters_width", None):
            self._render_chapters()

    # -- actions --

    def action_cursor(self, step: int) -> None:
        focused = self.app.focused
        target = focused if isinstance(focused, RowList) else self.query_one("#chapters", RowList)
        (target.action_cursor_down if step > 0 else target.action_cursor_up)()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # after the last chapter the footer no longer offers to finish one
        if action == "mark_next":
            return self.state.finished < self.state.chapter_count
        return True

    def key_description(self, binding_id: str | None) -> str | None:
        """The footer names the chapter n finishes ("Finished chapter 4")."""
        if binding_id == "progress.next":
            return f"Finished chapter {self.state.finished + 1}"
        return None

    def action_mark_next(self) -> None:
        if self.state.finished >= self.state.chapter_count:
            self.app.notify("You have finished the book.")
            return
        self.move_to(self.state.finished + 1)

    def action_set_here(self) -> None:
        if self.app.focused is self.query_one("#unlocked-list", RowList):
            self._open_unlocked()
            return
        n = self._highlighted_chapter()
        if n is not None:
            self.set_to(n)

    def on_row_list_option_selected(self, event: RowList.OptionSelected) -> None:
        event.stop()
        if event.control.id == "unlocked-list":
            self._open_unlocked()
            return
        option_id = event.option.id or ""  # the chapters
        if option_id.startswith("ch-"):
            self.set_to(int(option_id[3:]))

    def action_step_back(self) -> None:
        if self.state.finished > 0:
            self.set_to(self.state.finished - 1)

    def set_to(self, n: int) -> None:
        """Progress to ``n`` finished chapters; a step back asks first."""
        done = self.state.finished
        if n == done:
            self.app.notify(f"You are already at chapter {n}.")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.move_to(n)

        if n > done:  # only n finishes a chapter without asking: a row, a click, the palette ask
            what = f"chapter {n}" if n == done + 1 else f"chapters {done + 1}-{n}"
            self.app.push_screen(
                ConfirmScreen(
                    "Mark finished?" if n == done + 1 else "Jump ahead?",
                    f"Mark {what} as finished? This shows "
                    + ("what it unlocks." if n == done + 1 else f"everything up to chapter {n}."),
                    yes="Mark finished",
                    no="Stay",
                ),
                answered,
            )
            return
        what = "not started" if n == 0 else f"chapter {n}"
        again = f"Chapter {done}" if n + 1 == done else f"Chapters {n + 1}-{done}"
        self.app.push_screen(
            ConfirmScreen(
                "Go back?",
                f"Set your progress back to {what}? {again} will be "
                "locked again and forgotten as finished. Your notes stay.",
                yes="Go back",
                no="Stay",
            ),
            answered,
        )

    def move_to(self, n: int) -> None:
        try:
            unlocked = self.state.set_progress(n)
        except StoreError as error:  # the file on disk is bad or read-only
            self.app.notify(
                show_controls(error.message),
                title="Progress not saved",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        elsewhere = self.state.moved_elsewhere()
        if elsewhere is not None:  # the later explicit action (this one) won: say so
            self.app.notify(
                f"Progress had been set to chapter {elsewhere} elsewhere; "
                f"it is now chapter {n}, as you chose here.",
                title="Progress changed",
                severity="warning",
                timeout=10,
                markup=False,
            )
        chapters = self.query_one("#chapters", RowList)
        chapters.highlighted = None
        self.data_changed("progress")
        try:
            chapters.highlighted = chapters.get_option_index(
                f"ch-{min(n + 1, self.state.chapter_count)}"
            )
        except OptionDoesNotExist:
            pass
        self.show_unlocked(unlocked)

    def show_unlocked(self, unlocked: Unlocked) -> None:
        if not unlocked:
            self._hide_list()
            return
        self.unlocked = unlocked
        span = (
            f"chapter {unlocked.after}"
            if unlocked.after == unlocked.before + 1
            else f"chapters {unlocked.before + 1}-{unlocked.after}"
        )
        self.query_one("#unlocked-title", Static).update(
            Text(f"Newly unlocked by {span} ({len(unlocked.items)})")
        )
        lst = self.query_one("#unlocked-list", RowList)
        width = max(20, (self.query_one(".main").size.width or 60) - 4)
        options = self._look_back_options(width)
        shown = unlocked.items[:SHOW_UNLOCKED]
        kind_w = max([10, *(len(item.kind) for item in shown)])  # "relationship note"
        for i, item in enumerate(shown):
            row = Text.assemble(
                (f"{item.kind:<{kind_w}} ", MUTED), plain(" ".join(item.label.split()))
            )
            row.truncate(width, overflow="ellipsis")
            options.append(Option(row, id=f"u{i}"))
        rest = len(unlocked.items) - SHOW_UNLOCKED
        if rest > 0:
            options.append(Option(Text(f"… and {rest} more (see each pane)"), disabled=True))
        lst.clear_options()
        lst.add_options(options)
        lst.highlighted = 1 if self.looking_back else 0  # the first prediction, else item
        self.query_one("#unlocked").display = True
        self.query_one("#detail-scroll").display = False
        lst.focus()

    def _look_back_options(self, width: int, found: list | None = None) -> list[Option]:
        """The predictions to look back on (all of them at the end of the book), under
        their heading, then the heading of what the chapters unlocked."""
        from companion.tui.screens import predictions

        self.looking_back = predictions.look_back_list(self.state) if found is None else found
        if not self.looking_back:
            return []
        head = predictions.look_back_heading(self.state, self.looking_back, width)
        options = [Option(head, disabled=True)]
        for i, note in enumerate(self.looking_back):
            options.append(Option(predictions.look_back_row(self.state, note, width), f"pr{i}"))
        options.append(Option(Text("Unlocked", style="bold"), disabled=True))
        return options

    def _mark(self, index: int) -> None:
        """Mark a prediction of the list (a small dialog), then show its outcome there."""
        from companion.tui.screens import predictions

        note = self.looking_back[index]

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            try:
                saved = predictions.mark(self.state, note, *answer)
            except StoreError as error:
                self.app.notify(show_controls(error.message), severity="error", markup=False)
                return
            self.looking_back[index] = saved
            lst = self.query_one("#unlocked-list", RowList)
            width = max(20, (self.query_one(".main").size.width or 60) - 4)
            lst.replace_option_prompt(
                f"pr{index}", predictions.look_back_row(self.state, saved, width)
            )
            self.data_changed("notes")

        self.app.push_screen(predictions.MarkPredictionScreen(note), chosen)

    def action_predict(self) -> None:
        from companion.tui.screens.predictions import open_prediction_editor

        open_prediction_editor(self.app, self.state)

    def _open_unlocked(self) -> None:
        lst = self.query_one("#unlocked-list", RowList)
        option = lst.highlighted_option
        option_id = option.id if option is not None else None
        if option_id is not None and option_id.startswith("pr"):
            self._mark(int(option_id[2:]))
            return
        if self.unlocked is None or option_id is None or not option_id.startswith("u"):
            return
        item = self.unlocked.items[int(option_id[1:])]
        self.run_worker(
            self.companion.open_item(item.pane, item.key), exclusive=True, group="open-unlocked"
        )

    def action_dismiss_unlocked(self) -> None:
        self._hide_list()
        self.focus_default()

    def _hide_list(self) -> None:
        """Hide the newly unlocked list (or the predictions to look back on); the
        chapter list takes the focus if the hidden list had it."""
        lst = self.query_one("#unlocked-list", RowList)
        had_focus = self.app.focused is lst
        self.unlocked = None
        self.query_one("#unlocked").display = False
        self.query_one("#detail-scroll").display = True
        if had_focus:
            self.focus_default()

    def action_peek(self) -> None:
        n = self._highlighted_chapter()
        if n is None or n <= self.state.finished:
            self.app.notify("Highlight a locked chapter to peek at it.")
            return
        chapter = self.state.book.chapter(n)
        peek(
            self.app,
            self.state.peeked,
            f"chapter:{n}",
            n,
            "chapter",
            lambda: (f"Chapter {n}", f"**{md(chapter.label)}**\n\n{md(chapter.summary)}"),
        )

    def open_item(self, key: str) -> bool:
        if key.startswith("chapter:"):
            chapters = self.query_one("#chapters", RowList)
            try:
                chapters.highlighted = chapters.get_option_index(f"ch-{key[8:]}")
            except OptionDoesNotExist:
                return False
            chapters.focus()
            return True
        return False

    # -- palette --

    def offer(self, action: Action) -> str | None:
        done, total = self.state.finished, self.state.chapter_count
        if action.id == "progress.next":
            return f"progress: Finished chapter {done + 1}" if done < total else None
        if action.id == "progress.back":
            return f"progress: Back to chapter {done - 1}" if done > 0 else None
        if action.id == "progress.predict":
            return action.label if done < total else None
        if action.id == "progress.dismiss":
            return action.label if self.unlocked else None
        return action.label

    def entries_for_palette(self) -> Iterable[PaletteEntry]:
        done, total = self.state.finished, self.state.chapter_count
        for n in range(0, total + 1):
            if n != done:
                what = "not started" if n == 0 else f"chapter {n}"
                yield PaletteEntry(
                    f"progress: Set to {what}",
                    "Move your progress (asks first)",
                    partial(self.set_to, n),
                )


def md(text: str) -> str:
    """Content text inside a Markdown peek: escape what Markdown would treat as markup."""
    from companion.study.text import show_controls

    out = show_controls(text.strip(), keep_newlines=True)
    for ch in "\\`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out
