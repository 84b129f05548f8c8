"""A list of rows drawn with the Line API: OptionList's looks and keys, without its cost.

OptionList turns every row into a Content visual and measures its height by wrapping
it, for every row, whenever its options change or it is resized: for the Progress
pane's 27 chapter rows that was about a third of the first frame, and it kept pane
switches near 90 ms (slowest) with 10,000 notes instead of under 40. Here a row is
one line of rich Text, drawn straight from its segments (cut with an ellipsis when
wider than the list), and only the rows on screen are drawn. ``wrap=True`` rows (the
Seminar's starred quotes) wrap as OptionList's do, through Textual's public Visual API.

The API is the part of OptionList the panes use (``highlighted``, ``get_option_index``,
``OptionHighlighted``...), with Textual's ``Option`` as the row; the component classes
and default CSS give the same cells as OptionList. Text is never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import cast

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.css.styles import RulesMap
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widgets.option_list import Option, OptionDoesNotExist

from companion.tui.widgets.scrolling import set_virtual_height


class RowList(ScrollView, can_focus=True):
    """Rows (``Option``s with rich Text prompts); the highlighted one is ``highlighted``."""

    BINDINGS = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
        Binding("home", "first", "First", show=False),
        Binding("pagedown", "page_down", "Page Down", show=False),
        Binding("pageup", "page_up", "Page Up", show=False),
        Binding("up", "cursor_up", "Up", show=False),
    ]

    COMPONENT_CLASSES = {
        "row-list--row",
        "row-list--highlighted",
        "row-list--hover",
        "row-list--disabled",
    }

    DEFAULT_CSS = """
    RowList {
        height: auto;
        max-height: 100%;
        color: $foreground;
        overflow-x: hidden;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        & > .row-list--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .row-list--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .row-list--disabled { color: $text-muted; }
        & > .row-list--hover { background: $block-hover-background; }
    }
    """

    highlighted: reactive[int | None] = reactive(None)

    class OptionMessage(Message):
        def __init__(self, row_list: RowList, option: Option, index: int) -> None:
            super().__init__()
            self.option_list = row_list
            self.option = option
            self.option_id = option.id
            self.option_index = index

        @property
        def control(self) -> RowList:
            return self.option_list

    class OptionHighlighted(OptionMessage):
        """An enabled row was highlighted (keys, the mouse or ``highlighted``)."""

    class OptionSelected(OptionMessage):
        """A row was chosen (enter or a click)."""

    def __init__(
        self,
        *options: Option,
        wrap: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.wrap = wrap  # rows wrap to the width (else one line each, cut to fit)
        self._options: list[Option] = []
        self._index: dict[str, int] = {}
        self._hover: int | None = None
        self._visuals: dict[Option, Visual] = {}
        self._strips: dict[tuple, list[Strip]] = {}  # (option, style, width) -> its lines
        self._lines: list[tuple[int, int]] = []  # (row, line of the row) per line
        self._first_line: list[int] = []  # each row's first line
        self._lines_width: int | None = None  # the width _lines are for (0: any width)
        self._frame: tuple | None = None  # set while render_lines runs
        self._shown_width = 0  # the row width when last on screen
        self.add_options(options)

    # -- the rows --

    @property
    def options(self) -> Sequence[Option]:
        return self._options

    @property
    def option_count(self) -> int:
        return len(self._options)

    @property
    def highlighted_option(self) -> Option | None:
        index = self.highlighted
        return None if index is None else self._options[index]

    def get_option_at_index(self, index: int) -> Option:
        try:
            return self._options[index]
        except IndexError:
            raise OptionDoesNotExist(f"There is no option with an index of {index}") from None

    def get_option_index(self, option_id: str) -> int:
        try:
            return self._index[option_id]
        except KeyError:
            raise OptionDoesNotExist(f"There is no option with an ID of {option_id!r}") from None

    def clear_options(self) -> None:
        self.set_options([])

    def set_options(self, options: Iterable[Option | Text]) -> None:
        """Show ``options`` instead (the highlight is cleared, as OptionList does)."""
        self._options.clear()
        self._index.clear()
        self._visuals.clear()
        self.highlighted = None
        self.scroll_y = 0
        self.add_options(options)

    def add_options(self, options: Iterable[Option | Text]) -> None:
        for option in options:
            if not isinstance(option, Option):
                option = Option(option)
            if option.id is not None:
                self._index[option.id] = len(self._options)
            self._options.append(option)
        self._strips.clear()
        self._lines_width = None
        self._measure()
        self.refresh()

    def replace_option_prompt(self, option_id: str, prompt: Text) -> None:
        """Show ``prompt`` in the row ``option_id`` (its place and highlight kept)."""
        index = self.get_option_index(option_id)
        old = self._options[index]
        self._options[index] = Option(prompt, id=option_id, disabled=old.disabled)
        self._visuals.pop(old, None)
        self._strips.clear()
        self._lines_width = None
        self._measure()
        self.refresh()

    def one_line(self, option: Option) -> bool:
        """Drawn from its own segments as one line: a single line of rich Text. Other
        rows (wrapped; a str style, which Textual reads as its own style; a line break)
        are drawn by Textual's Visual, as OptionList draws them."""
        prompt = option.prompt
        if self.wrap or type(prompt) is not Text:
            return False
        if isinstance(prompt.style, str) and prompt.style:
            return False
        return "\n" not in prompt.plain and "\t" not in prompt.plain

    def _visual(self, option: Option) -> Visual:
        visual = self._visuals.get(option)
        if visual is None:
            prompt = option.prompt
            visual = visualize(self, prompt if isinstance(prompt, Text) else Text(str(prompt)))
            self._visuals[option] = visual
        return visual

    # -- layout --

    def _layout(self, width: int) -> list[tuple[int, int]]:
        """Each line's (row, line of the row) at ``width``."""
        width = max(1, width)  # a list squeezed to no width (a 3x2 terminal) wraps at 1
        if self._lines_width in (width, 0):
            return self._lines
        lines: list[tuple[int, int]] = []
        first: list[int] = []
        any_width = True
        for index, option in enumerate(self._options):
            first.append(len(lines))
            height = 1
            if not self.one_line(option):
                any_width = False
                # Textual's own lists pass their styles as the rules map the same way
                rules = cast(RulesMap, self.styles)
                height = max(1, self._visual(option).get_height(rules, width))
            lines.extend((index, line) for line in range(height))
        self._lines, self._first_line = lines, first
        self._lines_width = 0 if any_width else width
        return lines

    def _row_width(self) -> int:
        """The width rows are drawn at; in a hidden pane (no region), the width it had
        when last on screen (its scrollbar gutter is stable: a bar changes no width).
        Measured so, rows filled in while the pane was hidden (the Seminar's starred
        quotes, once the Quotes pane read the deck) are not all wrapped again in the
        layout that shows them (20 ms of the Seminar's first show)."""
        if self.size:
            self._shown_width = self.scrollable_content_region.width
        return self._shown_width

    def _measure(self) -> None:
        """Set the scrollable height (the row count when every row is one line)."""
        width = self._row_width()
        if width <= 0 and not all(self.one_line(option) for option in self._options):
            return  # measured when it has a width
        set_virtual_height(self, len(self._layout(max(0, width))))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._layout(width))

    def on_resize(self, event: events.Resize) -> None:
        # Textual sends Resize to a widget shown again at the same size, too: rows are
        # drawn for a width, so only a new width measures them again
        if self._lines_width != 0:
            self._measure()
        else:
            self._row_width()  # kept for a fill while hidden
        self.scroll_to_highlight()

    def on_show(self) -> None:
        self.scroll_to_highlight()

    # -- drawing --

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every line of this frame shares, worked out once (each is a walk of
        # properties or the DOM when asked per line)
        width = self.scrollable_content_region.width
        self._frame = (width, round(self.scroll_y), self._layout(width), {})
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def _style(self, styles: dict, *component: str):
        style = styles.get(component)
        if style is None:
            style = styles[component] = self.get_visual_style("row-list--row", *component)
        return style

    def render_line(self, y: int) -> Strip:
        width, top, lines, styles = self._frame or (
            self.scrollable_content_region.width,
            round(self.scroll_y),
            self._layout(self.scrollable_content_region.width),
            {},
        )
        line = top + y
        if line >= len(lines):
            return Strip.blank(width, self._style(styles).rich_style)
        index, offset = lines[line]
        option = self._options[index]
        if option.disabled:
            style = self._style(styles, "row-list--disabled")
        elif index == self.highlighted:
            style = self._style(styles, "row-list--highlighted")
        elif index == self._hover:
            style = self._style(styles, "row-list--hover")
        else:
            style = self._style(styles)
        key = (option, style, width)
        strips = self._strips.get(key)
        if strips is None:
            if len(self._strips) > 4096:
                self._strips.clear()
            strips = self._strips[key] = self._render_row(
                option, style, width, index == self.highlighted
            )
        return strips[offset] if offset < len(strips) else Strip.blank(width, style.rich_style)

    def _render_row(self, option: Option, style, width: int, cursor: bool) -> list[Strip]:
        base = style.rich_style
        # the highlighted row in the cursor's colour alone: a row's own colours (a
        # muted date, a yellow mark) were 2-3:1 on the cursor's blue
        over = Style(color=base.color) if cursor else None
        if not self.one_line(option):
            strips = Visual.to_strips(self, self._visual(option), width, None, style)
            if over is not None:
                strips = [Strip(Segment.apply_style(list(s), post_style=over)) for s in strips]
            return [strip.extend_cell_length(width, base) for strip in strips]
        prompt = option.prompt
        assert isinstance(prompt, Text)  # a one-line row is rich Text (one_line)
        if prompt.cell_len > width:  # one row always: cut, never wrapped
            prompt = prompt.copy()
            prompt.truncate(max(1, width), overflow="ellipsis")
        # Text.render leaves the Text's own style out when it has no spans
        own = prompt.style or None
        segments = prompt.render(self.app.console, end="")
        segments = Segment.apply_style(segments, base + own if own else base, over)
        return [Strip(list(segments)).extend_cell_length(width, base)]

    # -- the highlight --

    def validate_highlighted(self, highlighted: int | None) -> int | None:
        if highlighted is None or not self._options:
            return None
        return max(0, min(highlighted, len(self._options) - 1))

    def watch_highlighted(self, highlighted: int | None) -> None:
        if highlighted is None or self._options[highlighted].disabled:
            return
        self.scroll_to_highlight()
        self.post_message(self.OptionHighlighted(self, self._options[highlighted], highlighted))

    def _row_lines(self, index: int) -> tuple[int, int]:
        """(first line, number of lines) of row ``index``."""
        lines = self._layout(self.scrollable_content_region.width)
        first = self._first_line[index]
        end = self._first_line[index + 1] if index + 1 < len(self._first_line) else len(lines)
        return first, end - first

    def scroll_to_highlight(self) -> None:
        index = self.highlighted
        if index is None or not self.is_mounted or not self.size:
            return
        first, count = self._row_lines(index)
        width = self.scrollable_content_region.width
        self.scroll_to_region(
            Region(0, first, width, count), animate=False, force=True, immediate=True
        )

    # -- keys and mouse --

    def _enabled(self, start: int, step: int) -> int | None:
        """The first enabled row from ``start`` on, going ``step``; None if none."""
        index = start
        while 0 <= index < len(self._options):
            if not self._options[index].disabled:
                return index
            index += step
        return None

    def _move(self, step: int) -> None:
        if not self._options:
            return
        count = len(self._options)
        start = self.highlighted
        if start is None:
            start = -1 if step > 0 else count
        for offset in range(1, count + 1):  # wraps around, as OptionList does
            index = (start + step * offset) % count
            if not self._options[index].disabled:
                self.highlighted = index
                return

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_first(self) -> None:
        self.highlighted = self._enabled(0, 1)

    def action_last(self) -> None:
        self.highlighted = self._enabled(len(self._options) - 1, -1)

    def _page(self, step: int) -> None:
        if self.highlighted is None:
            (self.action_first if step < 0 else self.action_last)()
            return
        height = self.scrollable_content_region.height
        first, _ = self._row_lines(self.highlighted)
        lines = self._layout(self.scrollable_content_region.width)
        target = lines[min(max(0, first + step * height), len(lines) - 1)][0]
        found = self._enabled(target, step)
        self.highlighted = found if found is not None else self._enabled(target, -step)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_page_down(self) -> None:
        self._page(1)

    def action_select(self) -> None:
        index = self.highlighted
        if index is not None and not self._options[index].disabled:
            self.post_message(self.OptionSelected(self, self._options[index], index))

    def _row_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        line = round(self.scroll_y) + offset.y
        lines = self._layout(self.scrollable_content_region.width)
        return lines[line][0] if 0 <= line < len(lines) else None

    def on_click(self, event: events.Click) -> None:
        index = self._row_at(event)
        if index is not None and not self._options[index].disabled:
            self.highlighted = index
            self.action_select()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._row_at(event)
        if index != self._hover:
            self._hover = index
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()
