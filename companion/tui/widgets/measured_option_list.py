"""An OptionList whose rows are measured in the layout pass that sizes it.

OptionList works out its rows' heights (wrapping every prompt) when first drawn, so
its scrollable height and scrollbar change after the layout that showed it: another
layout and frame. Then the Resize that follows clears its caches and it measures and
draws every row again. This subclass measures the rows when the compositor arranges
it, at the width it is given there, and keeps them over a resize to the same width.
Rows may wrap (unlike FastOptionList's, which are cut to one line).
"""

from __future__ import annotations

from textual import events
from textual.geometry import Region, Size
from textual.widget import Widget
from textual.widgets import OptionList

from companion.tui.widgets.text_view import place_scrollbar


class MeasuredOptionList(OptionList):
    def __init__(self, *content, **kwargs) -> None:
        super().__init__(*content, **kwargs)
        self._measured_width = -1

    def _clear_caches(self) -> None:
        self._measured_width = -1
        super()._clear_caches()

    def _get_scrollable_region(self, region: Region) -> Region:
        scrollbar = self.styles.scrollbar_size_vertical if (
            self.styles.scrollbar_gutter == "stable" or self.show_vertical_scrollbar) else 0
        width = region.width - scrollbar - self._get_left_gutter_width()
        if width > 0:
            place_scrollbar(self, self._measure(width) > region.height)
        return super()._get_scrollable_region(region)

    def _measure(self, width: int) -> int:
        """Measure the rows for a content ``width`` as ``_update_lines`` does (it reads
        the width from the region the layout has not set yet); the line count."""
        cache = self._line_cache
        if width != self._measured_width:
            cache.clear()
            self._option_render_cache.clear()
            self._measured_width = width
        lines = cache.lines
        next_index = lines[-1][0] + 1 if lines else 0
        options = self.options
        if next_index < len(options):
            inner = width - self.get_component_styles("option-list--option").padding.width
            for index, option in enumerate(options[next_index:], next_index):
                cache.index_to_line[index] = len(lines)
                count = self._get_visual(option).get_height(self.styles, inner) + option._divider
                cache.heights[index] = count
                lines.extend((index, line_no) for line_no in range(count))
        last_divider = options and options[-1]._divider
        size = Size(width, len(lines) - (1 if last_divider else 0))
        if size != self.virtual_size:
            self.set_reactive(Widget.virtual_size, size)
        return size.height

    def _on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width - self._get_left_gutter_width() \
                == self._measured_width:
            event.prevent_default()  # OptionList would measure and draw every row again
