"""The base every pane builds on, and small helpers for showing text safely."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.containers import Vertical

from companion.study.text import show_controls

if TYPE_CHECKING:
    from companion.tui.state import CompanionState


@dataclass
class PaneCommand:
    """One command-palette entry: "notes: Add", "go to: Chapter 12"."""

    label: str
    help: str
    callback: Callable[[], object]


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


class Pane(Vertical):
    """A tab's content. Subclasses set PANE_ID and TITLE and compose their widgets.

    Every binding has an id ("<pane>.<action>") and a description; the help screen
    lists them. The app calls ``refresh_content(kind)`` after shared data changes
    ("progress" | "notes" | "deck" | "all"): at once when visible, else when shown.
    """

    PANE_ID: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    HELP: ClassVar[str] = ""  # a sentence or two for the help screen

    def __init__(self, state: CompanionState, **kwargs) -> None:
        kwargs.setdefault("id", f"pane-{self.PANE_ID}" if self.PANE_ID else None)
        super().__init__(**kwargs)
        self.state = state

    _background: tuple = (None, [])  # (key, lines): see render_lines

    def render_lines(self, crop):
        """The pane's own lines: only its background, under its widgets. Textual
        draws them again each time the pane is shown (``display`` repaints it): 37
        lines of a 40-line screen at every switch, the same each time unless the
        size, the colours or the theme changed."""
        app = self.app
        key = (crop, self._size, self.rich_style, self.styles.gutter, app.theme, app.ansi_color)
        cached_key, lines = self._background
        if key != cached_key:
            lines = super().render_lines(crop)
            self._background = (key, lines)
        return lines

    premounted = False  # mounted ahead of time, hidden: start() waits for the first show
    _started = False

    def on_mount(self) -> None:
        if not self.premounted:
            self._start_once()

    def on_show(self) -> None:
        # shown while not the current pane: drawn ahead, unseen (App._rehearse)
        if getattr(self.app, "current_pane_id", self.PANE_ID) != self.PANE_ID:
            return
        self._start_once()  # runs after a subclass's own on_show (handlers go down the MRO)

    def _start_once(self) -> None:
        if not self._started:
            self._started = True
            self.start()

    def start(self) -> None:
        """Load what the pane shows from the data folder (notes, deck): on mount, or,
        for a pane the app mounted ahead of time while hidden, when first shown."""

    def refresh_content(self, kind: str = "all") -> None:
        """Rebuild what depends on ``kind`` of shared data."""

    def commands(self) -> Iterable[PaneCommand]:
        """Palette entries possible now (gated like everything else).

        Called on unmounted panes too (the app mounts a pane only when first shown):
        work from ``self.state`` then, without querying widgets. Running a command
        first mounts and shows this very pane, then calls the callback.
        """
        return ()

    def open_item(self, key: str) -> bool:
        """Select ``key`` ("quote:q-id", "chapter:7", ...) if this pane shows it."""
        return False

    def focus_default(self) -> None:
        """Give focus to the pane's main widget (called when the tab opens)."""
        for widget in self.query("*"):
            if widget.can_focus:
                widget.focus()
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
            from companion.store.errors import StoreError

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
        read = getattr(self.app, "data_read", None)
        if read is not None:
            read(kind)

    def data_changed(self, kind: str) -> None:
        """Tell the app shared data changed (it refreshes every pane)."""
        changed = getattr(self.app, "data_changed", None)
        if changed is not None:
            changed(kind)
