"""3 Quotes: one card at a time, flip for context; star for the seminar deck.

Only quotes the reader has unlocked (``state.view.quotes``) are ever shown, counted
by name, offered in a filter, searched or reachable by next/previous/random; the rest
are "N more quotes unlock later". The search is ``companion.study.quotes.find_quotes``,
as for `companion quotes`. The pane opens on the quotes unlocked since the reader last
looked (the ids seen are kept in settings.toml).
"""

from __future__ import annotations

import random
from functools import partial

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.widgets import Input, Static

from companion.book.model import Quote
from companion.book.sorting import sort_key
from companion.store.errors import StoreError
from companion.study.quotes import find_quotes, fold, notes_by_quote
from companion.study.text import one_line, show_controls
from companion.tui.actions import Action, PaletteEntry, bindings, focus_now, typing
from companion.tui.panes.base import Pane, later_line
from companion.tui.widgets.filter_bar import ALL, Filter, FilterBar
from companion.tui.widgets.quote_card import QuoteCard, back, front, where


class QuotesPane(Pane):
    PANE_ID = "quotes"
    TITLE = "Quotes"
    HELP = (
        "One quotation at a time: flip the card for its context, why it matters, "
        "whether the line is really in the novel, and your notes on it. Star a quote "
        "to put it in your seminar deck; d drills your starred quotes. / searches the "
        "text, speaker, context and your notes as you type (escape goes back to the card, "
        "and again clears the search). t opens the theme filter's choices (left/right: "
        "speaker, part); a click on a filter in the bar above the card opens its choices "
        "too. The pane opens on the quotes unlocked since you last looked."
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
            priority=True,  # the editor opens at once: the letters after a go in
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
            "quotes.search",
            "slash",
            "search",
            "Search",
            "Search the text, speaker, context and your notes as you type",
            key_display="/",
            priority=True,  # the letters typed after / go to the box (focus_now)
        ),
        Action(
            "quotes.escape",
            "escape",
            "leave_search",
            "Leave search",
            "From the search box back to the card; on the card, clear the search",
            key_display="esc",
            palette=None,
            # handled as the app reads it (check_action: only where it does something):
            # the keys typed after it in one burst leave the box too ("escape q" quits)
            priority=True,
        ),
        Action(
            "quotes.to_card",
            "down",
            "focus_card",
            "To the card",
            "From the search box down to the card",
            footer=False,
            palette=None,
        ),
        Action(
            "quotes.filter",
            "t",
            "filter",
            "Filter",
            "By theme, speaker or part",
            footer=False,
        ),
        Action(
            "quotes.clear_filter",
            "c",
            "clear_filter",
            "Clear filter",
            "Clear the search and the filters: every unlocked quote",
            footer=False,
            palette="quotes: Clear filters",
        ),
        Action("quotes.drill", "d", "drill", "Drill", "Practise the deck"),
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
        self.rng = random.Random()  # r's pick (a test seeds it)
        self._choices: dict[str, list[tuple[Text, object]]] = {}
        self._ready = False
        self._status_line: str | None = None
        self.query_text = ""
        self._new_ids: set[str] = set()  # unlocked since the reader last looked
        self._has_card: bool | None = None  # as the footer last saw it
        self._notes_asked = False  # the search asked for the notes to be read

    # -- layout --

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="Search quotes: words, speaker, context, your notes (/)",
            id="quotes-search",
            compact=True,
        )
        yield FilterBar(id="quotes-filters")
        yield Static("", id="quotes-status")
        yield QuoteCard(id="quote-card")
        yield Static("", id="quotes-notice")

    def on_mount(self) -> None:
        # All of it is in memory (the gated view): drawn now, in the idle moment the app
        # mounts this pane in, so its first show lays it out once, with content.
        if self.children_gone():
            return
        self._ready = True
        self.refresh_content("all")  # (the pane the app opens on: at the new quotes)

    def before_show(self) -> None:
        if self._ready:
            self._open_new()

    def start(self) -> None:  # on mount, or on first show if mounted ahead
        self.call_after_refresh(self.sync_deck, self._show_card)  # stars, once read

    def on_show(self) -> None:
        if self.started:  # (the first show: start() reads the deck)
            self.sync_deck(self._show_card)  # another window may have starred quotes
            self.sync_notes(self._show_card)  # the CLI may have written notes on a quote

    def focus_default(self) -> None:
        self.action_focus_card()

    # -- data --

    @property
    def shown_quotes(self) -> list[Quote]:
        """The quotes the search and the filters let through, in the card's order."""
        return list(self._quotes)

    @property
    def visible_quotes(self) -> list[Quote]:
        return list(self.state.view.quotes)

    def _found(self) -> list[Quote]:
        """The unlocked quotes the search box and the filters let through."""
        query = self.query_text.strip()
        notes = {}
        if query and self.state.notes_loaded:
            try:
                notes = notes_by_quote(self.state.notes.notes)
            except StoreError:
                notes = {}  # the notice says so when the card is drawn
        elif query and not self._notes_asked:
            self._notes_asked = True  # once: not a thread per keystroke
            self._load_notes()  # searched again once the notes are read
        return find_quotes(
            self.state.view,
            query,
            notes=notes,
            theme=None if self.theme_filter == ALL else self.theme_filter,
            speaker=None if self.speaker_filter == ALL else self.speaker_filter,
            part=None if self.part_filter == ALL else int(self.part_filter),
        )

    def _filtered(self) -> bool:
        chosen = (self.theme_filter, self.speaker_filter, self.part_filter) != (ALL,) * 3
        return chosen or bool(self.query_text.strip())

    def _open_new(self) -> None:
        """Show the first quote unlocked since the reader last looked, and remember
        every quote unlocked now as seen."""
        prefs = self.companion.prefs
        seen = set(prefs.settings.seen_quotes)
        visible = [q.id for q in self.visible_quotes]
        new = [q for q in visible if q not in seen]
        if not new:
            return
        self._new_ids = set(new) if seen else set()  # a first look: nothing to announce
        if self._new_ids and self.current_id not in self._new_ids:
            if new[0] not in {q.id for q in self._quotes}:
                self._clear_all()
            self.current_id = new[0]
            self.flipped = False
            self._show_card()
        prefs.mark_seen(new)

    @property
    def current(self) -> Quote | None:
        return next((q for q in self._quotes if q.id == self.current_id), None)

    def refresh_content(self, kind: str = "all") -> None:
        if not self._ready:
            return
        if kind in ("progress", "all"):
            self._rebuild_filters()
            self._apply_filter(keep=self.current_id)
            if self.companion.current_pane_id == self.PANE_ID and self.display:
                self._open_new()  # read on: the reader is looking at this pane
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
        speakers = sorted({q.speaker for q in quotes}, key=sort_key)
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
        for selector in ("#quotes-search", "#quotes-filters"):  # nothing to search yet
            self.query_one(selector).display = bool(quotes)

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
        self._quotes = self._found()
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
        filtered = self._filtered()
        self._footer_keys(quote is not None)
        if quote is None:
            query = self.query_text.strip()
            if not self.visible_quotes:
                message = "No quotes yet: they unlock as you read."
            elif query:
                message = show_controls(
                    f"No quote matches “{one_line(query, 40)}”: escape clears the search."
                )
            else:
                message = "No quote matches this filter: press c to clear it."
            self._set_status(later)  # said once, here, not on the card too
            card.show_once(
                ("empty", message),
                lambda: Text(message, justify="center"),
                flipped=False,
                hints=False,
            )
            return
        index = self._quotes.index(quote) + 1
        bits = [
            f"Quote {index} of {len(self._quotes)}"
            + (f" (filtered from {len(self.visible_quotes)})" if filtered else "")
        ]
        if quote.id in self._new_ids:
            bits.append(f"new: {len(self._new_ids)} since you last looked")
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

    def _footer_keys(self, has_card: bool) -> None:
        """The card's keys are in the footer only when there is a card to act on."""
        if has_card != self._has_card:
            self._has_card = has_card
            self.refresh_bindings()

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
        self.app.call_from_thread(self._notes_read)

    def _notes_read(self) -> None:
        if self.query_text.strip():  # the search looks in them too
            self._apply_filter(keep=self.current_id)
        else:
            self._show_card()

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
        self.current_id = self.rng.choice(others)
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
        self._clear_all()
        self._apply_filter(keep=self.current_id)

    def _clear_all(self) -> None:
        """No filter and an empty search box (the quotes are not worked out again)."""
        self.theme_filter = self.speaker_filter = self.part_filter = ALL
        self.query_text = ""
        if self._ready:
            self._show_filters()
            search = self.query_one("#quotes-search", Input)
            with search.prevent(Input.Changed):
                search.value = ""
        self._quotes = self.visible_quotes

    # -- the search box --

    @on(Input.Changed, "#quotes-search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        was_empty = not self.query_text
        self.query_text = event.value
        self._apply_filter(keep=self.current_id)
        if was_empty != (not event.value):  # escape's binding depends on it
            self.refresh_bindings()

    @on(Input.Submitted, "#quotes-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_focus_card()

    def action_search(self) -> None:
        focus_now(self.query_one("#quotes-search", Input))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._card_keys()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._card_keys()

    def _card_keys(self) -> None:
        """The card's legend names its keys, or while the search box has the focus
        (where f, s and a are letters) how to get back to the card."""
        if not self.children_gone():
            search = self.query_one("#quotes-search", Input)
            self.query_one(QuoteCard).set_searching(self.app.focused is search)

    def action_focus_card(self) -> None:
        focus_now(self.query_one(QuoteCard))

    def action_leave_search(self) -> None:
        """escape: from the search box to the card; on the card, clear the search."""
        search = self.query_one("#quotes-search", Input)
        if self.app.focused is search:
            self.action_focus_card()
        elif search.value:
            search.value = ""  # Input.Changed searches again

    CARD_ACTIONS = frozenset({"flip", "step", "random", "star", "copy", "add_note"})

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if not self.is_mounted:
            return True
        if action == "add_note" and typing(self):  # (in the box, a is a letter)
            return False
        if action in self.CARD_ACTIONS:  # nothing to act on: not in the footer
            return self.current is not None
        if action == "search":  # (in the box, / is a character of the search)
            search = self.query_one("#quotes-search", Input)
            return bool(self.visible_quotes) and self.app.focused is not search
        if action in ("drill", "filter"):
            return bool(self.visible_quotes)
        if action == "focus_card":
            return self.app.focused is self.query_one("#quotes-search", Input)
        if action == "leave_search":
            search = self.query_one("#quotes-search", Input)
            return self.app.focused is search or bool(search.value)
        if action == "clear_filter":
            return self._filtered()
        return True

    def action_drill(self) -> None:
        self.companion.action_drill()

    def action_reload(self) -> None:
        """ctrl+r: notes and stars written by another window or the CLI."""
        self.sync_notes(self._show_card, force=True)
        self.sync_deck(self._show_card)

    # -- the app's entry points --

    def open_item(self, key: str) -> bool:
        kind, _, quote_id = key.partition(":")
        if kind != "quote" or quote_id not in {q.id for q in self.visible_quotes}:
            return False
        if quote_id not in {q.id for q in self._quotes}:
            self._clear_all()
        self.current_id = quote_id
        self.flipped = False
        self._show_card()
        return True

    def offer(self, action: Action) -> str | None:
        if action.id == "quotes.clear_filter":  # also when nothing matches
            return action.label if self._filtered() else None
        if not (self._quotes if self.is_mounted else self.visible_quotes):
            return None  # (unmounted: the palette runs these after mounting the pane)
        return action.label

    def entries_for_palette(self):
        """Each unlocked quote, found by its words ("quote: “Thinking back now…”")."""
        for quote in self.visible_quotes:
            label = f"quote: “{one_line(quote.text, 60)}” ({one_line(quote.speaker, 30)})"
            yield PaletteEntry(
                label,
                f"{where(self.state.book, quote)}: show it in the Quotes pane",
                partial(self.companion.open_item, self.PANE_ID, f"quote:{quote.id}"),
                words=fold(f"{quote.text} {quote.speaker}"),
            )
