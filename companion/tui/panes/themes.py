"""Pane 6, Themes: each theme's text, notes and quotes so far, and a theme x chapter grid."""

from __future__ import annotations

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
    md_escape,
    row,
)

MARKS = {
    (True, False): ("●", "green"),
    (False, True): ("❝", "cyan"),
    (True, True): ("◆", "bold yellow"),
    (False, False): ("·", "grey42"),
}


class ThemeGrid:
    """The grid drawn for the width it is given, so it needs no rebuilding on resize."""

    def __init__(self, view) -> None:
        self.view = view

    def __rich_console__(self, console, options):
        yield from theme_grid(self.view, max(30, options.max_width))


def theme_grid(view, width: int = 80) -> list[Text]:
    """Rows: visible themes; columns: chapters 1..progress; a mark where a note or quote is.

    The title, key and last line wrap; the rows never do (a view narrower than the grid
    scrolls sideways instead of breaking it)."""
    done = view.progress
    head = Text()
    head.append("Where each theme turns up, chapter by chapter\n", "bold")
    head.append("● a note on the theme   ❝ a quote   ◆ both\n", "grey50")
    if done == 0 or not view.themes:
        head.append("The grid fills in as you read.", "italic")
        return [head]
    name_w = min(22, max(len(t.name) for t, _ in view.themes))
    cell = 2 if name_w + 2 * done + 2 <= width else 1
    tens = "".join((str(n // 10) if n >= 10 else " ").ljust(cell) for n in range(1, done + 1))
    units = "".join(str(n % 10).ljust(cell) for n in range(1, done + 1))
    rows = Text(no_wrap=True, overflow="ignore")
    rows.append(" " * (name_w + 1) + tens.rstrip() + "\n", "grey50")
    rows.append(f"{'chapter':<{name_w}} " + units.rstrip(), "grey50")
    for theme, notes in view.themes:
        note_ch = {n.chapter for n in notes}
        quote_ch = {q.chapter for q in view.quotes if theme.id in q.themes}
        name = plain(theme.name)
        name.truncate(name_w, overflow="ellipsis", pad=True)
        rows.append("\n")
        rows.append_text(name)
        rows.append(" ")
        for ch in range(1, done + 1):
            mark, style = MARKS[(ch in note_ch, ch in quote_ch)]
            rows.append(mark.ljust(cell), style)
    out = [head, rows]
    hidden = view.locked["themes"]
    if hidden:
        out.append(Text(f"\n{later_line(hidden, 'themes')}", "italic grey50"))
    return out


class ThemesPane(ListDetailPane):
    PANE_ID = "themes"
    TITLE = "Themes"
    HELP = (
        "The novel's themes as far as you have read: what each is about, notes chapter "
        "by chapter, its quotes, and a grid of where each theme turns up."
    )
    EMPTY = "No themes yet: they appear as the novel raises them."

    def entries(self) -> list[Entry]:
        view, done = self.state.view, self.state.finished
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
        out.append(heading(f"Themes ({len(view.themes)})"))
        for theme, notes in view.themes:
            doc = Doc(theme.name)
            doc.para(theme.text)
            doc.staged("Chapter by chapter", notes, len(locked(theme.notes, done)), "notes")
            quotes = [q for q in view.quotes if theme.id in q.themes]
            doc.quotes(f"Quotes ({len(quotes)})", quotes)
            out.append(
                Entry(
                    f"theme:{theme.id}",
                    row(theme.name),
                    renderable=doc.build(),
                    command=f"themes: {theme.name}",
                )
            )
        if item := later(view.locked["themes"], "themes"):
            out.append(item)
        return out

    def next_locked(self, entry_id: str | None) -> Locked | None:
        book, done = self.state.book, self.state.finished
        theme = next((t for t in book.themes if entry_id == f"theme:{t.id}"), None)
        if theme is not None:
            notes = locked(theme.notes, done)
            if notes:
                n = min(notes, key=lambda x: x.chapter)
                return Locked(
                    f"theme-note:{theme.id}:{n.chapter}",
                    n.chapter,
                    "theme note",
                    lambda: (
                        theme.name,
                        f"**{md_escape(theme.name)}**, chapter {n.chapter}: {n.text.strip()}",
                    ),
                )
        themes = locked(book.themes, done)
        if not themes:
            return None
        t = min(themes, key=lambda x: x.unlock)
        return Locked(
            f"theme:{t.id}",
            t.unlock,
            "theme",
            lambda: (t.name, f"# {md_escape(t.name)}\n\n{t.text.strip()}"),
        )
