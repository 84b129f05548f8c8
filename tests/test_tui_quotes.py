"""The Quotes pane: flip, next/previous/random, filter, star (persisted), note, the gate."""

from __future__ import annotations

import datetime
import shutil

from companion.store.deck import DeckStore
from companion.store.notes import NoteStore
from companion.tui.drive import press, quiet
from companion.tui.screens.filter_picker import FilterPicker
from companion.tui.widgets.filter_bar import FilterBar
from companion.tui.widgets.row_list import RowList
from tests.pane_helpers import (
    MARKUP_CASES,
    MINI,
    SIZE,
    make_app,
    open_pane,
    screen_text,
    state_at,
    wait_for,
)


def picker_rows(app) -> list[str]:
    """The choices the open filter picker offers, as shown (mark cut off)."""
    assert isinstance(app.screen, FilterPicker)
    options = app.screen.query_one("#filter-choices", RowList)
    return [str(options.get_option_at_index(i).prompt)[2:] for i in range(options.option_count)]


def bar_line(app) -> str:
    """The filter bar as drawn (the screenshot's text runs lose their spacing)."""
    line = app.query_one(FilterBar).render().plain
    assert line.replace(" ", "") in screen_text(app).replace(" ", "")
    return line


async def click_filter(pilot, key: str) -> None:
    bar = pilot.app.query_one(FilterBar)
    start, _end = bar.span_of(key)
    await pilot.click(FilterBar, offset=(start + 1, 0))
    await quiet(pilot.app)


async def test_flip_shows_context_and_back_again(tmp_path):
    state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "quotes")
        text = screen_text(app)
        assert "The sea was grey that morning." in text
        assert "Ann, chapter 1" in text
        assert "Quote 1 of 2" in text and "1 more quote unlocks later" in text
        assert "Ann looks out of the window." not in text
        await press(pilot, "f")
        text = screen_text(app)
        assert "Ann looks out of the window." in text  # context
        assert "Sets the mood." in text  # significance
        assert "The novel's words" in text  # provenance
        assert "Home" in text  # theme
        assert "None yet: press a to write one." in text
        await press(pilot, "space")
        assert not pane.flipped
        assert "Ann looks out of the window." not in screen_text(app)


async def test_next_previous_random_and_arrows(tmp_path):
    state_at(tmp_path, 4)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "quotes")
        order = [q.id for q in pane.shown_quotes]
        assert order == ["sea", "not-said", "grandmother"]  # by chapter
        assert pane.current_id == "sea"
        for key, expected in (
            ("n", "not-said"),
            ("l", "grandmother"),
            ("right", "sea"),
            ("p", "grandmother"),
            ("h", "not-said"),
            ("left", "sea"),
        ):
            await press(pilot, key)
            assert pane.current_id == expected, key
        pane.rng.seed(1)
        seen = set()
        for _ in range(20):
            before = pane.current_id
            await press(pilot, "r")
            assert pane.current_id != before
            seen.add(pane.current_id)
        assert seen == set(order)


async def test_misquote_says_so_plainly(tmp_path):
    state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "quotes")
        assert pane.open_item("quote:not-said")
        await quiet(pilot.app)
        text = screen_text(app)
        assert "Letters never lie." in text
        assert "NOT in the novel" in text
        await press(pilot, "f")
        text = screen_text(app)
        assert "Often misquoted: this line is not in the novel" in text
        assert "What actually happens in the novel" in text
        assert "Ann only says the letter is old." in text


async def test_star_persists_after_restart(tmp_path):
    state = state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "quotes")
        await press(pilot, "s")
        assert "in your seminar deck" in screen_text(app)
        await press(pilot, "n", "s")
        assert DeckStore(state.data_dir).starred == ["sea", "not-said"]
        await press(pilot, "s")  # star again = unstar
        assert DeckStore(state.data_dir).starred == ["sea"]
        assert pane.current_id == "not-said"
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "quotes")
        assert pane.current_id == "sea"
        assert "★ in your seminar deck" in screen_text(app)
        seminar = await open_pane(pilot, "seminar")
        assert [q.id for q in seminar.starred_quotes()[0]] == ["sea"]


