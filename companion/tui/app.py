"""The companion in the terminal: a header with the reader's place, one tab per pane.

The App keeps only app-wide things (state, settings, theme, which pane is open); each
pane owns its widgets. A pane's module is imported and the pane mounted only when its
tab first opens, so the first paint costs one pane, not eight. After the first paint
the other panes are mounted and drawn ahead in idle moments (``ahead.py``), each in a
hidden slot of its own. The palette offers every pane's actions without mounting them:
a pane answers from the state, and running one of its entries mounts and shows that
very pane first (``palette.py``).
"""

from __future__ import annotations

import datetime
import gc
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from textual import events, log
from textual.app import App, ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.content import Content
from textual.css.query import NoMatches
from textual.reactive import Reactive
from textual.signal import Signal
from textual.widgets import Header

from companion.store.errors import StoreError
from companion.store.settings import Settings
from companion.study.text import show_controls
from companion.tui.actions import Action, bindings, key_name, typing
from companion.tui.ahead import Ahead
from companion.tui.messages import DataChanged
from companion.tui.outside import OutsideChanges
from companion.tui.palette import CompanionCommands
from companion.tui.panes import pane_class
from companion.tui.panes.base import Pane
from companion.tui.prefs import Prefs
from companion.tui.screens.main import MainScreen
from companion.tui.state import PANE_IDS, PANE_TITLES, CompanionState
from companion.tui.themes import ANSI, DARK, LIGHT, THEMES, use_checked_themes
from companion.tui.widgets.backdrop import Column
from companion.tui.widgets.key_bar import KeyBar
from companion.tui.widgets.pane_bar import PaneBar

ACTIONS = [
    *[
        Action(
            f"app.pane.{pid}",
            str(number),
            f"show_pane('{pid}')",
            PANE_TITLES[pid],
            f"Open the {PANE_TITLES[pid]} pane",
            footer=False,
            palette=f"go to: {PANE_TITLES[pid]}",
            # handled as the app reads it (see check_action): the key typed after it in
            # one burst ("4a") then meets the new pane's bindings, not the old pane's
            priority=True,
        )
        for number, pid in enumerate(PANE_IDS, 1)
    ],
    Action(
        "app.help",
        "f1,question_mark",
        "help",
        "Help",
        "The keys of the pane in view",
        key_display="?",
    ),
    Action("app.quit", "q", "quit", "Quit", "Leave the companion"),
    Action(
        "app.quit_ctrl",
        "ctrl+q",
        "quit",
        "Quit",
        "Leave the companion",
        footer=False,
        palette=None,
        priority=True,
    ),
    Action(
        "app.theme",
        "ctrl+t",
        "toggle_theme",
        "Light/dark",
        "Switch between light and dark",
        footer=False,
    ),
    Action(
        "app.next_pane",
        "right_square_bracket",
        "next_pane(1)",
        "Next pane",
        "The pane to the right",
        footer=False,
        palette=None,
    ),
    Action(
        "app.prev_pane",
        "left_square_bracket",
        "next_pane(-1)",
        "Previous pane",
        "The pane to the left",
        footer=False,
        palette=None,
    ),
    Action(
        "app.drill",
        "",
        "drill",
        "Drill",
        "Drill your starred quotes, due cards first; resumes where you stopped",
        palette="drill: Start",
    ),
]


HERE = Path(__file__).parent


YOUNG_COLLECTION = 10_000  # allocations between two young collections (Python: 700)


