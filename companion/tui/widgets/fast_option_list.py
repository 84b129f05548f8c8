"""An OptionList that draws one-line rows straight from rich Text.

OptionList turns every prompt into a Content visual, measures its height by
wrapping it and renders it through the Visual pipeline: for the Progress pane's
27 chapter rows that was about a third of the first frame. The panes already cut
each row to one line, so for those rows this subclass skips the visual: a row's
height is 1 and its strip is the Text's own segments over the option's style,
cached per (option, style, width). A row wider than the list is cut with an
ellipsis when drawn, so a list need not be rebuilt when its width changes (a pane
mounted ahead of time, hidden, does not know its width yet).

Everything else is OptionList's: the API (``highlighted``, ``get_option_index``,
``OptionHighlighted``...), the keys, the mouse, the component classes and the CSS.
A row that is not a single line of Text (a str prompt, which OptionList reads as
markup; a Text whose own style is a str, which Content parses as a Textual style;
a line break; a tab; a divider; vertical padding) is measured and drawn by
OptionList itself.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from companion.tui.widgets.scrollbars import SteadyScrollbars, place_scrollbar


class FastOptionList(SteadyScrollbars, OptionList):
    """OptionList with a fast path for rows that are one line of rich Text."""

    def __init__(self, *content, one_line: bool = True, **kwargs) -> None:
        super().__init__(*content, **kwargs)
        self.one_line = one_line  # False: rows wrap as OptionList's do (measured the same way)
        self._fast_cache: dict[tuple, Strip] = {}
        self._frame: tuple | None = None  # set while render_lines runs
        self._measured_width: int | None = None  # the width the line cache is for

    @staticmethod
    def _one_line(option: Option) -> bool:
        prompt = option.prompt
        if type(prompt) is not Text or option._divider:
            return False
        if isinstance(prompt.style, str) and prompt.style:
            return False  # Content parses it as a Textual style: leave it to OptionList
        plain = prompt.plain
        return "\n" not in plain and "\t" not in plain

    def _on_resize(self, event) -> None:
        # Textual sends Resize to every widget shown again, same size or not; the
        # rows depend only on the width, so keep them (a pane switch redrew the
        # whole list for nothing).
        event.prevent_default()  # OptionList's own handler would clear them anyway
        if (
            self.scrollable_content_region.width - self._get_left_gutter_width()
            != self._measured_width
        ):
            self._clear_caches()

    def _clear_caches(self) -> None:
        self._fast_cache.clear()
        self._measured_width = None
        super()._clear_caches()

    def _get_scrollable_region(self, region: Region) -> Region:
        # Rows measured in the layout pass that sizes the list: measured when first
        # drawn (OptionList's way) the scrollable height and the scrollbar changed
        # after that pass, which cost a second layout and frame on every first show.
        styles = self.styles
        bar = (
            styles.scrollbar_size_vertical
            if (styles.scrollbar_gutter == "stable" or self.show_vertical_scrollbar)
            else 0
        )
        width = region.width - bar - self._get_left_gutter_width()
        padding = self.get_component_styles("option-list--option").padding
        if width > 0 and not (padding.top or padding.bottom):
            place_scrollbar(
                self, self._measure(width, padding, layout=False) > region.height, region
            )
        return super()._get_scrollable_region(region)

    def _update_lines(self) -> None:
        if not self.scrollable_content_region:
            return
        padding = self.get_component_styles("option-list--option").padding
        if padding.top or padding.bottom:
            super()._update_lines()
            return
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        self._measure(width, padding)

    def _measure(self, width: int, padding, layout: bool = True) -> int:
        """Fill the line cache for a content ``width``; the number of lines."""
        line_cache = self._line_cache
        if width != self._measured_width:
            line_cache.clear()
            self._measured_width = width
        lines = line_cache.lines
        next_index = lines[-1][0] + 1 if lines else 0
        options = self.options
        if next_index < len(options):
            inner = width - padding.width
            get_visual = self._get_visual
            for index, option in enumerate(options[next_index:], next_index):
                line_cache.index_to_line[index] = len(lines)
                if self.one_line and self._one_line(option):
                    line_count = 1
                else:
                    line_count = get_visual(option).get_height(self.styles, inner) + option._divider
                line_cache.heights[index] = line_count
                lines.extend([(index, line_no) for line_no in range(line_count)])
        last_divider = options and options[-1]._divider
        virtual_size = Size(width, len(lines) - (1 if last_divider else 0))
        if virtual_size != self.virtual_size:
            if layout:
                self.virtual_size = virtual_size
                self._scroll_update(virtual_size)
            else:  # inside the layout pass: no further layout for it
                self.set_reactive(Widget.virtual_size, virtual_size)
        return virtual_size.height

    def render_lines(self, crop):
        # What every row of this frame shares, worked out once: each of these was
        # a property walk per row (scrollable_content_region alone ~0.1 ms a row).
        self._update_lines()
        padding = self.get_component_styles("option-list--option").padding
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        self._frame = (padding, width, self.scroll_offset.y, {})
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def _style_of(self, component: str, styles: dict):
        style = styles.get(component)
        if style is None:
            style = styles[component] = (
                self.get_visual_style("option-list--option", component)
                if component
                else self.get_visual_style("option-list--option")
            )
        return style

    def render_line(self, y: int) -> Strip:
        frame = getattr(self, "_frame", None)
        if frame is None:  # called outside render_lines
            return super().render_line(y)
        padding, width, scroll_y, styles = frame
        line_cache = self._line_cache
        try:
            option_index, _ = line_cache.lines[scroll_y + y]
            option = self.options[option_index]
        except IndexError:  # below the last row: blank, as OptionList draws it
            blank = styles.get("blank")
            if blank is None:
                blank = styles["blank"] = Strip.blank(
                    self.scrollable_content_region.width, self._style_of("", styles).rich_style
                )
            return blank
        if (
            padding.top
            or padding.bottom
            or line_cache.heights.get(option_index) != 1
            or not self.one_line
            or not self._one_line(option)
        ):
            return super().render_line(y)
        if option.disabled:
            component = "option-list--option-disabled"
        elif self.highlighted == option_index:
            component = "option-list--option-highlighted"
        elif self._mouse_hovering_over == option_index:
            component = "option-list--option-hover"
        else:
            component = ""
        style = self._style_of(component, styles)
        key = (option, style, padding, width, option_index)
        strip = self._fast_cache.get(key)
        if strip is None:
            if len(self._fast_cache) > 4096:
                self._fast_cache.clear()
            base = style.rich_style
            prompt, console = option.prompt, self.app.console
            inner = width - padding.width
            if prompt.cell_len > inner:  # one row always: cut, never wrapped
                prompt = prompt.copy()
                prompt.truncate(max(1, inner), overflow="ellipsis")
            # Text.render leaves the Text's own style out when it has no spans
            own = prompt.style or None  # a rich Style here (see _one_line)
            segments = list(
                Segment.apply_style(prompt.render(console, end=""), base + own if own else base)
            )
            if padding.left:
                segments.insert(0, Segment(" " * padding.left, base))
            strip = (
                Strip(segments).extend_cell_length(width, base).apply_meta({"option": option_index})
            )
            self._fast_cache[key] = strip
        return strip
