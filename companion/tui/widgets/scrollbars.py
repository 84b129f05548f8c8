"""Placing a vertical scrollbar inside the layout pass."""

from __future__ import annotations

from textual.widget import Widget


def place_scrollbar(widget: Widget, overflow: bool) -> None:
    """Show or hide ``widget``'s vertical scrollbar while the compositor arranges it
    (from ``_get_scrollable_region``): it is placed in that pass. Set the usual way
    (a layout reactive) it would take another layout pass and frame."""
    if overflow != widget.show_vertical_scrollbar:
        widget.set_reactive(Widget.show_vertical_scrollbar, overflow)
        if overflow or widget._vertical_scrollbar is not None:
            # the rule alone: ``display =`` would ask for a layout of it as well
            widget.vertical_scrollbar.styles.set_rule("display",
                                                      "block" if overflow else "none")


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
        key = (size, container_size, self.virtual_size,
               self.show_vertical_scrollbar, self.show_horizontal_scrollbar)
        if key == self._scroll_key:
            return False  # what ScrollView returns when the size has not changed
        self._scroll_key = key
        return super()._size_updated(size, virtual_size, container_size, layout)
