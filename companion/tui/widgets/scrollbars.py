"""Placing a vertical scrollbar inside the layout pass."""

from __future__ import annotations

from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.widget import Widget


def place_scrollbar(widget: Widget, overflow: bool, region: Region | None = None) -> None:
    """Show or hide ``widget``'s vertical scrollbar while the compositor arranges it
    (from ``_get_scrollable_region``, given the ``region`` it has there): it is
    placed in that pass. Set the usual way (a layout reactive) it would take another
    layout pass and frame."""
    if overflow != widget.show_vertical_scrollbar:
        widget.set_reactive(Widget.show_vertical_scrollbar, overflow)
        if overflow or widget._vertical_scrollbar is not None:
            # the rule alone: ``display =`` would ask for a layout of it as well
            widget.vertical_scrollbar.styles.set_rule("display", "block" if overflow else "none")
    if overflow and region is not None:
        _ready(widget, region)


def _ready(widget: Widget, region: Region) -> None:
    """Give a vertical scrollbar about to be placed in ``region``'s right column the
    values the compositor is about to give it. A new scrollbar took two more passes
    on a pane's first show: its refresh while being placed made the compositor
    arrange the whole screen again, and its first size asked for another layout."""
    bar = widget.vertical_scrollbar
    width = widget.scrollbar_size_vertical
    if not width or widget.show_horizontal_scrollbar:
        return  # a corner to share: left to Textual
    bar.set_reactive(ScrollBar.window_virtual_size, widget.virtual_size.height)
    bar.set_reactive(ScrollBar.window_size, region.height)
    bar.set_reactive(Widget.virtual_size, region.size)  # Textual gives its parent's


class SteadyScrollbars:
    """A ScrollView mixin: lay out without touching the scrollbars when nothing they
    show has changed.

    Textual's ScrollView compares the compositor's virtual size (the region's, for a
    widget without children) with its own (the content's), finds them different at
    every layout, and refreshes its scrollbars: one more frame after each layout pass
    (each pane switch), and the scrollbar drawn again from scratch.
    """

    _scroll_key: tuple | None = None

    def _size_updated(self, size, virtual_size, container_size, layout: bool = True) -> bool:
        key = (
            size,
            container_size,
            self.virtual_size,
            self.show_vertical_scrollbar,
            self.show_horizontal_scrollbar,
        )
        if key == self._scroll_key:
            return False  # what ScrollView returns when the size has not changed
        self._scroll_key = key
        return super()._size_updated(size, virtual_size, container_size, layout)
