"""The base every pane builds on, and small helpers for showing text safely."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.containers import Vertical

from companion.store.errors import StoreError
from companion.study.text import show_controls
from companion.tui.actions import Action, PaletteEntry, focus_now
from companion.tui.stopping import app_closing
from companion.tui.widgets.backdrop import Backdrop

if TYPE_CHECKING:
    from companion.tui.app import CompanionApp
    from companion.tui.state import CompanionState


def user_text(text: str, *, multiline: bool = False, style: str = "") -> Text:
    """Text a reader typed (or any text not ours), safe to show: no markup, no controls."""
    return Text(show_controls(text or "", keep_newlines=multiline), style=style)


def plain(text: str, style: str = "") -> Text:
    """Content text shown literally (a pack may hold brackets too)."""
    return Text(show_controls(text or "", keep_newlines=True), style=style)


def later_line(count: int, kind: str) -> str:
    """ "3 more quotes unlock later" (counts only, never a title). ``kind`` is plural."""
    if count <= 0:
        return ""
    if count == 1:
        return f"1 more {kind[:-1] if kind.endswith('s') else kind} unlocks later"
    return f"{count} more {kind} unlock later"


class Pane(Backdrop, Vertical):
    """A tab's content. Subclasses set PANE_ID, TITLE, HELP and ACTIONS, and compose
    their widgets.

    Every action is declared once in ``ACTIONS`` (``companion.tui.actions``): its key
    binding (id "<pane>.<action>"), footer text, help line and palette entry. The app
    calls ``refresh_content(kind)`` after shared data changes ("progress" | "notes" |
    "deck" | "all"): at once when visible, else when shown.
    """

    PANE_ID: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    HELP: ClassVar[str] = ""  # a sentence or two for the help screen
    ACTIONS: ClassVar[list[Action]] = []

    def __init__(self, state: CompanionState, **kwargs) -> None:
        kwargs.setdefault("id", f"pane-{self.PANE_ID}" if self.PANE_ID else None)
        super().__init__(**kwargs)
        self.state = state

    @property
    def companion(self) -> CompanionApp:
        """The app, typed: panes only ever run inside the CompanionApp."""
        return cast("CompanionApp", self.app)

    premounted = False  # mounted ahead of time, hidden: start() waits for the first show
    started = False  # start() has run: on mount, or on the first show

    def on_mount(self) -> None:
        if not self.premounted:
            self.start_once()

    def children_gone(self) -> bool:
        """Mounted ahead as the app closed: its children went before its Mount was
        handled (a reader quitting in the first seconds), so its on_mount has nothing
        to fill. Querying them crashed the app on the way out."""
        return not self.children or app_closing(self.app)

    def on_show(self) -> None:
        # shown while not the current pane: drawn ahead, unseen (see ahead.py)
        if self.companion.current_pane_id != self.PANE_ID:
            return
        self.start_once()  # runs after a subclass's own on_show (handlers go down the MRO)

    def start_once(self) -> None:
        if not self.started:
            self.started = True
            self.start()

    def start(self) -> None:
        """Load what the pane shows from the data folder (notes, deck): on mount, or,
        for a pane the app mounted ahead of time while hidden, when first shown."""

    def before_show(self) -> None:
        """Called by the app just before it shows this pane (before that layout)."""

    def refresh_content(self, kind: str = "all") -> None:
        """Rebuild what depends on ``kind`` of shared data."""

    def offer(self, action: Action) -> str | None:
        """The palette's label for one of this pane's actions if it is possible now,
        else None. Called on unmounted panes too (the app mounts a pane only when first
        shown): work from ``self.state`` then, without querying widgets. Running it
        mounts and shows this very pane, then runs the action as its key would."""
        return action.label

    def entries_for_palette(self) -> Iterable[PaletteEntry]:
        """Palette entries that are not actions ("go to: Chapter 12"), gated; as
        ``offer``, answered on unmounted panes from the state."""
        return ()

    def open_item(self, key: str) -> bool:
        """Select ``key`` ("quote:q-id", "chapter:7", ...) if this pane shows it."""
        return False

    def focus_default(self) -> None:
        """Give focus to the pane's main widget (called when the tab opens)."""
        for widget in self.query("*"):
            if widget.can_focus:
                focus_now(widget)
                return

    def sync_deck(self, then: Callable[[], object]) -> bool:
        """Read the deck if it is not read yet or its file changed (another window
        starred a quote), in a thread: a large deck takes ~0.3 s to parse. Calls
        ``then()`` on the main thread afterwards. False when nothing needed doing."""
        state = self.state
        if state.deck_loaded and not state.deck_changed():
            return False

        def read() -> None:
            state.refresh_deck()  # DeckStore keeps a bad file as a problem, never raises
            self.app.call_from_thread(read_done)

        def read_done() -> None:
            then()
            self.data_read("deck")

        self.run_worker(read, thread=True, exclusive=True, group="deck-sync")
        return True

    def sync_notes(self, then: Callable[[], object], force: bool = False) -> bool:
        """Re-read the notes if their folder changed since we last read or wrote it
        (the CLI or another window wrote a note), in a thread; then ``then()`` on the
        main thread. False when nothing needed doing (or the notes are not read yet:
        the pane's own loader reads them)."""
        state = self.state
        if not state.notes_loaded or not (force or state.notes_changed()):
            return False

        def read() -> None:
            try:
                state.refresh_notes(force=force)
            except StoreError:
                pass  # the pane shows the store's problems when it draws
            self.app.call_from_thread(then)

        self.run_worker(read, thread=True, exclusive=True, group="notes-sync")
        return True

    def fill_hidden(self, kind: str) -> bool:
        """Another pane read ``kind`` ("deck" | "notes") while this one is hidden: show
        it now if this pane draws it (True), so its first show has less to do."""
        return False

    def data_read(self, kind: str) -> None:
        """Tell the app this pane read ``kind`` of shared data."""
        self.companion.data_read(kind)

    def data_changed(self, kind: str) -> None:
        """Tell the app shared data changed (it refreshes every pane)."""
        self.companion.data_changed(kind)
