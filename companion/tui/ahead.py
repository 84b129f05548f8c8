"""Panes mounted and drawn ahead of time, in idle moments, so that opening one is a switch.

After the first paint the app mounts the other panes, one per idle moment
(PREMOUNT_AFTER seconds after start, then one every PREMOUNT_EVERY, never while keys
are arriving), each into its own hidden slot (app.py). Each is then laid out once at
the size it will have, off screen (its slot gets the CSS class "rehearsal"), and its
widgets draw their lines, so its first show is one layout of lines already drawn, not
two layouts and every line from scratch. Nothing on screen changes meanwhile, so
nothing is sent to the terminal (tests/test_tui_output.py). A pane mounted that way
reads its data (notes, deck) only when first shown; what other panes read meanwhile
it fills in while hidden, and it is drawn ahead again once keys pause.
Measured with benchmarks/: without this, switching to a pane took 95 ms (slowest) and
62 ms (median) with 10,000 notes instead of under 40 and 25.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import log
from textual.geometry import Region
from textual.widget import AwaitMount, MountError, Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from companion.tui.app import CompanionApp
    from companion.tui.panes.base import Pane

PREMOUNT_AFTER = 1.5  # seconds after start before panes are mounted ahead of time
PREMOUNT_EVERY = 0.2  # seconds between two of them (and the quiet needed after a key)
# A pane drawn again (data filled in while hidden) waits for a real pause: drawn while
# a reader flicks through panes, its three layouts landed inside their switches.
REDRAW_QUIET = 0.6


def drop_kept_lines(pane: Pane) -> None:
    """Drop the lines Textual kept of a pane drawn ahead (``refresh``): widgets that
    draw with the Line API keep their own lines, so drawing them again on the first
    show is cheap, and Textual's copies (about 1,400 strips, 1.5 MB with every pane
    drawn ahead) only cost memory. A Static keeps its lines (it would lay out its text
    again)."""
    for widget in pane.walk_children(with_self=True):
        if not isinstance(widget, Static):
            widget.refresh()


def draw_lines(pane: Pane) -> None:
    """Draw the lines of every widget shown in a pane laid out off screen, as the
    compositor would on screen (it draws only what is on screen). A widget taller than
    the pane (in a scrolling box) is drawn as far as the pane's height."""
    most = pane.outer_size.height
    for widget in pane.walk_children(Widget, with_self=True):
        width, height = widget.outer_size
        if width and height and widget.is_mounted and _shown_in(widget, pane):
            widget.render_lines(Region(0, 0, width, min(height, most)))


def _shown_in(widget: Widget, pane: Pane) -> bool:
    """Displayed, and so is everything that holds it up to ``pane``."""
    for node in widget.ancestors_with_self:
        if not node.display:
            return False
        if node is pane:
            return True
    return False


class Ahead:
    """Mounts the app's panes ahead of time and draws them ahead (see the module).
    The app's ``app.tcss`` puts a slot with the class "rehearsal" in the lowest layer,
    off screen."""

    def __init__(
        self, app: CompanionApp, pane_ids: tuple[str, ...], when_done: Callable[[], object]
    ) -> None:
        self.app = app
        self.pane_ids = pane_ids
        self.when_done = when_done  # called once no pane is left to mount ahead
        self.last_key = 0.0  # time.monotonic() of the last key
        self.mounting: dict[str, AwaitMount] = {}  # pane id -> its mount, while mounting
        self.drawing = False  # a pane is being drawn ahead now
        self.waiting: set[str] = set()  # hidden panes waiting to be drawn ahead again
        self.done = False  # every pane is mounted

    def start(self) -> None:
        self.app.set_timer(PREMOUNT_AFTER, self._next)

    def busy(self, quiet: float | None = None) -> bool:
        """A key came in the last ``quiet`` seconds (PREMOUNT_EVERY), or a pane is
        being mounted or drawn ahead."""
        quiet = PREMOUNT_EVERY if quiet is None else quiet
        recent = time.monotonic() - self.last_key < quiet
        return recent or bool(self.mounting) or self.drawing

    async def mount(self, pane_id: str, pane: Pane) -> None:
        """Mount ``pane`` into its slot, hidden: nothing on screen changes."""
        pane.display = False  # shown by show_pane, hidden while mounted ahead
        self.mounting[pane_id] = waiting = self.app.slots[pane_id].mount(pane)
        try:
            await waiting
        finally:
            self.mounting.pop(pane_id, None)

    async def _next(self) -> None:
        """Mount one more pane, hidden, then schedule the next (a timer chain)."""
        app = self.app
        left = [pid for pid in self.pane_ids if app.pane(pid) is None]
        if not left or not app.is_running:
            self.done = not left
            if self.done:
                app.call_after_refresh(self.when_done)
            return
        if self.busy():
            app.set_timer(PREMOUNT_EVERY, self._next)  # the reader is typing
            return
        pane_id = left[0]
        pane = app.make_pane(pane_id)
        pane.premounted = True
        try:
            await self.mount(pane_id, pane)
        except MountError as error:  # it mounts when first shown instead
            log.error(f"mounting the {pane_id} pane ahead failed: {error!r}")
            app.call_after_refresh(self.when_done)  # the chain ends here
            return
        if not app.is_running:
            return
        self.draw(pane_id, pane, then=lambda: app.set_timer(PREMOUNT_EVERY, self._next))

    def draw(self, pane_id: str, pane: Pane, then: Callable[[], object]) -> None:
        """Lay out and draw a pane mounted ahead once, off screen; then call ``then``.
        One pane at a time: two in the layer would share its height."""
        app = self.app
        if app.screen is not pane.screen or app.current_pane_id == pane_id:
            then()
            return
        self.drawing = True
        # before the slot in view: Textual numbers what it paints in the order it
        # arranges it, so a pane placed after the one in view renumbered all of that
        # one's widgets, and each renumbered widget was sent to the terminal again
        slot, shown = app.slots[pane_id], app.slots[app.current_pane_id]
        slots = list(app.switcher.children)
        if slots.index(slot) > slots.index(shown):
            app.switcher.move_child(slot, before=shown)  # (repaints the panes' area once)
        slot.add_class("rehearsal")
        pane.before_show()
        app.set_displayed(pane, True)

        def done(frames_left: int) -> None:
            if frames_left and app.current_pane_id != pane_id and pane.is_mounted:
                app.call_after_refresh(done, frames_left - 1)  # the next layout
                return
            if app.current_pane_id != pane_id and pane.is_mounted:
                draw_lines(pane)
            slot.remove_class("rehearsal")
            app.set_displayed(pane, app.current_pane_id == pane_id)
            drop_kept_lines(pane)
            self.drawing = False
            then()

        # three frames: a new scrollbar gets its final size in the third layout (with
        # two, the first show laid the screen out twice; measured with Pilot)
        app.call_after_refresh(done, 2)

    def redraw(self, pane_id: str) -> None:
        """Draw a hidden pane ahead again (it filled in data another pane read) once
        keys pause and no other pane is being drawn or mounted."""
        if pane_id in self.waiting:
            return  # one redraw covers every fill before it
        self.waiting.add(pane_id)
        self._redraw(pane_id)

    def _redraw(self, pane_id: str) -> None:
        app = self.app
        pane = app.pane(pane_id)
        if pane is None or not app.is_running or app.current_pane_id == pane_id:
            self.waiting.discard(pane_id)
            return
        if self.busy(REDRAW_QUIET):
            app.set_timer(PREMOUNT_EVERY, lambda: self._redraw(pane_id))
            return
        self.waiting.discard(pane_id)
        self.draw(pane_id, pane, then=lambda: None)