def test_a_deck_read_before_a_star_never_replaces_the_starred_one(tmp_path):
    # A pane reads the deck in a worker when first shown. A star pressed meanwhile
    # reads it on the main thread and writes the file; the worker's read, older than
    # that, must not become the deck the app shows (the card said "unstarred").
    state = state_at(tmp_path, 2)
    late = state.read_deck()  # the worker began reading
    state.deck.star("sea", datetime.date(2026, 3, 2))  # the reader starred meanwhile
    assert state.keep_deck(*late) is False  # the worker's read arrives
    assert state.deck.is_starred("sea")


async def test_star_on_a_damaged_deck_is_refused_clearly(tmp_path):
    state = state_at(tmp_path, 2)
    deck = state.data_dir / "deck.toml"
    deck.write_bytes(b"schema_version = 1\nstarred = [\n")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot, "quotes")
        await press(pilot, "s")
        text = screen_text(app)
        assert "Not saved" in text and "deck.toml" in text
        assert deck.read_bytes() == b"schema_version = 1\nstarred = [\n"


async def test_gate_no_quote_beyond_progress(tmp_path):
    state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "quotes")
        assert {q.id for q in pane.shown_quotes} == {"sea", "not-said"}
        pane.rng.seed(0)
        for key in ["n", "f", "n", "f", "r", "f", "r", "p", "f"] * 3:
            await press(pilot, key)
            text = screen_text(app)
            assert "grandmother" not in text and "The last page." not in text
            assert "Part Two" not in text and "secrets" not in text.lower()
        assert pane.open_item("quote:grandmother") is False
        assert pane.current_id != "grandmother"
        # the filters offer only what is unlocked, in the bar and in the picker
        assert "Part Two" not in screen_text(app)
        await press(pilot, "t")
        assert picker_rows(app) == ["All themes", "Home"]
        await press(pilot, "right")
        assert picker_rows(app) == ["All speakers", "Ann"]
        await press(pilot, "right")
        assert picker_rows(app) == ["All parts", "Part One"]
        text = screen_text(app)
        assert "Part Two" not in text and "secrets" not in text.lower()
        await press(pilot, "escape")
        commands = " ".join(c.label + c.help for c in app.palette_entries())
        assert "grandmother" not in commands


async def test_nothing_before_reading(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot, "quotes")
        text = screen_text(app)
        assert "No quotes yet" in text and "3 more quotes unlock later" in text
        await press(pilot, "f", "n", "r", "s")
        assert "sea was grey" not in screen_text(app)


async def test_progress_change_updates_the_deck_of_cards(tmp_path):
    state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "quotes")
        app.state.set_progress(4)
        app.data_changed("progress")
        await quiet(pilot.app)
        assert [q.id for q in pane.shown_quotes] == ["sea", "not-said", "grandmother"]
        app.state.set_progress(1)
        app.data_changed("progress")
        await quiet(pilot.app)
        assert [q.id for q in pane.shown_quotes] == ["sea"]
        assert "2 more quotes unlock later" in screen_text(app)


async def test_filter_by_theme_speaker_and_part(tmp_path):
    state_at(tmp_path, 4)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "quotes")
        assert "Theme: All ▾  Speaker: All ▾  Part: All ▾" in bar_line(app)
        await press(pilot, "t")  # the theme's choices, the current one first
        assert picker_rows(app) == ["All themes", "Home", "Secrets"]
        await press(pilot, "down", "down", "enter")
        assert not isinstance(app.screen, FilterPicker)
        assert [q.id for q in pane.shown_quotes] == ["grandmother"]
        assert "(filtered from 3)" in screen_text(app)
        assert "Theme: Secrets ▾" in bar_line(app) and "c clear" in bar_line(app)
        await press(pilot, "c")
        assert len(pane.shown_quotes) == 3
        assert "Theme: All ▾" in bar_line(app) and "c clear" not in bar_line(app)
        await click_filter(pilot, "part")  # a click opens that filter's choices
        assert picker_rows(app) == ["All parts", "Part One", "Part Two"]
        await press(pilot, "down", "enter")
        assert [q.id for q in pane.shown_quotes] == ["sea", "not-said"]
        await press(pilot, "t", "right")  # the next filter: speaker
        assert picker_rows(app) == ["All speakers", "Ann"]
        await press(pilot, "down", "enter")
        assert [q.id for q in pane.shown_quotes] == ["sea", "not-said"]
        assert "Speaker: Ann ▾" in bar_line(app) and "Part: Part One ▾" in bar_line(app)
        await click_filter(pilot, "clear")
        assert len(pane.shown_quotes) == 3 and app.focused is pane.query_one("#quote-card")