class CompanionApp(App[int]):
    # absolute: a subclass elsewhere (a test's, a served variant) finds the same files
    CSS_PATH = [
        HERE / "app.tcss",
        *(
            HERE / "panes" / f"{name}.tcss"
            for name in ("progress", "list_detail", "quotes", "notes", "seminar")
        ),
    ]
    ENABLE_COMMAND_PALETTE = True
    ACTIONS = ACTIONS
    BINDINGS = bindings(ACTIONS)
    # the companion's own entries only: Textual's (a second Quit, a theme picker of
    # unchecked themes, Maximize, a Keys panel escape does not close) are not offered
    COMMANDS = {CompanionCommands}
    # the themes' ANSI palettes as the class's defaults: set in __init__ instead, each
    # one's watcher asked for a second parse of all the CSS after the first (12 ms
    # before the first paint)
    ansi_theme_dark = Reactive(ANSI[DARK], init=False)
    ansi_theme_light = Reactive(ANSI[LIGHT], init=False)

    def __init__(
        self,
        ctx,
        *,
        today: Callable[[], datetime.date] | None = None,
        state: CompanionState | None = None,
        premount: bool = True,
        freeze: bool = False,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.state = state or CompanionState(ctx, today=today)
        self.prefs = Prefs(self, self.state.data_dir)
        self.outside = OutsideChanges(self)  # changes made by the CLI or another window
        # the chapters shown changed (for screens over the panes: the drill)
        self.progress_signal: Signal[int] = Signal(self, "progress")
        self.settings: Settings = self.prefs.settings
        self.keymap: dict[str, str] = dict(self.settings.keymap)
        self.set_keymap(self.keymap)
        self.premount = premount  # mount the other panes ahead of time, in idle moments
        self.ahead = Ahead(self, PANE_IDS, when_done=self._freeze)
        # gc.freeze() once, when start-up is over: the real app (launch) asks for it;
        # tests leave the process's collector alone unless they test it
        self.freeze = freeze
        self.frozen = False
        self._panes: dict[str, Pane] = {}
        # a pane is mounted into its own slot, hidden until the pane is shown: mounted
        # into the container in view, each pane mounted ahead repainted it
        self.slots: dict[str, Column] = {}
        self._spare: dict[str, Pane] = {}  # made for the palette, mounted when shown
        self._pending: dict[str, set[str]] = {}
        self._current: str | None = None  # the pane in view (None: the start pane)
        self._clash_told = False
        self._told: set[str] = set()  # data file problems said already
        self._start_pane = self.settings.pane if self.settings.pane in PANE_IDS else "progress"
        # the two themes the app offers (ctrl+t), their colours checked for contrast
        use_checked_themes(self)
        self.theme = self.settings.theme if self.settings.theme in THEMES else DARK

    # -- layout --

    def get_default_screen(self) -> MainScreen:
        return MainScreen(id="_default")

    def compose(self) -> ComposeResult:
        self.title = show_controls(self.state.book.title)  # pack text: never raw to the terminal
        self.sub_title = self.state.place()
        yield Header(icon="≡")
        yield PaneBar({pid: PANE_TITLES[pid] for pid in PANE_IDS}, self._start_pane, id="pane-bar")
        self.switcher = Column(id="panes")  # holds a slot for each pane; one is displayed
        with self.switcher:
            # the start pane's slot last: a pane is drawn ahead in a slot before the one
            # in view (see Ahead.draw)
            for pane_id in sorted(PANE_IDS, key=lambda pid: pid == self._start_pane):
                slot = self.slots[pane_id] = Column(id=f"slot-{pane_id}")
                slot.display = pane_id == self._start_pane
                with slot:
                    if pane_id == self._start_pane:
                        yield self.make_pane(pane_id)
        yield KeyBar()

    def make_pane(self, pane_id: str) -> Pane:
        """The pane ``pane_id``, made now (or the one made for the palette), not mounted."""
        pane = self._spare.pop(pane_id, None) or pane_class(pane_id)(self.state)
        self._panes[pane_id] = pane
        return pane

    def palette_pane(self, pane_id: str) -> Pane:
        """The pane whose palette entries are listed: the mounted one, else a spare."""
        pane = self._panes.get(pane_id) or self._spare.get(pane_id)
        if pane is None:
            pane = self._spare[pane_id] = pane_class(pane_id)(self.state)
        return pane

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, lambda theme: self.prefs.set_theme(theme.name))
        # now, before any key is read: a key typed while the app started went to the
        # widget Textual focuses first (the Notes or Quotes search box), and "7" for
        # Glossary became a search for "7"
        self._focus_pane(self.current_pane_id)
        # and again after the first paint if nothing has it then: a served app's page
        # tells it it lost the focus as it starts (Textual then takes it away)
        self.call_after_refresh(self._focus_if_none)
        self.call_after_refresh(self._offer_draft)
        if not self.premount:  # else once every pane is mounted and drawn ahead
            self.call_after_refresh(self._freeze)
        for problem in [*self.settings.keymap_problems]:
            self.notify(show_controls(problem), severity="warning", timeout=10, markup=False)
        self.prefs.tell_problem()
        if self.state.progress_problem is not None:
            self.outside.progress_read(self.state.progress, self.state.progress_problem)
        self.outside.start()
        if self.premount:
            self.ahead.start()

    def _freeze(self) -> None:
        """Once, when start-up is over (the first paint; with panes mounted ahead, once
        every one is drawn): what is alive now (modules, the book, the app's widgets
        and the lines they keep) lives as long as the app, so it leaves the collector's
        walks (``gc.freeze``). Without it one pane switch in a few took 170-210 ms with
        10,000 notes: a full collection walking all of it again. Frozen at the first
        paint, before the panes drawn ahead (75,000 objects then, a third of them
        Strip's caches), the full collection after the notes arrived took 30-48 ms
        inside the Seminar's switch (benchmarks/ab.py, README)."""
        if self.freeze and not self.frozen:
            self.frozen = True
            gc.collect()  # what is garbage now is not kept forever
            gc.freeze()
            # A frame allocates tens of thousands of short-lived strips and segments:
            # at Python's default (a young collection every 700 allocations, a full one
            # every 100 young ones) a pane switch ran 10-23 young collections, and a
            # full one of 11-15 ms (the 10,000 notes read after the freeze) landed in
            # one switch in four: slowest switch 29.9 ms against 26.3 for the 22
            # November code, which collected this seldom (benchmarks/ab.py, README)
            young, middle, old = gc.get_threshold()
            gc.set_threshold(max(young, YOUNG_COLLECTION), middle, old)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.ahead.last_key = time.monotonic()
            if event.key in ("pagedown", "pageup") and self._no_page_to_move():
                return  # Textual 8.2.8's OptionList raises KeyError paging with no lines
        await super().on_event(event)

    def pop_screen(self) -> AwaitComplete:
        # Textual 8.2.8's command palette dismisses itself once per enter: two enters
        # in one burst popped the main screen too (ScreenStackError, the app ended).
        # Found by the random-input watchdog test; with one screen left, nothing to pop.
        if len(self.screen_stack) <= 1:
            log.warning("pop_screen with one screen on the stack: ignored")
            return AwaitComplete()
        return super().pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # the pane keys are priority bindings, for the main screen alone: in a text box
        # a digit is a character, and a screen on top (the drill's grades, a dialog)
        # has the digits to itself, as it had before they were priority bindings
        if action == "show_pane":
            return isinstance(self.screen, MainScreen) and not typing(self.screen)
        return True

    def _no_page_to_move(self) -> bool:
        """The focus is the command palette's OptionList with no room (no height or no
        width): it lays out no lines then, and pages from them. Found by the
        random-input watchdog test at a 3x2 terminal (the app's own lists are RowLists,
        which page at any size)."""
        from textual.command import CommandPalette
        from textual.widgets import OptionList

        lists = [self.focused]
        if isinstance(self.screen, CommandPalette):  # it pages its list from its input
            lists += list(self.screen.query(OptionList))
        return any(
            isinstance(found, OptionList) and not found.scrollable_content_region for found in lists
        )

    def _offer_draft(self) -> None:
        """A note draft left by a closed terminal is offered back once."""
        from companion.tui.screens.note_editor import offer_saved_draft

        offer_saved_draft(self, self.state)

    async def _ensure_pane(self, pane_id: str) -> Pane:
        pane = self._panes.get(pane_id)
        if pane is None:
            pane = self.make_pane(pane_id)
            await self.ahead.mount(pane_id, pane)
        elif pane_id in self.ahead.mounting:  # being mounted ahead of time right now
            await self.ahead.mounting[pane_id]
        return pane

    # -- panes --

    @property
    def current_pane_id(self) -> str:
        return self._current or self._start_pane

    def pane(self, pane_id: str) -> Pane | None:
        """The pane ``pane_id`` if it is made (mounted, or being mounted), else None."""
        return self._panes.get(pane_id)

    @property
    def current_pane(self) -> Pane | None:
        return self._panes.get(self.current_pane_id)

    async def show_pane(self, pane_id: str, focus: bool = True) -> Pane:
        pane = await self._ensure_pane(pane_id)
        shown = self.current_pane
        if self._current == pane_id:
            self._flush_pending(pane_id)
            if focus:
                self._focus_pane(pane_id)
            return pane
        # One frame for the whole switch: without the batch the new pane was drawn
        # once unfocused, then again when focus (queued by focus()) and the footer's
        # keys caught up: two or three frames per switch instead of one.
        batch = ExitStack()
        batch.enter_context(self.batch_update())
        try:
            self._current = pane_id
            self.slots[pane_id].remove_class("rehearsal")
            pane.before_show()
            if shown is not None and shown is not pane:
                self.set_displayed(shown, False)
            self.set_displayed(pane, True)
            # its Show may have come already, while it was drawn ahead
            self.call_after_refresh(pane.start_once)
            self.query_one(PaneBar).active = pane_id
            self.prefs.set_pane(pane_id)
            self._flush_pending(pane_id)
            if focus:
                self._focus_pane(pane_id)
        finally:
            self.call_later(self._switched, batch)  # after the focus that focus() queued
        return pane

    def set_displayed(self, pane: Pane, displayed: bool) -> None:
        """Show or hide a pane with its slot (a pane hidden in a shown slot, or the
        other way round, would be laid out for nothing or not at all)."""
        pane.display = self.slots[pane.PANE_ID].display = displayed

    def _switched(self, batch: ExitStack) -> None:
        try:
            self.screen.query_one(KeyBar).refresh_keys()  # the new focus's, same frame
        except NoMatches:  # a screen without a key bar is on top
            pass
        finally:
            batch.close()

    async def action_show_pane(self, pane_id: str) -> None:
        await self.show_pane(pane_id)

    async def action_next_pane(self, step: int) -> None:
        i = PANE_IDS.index(self.current_pane_id)
        await self.show_pane(PANE_IDS[(i + step) % len(PANE_IDS)])

    async def on_pane_bar_picked(self, event: PaneBar.Picked) -> None:
        await self.show_pane(event.pane_id)

    def _focus_if_none(self) -> None:
        if isinstance(self.screen, MainScreen) and self.screen.focused is None:
            self._focus_pane(self.current_pane_id)

    def _focus_pane(self, pane_id: str, retry: bool = True) -> None:
        pane = self._panes.get(pane_id)
        if pane is None:
            return
        try:
            if not pane.is_mounted:
                raise NoMatches()
            pane.focus_default()
        except NoMatches:  # not composed yet: once more after the next refresh
            if retry:
                self.call_after_refresh(self._focus_pane, pane_id, False)

    async def open_item(self, pane_id: str, key: str) -> None:
        """Show ``pane_id`` and select ``key`` there (from "newly unlocked", the palette)."""
        pane = await self.show_pane(pane_id)
        self.call_after_refresh(pane.open_item, key)

    # -- shared data --

    def on_data_changed(self, message: DataChanged) -> None:
        self.data_changed(message.kind)

    def data_changed(self, kind: str = "all") -> None:
        """Shared data changed: refresh the visible pane now, the others when shown."""
        if kind in ("progress", "all"):
            self.sub_title = self.state.place()
            self.progress_signal.publish(self.state.finished)
        if kind == "deck":  # a pane (or the drill) of this app wrote the deck
            self.state.deck_written()
        if kind == "notes":  # a pane of this app wrote a note
            self.state.notes_written()
        current = self.current_pane_id
        for pid, pane in self._panes.items():
            if pid == current:
                try:
                    pane.refresh_content(kind)
                except NoMatches:  # the app is closing: its widgets are being removed
                    log.warning(f"{pid}: {kind} changed while its widgets were removed")
            else:
                self._pending.setdefault(pid, set()).add(kind)

    def progress_revealed(self, before) -> None:
        """The reader chose to show chapters progress reached elsewhere: list what they
        unlocked on Progress (as after n), or say so on another pane."""
        from companion.study.unlocked import unlocked_between
        from companion.tui.panes.progress import ProgressPane

        unlocked = unlocked_between(before, self.state.view)
        pane = self.current_pane
        if isinstance(pane, ProgressPane):
            pane.show_unlocked(unlocked)
        else:
            self.notify(f"Now showing chapters up to {self.state.finished}.", markup=False)

    def tell_problems(self, problems) -> None:
        """Say each data file problem (a review day, deck.toml) once per app run."""
        for problem in problems:
            if problem.message not in self._told:
                self._told.add(problem.message)
                self.notify(
                    show_controls(problem.message),
                    title="Deck file",
                    severity="warning",
                    timeout=15,
                    markup=False,
                )

    def data_read(self, kind: str) -> None:
        """A pane read the deck or the notes: hidden panes that show them are filled
        now (no frame: they are hidden) and drawn ahead again once keys pause."""
        for pid, pane in list(self._panes.items()):
            if pid != self.current_pane_id and pane.is_mounted and pane.fill_hidden(kind):
                self.ahead.redraw(pid)

    def _flush_pending(self, pane_id: str) -> None:
        kinds = self._pending.pop(pane_id, set())
        pane = self._panes.get(pane_id)
        if pane is None or not kinds:
            return
        pane.refresh_content("all" if "all" in kinds or len(kinds) > 1 else kinds.pop())

    # -- keys --

    def keys_of(self, action: Action) -> list[str]:
        """The keys bound to ``action`` now (the keymap's, else its own)."""
        keys = self.keymap.get(action.id, action.keys)
        return [key.strip() for key in keys.split(",") if key.strip()]

    def key_text(self, action: Action, join: str = ", ") -> str:
        """The keys of ``action`` as help shows them: "f, space", "ctrl+t", "F1, ?"."""
        shown = [key_name(self.get_key_display(Binding(key, ""))) for key in self.keys_of(action)]
        return join.join(dict.fromkeys(shown))

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node) -> None:
        if not self._clash_told:  # said once, not at every key
            self._clash_told = True
            ids = ", ".join(sorted(str(b.id) for b in clashed_bindings))
            self.notify(
                show_controls(f"Your keymap gives one key to several actions: {ids}."),
                severity="warning",
                timeout=10,
                markup=False,
            )

    # -- theme and settings --

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header's "title — place", the place in the theme's muted text: Textual's
        "dim" was 4.4:1 on the light theme's header."""
        if not sub_title:
            return Content(title)
        muted = "$text-muted"
        return Content.assemble(Content(title), (" — ", muted), Content(sub_title).stylize(muted))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.current_theme.dark else DARK

    def on_unmount(self) -> None:
        self.prefs.save_due()

    # -- help, palette, drill --

    def action_help(self) -> None:
        from companion.tui.screens.help import show_help

        show_help(self, self.current_pane)

    def palette_entries(self):
        """Every palette entry possible now, the app's and each pane's (gated)."""
        from companion.tui.palette import palette_entries

        return palette_entries(self)

    def offer(self, action: Action) -> str | None:
        """The palette's label for one of the app's actions now (None: not offered)."""
        if action.id == "app.theme":
            return f"app: {'Light' if self.current_theme.dark else 'Dark'} theme"
        if action.id == "app.drill":
            from companion.study.drill import due_count

            try:
                due = due_count(self.state.book, self.state.finished, self.state.deck)
            except StoreError as error:  # a deck problem must not empty the palette
                log.warning(f"the deck could not be read for the palette: {error.message}")
                due = 0
            return f"drill: Start ({due} due)"
        return action.label

    def action_drill(self) -> None:
        """Open the quote drill (from the palette, the Quotes and Seminar panes)."""
        from companion.tui.screens.drill import DrillScreen

        if not isinstance(self.screen, DrillScreen):
            self.push_screen(
                DrillScreen(self.state), callback=lambda _result: self.data_changed("deck")
            )
