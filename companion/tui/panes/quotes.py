"""3 Quotes: one card at a time, flip for context; star for the seminar deck.

Only quotes the reader has unlocked (``state.view.quotes``) are ever shown, counted
by name, offered in a filter or reachable by next/previous/random; the rest are
"N more quotes unlock later".
"""

from __future__ import annotations

import random

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Static

from companion.book.model import Quote
from companion.store.errors import StoreError
from companion.study.text import show_controls
from companion.tui.actions import Action, bindings
from companion.tui.panes.base import Pane, later_line
from companion.tui.widgets.filter_bar import ALL, Filter, FilterBar
from companion.tui.widgets.quote_card import QuoteCard, back, front, where


class QuotesPane(Pane):
    PANE_ID = "quotes"
    TITLE = "Quotes"
    HELP = (
        "One quotation at a time: flip the card for its context, why it matters, "
        "whether the line is really in the novel, and your notes on it. Star a quote "
        "to put it in your seminar deck; d drills your starred quotes. The footer shows the "
        "main keys; p previous, r random, / filter and c clear are listed below. / opens "
        "the theme filter's choices (left/right: speaker, part); a click on a filter in "
        "the bar above the card opens its choices too."
    )

    ACTIONS = [
        Action("quotes.flip", "f,space", "flip", "Flip", "Show the other side of the card"),
        Action("quotes.next", "n,l,right", "step(1)", "Next", "The next quote"),
        Action("quotes.previous", "p,h,left", "step(-1)", "Previous", "The previous quote", False),
        Action("quotes.random", "r", "random", "Random", "A random quote", footer=False),
        Action(
            "quotes.star",
            "s",
            "star",
            "Star",
            "Add to or remove from the seminar deck",
            palette="quotes: Star or unstar",
        ),
        Action(
            "quotes.note",
            "a",
            "add_note",
            "Note",
            "A note about this quote",
            palette="quotes: Write a note",
        ),
        Action(
            "quotes.copy",
            "y",
            "copy",
            "Copy",
            "The quote, with who says it and where, to the clipboard",
            footer=False,
            palette="quotes: Copy",
        ),
        Action(
            "quotes.filter",
            "slash",
            "filter",
            "Filter",
            "By theme, speaker or part",
            footer=False,
            key_display="/",
        ),
        Action(
            "quotes.clear_filter",
            "c",
            "clear_filter",
            "Clear filter",
            "Show every unlocked quote",
            footer=False,
            palette="quotes: Clear filters",
        ),
        Action("quotes.drill", "d", "app.drill", "Drill", "Practise the deck"),
        Action(
            "quotes.reload",
            "ctrl+r",
            "reload",
            "Reload",
            "Read notes and stars written by another window or the CLI",
            footer=False,
            palette=None,
        ),
    ]
    BINDINGS = bindings(ACTIONS)

    def __init__(self, state, **kwargs) -> None:
        super().__init__(state, **kwargs)
        self.theme_filter: str = ALL
        self.speaker_filter: str = ALL
        self.part_filter: int | str = ALL
        self.flipped = False
        self.current_id: str | None = None
        self._quotes: list[Quote] = []
        self._random = random.Random()
        self._choices: dict[str, list[tuple[Text, object]]] = {}
        self._ready = False
        self._status_line: str | None = None

    # -- layout --

    def compose(self) -> ComposeResult:
        yield FilterBar(id="quotes-filters")
        yield Static("", id="quotes-status")
        yield QuoteCard(id="quote-card")
        yield Static("", id="quotes-notice")

    def on_mount(self) -> None:
        # All of it is in memory (the gated view): drawn now, in the idle slot the app
        # mounts this pane in, so its first show lays it out once, with content.
        self._ready = True
        self.refresh_content("all")

    def start(self) -> None:  # on mount, or on first show if mounted ahead
        self.call_after_refresh(self.sync_deck, self._show_card)  # stars, once read

    def on_show(self) -> None:
        if self._started:  # (the first show: start() reads the deck)
            self.sync_deck(self._show_card)  # another window may have starred quotes
            self.sync_notes(self._show_card)  # the CLI may have written notes on a quote

    def focus_default(self) -> None:
        self.query_one(QuoteCard).focus()

    # -- data --

    @property
    def visible_quotes(self) -> list[Quote]:
        return list(self.state.view.quotes)

    def _matches(self, quote: Quote) -> bool:
        if self.theme_filter != ALL and self.theme_filter not in quote.themes:
            return False
        if self.speaker_filter != ALL and quote.speaker != self.speaker_filter:
            return False
        if self.part_filter != ALL:
            part = self.state.book.part_of(quote.chapter)
            if part is None or part.number != self.part_filter:
                return False
        return True

    @property
    def current(self) -> Quote | None:
        return next((q for q in self._quotes if q.id == self.current_id), None)

    def refresh_content(self, kind: str = "all") -> None:
        if not self._ready:
            return
        if kind in ("progress", "all"):
            self._rebuild_filters()
            self._apply_filter(keep=self.current_id)
        elif kind == "deck":
            self._show_card()
            self.sync_deck(self._show_card)
        elif kind == "notes":
            self._show_card()

    def _rebuild_filters(self) -> None:
        """Offer only what the unlocked quotes hold; drop a choice no longer offered."""
        view = self.state.view
        quotes = self.visible_quotes
        theme_ids = {t for q in quotes for t in q.themes}
        speakers = sorted({q.speaker for q in quotes}, key=str.casefold)
        self._choices = {
            "theme": [
                (Text(show_controls(theme.name)), theme.id)
                for theme, _ in view.themes
                if theme.id in theme_ids
            ],
            "speaker": [(Text(show_controls(s)), s) for s in speakers],
            "part": [
                (Text(show_controls(p.title)), p.number)
                for p in self.state.book.parts
                if any(p.first <= q.chapter <= p.last for q in quotes)
            ],
        }
        for key, choices in self._choices.items():
            attr = f"{key}_filter"
            if getattr(self, attr) not in {value for _, value in choices}:
                setattr(self, attr, ALL)
        self._show_filters()

    def filters(self) -> list[Filter]:
        """The three filters as offered now (gated) with their chosen values."""
        return [
            Filter(
                "theme", "Theme", "All themes", self._choices.get("theme", []), self.theme_filter
            ),
            Filter(
                "speaker",
                "Speaker",
                "All speakers",
                self._choices.get("speaker", []),
                self.speaker_filter,
            ),
            Filter("part", "Part", "All parts", self._choices.get("part", []), self.part_filter),
        ]

    def _show_filters(self) -> None:
        self.query_one(FilterBar).set_filters(self.filters())

    def _apply_filter(self, keep: str | None = None) -> None:
        self._quotes = [q for q in self.visible_quotes if self._matches(q)]
        ids = [q.id for q in self._quotes]
        if keep in ids:
            self.current_id = keep
        else:
            self.current_id = ids[0] if ids else None
            self.flipped = False
        self._show_card()

    @on(FilterBar.Picked)
    def _bar_clicked(self, event: FilterBar.Picked) -> None:
        event.stop()
        if event.key == "clear":
            self.action_clear_filter()
        else:
            self.action_filter("theme" if event.key == "filter" else event.key)

    def _picked(self, result: tuple[str, object] | None) -> None:
        if result is None:  # escape: nothing changes
            return
        key, value = result
        setattr(self, f"{key}_filter", value)
        self._show_filters()
        self._apply_filter(keep=self.current_id)

    # -- drawing --

    def _show_card(self) -> None:
        card = self.query_one(QuoteCard)
        later = later_line(self._locked_count(), "quotes")
        quote = self.current
        filtered = len(self._quotes) != len(self.visible_quotes)
        if quote is None:
            if not self.visible_quotes:
                message = "No quotes yet: they unlock as you read."
            else:
                message = "No quote matches this filter: press c to clear it."
            self._set_status(later)
            card.show_once(
                ("empty", message, later),
                lambda: Text(message + ("\n\n" + later if later else ""), justify="center"),
                flipped=False,
            )
            return
        index = self._quotes.index(quote) + 1
        bits = [
            f"Quote {index} of {len(self._quotes)}"
            + (f" (filtered from {len(self.visible_quotes)})" if filtered else "")
        ]
        if later:
            bits.append(later)
        self._set_status(" · ".join(bits))
        starred = self.state.deck_loaded and self.state.deck.is_starred(quote.id)
        if self.flipped:
            notes = self._notes_on(quote)
            seen = (
                None
                if notes is None
                else tuple((n.id, n.text, n.chapter, tuple(n.tags), n.updated) for n in notes)
            )
            card.show_once(
                ("back", quote.id, starred, seen, self.state.finished),
                lambda: back(self.state.view, quote, notes, starred=starred),
                flipped=True,
                title="Back: context and your notes",
            )
        else:
            card.show_once(
                ("front", quote.id, starred),
                lambda: front(self.state.book, quote, starred=starred),
                flipped=False,
                title="★" if starred else "",
            )

    def _set_status(self, line: str) -> None:
        if line != self._status_line:  # an update is a layout pass
            self._status_line = line
            self.query_one("#quotes-status", Static).update(Text(line))

    def _locked_count(self) -> int:
        return self.state.view.locked.get("quotes", 0)

    def _notes_on(self, quote: Quote) -> list | None:
        """The reader's notes on ``quote``; None while the notes are still loading."""
        if not self.state.notes_loaded:
            self._load_notes()
            return None
        try:
            return self.state.shown_notes(n for n in self.state.notes.notes if n.quote == quote.id)
        except StoreError as error:
            self.show_notice(error.message)
            return []

    @work(thread=True, exclusive=True, group="quotes-notes")
    def _load_notes(self) -> None:
        try:
            self.state.load_notes()
        except StoreError as error:
            self.app.call_from_thread(self.show_notice, error.message)
            return
        self.app.call_from_thread(self._show_card)

    def show_notice(self, message: str) -> None:
        self.query_one("#quotes-notice", Static).update(Text(show_controls(message)))

    # -- actions --

    def action_flip(self) -> None:
        if self.current is None:
            return
        self.flipped = not self.flipped
        self._show_card()
        if self.flipped:
            self.sync_notes(self._show_card)  # one stat: notes written elsewhere show

    def action_step(self, step: int) -> None:
        if not self._quotes:
            return
        ids = [q.id for q in self._quotes]
        i = ids.index(self.current_id) if self.current_id in ids else 0
        self.current_id = ids[(i + step) % len(ids)]
        self.flipped = False
        self._show_card()

    def action_random(self) -> None:
        if not self._quotes:
            return
        others = [q.id for q in self._quotes if q.id != self.current_id] or [self._quotes[0].id]
        self.current_id = self._random.choice(others)
        self.flipped = False
        self._show_card()

    def action_copy(self) -> None:
        """The quote and where it is, to the clipboard (OSC 52: a terminal or browser
        that allows it; a browser only on a secure origin such as 127.0.0.1)."""
        if (quote := self.current) is not None:
            book, line = self.state.book, " ".join(quote.text.split())
            said = f"{quote.speaker}, {book.title}, {where(book, quote)}"
            self.app.copy_to_clipboard(f"“{line}” ({said})")
            self.app.notify("Quote copied to the clipboard.", markup=False)

    def action_star(self) -> None:
        quote = self.current
        if quote is None:
            return
        deck = self.state.deck
        try:
            if deck.is_starred(quote.id):
                deck.unstar(quote.id)
                message = "Removed from your seminar deck."
            else:
                deck.star(quote.id, self.state.today())
                message = "Starred: it is in your seminar deck."
        except StoreError as error:
            self.show_notice(f"Not saved: {error.message}")
            return
        self.show_notice("")
        self.app.notify(message, markup=False, timeout=2)
        self._show_card()
        self.data_changed("deck")

    def action_add_note(self) -> None:
        from companion.tui.screens.note_editor import open_note_editor

        quote = self.current
        open_note_editor(
            self.app, self.state, quote=quote.id if quote else None, chapter=self.state.finished
        )

    def action_filter(self, key: str = "theme") -> None:
        """Open the choices of one filter (left/right in the picker: the others)."""
        from companion.tui.screens.filter_picker import FilterPicker

        if not self._ready:
            return
        self.app.push_screen(FilterPicker(self.filters(), key), self._picked)

    def action_clear_filter(self) -> None:
        self.theme_filter = self.speaker_filter = self.part_filter = ALL
        if self._ready:
            self._show_filters()
        self._apply_filter(keep=self.current_id)

    def action_reload(self) -> None:
        """ctrl+r: notes and stars written by another window or the CLI."""
        self.sync_notes(self._show_card, force=True)
        self.sync_deck(self._show_card)

    # -- the app's entry points --

    def open_item(self, key: str) -> bool:
        kind, _, quote_id = key.partition(":")
        if kind != "quote" or quote_id not in {q.id for q in self.visible_quotes}:
            return False
        quote = next(q for q in self.visible_quotes if q.id == quote_id)
        if not self._matches(quote):
            self.action_clear_filter()
        self.current_id = quote_id
        self.flipped = False
        self._show_card()
        return True

    def offer(self, action: Action) -> str | None:
        if not (self._quotes if self.is_mounted else self.visible_quotes):
            return None  # (unmounted: the palette runs these after mounting the pane)
        if action.id == "quotes.clear_filter":
            filtered = (self.theme_filter, self.speaker_filter, self.part_filter) != (ALL,) * 3
            return action.label if filtered else None
        return action.label
