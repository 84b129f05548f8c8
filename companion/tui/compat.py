"""The one place that reaches into Textual's internals; each hook with what it buys.

Written for Textual 8.2.8 (pyproject pins it). tests/test_compat.py fails, loudly, when
a Textual release changes what a hook relies on: then measure again (benchmarks/ab.py)
and keep the hook, adapt it, or delete it. Everything else in companion/tui uses
public API only.
"""

from __future__ import annotations

from textual.geometry import Size

TEXTUAL_VERSION = "8.2.8"  # the Textual these hooks were written and measured for


class SteadyScrollbars:
    """A ScrollView mixin (put it first): lay out without touching the scrollbars when
    nothing they show has changed.

    Hook: ``ScrollView._size_updated`` (private), called by the compositor at every
    layout. Textual compares the compositor's virtual size (for a widget without
    children, its region's) with the widget's own (its content's), finds them different
    at every layout, and refreshes the scrollbars: on a pane's show that asked for a
    second layout and two more frames (measured: 2 layouts and 4 frames per switch
    instead of 1 and 2). Figure (benchmarks/ab.py, 10,000 notes, main-thread CPU time,
    medians): see the README's Performance section.
    """

    _scroll_key: tuple | None = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        key = (
            size,
            container_size,
            self.virtual_size,  # type: ignore[attr-defined]
            self.show_vertical_scrollbar,  # type: ignore[attr-defined]
            self.show_horizontal_scrollbar,  # type: ignore[attr-defined]
        )
        if key == self._scroll_key:
            return False  # what ScrollView returns when the size has not changed
        self._scroll_key = key
        return super()._size_updated(size, virtual_size, container_size, layout)  # type: ignore[misc]
