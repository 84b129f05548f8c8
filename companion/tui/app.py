"""The companion in the terminal: a header with the reader's place, one tab per pane.

The App keeps only app-wide things (state, theme, which pane is open); each pane
owns its widgets. A pane's module is imported and the pane mounted only when its tab
first opens, so the first paint costs one pane, not eight, and a pane never opened
holds no widgets and loads no data. The palette offers every pane's commands
without mounting them: ``commands()`` works on an unmounted pane (from the state),
and running one mounts and shows that very pane first.

After the first paint, the other panes are mounted ahead of time, hidden, one per
idle slot (PREMOUNT_AFTER seconds after start, then one every PREMOUNT_EVERY, never
while keys are arriving), so that opening one later costs a switch, not a mount.
Each is then laid out and drawn once under the pane in view (``_rehearse``), so its
first show is one layout of mostly cached lines. A pane mounted that way reads its
data (notes, deck) only when first shown; what other panes read meanwhile it fills
in while hidden, and is drawn ahead again when keys pause.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static

from companion.store.errors import StoreError
from companion.store.settings import Settings, load_settings, save_settings
from companion.tui.panes import pane_class
from companion.tui.panes.base import Pane, PaneCommand
from companion.tui.state import (
    PANE_IDS,
    PANE_TITLES,
    CompanionState,
    IdleCollector,
    settle_memory,
    tune_collector,
)
from companion.tui.strips import forget_cuts, lighten_strips
from companion.tui.widgets.key_bar import KeyBar
from companion.tui.widgets.pane_bar import PaneBar
from companion.tui.widgets.pane_switcher import MainScreen, PaneSwitcher

DARK, LIGHT = "textual-dark", "textual-light"
PREMOUNT_AFTER = 1.5  # seconds after start before panes are mounted ahead of time
SETTINGS_DELAY = 1.0  # seconds a changed pane waits before settings are written
PREMOUNT_EVERY = 0.2  # seconds between two of them (and the quiet needed after a key)


# A browser keeps ctrl+t, ctrl+w, ctrl+n and ctrl+tab for itself (companion serve).
BROWSER_KEYS = [("ctrl+p: theme", "Light/dark in a browser, where ctrl+t opens a new tab")]


def key_name(shown: str) -> str:
    """One notation in help: "ctrl+t", "enter", "F1" (the footer's "^t" and "⏎" are terse)."""
    if shown.startswith("^") and len(shown) > 1:
        return "ctrl+" + shown[1:]
    return {"⏎": "enter", "f1": "F1", "esc": "escape"}.get(shown, shown)


class ComingPane(Pane):
    """Stands in for a pane whose module is not written yet."""

    def __init__(self, state: CompanionState, pane_id: str) -> None:
        self.PANE_ID = pane_id  # type: ignore[misc]
        self.TITLE = PANE_TITLES[pane_id]  # type: ignore[misc]
        super().__init__(state, id=f"pane-{pane_id}")

    def compose(self) -> ComposeResult:
        yield Static(f"{self.TITLE}: coming soon.", classes="empty")


class CompanionApp(App[int]):
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        *[
            Binding(
                str(i), f"show_pane('{pid}')", PANE_TITLES[pid], show=False, id=f"app.pane.{pid}"
            )
            for i, pid in enumerate(PANE_IDS, 1)
        ],
        Binding("f1,question_mark", "help", "Help", id="app.help", key_display="?"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit_ctrl"),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False, id="app.theme"),
        Binding(
            "right_square_bracket", "next_pane(1)", "Next pane", show=False, id="app.next_pane"
        ),
        Binding(
            "left_square_bracket", "next_pane(-1)", "Previous pane", show=False, id="app.prev_pane"
        ),
    ]

    def __init__(
        self,
        ctx,
        *,
        today: Callable[[], datetime.date] | None = None,
        state: CompanionState | None = None,
        eager: bool = True,
        premount: bool = True,
    ) -> None:
        super().__init__()
        tune_collector()
        lighten_strips()
        self.ctx = ctx
        self.state = state or CompanionState(ctx, today=today)
        self.settings: Settings = load_settings(self.state.data_dir)
        self.eager = eager  # kept for callers; panes are always mounted when first shown
        self._panes: dict[str, Pane] = {}
        self._spare: dict[str, Pane] = {}  # made for the palette, mounted when shown
        self._pending: dict[str, set[str]] = {}
        self._mounting: dict[str, object] = {}  # pane id -> its AwaitMount, while mounting
        self._rehearsing = False  # a pane is being drawn ahead (App._rehearse)
        self._redraws: set[str] = set()  # hidden panes waiting to be drawn ahead again
        self.premount = premount  # mount the other panes ahead of time, in idle slots
        self._last_key = 0.0  # time.monotonic() of the last key
        self._collector = IdleCollector()  # the GC's middle generation, between keys
        self._current: str | None = None  # the pane in view (None: the start pane)
        self._settings_timer = None  # a pending save of settings (see _save_settings_soon)
        self._settled = False  # settle_memory() ran once every pane was mounted
        self._start_pane = self.settings.pane if self.settings.pane in PANE_IDS else "progress"
        self.theme = self.settings.theme if self.settings.theme in self.available_themes else DARK
        from companion.tui.palette import CompanionCommands

        self.COMMANDS = App.COMMANDS | {CompanionCommands}

    # -- layout --

    def get_default_screen(self) -> MainScreen:
        return MainScreen(id="_default")

    def compose(self) -> ComposeResult:
        self.title = self.state.book.title
        self.sub_title = self.state.place()
        yield Header(icon="≡")
        yield PaneBar({pid: PANE_TITLES[pid] for pid in PANE_IDS}, self._start_pane, id="pane-bar")
        with PaneSwitcher(initial=f"pane-{self._start_pane}", id="panes"):
            yield self._make_pane(self._start_pane)
        yield KeyBar()

    def _new_pane(self, pane_id: str) -> Pane:
        cls = pane_class(pane_id)
        return ComingPane(self.state, pane_id) if cls is None else cls(self.state)

    def _make_pane(self, pane_id: str) -> Pane:
        pane = self._spare.pop(pane_id, None) or self._new_pane(pane_id)
        self._panes[pane_id] = pane
        return pane

    def _palette_pane(self, pane_id: str) -> Pane:
        """The pane whose commands the palette lists: the mounted one, else a spare."""
        pane = self._panes.get(pane_id)
        if pane is None:
            pane = self._spare.get(pane_id)
            if pane is None:
                pane = self._spare[pane_id] = self._new_pane(pane_id)
        return pane

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        # the pane in view then: a pane opened before the first refresh keeps its focus
        self.call_after_refresh(lambda: self._focus_pane(self.current_pane_id))
        self.call_after_refresh(self._offer_draft)
        if self.premount:
            self.set_timer(PREMOUNT_AFTER, self._premount_next)

    async def on_event(self, event) -> None:
        from textual import events

        if isinstance(event, events.Key):
            self._last_key = time.monotonic()
            self._collector.poke()
        await super().on_event(event)

    async def _premount_next(self) -> None:
        """Mount one more pane, hidden, then schedule the next (a timer chain)."""
        left = [pid for pid in PANE_IDS if pid not in self._panes]
        if not left or not self.is_running:
            if not left and not self._settled:
                self._settled = True
                settle_memory()  # the panes live as long as the app: out of the GC's walks
            return
        if time.monotonic() - self._last_key < PREMOUNT_EVERY or self._mounting or self._rehearsing:
            self.set_timer(PREMOUNT_EVERY, self._premount_next)  # the reader is typing
            return
        pane_id = left[0]
        pane = self._make_pane(pane_id)
        pane.premounted = True
        try:
            await self._mount_pane(pane_id, pane)
        except Exception:  # the app is closing; or the pane mounts when shown instead
            return
        self._rehearse(
            pane_id, pane, then=lambda: self.set_timer(PREMOUNT_EVERY, self._premount_next)
        )

    def _rehearse(self, pane_id: str, pane: Pane, then: Callable[[], object]) -> None:
        """Lay out and draw a pane mounted ahead once, under the pane in view; then
        call ``then``.

        A pane shown for the first time costs a second layout (each container's
        size changes from nothing) and every line drawn from scratch. Done here, in
        an idle slot, under the current pane (a lower layer: the reader sees nothing
        of it), its first show costs what a repeat switch does. One pane at a time:
        two in the layer would share its height.
        """
        if self.screen is not pane.screen or self.current_pane_id == pane_id:
            then()
            return
        self._rehearsing = True
        pane.add_class("rehearsal")
        pane.display = True

        def done(frames_left: int) -> None:
            if frames_left and self.current_pane_id != pane_id and pane.is_mounted:
                self.call_after_refresh(done, frames_left - 1)  # the second layout
                return
            pane.remove_class("rehearsal")
            pane.display = self.current_pane_id == pane_id
            forget_cuts(pane.walk_children(with_self=True))  # memory: see strips.py
            self._rehearsing = False
            then()

        self.call_after_refresh(done, 1)

    def _offer_draft(self) -> None:
        """A note draft left by a closed terminal is offered back once."""
        try:
            from companion.tui.widgets.note_editor import offer_saved_draft
        except ImportError:
            return
        offer_saved_draft(self, self.state)

    async def _ensure_pane(self, pane_id: str) -> Pane:
        pane = self._panes.get(pane_id)
        if pane is None:
            pane = self._make_pane(pane_id)
            await self._mount_pane(pane_id, pane)
        elif pane_id in self._mounting:  # being mounted ahead of time right now
            await self._mounting[pane_id]
        return pane

    async def _mount_pane(self, pane_id: str, pane: Pane) -> None:
        pane.display = False  # shown by show_pane, hidden while mounted ahead
        self._mounting[pane_id] = waiting = self.query_one("#panes", PaneSwitcher).mount(pane)
        try:
            await waiting
        finally:
            self._mounting.pop(pane_id, None)

    # -- panes --

    @property
    def current_pane_id(self) -> str:
        return self._current or self._start_pane

    def pane(self, pane_id: str) -> Pane | None:
        return self._panes.get(pane_id)

    @property
    def current_pane(self) -> Pane | None:
        return self._panes.get(self.current_pane_id)

    async def show_pane(self, pane_id: str, focus: bool = True) -> Pane:
        pane = await self._ensure_pane(pane_id)
        if self._current == pane_id:
            self._flush_pending(pane_id)
            if focus:
                self._focus_pane(pane_id)
            return pane
        # One frame for the whole switch: without the batch the new pane was drawn
        # once unfocused, then again when focus (queued by focus()) and the footer's
        # keys caught up: two or three frames per switch instead of one.
        self._begin_batch()
        try:
            self._current = pane_id
            pane.remove_class("rehearsal")
            self.query_one("#panes", PaneSwitcher).current = f"pane-{pane_id}"
            self.query_one(PaneBar).active = pane_id
            if self.settings.pane != pane_id:
                self.settings.pane = pane_id
                self._save_settings_soon()
            self._flush_pending(pane_id)
            if focus:
                self._focus_pane(pane_id)
        finally:
            self.call_later(self._switched)  # after the focus that focus() queued
        return pane

    def _switched(self) -> None:
        try:
            self.screen.query_one(KeyBar).refresh_keys()  # the new focus's, same frame
        except Exception:  # another screen is on top: its own bar is up to date
            pass
        finally:
            self._end_batch()

    async def action_show_pane(self, pane_id: str) -> None:
        await self.show_pane(pane_id)

    async def action_next_pane(self, step: int) -> None:
        i = PANE_IDS.index(self.current_pane_id)
        await self.show_pane(PANE_IDS[(i + step) % len(PANE_IDS)])

    async def on_pane_bar_picked(self, event: PaneBar.Picked) -> None:
        await self.show_pane(event.pane_id)

    def _focus_pane(self, pane_id: str, retry: bool = True) -> None:
        from textual.css.query import NoMatches

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

    def data_changed(self, kind: str = "all") -> None:
        """Shared data changed: refresh the visible pane now, the others when shown."""
        if kind in ("progress", "all"):
            self.sub_title = self.state.place()
        if kind == "deck":  # a pane (or the drill) of this app wrote the deck
            self.state.deck_written()
        if kind == "notes":  # a pane of this app wrote a note
            self.state.notes_written()
        current = self.current_pane_id
        for pid, pane in self._panes.items():
            if pid == current:
                pane.refresh_content(kind)
            else:
                self._pending.setdefault(pid, set()).add(kind)

    def data_read(self, kind: str) -> None:
        """A pane read the deck or the notes: hidden panes that show them are filled
        now (no frame: they are hidden) and drawn ahead again once keys pause."""
        for pid, pane in list(self._panes.items()):
            if pid != self.current_pane_id and pane.is_mounted and pane.fill_hidden(kind):
                if pid not in self._redraws:  # one redraw covers every fill before it
                    self._redraws.add(pid)
                    self._redraw_ahead(pid)

    def _redraw_ahead(self, pane_id: str) -> None:
        """Draw a hidden pane ahead again (see _rehearse) when no key came for
        PREMOUNT_EVERY and no other pane is being drawn or mounted."""
        pane = self._panes.get(pane_id)
        if pane is None or not self.is_running or self.current_pane_id == pane_id:
            self._redraws.discard(pane_id)
            return
        if time.monotonic() - self._last_key < PREMOUNT_EVERY or self._mounting or self._rehearsing:
            self.set_timer(PREMOUNT_EVERY, lambda: self._redraw_ahead(pane_id))
            return
        self._redraws.discard(pane_id)
        self._rehearse(pane_id, pane, then=lambda: None)

    def _flush_pending(self, pane_id: str) -> None:
        kinds = self._pending.pop(pane_id, set())
        pane = self._panes.get(pane_id)
        if pane is None or not kinds:
            return
        pane.refresh_content("all" if "all" in kinds or len(kinds) > 1 else kinds.pop())

    # -- theme and settings --

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.current_theme.dark else DARK

    def _theme_changed(self, theme) -> None:
        if self.settings.theme != theme.name:
            self.settings.theme = theme.name
            self._save_settings()

    def _save_settings_soon(self) -> None:
        """Save a little later: a reader flicking through panes writes the file once,
        and the write is not part of the switch. Quitting saves what is still due."""
        if self._settings_timer is None:
            self._settings_timer = self.set_timer(SETTINGS_DELAY, self._save_settings_due)

    def _save_settings_due(self) -> None:
        if self._settings_timer is not None:
            self._settings_timer.stop()
            self._settings_timer = None
            self._save_settings()

    def on_unmount(self) -> None:
        self._save_settings_due()

    def _save_settings(self) -> None:
        try:
            if not save_settings(self.state.data_dir, self.settings):  # a bad file: say so
                raise StoreError(self.settings.problem or "settings.toml cannot be used")
        except Exception as error:  # a settings file must never stop the reader
            if getattr(self, "_settings_warned", False):
                return  # said once; every pane switch would say it again
            self._settings_warned = True
            from companion.study.text import show_controls

            message = str(getattr(error, "message", error))
            self.notify(
                show_controls(f"Could not save settings: {message}"),
                severity="warning",
                markup=False,
            )

    # -- help --

    def action_help(self) -> None:
        from companion.tui.modals import HelpScreen

        pane = self.current_pane
        pane_keys: dict[tuple, list[str]] = {}
        app_keys: dict[tuple, list[str]] = {}
        found = [(a.node, a.binding) for a in self.screen.active_bindings.values()]
        if pane is not None:  # the pane's own keys even when focus is elsewhere
            found += [(pane, b) for bs in pane._bindings.key_to_bindings.values() for b in bs]
        for node, binding in found:
            if not binding.description or binding.action.startswith("command_palette"):
                continue
            inside = pane is not None and node is pane
            if not inside and node is not self:
                continue  # widgets' own keys (scroll left...) are in the closing line
            target = pane_keys if inside else app_keys
            group = target.setdefault((binding.description, binding.action), [])
            shown = key_name(self.get_key_display(binding))
            if shown not in group:
                group.append(shown)
        title = pane.TITLE if pane else "Companion"
        self.push_screen(
            HelpScreen.build(
                title,
                getattr(pane, "HELP", ""),
                [(", ".join(keys), desc) for (desc, _), keys in pane_keys.items()],
                [(", ".join(keys), desc) for (desc, _), keys in app_keys.items()]
                + [("ctrl+p", "Command palette: every action, grouped")]
                + BROWSER_KEYS * self.is_web,
                close_keys="escape, q or F1 closes this help",
            )
        )

    # -- palette --

    def all_commands(self) -> list[PaneCommand]:
        """App-wide commands and each pane's, all possible now (the gate applies)."""
        out: list[PaneCommand] = []
        for i, pid in enumerate(PANE_IDS, 1):
            out.append(
                PaneCommand(
                    f"go to: {PANE_TITLES[pid]}",
                    f"Open the {PANE_TITLES[pid]} pane (key {i})",
                    self._go(pid),
                )
            )
        dark = self.current_theme.dark
        out.append(
            PaneCommand(
                f"app: {'Light' if dark else 'Dark'} theme",
                "Switch between light and dark (ctrl+t)",
                self.action_toggle_theme,
            )
        )
        out.append(
            PaneCommand("app: Help", "The keys of the pane in view (F1 or ?)", self.action_help)
        )
        out.append(
            PaneCommand("app: Quit", "Leave the companion (q or ctrl+q)", lambda: self.exit(0))
        )
        out.extend(self._drill_commands())  # drill hook (issue 6 engineer)
        for pid in PANE_IDS:
            try:
                pane = self._palette_pane(pid)
                if pid in self._panes and not pane.is_mounted:
                    continue  # being mounted right now
                commands = list(pane.commands())
            except Exception:  # one pane's bug must not empty the palette
                continue
            for command in commands:
                out.append(
                    PaneCommand(command.label, command.help, self._in_pane(pid, command.callback))
                )
        return out

    # -- drill hook (added by the issue 6 engineer; A: move or restyle freely) --

    def action_drill(self) -> None:
        """Open the quote drill (from the palette, the Quotes and Seminar panes)."""
        from companion.tui.drill import DrillScreen

        if not isinstance(self.screen, DrillScreen):
            self.push_screen(
                DrillScreen(self.state), callback=lambda _result: self.data_changed("deck")
            )

    def _drill_commands(self) -> list[PaneCommand]:
        from companion.study.drill import due_count

        try:
            due = due_count(self.state.book, self.state.finished, self.state.deck)
        except Exception:  # a deck problem must not empty the palette
            due = 0
        return [
            PaneCommand(
                f"drill: Start ({due} due)",
                "Drill your starred quotes, due cards first; resumes where you stopped",
                self.action_drill,
            )
        ]

    def _go(self, pane_id: str) -> Callable[[], object]:
        async def go() -> None:
            await self.show_pane(pane_id)

        return go

    def _in_pane(self, pane_id: str, callback: Callable[[], object]) -> Callable[[], object]:
        async def run() -> None:
            await self.show_pane(pane_id)
            result = callback()
            if hasattr(result, "__await__"):
                await result

        return run
