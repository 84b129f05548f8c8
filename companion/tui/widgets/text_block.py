"""A read-only, scrollable block of rich Text under an optional title, drawn a line
at a time; its height may follow its text (``height: auto``). Long documents with
Markdown, links or wide grids use TextView instead.

A Static in a VerticalScroll renders its whole content whenever it is first shown or
resized (the Seminar's questions: ~150 lines, most of a frame), and a scrollbar that
appears after the first layout costs a second one. This widget wraps its Text to the
width it is given in the layout itself, so its height and its scrollbar are known in
that same pass, and draws only the lines on screen. Text is never parsed as markup.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip

from companion.tui.compat import SteadyScrollbars
from companion.tui.widgets.scrolling import set_virtual_height


class TextBlock(SteadyScrollbars, ScrollView, can_focus=True):
    """``update(text)`` shows ``text`` under an optional one-line ``title`` (it
    scrolls with the text); it scrolls with the usual keys and the mouse."""

    COMPONENT_CLASSES = {"text-block--title"}

    DEFAULT_CSS = """
    TextBlock {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-gutter: stable;
        scrollbar-size-horizontal: 0;
    }
    TextBlock > .text-block--title { text-style: bold; color: $accent; }
    """

    def __init__(self, text: Text | None = None, *, title: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = text if text is not None else Text()
        self._title = title
        self._lines: list[Text] = []
        self._width = -1  # the width _lines are wrapped to
        self._strips: dict[tuple, Strip] = {}
        self._frame: tuple | None = None  # set while render_lines runs

    @property
    def text(self) -> Text:
        return self._text

    def update(self, text: Text) -> None:
        self._text = text
        self._width = -1
        self._strips.clear()
        if self.scroll_y:
            self.scroll_y = 0  # new text is read from its top
        height = self.styles.height
        if height is not None and height.is_auto:
            self.refresh(layout=True)  # its height follows the text
        width = self.scrollable_content_region.width
        if width > 0:
            self._fit(width)
        self.refresh()

    # -- fitting the text to the width --

    def _wrap(self, width: int) -> None:
        """Wrap the text to ``width`` (once per width)."""
        if width != self._width:
            self._width = width
            lines = [Text(" " + self._title)] if self._title else []
            if width > 0:
                lines += self._text.wrap(self.app.console, width, overflow="fold")
            self._lines = lines
            self._strips.clear()

    def _fit(self, width: int) -> None:
        """Wrap the text to ``width`` and make the scrollable height its lines."""
        self._wrap(width)
        set_virtual_height(self, len(self._lines))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self._wrap(width - self.styles.scrollbar_size_vertical)
        return len(self._lines)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(self.scrollable_content_region.width)

    # -- drawing --

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every line of this frame shares, worked out once (rich_style walks
        # the ancestors: a third of the time when asked per line).
        self._frame = (
            self.scrollable_content_region.width,
            round(self.scroll_y),
            self.rich_style,
            self.text_selection,
        )
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        width, scroll_y, base, selection = getattr(self, "_frame", None) or (
            self.scrollable_content_region.width,
            round(self.scroll_y),
            self.rich_style,
            self.text_selection,
        )
        self._wrap(width)
        row = y + scroll_y
        key = (row, base, width)
        strip = self._strips.get(key) if selection is None else None
        if strip is None:
            if row >= len(self._lines):
                return Strip.blank(width, base)
            line = self._lines[row]
            if row == 0 and self._title:
                line = Text(line.plain)  # a span: render() drops a Text's own style
                line.stylize(self.get_component_rich_style("text-block--title", partial=True))
            if selection is not None and (span := selection.get_span(row)) is not None:
                start, end = span
                line = line.copy()
                line.stylize(
                    self.screen.get_component_rich_style("screen--selection"),
                    start,
                    len(line) if end == -1 else end,
                )
            segments = Segment.apply_style(line.render(self.app.console, end=""), base)
            strip = Strip(list(segments)).extend_cell_length(width, base).crop(0, width)
            strip = strip.apply_offsets(0, row)
            if selection is None:
                if len(self._strips) > 1000:
                    self._strips.clear()
                self._strips[key] = strip
        return strip

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return selection.extract("\n".join(line.plain for line in self._lines)), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()
