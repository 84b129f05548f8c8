"""The scrollable height of a Line API widget, set without laying out the screen."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def needs_vertical_scrollbar(widget: ScrollView, lines: int) -> bool:
    """Would Textual give ``widget`` a vertical scrollbar for ``lines`` lines at the
    size it has now (its own rule in ``_refresh_scrollbars`` with no horizontal bar)?"""
    overflow = widget.styles.overflow_y
    return overflow == "scroll" or (overflow == "auto" and lines > widget.container_size.height)


def set_virtual_height(widget: ScrollView, lines: int) -> None:
    """Make ``widget`` scroll over ``lines`` lines (its width: what it has now).

    ``virtual_size`` is a layout reactive: set the usual way, every keystroke of a
    search laid out every widget on screen. When the vertical scrollbar stays as it
    is (shown or not), only the scroll range changes: the scrollbar is told its new
    range (the widget repaints what changed itself). A scrollbar that comes or goes is
    a layout: one, as the scrollbar is set here with the size (left to Textual, the
    layout that places the new size finds the bar wrong and asks for a second; a
    pane filled while hidden took three on its first show)."""
    shown = bool(widget.size)  # a widget in a hidden pane has no region, so no size
    size = Size(widget.size.width if shown else widget.virtual_size.width, lines)
    if size == widget.virtual_size:
        return
    if not widget.is_mounted or not widget.container_size:
        widget.virtual_size = size  # never laid out: its first layout sizes it
        return
    needs_bar = needs_vertical_scrollbar(widget, lines)
    if not shown:
        # Hidden (a pane mounted ahead, filled from what another pane read): nothing
        # on screen changes, so no layout now; the scrollbar is set for the size it
        # had when last laid out, so the layout that shows it places the bar at once
        widget.set_reactive(Widget.virtual_size, size)
        if needs_bar != widget.show_vertical_scrollbar and widget.styles.overflow_x == "hidden":
            widget.set_reactive(Widget.show_vertical_scrollbar, needs_bar)
            widget.vertical_scrollbar.display = needs_bar
        widget.scroll_y = widget.validate_scroll_y(widget.scroll_y)
        return
    if needs_bar != widget.show_vertical_scrollbar:
        widget.virtual_size = size  # the scrollbar comes or goes: lay it out
        if widget.styles.overflow_x == "hidden":  # no horizontal bar to weigh in
            widget.show_vertical_scrollbar = needs_bar
            widget.vertical_scrollbar.display = needs_bar
        return
    widget.set_reactive(Widget.virtual_size, size)
    if needs_bar:
        bar = widget.vertical_scrollbar
        bar.window_virtual_size = lines
        bar.window_size = widget.container_size.height
    widget.scroll_y = widget.validate_scroll_y(widget.scroll_y)
