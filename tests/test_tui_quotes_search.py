"""The Quotes pane as a reader meets it: search as you type, the palette finding a quote
by its words, opening on what is new, nothing to press before reading, scrolling."""

from __future__ import annotations

from textual.widgets import Input

from companion.store.notes import NoteStore
from companion.store.settings import load_settings
from companion.tui.drive import press, quiet
from companion.tui.widgets.quote_card import QuoteCard
from tests.pane_helpers import ROOT, SIZE, make_app, open_pane, screen_text, state_at, wait_for

BOOK = ROOT / "content" / "never-let-me-go"


def footer(app) -> set[str]:
    return {b.binding.description for b in app.screen.active_bindings.values() if b.binding.show}


async def test_slash_searches_unlocked_quotes_as_you_type(tmp_path):
    state_at(tmp_path, 2)
    NoteStore(tmp_path / "mini").add("reminds me of the lighthouse", chapter=1, quote="sea")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "quotes")
        search = pane.query_one("#quotes-search", Input)
        await press(pilot, "slash")
        assert app.focused is search
        assert "Search" not in footer(app)  # typing: / is part of the search
        await press(pilot, *"window")  # in the context only
        assert [q.id for q in pane.shown_quotes] == ["sea"]
        assert "Quote 1 of 1 (filtered from 2)" in screen_text(app)
        search.value = "lighthouse"  # in the reader's note on it (read in a thread)
        await wait_for(pilot, lambda: [q.id for q in pane.shown_quotes] == ["sea"])
        search.value = "grandmother"  # only in a quote past chapter 2
        await quiet(pilot.app)
        assert pane.shown_quotes == [] and pane.current is None
        text = screen_text(app)
        assert "No quote matches “grandmother”: escape clears the search." in text
        assert "all along" not in text
        await press(pilot, "escape")  # to the card
        assert isinstance(app.focused, QuoteCard) and search.value == "grandmother"
        await press(pilot, "escape")  # clears the search
        await quiet(pilot.app)
        assert search.value == "" and len(pane.shown_quotes) == 2


async def test_the_palette_finds_a_quote_by_its_words_but_never_a_locked_one(tmp_path):
    state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        entries = app.palette_entries()
        assert "quote: “The sea was grey that morning.” (Ann)" in [e.label for e in entries]
        assert not any("grandmother" in e.label + e.words for e in entries)
        await press(pilot, "ctrl+p")
        assert "The sea was grey" not in screen_text(app)  # not listed before typing
        await press(pilot, *"grey morning")
        await wait_for(pilot, lambda: "The sea was grey" in screen_text(app))
        await press(pilot, "enter")
        pane = app.pane("quotes")
        await wait_for(pilot, lambda: app.current_pane_id == "quotes")
        await wait_for(pilot, lambda: pane.current_id == "sea")


async def test_the_pane_opens_on_the_quotes_new_since_the_reader_last_looked(tmp_path):
    state_at(tmp_path, 1)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot, "quotes")
        await press(pilot, "n")
        app.prefs.save_due()
    assert load_settings(tmp_path / "mini").seen_quotes == ["sea"]
    state_at(tmp_path, 4)  # "not-said" (ch 2) and "grandmother" (ch 4) are new
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "quotes")
        assert pane.current_id == "not-said"
        assert "new: 2 since you last looked" in screen_text(app)
        await press(pilot, "p")  # "sea": seen before
        assert "since you last looked" not in screen_text(app)
        await open_pane(pilot, "notes")
        await open_pane(pilot, "quotes")
        assert pane.current_id == "sea"  # nothing new: where the reader was
    saved = load_settings(tmp_path / "mini").seen_quotes
    assert sorted(saved) == ["grandmother", "not-said", "sea"]


async def test_before_reading_the_footer_offers_no_dead_keys_and_says_later_once(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pane(pilot, "quotes")
        keys = footer(app)
        for dead in ("Flip", "Next", "Star", "Note", "Drill", "Search"):
            assert dead not in keys
        text = screen_text(app)
        assert text.count("3 more quotes unlock later") == 1
        assert "f flip" not in text and "t filter" not in text and "Search quotes" not in text
    state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pane(pilot, "quotes")
        assert {"Flip", "Next", "Star", "Note", "Drill", "Search"} <= footer(app)


async def test_arrows_scroll_a_line_per_press_and_home_end_work_on_the_back(tmp_path):
    state_at(tmp_path, 12, BOOK)
    app = make_app(tmp_path, BOOK)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pane(pilot, "quotes")
        card = app.query_one(QuoteCard)
        await press(pilot, "f")
        await wait_for(pilot, lambda: card.max_scroll_y > 4)
        # each key waited for: under load Pilot can return before a key is handled
        await press(pilot, "down", "down", "down")
        await wait_for(pilot, lambda: card.scroll_y >= 3)
        assert card.scroll_y == 3  # one line each, no animation to wait for
        await press(pilot, "up")
        await wait_for(pilot, lambda: card.scroll_y <= 2)
        assert card.scroll_y == 2
        await press(pilot, "end")
        await wait_for(pilot, lambda: card.scroll_y == card.max_scroll_y)
        await press(pilot, "home")
        await wait_for(pilot, lambda: card.scroll_y == 0)


async def test_the_palette_finds_words_of_a_long_quote_without_hanging(tmp_path):
    state_at(tmp_path, 23, BOOK)
    app = make_app(tmp_path, BOOK)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "ctrl+p")
        # words past the label's first 60 characters; repeated words made Textual's
        # fuzzy matcher run for minutes over the quotes' whole text
        await press(pilot, *"the the the won't lose")
        await wait_for(pilot, lambda: "I lost Ruth, then I lost Tommy" in screen_text(app))


async def test_reading_on_while_the_quotes_pane_is_open_goes_to_the_new_quote(tmp_path):
    state_at(tmp_path, 1)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "quotes")
        assert pane.current_id == "sea"
        app.state.set_progress(2)  # another window, or the palette
        app.data_changed("progress")
        await quiet(pilot.app)
        assert pane.current_id == "not-said"
        assert "new: 1 since you last looked" in screen_text(app)


async def test_a_search_that_finds_nothing_can_be_cleared_from_the_palette(tmp_path):
    state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "quotes")
        pane.query_one("#quotes-search", Input).value = "zzzz"
        await quiet(pilot.app)
        assert pane.shown_quotes == []
        assert "quotes: Clear filters" in [e.label for e in app.palette_entries()]


async def test_the_card_names_its_keys_only_when_they_reach_it(tmp_path):
    # while the reader types a search, f, s and a are letters of it: the card says
    # how to get back to it instead of offering keys that would type
    state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot, "quotes")
        card_keys = "f flip · s star · a note"
        assert card_keys in screen_text(app)
        await press(pilot, "slash", *"sea")
        text = screen_text(app)
        assert "enter or ↓: to the card" in text and card_keys not in text
        await press(pilot, "enter")
        assert isinstance(app.focused, QuoteCard)
        text = screen_text(app)
        assert card_keys in text and "to the card" not in text
        await press(pilot, "f")  # flipped: the back's keys
        assert "f flip back · a note" in screen_text(app)
        await press(pilot, "slash")
        assert "enter or ↓: to the card" in screen_text(app)
        await press(pilot, "escape")  # back to the card, on its back still
        assert "f flip back · a note" in screen_text(app)
