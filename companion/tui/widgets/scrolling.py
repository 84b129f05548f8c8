"""The scrollable height of a Line API widget, set without laying out the screen."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def set_virtual_height(widget: ScrollView, lines: int) -> None:
    """Make ``widget`` scroll over ``lines`` lines (its width: what it has now).

    ``virtual_size`` is a layout reactive: set the usual way, every keystroke of a
    search laid out every widget on screen. When the vertical scrollbar stays as it
    is (shown or not), only the scroll range changes: the scrollbar is told its new
    range (the widget repaints what changed itself). A scrollbar that comes or goes is
    a layout."""
    size = Size(widget.size.width, lines)
    if size == widget.virtual_size:
        return
    if not widget.is_mounted or not widget.size:
        widget.virtual_size = size
        return
    overflow = widget.styles.overflow_y
    height = widget.container_size.height
    needs_bar = overflow == "scroll" or (overflow == "auto" and lines > height)
    if needs_bar != widget.show_vertical_scrollbar:
        widget.virtual_size = size  # the scrollbar comes or goes: lay it out
        return
    widget.set_reactive(Widget.virtual_size, size)
    if needs_bar:
        bar = widget.vertical_scrollbar
        bar.window_virtual_size = lines
        bar.window_size = height
    widget.scroll_y = widget.validate_scroll_y(widget.scroll_y)
