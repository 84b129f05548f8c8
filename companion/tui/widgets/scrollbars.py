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
