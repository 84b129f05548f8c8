"""A quote card: the line large on the front; context, significance and notes on the back.

Everything is built as ``rich.text.Text`` (pack text may hold brackets too; notes are
the reader's text): nothing here is ever parsed as markup, and the reader's notes go
through ``show_controls``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from companion.book.model import Book, Quote
from companion.study.guide import PROVENANCE_LABELS, GuideView
from companion.study.locator import quote_locator
from companion.study.text import show_controls
from companion.tui.themes import MUTED

PROVENANCE_FRONT = {
    "paraphrase": "A paraphrase: not the novel's exact words.",
    "misquote": "Often misquoted: this line is NOT in the novel. Flip (f) for what "
    "actually happens.",
}


def _content(text: str) -> str:
    return show_controls(" ".join(text.split()))


def where(book: Book, quote: Quote) -> str:
    part = book.part_of(quote.chapter)
    chapter = f"chapter {quote.chapter}" if quote.chapter else "before chapter 1"
    return f"{chapter}" + (f" · {show_controls(part.title)}" if part else "")


def front(book: Book, quote: Quote, *, starred: bool) -> Group:
    line = Text(f"“{_content(quote.text)}”", style="bold", justify="center")
    if quote.provenance == "misquote":
        line.stylize("strike")
    by = Text(
        f"— {show_controls(quote.speaker)}, {where(book, quote)}", style="italic", justify="center"
    )
    parts: list = [Text(""), line, Text(""), by]
    flag = PROVENANCE_FRONT.get(quote.provenance)
    if flag:
        parts += [
            Text(""),
            Text(
                flag,
                style="bold reverse" if quote.provenance == "misquote" else "bold",
                justify="center",
            ),
        ]
    if starred:
        parts += [Text(""), Text("★ in your seminar deck", justify="center")]
    return Group(*parts)


def back(view: GuideView, quote: Quote, notes: Sequence | None, *, starred: bool) -> Group:
    def heading(text: str) -> Text:
        return Text(text, style="bold underline")

    parts: list = [
        Text(f"“{_content(quote.text)}”", style="italic"),
        Text(f"— {show_controls(quote.speaker)}, {where(view.book, quote)}", style=MUTED),
    ]
    # the chapter is on the line above; the opening words find the passage in any
    # edition (page numbers differ)
    if quote.chapter and quote.passage.strip():
        parts.append(Text(f"Find it: {_content(quote_locator(quote))}.", style=MUTED))
    parts.append(Text(""))
    label = PROVENANCE_LABELS.get(quote.provenance, quote.provenance)
    provenance = label[:1].upper() + label[1:] + "."  # a sentence of its own here
    checked = " ".join((quote.checked or "").split())
    if checked and checked.lower() != quote.provenance:  # "paraphrase" would say it twice
        provenance += f" Checked: {show_controls(checked.rstrip('.'))}."
    parts += [heading("Provenance"), Text(provenance), Text("")]
    if quote.provenance == "misquote" and quote.actual:
        parts += [
            heading("What actually happens in the novel"),
            Text(_content(quote.actual)),
            Text(""),
        ]
    parts += [heading("Context"), Text(_content(quote.context)), Text("")]
    parts += [heading("Why it matters"), Text(_content(quote.significance)), Text("")]
    themes = [name for t in quote.themes if (name := view.theme_name(t))]
    if themes:
        parts += [heading("Themes"), Text(", ".join(themes)), Text("")]
    if starred:
        parts += [Text("★ in your seminar deck"), Text("")]
    parts.append(heading("Your notes on it"))
    if notes is None:
        parts.append(Text("loading your notes…", style=MUTED))
    elif not notes:
        parts.append(Text("None yet: press a to write one.", style=MUTED))
    else:
        for note in notes:
            meta = f"ch {note.chapter} · {note.updated.astimezone():%Y-%m-%d}"
            if note.tags:
                meta += " · " + " ".join("#" + show_controls(t) for t in note.tags)
            parts.append(Text(meta, style=MUTED))
            parts.append(Text(show_controls(note.text.strip(), keep_newlines=True)))
            parts.append(Text(""))
    return Group(*parts)


class QuoteCard(VerticalScroll, can_focus=True, inherit_bindings=False):
    """Shows one side of a card. Left/right are left to the pane (next/previous)."""

    BINDINGS = [
        Binding("up,k", "line(-1)", "Scroll up", show=False, id="quotes.scroll_up"),
        Binding("down,j", "line(1)", "Scroll down", show=False, id="quotes.scroll_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="quotes.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="quotes.page_down"),
        Binding("home", "top", "Top", show=False, id="quotes.top"),
        Binding("end", "bottom", "Bottom", show=False, id="quotes.bottom"),
    ]

    DEFAULT_CSS = """
    QuoteCard {
        height: 1fr;
        margin: 0 2;
        padding: 1 4;
        border: round $primary;
        background: $surface;
        /* the keys under the card are text: readable whatever the border's colour */
        border-subtitle-color: $text-muted;
        border-title-color: $text;
    }
    QuoteCard:focus { border: round $accent; }
    QuoteCard.-back { border: round $secondary; }
    QuoteCard.-back:focus { border: round $accent; }
    QuoteCard > #card-body { width: 1fr; height: auto; }
    QuoteCard.-front { align-vertical: middle; }
    """

    flipped: reactive[bool] = reactive(False)
    _key: object = None  # what show_once drew last
    _hints = False  # a card is shown: its keys are named under it
    searching = False  # the search box has the focus: f, s and a are letters there

    def compose(self):
        yield Static("", id="card-body")

    def set_searching(self, searching: bool) -> None:
        """The keys under the card while the reader types a search (the card's own
        keys would type letters): how to get back to it."""
        if searching != self.searching:
            self.searching = searching
            self._show_keys()

    def _show_keys(self) -> None:
        if not self._hints:  # no card: no keys
            self.border_subtitle = None
        elif self.searching:
            self.border_subtitle = Text("enter or ↓: to the card")
        else:
            back = self.has_class("-back")
            hint = "f flip back · a note" if back else "f flip · s star · a note"
            self.border_subtitle = Text(hint)

    # Not animated: an animated line scroll starts from where the last one was going,
    # so a held or quickly repeated key moved the text by uneven steps.
    def action_line(self, step: int) -> None:
        self.scroll_to(y=self.scroll_y + step, animate=False)

    def action_top(self) -> None:
        self.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.scroll_end(animate=False)

    def show_once(self, key, build, *, flipped: bool, title: str = "", hints: bool = True) -> None:
        """show(build()) unless ``key`` (what the card depends on) is what it shows:
        the deck and notes are re-read after a first show or a switch, and a new
        body is a layout pass and a scroll back to the top."""
        if key == self._key:
            return
        self.show(build(), flipped=flipped, title=title, hints=hints)
        self._key = key

    def show(self, renderable, *, flipped: bool, title: str = "", hints: bool = True) -> None:
        self.set_class(flipped, "-back")
        self.set_class(not flipped, "-front")
        self.border_title = Text(title) if title else None
        self._hints = hints
        self._show_keys()
        self.query_one("#card-body", Static).update(renderable)
        self.scroll_home(animate=False)
        self._key = None
