"""A fast list of notes: one line per note, drawn with the Line API.

OptionList and DataTable measure every row when their content changes, which costs
hundreds of milliseconds with 10,000 notes. This widget only draws the rows on screen,
so replacing its rows (filtering as the reader types) costs next to nothing; and it
repaints only the screen lines whose note or cursor changed (narrowing a search often
keeps the same notes at the top).

Every piece of user text goes through ``show_controls`` and is drawn as plain
segments: no markup is ever parsed, no control character reaches the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from companion.store.notes import Note
from companion.store.notes.kinds import HIGHLIGHT, OUTCOME_LABELS, PREDICTION
from companion.study.text import cut, show_controls
from companion.tui.widgets.scrolling import set_virtual_height


def note_row_parts(note: Note) -> tuple[str, str, str, str, str]:
    """(chapter, date, tags, mark, first line) of a note, safe to show. The mark says
    what kind of note it is: "guess→9" (a prediction and its revisit chapter), "guess:
    partly" (marked), "highlight" (from an e-reader); the chapter of an estimated
    highlight is "~12", of an unplaced one "?"."""
    if note.placement == "unplaced":
        chapter = "ch  ?"
    elif note.placement == "estimated":
        chapter = f"ch~{note.chapter:>2}"
    else:
        chapter = f"ch {note.chapter:>2}" if note.chapter else "ch  -"
    date = note.updated.astimezone().strftime("%Y-%m-%d") if note.updated else ""
    tags = " ".join("#" + show_controls(t) for t in note.tags)
    first = show_controls(note.first_line) or "(empty note)"
    return chapter, date, tags, kind_mark(note), first


def kind_mark(note: Note) -> str:
    if note.kind == PREDICTION:
        if note.outcome is not None:
            return f"guess: {OUTCOME_LABELS.get(note.outcome, note.outcome)}"
        return f"guess→{note.revisit_at}"
    if note.source is not None:
        return "highlight" if note.kind == HIGHLIGHT else f"{note.source} note"
    return ""


class NoteList(ScrollView, can_focus=True):
    """Notes, one per line; the highlighted one is ``cursor``."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, id="notes.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="notes.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="notes.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="notes.page_down"),
        Binding("home,g", "first", "First", show=False, id="notes.first"),
        Binding("end,G", "last", "Last", show=False, id="notes.last"),
        Binding("enter", "select", "Edit", show=False, id="notes.select"),
    ]

    COMPONENT_CLASSES = {
        "note-list--cursor",
        "note-list--meta",
        "note-list--tags",
        "note-list--empty",
    }

    DEFAULT_CSS = """
    NoteList {
        height: 1fr;
        background: $surface;
        overflow-x: hidden;  /* rows are cut to the width: nothing to scroll sideways */
    }
    NoteList > .note-list--cursor {
        background: $block-cursor-blurred-background;
    }
    NoteList:focus > .note-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    NoteList > .note-list--meta {
        color: $text-muted;
    }
    NoteList > .note-list--tags {
        color: $text-accent;
    }
    NoteList > .note-list--empty {
        color: $text-muted;
        text-style: italic;
    }
    """

    # repaint=False: watch_cursor repaints only the lines that change
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    class Highlighted(Message):
        def __init__(self, note_list: NoteList, note: Note | None) -> None:
            super().__init__()
            self.note_list = note_list
            self.note = note

        @property
        def control(self) -> NoteList:
            return self.note_list

    class Selected(Message):
        def __init__(self, note_list: NoteList, note: Note) -> None:
            super().__init__()
            self.note_list = note_list
            self.note = note

        @property
        def control(self) -> NoteList:
            return self.note_list

    def __init__(self, *, empty_text: str = "No notes.", **kwargs) -> None:
        super().__init__(**kwargs)
        self._rows: Sequence[Note] = ()
        self._cache: dict[tuple, Strip] = {}  # (note, width, colours) -> its row
        self._frame_colours: tuple | None = None  # _colours() while a frame is drawn
        self._drawn: dict[int, tuple] = {}  # screen line -> the key of what it shows
        self._width = 0  # the width of the last Resize (kept while hidden)
        self.empty_text = empty_text

    # -- data --

    @property
    def rows(self) -> Sequence[Note]:
        return self._rows

    @property
    def highlighted_note(self) -> Note | None:
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor]
        return None

    def set_rows(self, rows: Sequence[Note], keep: str | None = None) -> None:
        """Show ``rows``; keep the cursor on note ``keep`` (an id) when it is there."""
        self._rows = rows
        if len(self._cache) > 2000:
            self._cache.clear()
        index = 0
        if keep is not None:
            for i, note in enumerate(rows):
                if note.id == keep:
                    index = i
                    break
        set_virtual_height(self, len(rows))
        self.cursor = index  # repaints what changed

    def watch_cursor(self, old: int, new: int) -> None:
        count = len(self._rows)
        if count and not 0 <= new < count:
            self.cursor = max(0, min(new, count - 1))
            return
        self.scroll_to_region_cursor()  # a scroll repaints every line
        self._repaint_changed()
        self.post_message(self.Highlighted(self, self.highlighted_note))

    def _repaint_changed(self) -> None:
        """Repaint the screen lines that would now show another note or cursor."""
        height, width = self.size.height, self.size.width
        top = round(self.scroll_y)
        changed = [y for y in range(height) if self._drawn.get(y) != self._line_key(top + y, width)]
        if len(changed) == height:
            self.refresh()
        elif changed:
            self.refresh(*(Region(0, y, width, 1) for y in changed))

    def scroll_to_region_cursor(self) -> None:
        if not self._rows or not self.size.height:
            return
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height or self.size.height
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        # Textual sends Resize to a widget shown again at the same size, too: then
        # neither the virtual size nor the drawn rows (keyed by width) are stale
        if event.size.width != self._width:
            self._width = event.size.width
            self._cache.clear()
        size = Size(self._width, len(self._rows))
        if size != self.virtual_size:
            self.virtual_size = size

    # -- keys and mouse --

    def action_cursor_up(self) -> None:
        if self.cursor > 0:
            self.cursor -= 1

    def action_cursor_down(self) -> None:
        if self.cursor < len(self._rows) - 1:
            self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor = max(0, self.cursor - max(1, self.size.height - 1))

    def action_page_down(self) -> None:
        self.cursor = min(max(0, len(self._rows) - 1), self.cursor + max(1, self.size.height - 1))

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = max(0, len(self._rows) - 1)

    def action_select(self) -> None:
        note = self.highlighted_note
        if note is not None:
            self.post_message(self.Selected(self, note))

    def on_click(self, event: events.Click) -> None:
        row = event.y + round(self.scroll_y)
        if 0 <= row < len(self._rows):
            if self.cursor == row and event.chain >= 2:
                self.action_select()
            self.cursor = row

    # -- drawing --

    def _line_key(self, row: int, width: int) -> tuple:
        """What row ``row`` looks like: equal keys draw equal lines."""
        if row < len(self._rows):
            note = self._rows[row]
            return (note.id, note.updated, width, row == self.cursor, self.has_focus)
        if row == 0:
            return ("", "empty", self.empty_text, width)
        return ("", "blank", width)

    def _colours(self) -> tuple[Style, Style, Style, Style]:
        """(text, meta, tags, cursor): the styles rows are drawn in now. Whole
        component styles: a partial one leaves "auto" colours and alpha unresolved
        (the dates were white on the light theme's grey)."""
        base = self.rich_style
        return (
            base,
            base + self.get_component_rich_style("note-list--meta"),
            base + self.get_component_rich_style("note-list--tags"),
            self.get_component_rich_style("note-list--cursor"),
        )

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_colours = self._colours()  # looked up once per frame, not per line
        try:
            return super().render_lines(crop)
        finally:
            self._frame_colours = None

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        row = y + round(self.scroll_y)
        self._drawn[y] = self._line_key(row, width)
        if row < len(self._rows):
            # Kept by the colours it is drawn in, not cleared at each style update
            # (Textual sends one to every widget of a pane when its class changes):
            # drawn again for a new theme or focus. Without the focus in the key a
            # row drawn before the Seminar list took the focus was cut without its
            # ellipsis at 80x24 (tests/test_tui_line_ends.py; cause not pinned down).
            colours = self._frame_colours or self._colours()
            note = self._rows[row]
            cursor = row == self.cursor
            drawn = (
                note.id,
                note.updated,
                width,
                self.has_focus,
                colours if cursor else colours[:3],
            )
            strip = self._cache.get(drawn)
            if strip is None:
                if len(self._cache) > 4096:
                    self._cache.clear()
                strip = self._cache[drawn] = self._render_note(note, width, colours, cursor)
            return strip
        if row == 0:
            style = self.get_component_rich_style("note-list--empty")
            text = " " + cut(self.empty_text, max(1, width - 2))
            return Strip([Segment(text, style)]).adjust_cell_length(width)
        return Strip.blank(width, self.rich_style)

    def _render_note(self, note: Note, width: int, colours: tuple, is_cursor: bool) -> Strip:
        base, meta, tag_style, cursor = colours
        text_style = base
        if is_cursor:
            meta, tag_style, text_style = meta + cursor, tag_style + cursor, base + cursor
        chapter, date, tags, mark, first = note_row_parts(note)
        segments = [Segment(f" {chapter}  {date}  ", meta)]
        if mark:
            segments.append(Segment(f"[{mark}] ", tag_style))
        if tags:
            tags = cut(tags, 30)
            segments.append(Segment(tags + "  ", tag_style))
        segments.append(Segment(first, text_style))
        # one Strip per row (each makes seven caches: a keystroke draws dozens of rows)
        length = Segment.get_line_length(segments)
        if length > width:  # cut where the width ends, and say so
            segments = Segment.adjust_line_length(segments, max(0, width - 1), pad=False)
            segments.append(Segment("…", text_style))
            length = Segment.get_line_length(segments)
        if length < width:
            segments.append(Segment(" " * (width - length), text_style if is_cursor else base))
        return Strip(segments, width) if length <= width else Strip(segments).crop(0, width)
