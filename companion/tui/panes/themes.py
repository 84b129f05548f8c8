"""Pane 6, Themes: the themes, symbols and motifs, and literary devices so far, each with
its text and notes chapter by chapter, and a grid of where each turns up."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter

from rich.text import Text

from companion.book.gate import locked
from companion.tui.panes.base import later_line, plain
from companion.tui.panes.list_detail import (
    Doc,
    Entry,
    ListDetailPane,
    Locked,
    heading,
    later,
    next_item,
    next_note,
    row,
)
from companion.tui.themes import MUTED

MARKS = {
    (True, False): ("●", "green"),
    (False, True): ("❝", "cyan"),
    (True, True): ("◆", "bold yellow"),
    (False, False): ("·", MUTED),
}


@dataclass(frozen=True)
class Group:
    """One kind of topic the pane lists: themes, symbols or devices (shaped alike)."""

    kind: str  # "theme": the entry ids ("theme:id") and peek keys
    attr: str  # the GuideView and Book attribute, and the locked count's key
    title: str  # the list's heading
    plural: str  # "N more ... unlock later"


GROUPS = (
    Group("theme", "themes", "Themes", "themes"),
    Group("symbol", "symbols", "Symbols and motifs", "symbols"),
    Group("device", "devices", "Devices", "devices"),
)


class ThemeGrid:
    """The grid drawn for the width it is given, so it needs no rebuilding on resize."""

    def __init__(self, view, group: Group = GROUPS[0]) -> None:
        self.view = view
        self.group = group

    def __rich_console__(self, console, options):
        yield from theme_grid(self.view, max(30, options.max_width), self.group)


def theme_grid(view, width: int = 80, group: Group = GROUPS[0]) -> list[Text]:
    """Rows: a group's topics so far (themes, symbols or devices); columns: chapters
    1..progress; a mark where a note or (for a theme) a quote is.

    One grid per group: the first show of the pane draws the themes' grid, and a grid
    with every group in it took ~40 ms longer to draw at chapter 23.
    The title, key and last line wrap; the rows never do (a view narrower than the grid
    scrolls sideways instead of breaking it)."""
    done = view.progress
    shown = getattr(view, group.attr)
    theme = group.kind == "theme"
    head = Text()
    head.append(f"Where each {group.kind} turns up, chapter by chapter\n", "bold")
    key = "● a note on the theme   ❝ a quote   ◆ both" if theme else f"● a note on the {group.kind}"
    head.append(key + "\n", MUTED)
    if done == 0 or not shown:
        head.append("The grid fills in as you read.", "italic")
        return [head]
    # whole names where they fit beside the chapters; in a narrow view names are cut
    # with "…" and the rows scroll sideways
    name_w = max(len(t.name) for t, _ in shown)
    if name_w + done + 2 > width:
        name_w = min(22, name_w)
    cell = 2 if name_w + 2 * done + 2 <= width else 1
    tens = "".join((str(n // 10) if n >= 10 else " ").ljust(cell) for n in range(1, done + 1))
    units = "".join(str(n % 10).ljust(cell) for n in range(1, done + 1))
    # one Text per row, one span per run of alike cells: fewer pieces for Rich to split
    rows = [
        grid_row(" " * (name_w + 1) + tens.rstrip(), MUTED),
        grid_row(f"{'chapter':<{name_w}} " + units.rstrip(), MUTED),
    ]
    quotes = view.quotes if theme else ()  # quotes name themes only
    for topic, notes in shown:
        note_ch = {n.chapter for n in notes}
        quote_ch = {q.chapter for q in quotes if topic.id in q.themes}
        line = plain(topic.name)
        line.truncate(name_w, overflow="ellipsis", pad=True)
        line.append(" ")
        line.no_wrap, line.overflow = True, "ignore"
        marks = [MARKS[(ch in note_ch, ch in quote_ch)] for ch in range(1, done + 1)]
        for (mark, style), run in groupby(marks):
            line.append(mark.ljust(cell) * len(list(run)), style)
        rows.append(line)
    out = [head, *rows]
    hidden = view.locked[group.attr]
    if hidden:
        out.append(Text(f"\n{later_line(hidden, group.plural)}", f"italic {MUTED}"))
    return out


def grid_row(text: str, style: str) -> Text:
    return Text(text, style, no_wrap=True, overflow="ignore")


class ThemesPane(ListDetailPane):
    PANE_ID = "themes"
    TITLE = "Themes"
    HELP = (
        "The novel's themes, symbols and motifs, and literary devices as far as you have "
        "read: what each is about, notes chapter by chapter, a theme's quotes, and a grid "
        "of where each turns up."
    )
    EMPTY = "No themes yet: they appear as the novel raises them."

    def entries(self) -> list[Entry]:
        view = self.state.view
        out: list[Entry] = []
        if view.themes:
            out.append(
                Entry(
                    "grid",
                    row("Theme × chapter grid", "bold"),
                    renderable=ThemeGrid(view),
                    wide=True,
                )
            )
        for group in GROUPS:
            out += self.group_entries(group)
        return out

    def group_entries(self, group: Group) -> list[Entry]:
        """A group's heading, its topics so far, and how many more unlock later."""
        view, done = self.state.view, self.state.finished
        shown = getattr(view, group.attr)
        hidden = view.locked[group.attr]
        if group.kind != "theme" and not shown and not hidden:
            return []  # a pack without symbols (or devices) has no such group
        out = [heading(f"{group.title} ({len(shown)})")]
        if shown and group.kind != "theme":  # the themes' grid heads the list
            out.append(
                Entry(
                    f"grid:{group.attr}",
                    row(f"{group.kind.capitalize()} × chapter grid", "bold"),
                    renderable=ThemeGrid(view, group),
                    wide=True,
                )
            )
        for topic, notes in shown:
            doc = Doc(topic.name)
            doc.para(topic.text)
            doc.staged("Chapter by chapter", notes, len(locked(topic.notes, done)), "notes")
            if group.kind == "theme":
                quotes = [q for q in view.quotes if topic.id in q.themes]
                doc.quotes(f"Quotes ({len(quotes)})", quotes)
            out.append(
                Entry(
                    f"{group.kind}:{topic.id}",
                    row(topic.name),
                    renderable=doc.build(),
                    command=f"{group.attr}: {topic.name}",
                )
            )
        if item := later(hidden, group.plural):
            out.append(item)
        return out

    def next_locked(self, entry_id: str | None) -> Locked | None:
        book, done = self.state.book, self.state.finished
        kind, _, topic_id = (entry_id or "").partition(":")
        group = next((g for g in GROUPS if g.kind == kind), None)
        if group is not None:
            topic = next((t for t in getattr(book, group.attr) if t.id == topic_id), None)
            key, what = f"{group.kind}-note:{topic_id}", f"{group.kind} note"
            if topic and (n := next_note(key, topic.name, topic.notes, done, what)):
                return n
        # the next locked topic of the highlighted one's group, else of any group in turn
        by = attrgetter("name"), attrgetter("text")
        for g in sorted(GROUPS, key=lambda g: g is not group):
            if found := next_item(getattr(book, g.attr), done, g.kind, g.kind, *by):
                return found
        return None