async def test_picker_escape_changes_nothing_and_marks_the_current_choice(tmp_path):
    state_at(tmp_path, 4)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "quotes")
        await press(pilot, "t", "down", "down", "enter")
        assert pane.theme_filter == "secrets"
        await press(pilot, "t")
        options = app.screen.query_one("#filter-choices", RowList)
        assert options.highlighted == 2  # the theme chosen now
        assert str(options.get_option_at_index(2).prompt).startswith("● ")
        await press(pilot, "up", "up", "left", "escape")
        assert not isinstance(app.screen, FilterPicker)
        assert pane.theme_filter == "secrets" and pane.part_filter == "*"
        assert [q.id for q in pane.shown_quotes] == ["grandmother"]
        assert app.focused is pane.query_one("#quote-card")
        await press(pilot, "t", "down", "q")  # q closes the picker, never the app
        await quiet(pilot.app)
        assert app.is_running and not isinstance(app.screen, FilterPicker)
        await press(pilot, "t")
        await pilot.click(offset=(2, 2))  # beside the dialog
        await quiet(pilot.app)
        assert not isinstance(app.screen, FilterPicker) and pane.theme_filter == "secrets"


async def test_picker_choice_by_mouse_and_from_the_palette(tmp_path):
    state_at(tmp_path, 4)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "quotes")
        filter_command = next(c for c in app.palette_entries() if c.label == "quotes: Filter")
        await filter_command.callback()
        await quiet(pilot.app)
        await pilot.click("#filter-tabs", offset=(10, 0))  # " Theme " " Speaker " ...
        assert picker_rows(app) == ["All speakers", "Ann"]
        await pilot.click("#filter-choices", offset=(4, 1))
        await quiet(pilot.app)
        assert pane.speaker_filter == "Ann"
        assert "quotes: Clear filters" in [c.label for c in app.palette_entries()]


async def test_filter_labels_from_the_pack_are_never_markup(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(MINI, book)
    quotes = book / "quotes.toml"
    quotes.write_text(
        quotes.read_text().replace(
            'speaker = "Ann"\nchapter = 2',
            'speaker = "[b]Writer[/b] [@click=app.quit]x"\nchapter = 2',
        )
    )
    state_at(tmp_path / "data", 2, book)
    app = make_app(tmp_path / "data", book)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "quotes")
        await press(pilot, "t", "right")
        assert picker_rows(app) == ["All speakers", "[b]Writer[/b] [@click=app.quit]x", "Ann"]
        assert "[b]Writer[/b] [@click=app.quit]x" in screen_text(app)
        await press(pilot, "down", "enter")
        assert [q.id for q in pane.shown_quotes] == ["not-said"]
        assert "Speaker: [b]Writer[/b] [@click=app.quit]x ▾" in bar_line(app)
        await click_filter(pilot, "speaker")
        await press(pilot, "escape")
        assert app.is_running


async def test_write_a_note_about_a_quote(tmp_path):
    state = state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot, "quotes")
        await press(pilot, "a")
        editor = app.screen
        assert editor.draft.quote == "sea" and editor.draft.chapter == 2
        await press(pilot, *"grey like the letter")
        await press(pilot, "ctrl+s")
        assert app.screen is not editor
        notes = NoteStore(state.data_dir).notes
        assert [(n.text, n.quote, n.chapter) for n in notes] == [("grey like the letter", "sea", 2)]
        await press(pilot, "f")
        await wait_for(pilot, lambda: "grey like the letter" in screen_text(app))


async def test_notes_on_the_back_are_shown_literally(tmp_path):
    state = state_at(tmp_path, 2)
    store = NoteStore(state.data_dir)
    for case in MARKUP_CASES:
        store.add(
            f"note {case} end",
            1,
            ["t" + case],
            quote="sea",
            created=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        )
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot, "quotes")
        await press(pilot, "f")
        await wait_for(pilot, lambda: "note [/] end" in screen_text(app))
        text = screen_text(app)
        assert "note [@click=app.quit]x[/] end" in text
        assert "note [$x] end" in text
        assert "note ␛[31mred␛]52;c;aGk=␇ end" in text
        assert "\x1b" not in text
        await pilot.click("#quote-card", offset=(10, 5))
        await quiet(pilot.app)
        assert app.is_running


async def test_drill_key_is_guarded(tmp_path):
    state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot, "quotes")
        await press(pilot, "d")
        assert app.is_running
