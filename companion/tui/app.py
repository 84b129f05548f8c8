"""Minimal app until the full TUI lands: the book and the reader's place."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from companion.store.progress import load_progress
from companion.study.guide import place_text


class CompanionApp(App):
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        book = self.ctx.book
        progress = load_progress(self.ctx.data_dir, book.chapter_count)
        self.title = book.title
        self.sub_title = place_text(book, progress.finished)
        yield Header()
        yield Static(f"{book.title} by {book.author}\nYou are at {self.sub_title}.", markup=False)
        yield Footer()
