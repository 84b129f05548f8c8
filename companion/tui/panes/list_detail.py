"""A pane with a list on the left and the selected item's text on the right.

Plot, People, Themes, Glossary. Subclasses return ``entries()`` (already gated), and
``next_locked(entry_id)`` for a peek. Locked material appears only as "N more ...
unlock later" lines. Only the selected entry is shown, in one TextView that draws
only the lines on screen. Plot's entries are Markdown (``MARKDOWN = True``), rendered
by ``markdown_lines`` (imported when the pane is built, not for the first paint); the
others are rich Text built with ``Doc`` (Textual's Markdown widget is one widget per
block: ~47 for the story so far, 150-300 ms to show).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets.option_list import Option

from companion.book.gate import locked
from companion.study.unlocked import quote_mark
from companion.tui.actions import Action, PaletteEntry, bindings, focus_now
from companion.tui.panes.base import Pane, later_line, plain
from companion.tui.screens.modals import peek
from companion.tui.themes import MUTED
from companion.tui.widgets.backdrop import Column, Row
from companion.tui.widgets.row_list import RowList
from companion.tui.widgets.text_view import TextView


@dataclass
class Entry:
    id: str  # "section:s-id", "character:c-id", ...
    prompt: Text | str  # the list row (Text for anything from the pack)
    markdown: str = ""  # the right side (Markdown panes)
    heading: bool = False  # a disabled group heading or "N more unlock later" line
    renderable: RenderableType | None = None  # shown instead of markdown (rich Text, a grid)
    wide: bool = False  # a grid: rows longer than the view scroll sideways
    command: str = ""  # palette label ("go to: Chapter 12"), "" for none


@dataclass
class Locked:
    """The next locked thing a peek may show (the caller decides what it is)."""

    key: str
    unlock: int
    what: str  # "section", "fact", ...
    show: Callable[[], tuple[str, str]]


def first_locked(items, done: int, when: Callable):
    """Of ``items`` still locked at ``done``, the one ``when`` puts first (None: none)."""
    return min(locked(items, done), key=when, default=None)


def next_note(key: str, name: str, staged, done: int, what: str) -> Locked | None:
    """The first of ``staged`` (facts, notes) still locked at ``done``, as a peek
    keyed "``key``:chapter" that shows it under ``name``; None when all are shown."""
    n = first_locked(staged, done, lambda x: x.chapter)
    if n is None:
        return None
    return Locked(
        f"{key}:{n.chapter}",
        n.chapter,
        what,
        lambda: (name, f"**{md_escape(name)}**, chapter {n.chapter}: {n.text.strip()}"),
    )


def next_item(items, done: int, kind: str, what: str, name, text) -> Locked | None:
    """The locked one of ``items`` that unlocks first, as a peek keyed "``kind``:id"
    showing ``name(item)`` and ``text(item)``; None when none is locked."""
    item = first_locked(items, done, lambda x: x.unlock)
    if item is None:
        return None
    return Locked(
        f"{kind}:{item.id}",
        item.unlock,
        what,
        lambda: (name(item), f"# {md_escape(name(item))}\n\n{text(item).strip()}"),
    )


def md_escape(text: str) -> str:
    """Pack text that is not meant as Markdown (names, labels) shown literally."""
    out = text
    for ch in "\\`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


class Doc:
    """A detail page as rich Text: a title, headings, paragraphs, bullets, quotes.

    Everything is added literally (``plain``): pack text is never parsed as markup.
    """

    def __init__(self, title: str = "") -> None:
        self.text = Text(end="")
        if title:
            self.text.append_text(plain(title, "bold underline"))
            self.text.append("\n\n")

    def heading(self, text: str) -> Doc:
        self.text.append_text(plain(text, "bold"))
        self.text.append("\n")
        return self

    def para(self, text: str, style: str = "") -> Doc:
        if text.strip():
            self.text.append_text(plain(text.strip(), style))
            self.text.append("\n\n")
        return self

    def bullet(self, label: str, text: str) -> Doc:
        self.text.append("• ")
        if label:
            self.text.append(label + " ", "bold")
        self.text.append_text(plain(" ".join(text.split())))
        self.text.append("\n")
        return self

    def gap(self) -> Doc:
        self.text.append("\n")
        return self

    def quote(self, text: str, by: str, mark: str = "") -> Doc:
        self.text.append("▌ ", MUTED)
        self.text.append_text(plain(" ".join(text.split()), "italic"))
        if mark:  # "paraphrase" / "not in the novel", as on the quote card
            self.text.append(f"  [{mark}]", "bold yellow")
        self.text.append("\n")
        self.text.append("  — ", MUTED)
        self.text.append_text(plain(by, MUTED))
        self.text.append("\n\n")
        return self

    def staged(self, title: str, shown, hidden: int, kind: str) -> Doc:
        """Chapter-by-chapter lines so far, then how many more unlock later."""
        if shown:
            self.heading(title)
            for item in shown:
                self.bullet(f"Chapter {item.chapter}.", item.text)
            self.gap()
        if hidden:
            self.para(f"{later_line(hidden, kind)}.", "italic")
        return self

    def quotes(self, title: str, quotes) -> Doc:
        """Quotations with speaker and chapter, marked as on the quote card."""
        if quotes:
            self.heading(title)
            for q in quotes:
                self.quote(q.text, f"{q.speaker}, chapter {q.chapter}", quote_mark(q))
        return self

    def build(self) -> Text:
        out = self.text.copy()
        out.rstrip()
        return out


class ListDetailPane(Pane):
    EMPTY = "Nothing here yet."
    MARKDOWN = False  # True: entries carry ``markdown``, shown rendered
    PEEK_HINT = "v peeks at the next locked one (asks first)"

    ACTIONS = [
        Action("list.down", "j", "cursor(1)", "Down", "Move down the list", False, None),
        Action("list.up", "k", "cursor(-1)", "Up", "Move up the list", False, None),
        Action(
            "list.peek",
            "v",
            "peek",
            "Peek at locked",
            "Shows the next locked one once after asking; progress does not move",
            footer=False,
        ),
        Action(
            "list.text_down",
            "ctrl+d,pagedown",
            "scroll_text(1)",
            "Scroll text down",
            "Scroll the text on the right a page down",
            footer=False,
            palette=None,
        ),
        Action(
            "list.text_up",
            "ctrl+u,pageup",
            "scroll_text(-1)",
            "Scroll text up",
            "Scroll the text on the right a page up",
            footer=False,
            palette=None,
        ),
    ]
    BINDINGS = bindings(ACTIONS)

    def __init__(self, state, **kwargs) -> None:
        super().__init__(state, **kwargs)
        self._entries: dict[str, Entry] = {}
        self._shown: str | None = None
        self._auto: str | None = None

    @property
    def listed(self) -> list[Entry]:
        """The entries in the list now (no headings), in order."""
        return list(self._entries.values())

    # -- for subclasses --

    def entries(self) -> list[Entry]:
        return []

    def next_locked(self, entry_id: str | None) -> Locked | None:
        return None

    def select_default(self) -> str | None:
        """The entry highlighted first."""
        return None

    # -- layout --

    def compose(self) -> ComposeResult:
        with Row(classes="split"):
            with Column(classes="side"):
                yield RowList(id="items")
            yield TextView(id="text-scroll")
        if self.MARKDOWN:
            from companion.tui.widgets.markdown_lines import render_markdown

            self._markdown = render_markdown

    def on_mount(self) -> None:
        if not self.children_gone():
            self.refresh_content()

    def focus_default(self) -> None:
        focus_now(self.query_one("#items", RowList))

    def refresh_content(self, kind: str = "all") -> None:
        if kind not in ("progress", "all", "deck", "notes"):
            return
        items = self.query_one("#items", RowList)
        keep = items.highlighted_option.id if items.highlighted_option else None
        entries = self.entries()
        self._entries = {e.id: e for e in entries if not e.heading}
        items.clear_options()
        items.add_options(
            [
                Option(as_row(e.prompt), id=None if e.heading else e.id, disabled=e.heading)
                for e in entries
            ]
        )
        if not self._entries:
            self._shown = None
            self._show_text(self.EMPTY)
            return
        if keep == self._auto:
            keep = None  # chosen for the reader, not by them: choose again
        target = keep if keep in self._entries else self.select_default()
        if target not in self._entries:
            target = next(iter(self._entries))
        self._auto = None if target == keep else target
        self._shown = None
        items.highlighted = items.get_option_index(target)
        self._show(target)

    def _show_text(self, markdown: str) -> None:
        self.query_one(TextView).update(
            self._markdown(markdown, self.app.console) if self.MARKDOWN else plain(markdown)
        )

    def _show(self, entry_id: str | None) -> None:
        if entry_id is None or entry_id == self._shown:
            return
        entry = self._entries.get(entry_id)
        if entry is None:
            return
        self._shown = entry_id
        if entry.renderable is not None:
            self.query_one(TextView).update(entry.renderable, wide=entry.wide)
        else:
            self._show_text(entry.markdown)

    def on_row_list_option_highlighted(self, event: RowList.OptionHighlighted) -> None:
        event.stop()
        self._show(event.option.id)

    def on_row_list_option_selected(self, event: RowList.OptionSelected) -> None:
        event.stop()
        self._show(event.option.id)
        self.query_one("#text-scroll").focus()

    # -- actions --

    def action_cursor(self, step: int) -> None:
        focused = self.app.focused
        if isinstance(focused, RowList):
            (focused.action_cursor_down if step > 0 else focused.action_cursor_up)()
        else:
            self.action_scroll_text(step / 5)

    def action_scroll_text(self, pages: float) -> None:
        scroll = self.query_one(TextView)
        lines = max(1, int(abs(pages) * max(scroll.size.height - 2, 1)))
        scroll.scroll_relative(y=lines if pages > 0 else -lines, animate=False)

    def action_peek(self) -> None:
        items = self.query_one("#items", RowList)
        current = items.highlighted_option.id if items.highlighted_option else None
        target = self.next_locked(current)
        if target is None:
            self.app.notify("Nothing here is locked any more.")
            return
        peek(self.app, self.state.peeked, target.key, target.unlock, target.what, target.show)

    def open_item(self, key: str) -> bool:
        if key not in self._entries:
            return False
        items = self.query_one("#items", RowList)
        items.highlighted = items.get_option_index(key)
        self._show(key)
        items.focus()
        return True

    def offer(self, action: Action) -> str | None:
        if action.id == "list.peek":
            if self.next_locked(None) is None:
                return None
            return f"{self.TITLE.lower()}: Peek at the next locked one"
        return action.label

    def entries_for_palette(self) -> Iterable[PaletteEntry]:
        entries = (
            self._entries if self.is_mounted else {e.id: e for e in self.entries() if not e.heading}
        )
        for entry in entries.values():
            if entry.command:
                yield PaletteEntry(
                    entry.command,
                    f"Open it in {self.TITLE}",
                    partial(self.open_item, entry.id),
                )


def as_row(prompt: Text | str) -> Text:
    """A list row as Text (a str would be read as markup); the list cuts it to its
    width when drawn (RowList)."""
    return prompt if isinstance(prompt, Text) else Text(prompt)


def heading(text: str) -> Entry:
    return Entry(id="", prompt=Text(text, style="bold"), heading=True)


def later(count: int, kind: str) -> Entry | None:
    from companion.tui.panes.base import later_line

    line = later_line(count, kind)
    # A Text's own str style is parsed by Textual, in its own names: "bright_black" is
    # "ansi_bright_black" there (the line was drawn plain after a failed parse on every
    # draw). A str style also keeps the row wrapped in a narrow list (RowList).
    muted = f"italic ansi_{MUTED}"
    return Entry(id="", prompt=Text(line, style=muted), heading=True) if line else None


def row(text: str, style: str = "") -> Text:
    """One list row: a single line, cut with an ellipsis when too long."""
    out = plain(" ".join(text.split()), style)
    out.no_wrap = True
    out.overflow = "ellipsis"
    return out
