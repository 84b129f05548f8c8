"""A scrolling view of one rich renderable that draws only the lines on screen.

A Static inside a VerticalScroll renders its whole text when first shown or resized
(~144 wrapped lines for a character, 15-35 ms) though ~37 are visible. TextView splits
rich Text into paragraphs when it is given (while the pane may still be hidden), finds
the line breaks once per width (as Rich would, ~8x faster for single-width text), and
turns into strips only the lines ``render_line`` asks for. Anything else (a grid,
Markdown with lists) is drawn by Rich once per width.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rich.cells import cell_len, chop_cells
from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Offset, Region, Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip

from companion.study.text import is_safe_link

Paragraph = tuple[Text, str, bool]  # a line of the text, its plain, single-width
Line = tuple[Paragraph, int, int] | list[Segment]  # a slice of a paragraph, or drawn


class TextView(ScrollView, can_focus=True):
    """Scrolls like a VerticalScroll (keys, wheel, scrollbar); holds one renderable.

    Text is wrapped to the width. ``wide`` content (a grid drawing itself for the
    width it gets) has a blank line above it, and keeps the lines it draws longer than
    the width (Text with ``no_wrap`` and ``overflow="ignore"``): the view scrolls sideways.
    """

    ALLOW_MAXIMIZE = False
    DEFAULT_CSS = """
    TextView { overflow-x: auto; overflow-y: auto; scrollbar-gutter: stable; }
    """

    def __init__(
        self,
        renderable: RenderableType = "",
        *,
        wide: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._renderable = renderable
        self._wide = wide
        self._width = -1  # the width _lines were made for
        self._lines: list[Line] = []
        self._paragraphs = paragraphs(renderable, wide)
        self._strips: LRUCache[tuple[int, int, int], Strip] = LRUCache(1000)  # line, x, width
        self._strips_style: Style | None = None  # the widget's style _strips were drawn in
        self._frame: tuple[Offset, int, Style] | None = None  # set while render_lines runs
        self._after_layout: list[Callable[[], object]] = []  # see when_laid_out

    @property
    def renderable(self) -> RenderableType:
        return self._renderable

    def update(self, renderable: RenderableType, *, wide: bool = False) -> None:
        """Show ``renderable`` from its top (a str is shown literally, never as markup)."""
        self._renderable = renderable
        self._wide = wide
        self._width = -1
        self._paragraphs = paragraphs(renderable, wide)  # now, while the pane may be hidden
        self.scroll_to(0, 0, animate=False)
        if self.outer_size.width:
            self._reflow(self._wrap_width(self.outer_size))
        self.refresh()

    @property
    def kept_lines(self) -> int:
        """How many drawn lines the view keeps (it draws only the lines on screen)."""
        return len(self._strips)

    @property
    def lines(self) -> list[str]:
        """The lines as a reader sees them (wrapped for the current width)."""
        return [self._plain(line) for line in self._lines]

    # -- layout --

    def _wrap_width(self, size: Size) -> int:
        # The gutter is stable (CSS): the scrollbar's columns are always set aside. One
        # more column stays clear between the text and the scrollbar (the scrollbar sits
        # inside the padding here).
        gutter = self.styles.gutter.width + self.styles.scrollbar_size_vertical
        return max(1, size.width - gutter - 1)

    def on_resize(self, event: events.Resize) -> None:
        # Textual sends Resize to a widget shown again at the same size, too: the
        # lines are wrapped for a width, so only a new width wraps them again
        if self.outer_size.width and self._wrap_width(self.outer_size) != self._width:
            self._reflow(self._wrap_width(self.outer_size))

    def _reflow(self, width: int) -> None:
        self._width = width
        self._strips.clear()
        if self._paragraphs is not None:
            self._lines = [
                (para, start, end)
                for para in self._paragraphs
                for start, end in spans(para[1], width, para[2])
            ]
            longest = width
        else:
            rendered = self._render_all(self._renderable, width)
            self._lines = list(rendered)
            longest = max((Segment.get_line_length(line) for line in rendered), default=0)
            if longest > width + 1:  # wider than the view: Textual compares the virtual
                longest += self.styles.scrollbar_size_vertical  # width with the gutter in
        self._lines.append([])  # a blank line under the text, as the Static's padding gave
        self.virtual_size = Size(longest, len(self._lines))
        waiting, self._after_layout = self._after_layout, []
        for callback in waiting:
            callback()

    def when_laid_out(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once the lines are known for the view's width: now if they
        are, else when its first size arrives. A key typed in the instant the view
        opened (End straight after ?) otherwise scrolled a view of no lines: nothing."""
        if self._width >= 0:
            callback()
        else:
            self._after_layout.append(callback)

    def scroll_end(self, **kwargs) -> None:
        # the view's own End, pressed after it took the focus but before its first size
        self.when_laid_out(lambda: super(TextView, self).scroll_end(**kwargs))

    def _render_all(self, renderable: RenderableType, width: int) -> list[list[Segment]]:
        console = self.app.console
        options = self.app.console_options.update(highlight=False, width=width, height=None)
        if self._wide:  # lines longer than the width are kept: the view scrolls sideways
            blank: list[Segment] = []
            return [blank, *Segment.split_lines(console.render(renderable, options))]
        return list(console.render_lines(renderable, options, pad=False))

    def _line_text(self, index: int) -> Text:
        line = self._lines[index]
        if isinstance(line, tuple):
            (para, _, _), start, end = line
            text = para[start:end]
            text.rstrip_end(self._width)
            return text
        return Text.assemble(*((s.text, s.style or "") for s in line))

    def _plain(self, line: Line) -> str:
        if isinstance(line, tuple):
            (_, plain, _), start, end = line
            return plain[start:end].rstrip()
        return "".join(s.text for s in line).rstrip()

    # -- drawing --

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every line of this frame shares, worked out once (rich_style walks the
        # ancestors: asked per line it was most of a pane's first show from its cache)
        self._frame = (self.scroll_offset, self.scrollable_content_region.width, self.rich_style)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        (scroll_x, scroll_y), width, style = self._frame or (
            self.scroll_offset,
            self.scrollable_content_region.width,
            self.rich_style,
        )
        index = scroll_y + y
        if index >= len(self._lines):
            return Strip.blank(width, style)
        if style != self._strips_style:  # a new theme: drawn in the old colours
            self._strips.clear()
            self._strips_style = style
        key = (index, scroll_x, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._draw_line(index, style).crop_extend(scroll_x, scroll_x + width, style)
            strip = self._strips[key] = strip.apply_offsets(scroll_x, index)
        return strip

    def _draw_line(self, index: int, style: Style) -> Strip:
        line = self._lines[index]
        span = self.text_selection.get_span(index) if self.text_selection else None
        if span is None and not isinstance(line, tuple):
            return Strip(line).apply_style(style)
        text = self._line_text(index)
        if span is not None:
            start, end = span
            text.stylize(
                self.screen.get_component_rich_style("screen--selection"),
                start,
                len(text) if end == -1 else end,
            )
        return Strip(text.render(self.app.console)).apply_style(style)

    # -- mouse: links open, text can be selected and copied, as in a Static --

    def on_click(self, event: events.Click) -> None:
        if event.style.link and is_safe_link(event.style.link):  # http(s)/mailto only
            self.app.open_url(event.style.link)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return selection.extract("\n".join(self.lines)), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        self.refresh()


def paragraphs(content: object, wide: bool) -> list[Paragraph] | None:
    """The lines of Text (the part of wrapping that needs no width), or None for
    anything Rich must draw (a grid, Markdown with lists, justified text)."""
    if isinstance(content, str):
        content = Text(content)
    if (
        not isinstance(content, Text)
        or wide
        or content.no_wrap
        or content.justify not in (None, "default", "left")
        or content.overflow not in (None, "fold")
    ):
        return None
    return [paragraph(line) for line in content.split(allow_blank=True)]


def paragraph(line: Text) -> Paragraph:
    if "\t" in line.plain:
        line.expand_tabs(8)
    return line, line.plain, cell_len(line.plain) == len(line.plain)


def spans(plain: str, width: int, single: bool) -> list[tuple[int, int]]:
    """(start, end) of each wrapped line of ``plain``: where Rich's Text.wrap breaks it.

    Single-width text (nearly all of it) is measured with len() and a regex, several
    times faster than Rich's cell_len() per word."""
    breaks = fast_breaks(plain, width) if single else word_breaks(plain, width, cell_len)
    return list(zip([0] + breaks, breaks + [len(plain)]))


@lru_cache(maxsize=16)
def line_pattern(width: int) -> re.Pattern:
    # the longest run of at most ``width`` characters that ends a word
    return re.compile(rf"[\s\S]{{0,{width - 1}}}\S(?=\s|$)")


NON_SPACE = re.compile(r"\S")
WORD = re.compile(r"\s*\S+\s*")


def fast_breaks(plain: str, width: int) -> list[int]:
    """Where Rich's Text.wrap (fold=True) breaks single-width text, by regex."""
    if len(plain) <= width:
        return []
    line = line_pattern(width).match
    out: list[int] = []
    start = 0
    while (match := line(plain, start)) is not None:
        after = NON_SPACE.search(plain, match.end())
        if after is None:
            return out
        start = after.start()
        out.append(start)
    return word_breaks(plain, width)  # a word longer than a line, or only spaces


def word_breaks(plain: str, width: int, measure: Callable[[str], int] = len) -> list[int]:
    """Where Rich's Text.wrap (fold=True) breaks ``plain``, word by word: the cells
    of a piece of text are ``measure(piece)`` (``len`` for single-width text)."""
    out: list[int] = []
    offset = 0
    for match in WORD.finditer(plain):
        start, word = match.start(), match.group()
        length = measure(word.rstrip())
        if width - offset >= length:
            offset += measure(word)
        elif length > width:  # a word longer than a line: folded
            if measure is len:
                pieces = [word[i : i + width] for i in range(0, len(word), width)]
            else:
                pieces = chop_cells(word, width)
            for piece in pieces:
                if start:
                    out.append(start)
                start += len(piece)
            offset = measure(pieces[-1])
        elif offset and start:
            out.append(start)
            offset = measure(word)
    return out
