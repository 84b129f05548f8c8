"""The Seminar pane: starred quotes (visible only), questions by part, seminar notes."""

from __future__ import annotations

import datetime

from companion.store.deck import DeckStore
from companion.store.notes import NoteStore
from companion.tui.drive import press, quiet
from companion.tui.widgets.row_list import RowList
from tests.conftest import BUNDLED
from tests.pane_helpers import (
    MARKUP_CASES,
    SIZE,
    make_app,
    open_pane,
    screen_text,
    settle,
    state_at,
    wait_for,
)

UTC = datetime.UTC


async def seminar_pane(pilot):
    pane = await open_pane(pilot, "seminar")
    await wait_for(pilot, lambda: "Loading" not in screen_text(pilot.app))
    return pane


async def test_starred_questions_and_seminar_notes(tmp_path):
    state = state_at(tmp_path, 2)
    deck = DeckStore(state.data_dir)
    for quote_id in ("not-said", "grandmother", "sea"):
        deck.star(quote_id)
    store = NoteStore(state.data_dir)
    store.add("Bring the sea question", 1, ["seminar", "sea"])
    store.add("private thought", 1, ["mine"])
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await seminar_pane(pilot)
        text = screen_text(app)
        assert "Starred quotes (2)" in text
        assert "Letters never lie." in text and "The sea was grey that morning." in text
        assert "1 starred quote is past your chapter and hidden for now." in text
        assert "grandmother" not in text.lower()
        assert "Part One" in text and "What does the sea mean to Ann?" in text
        assert "Would you have kept the secret?" not in text
        assert "1 more question unlocks later" in text
        assert "Bring the sea question" in text and "#sea" in text
        assert "private thought" not in text
        assert [q.id for q in pane.starred_quotes()[0]] == ["not-said", "sea"]


async def test_a_starred_quote_keeps_its_chapter_on_one_line_at_80_columns(tmp_path):
    # the attribution followed the quote's last words and wrapped there: "— Kathy, ch"
    # on one line and "1" alone on the next
    state = state_at(tmp_path, 1, book=BUNDLED)
    DeckStore(state.data_dir).star("opening-line")
    app = make_app(tmp_path, book=BUNDLED)
    async with app.run_test(size=(80, 24)) as pilot:
        await seminar_pane(pilot)
        lines = [line.strip() for line in screen_text(app).splitlines()]
        assert any(line.startswith("— Kathy, ch 1") for line in lines), "\n".join(lines)


async def test_questions_grouped_by_part_at_the_end(tmp_path):
    state_at(tmp_path, 4)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await seminar_pane(pilot)
        text = screen_text(app)
        assert "The whole book" in text and "Would you have kept the secret?" in text
        assert text.index("Part One") < text.index("The whole book")


async def test_unstar_persists_and_enter_opens_the_quote(tmp_path):
    state = state_at(tmp_path, 2)
    deck = DeckStore(state.data_dir)
    deck.star("sea")
    deck.star("not-said")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await seminar_pane(pilot)
        pane.query_one("#seminar-starred", RowList).focus()
        await press(pilot, "u")
        assert DeckStore(state.data_dir).starred == ["not-said"]
        assert "Starred quotes (1)" in screen_text(app)
        await press(pilot, "enter")
        await wait_for(pilot, lambda: app.current_pane_id == "quotes")
        await quiet(pilot.app)
        quotes = app.pane("quotes")
        await wait_for(pilot, lambda: quotes.current_id == "not-said")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await seminar_pane(pilot)
        assert [q.id for q in pane.starred_quotes()[0]] == ["not-said"]


async def test_star_in_quotes_shows_up_in_seminar(tmp_path):
    state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await seminar_pane(pilot)
        assert "Starred quotes (0)" in screen_text(app)
        await open_pane(pilot, "quotes")
        await press(pilot, "s")
        await open_pane(pilot, "seminar")
        await wait_for(pilot, lambda: "Starred quotes (1)" in screen_text(app))
        assert [q.id for q in pane.starred_quotes()[0]] == ["sea"]


async def test_export_writes_the_sheet(tmp_path, monkeypatch):
    state = state_at(tmp_path, 2)
    DeckStore(state.data_dir).star("sea")
    NoteStore(state.data_dir).add("seminar point", 1, ["seminar"])
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        pane = await seminar_pane(pilot)
        await press(pilot, "x", "enter")  # the default place, in the save dialog
        await wait_for(pilot, lambda: pane.last_export is not None)
        # in the book's data folder, not the current folder; the path is shown
        exports = state.data_dir / "exports"
        assert pane.last_export.parent == exports
        assert pane.last_export.name.startswith("seminar-sheet-")
        assert not list(out.iterdir())
        assert str(pane.last_export) in screen_text(app).replace("\n", "")
        sheet = pane.last_export.read_text()
        assert "The sea was grey that morning." in sheet and "seminar point" in sheet
        assert "grandmother" not in sheet.lower()
        await press(pilot, "escape", "x", "enter")  # a second export never overwrites the first
        await quiet(pilot.app)
        names = sorted(p.name for p in exports.iterdir())
        assert len(names) == 2 and any(n.endswith("-2.md") for n in names)


async def test_seminar_notes_markup_literal(tmp_path):
    state = state_at(tmp_path, 2)
    store = NoteStore(state.data_dir)
    for i, case in enumerate(MARKUP_CASES):
        store.add(
            f"{case} point", 1, ["seminar"], created=datetime.datetime(2025, 1, i + 1, tzinfo=UTC)
        )
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await seminar_pane(pilot)
        text = screen_text(app)
        for shown in (
            "[/] point",
            "[@click=app.quit]x[/] point",
            "[$x] point",
            "␛[31mred␛]52;c;aGk=␇ point",
        ):
            assert shown in text
        assert "\x1b" not in text
        await pilot.click("#seminar-notes", offset=(3, 1))
        await pilot.click("#seminar-notes", offset=(3, 4))
        await quiet(pilot.app)
        assert app.is_running


async def with_others_read(pilot) -> None:
    """Every pane mounted ahead, the deck and notes read by the Quotes and Notes panes."""
    from companion.tui.state import PANE_IDS

    app = pilot.app
    await wait_for(
        pilot, lambda: all(app.pane(p) is not None and app.pane(p).is_mounted for p in PANE_IDS)
    )
    await open_pane(pilot, "quotes")
    await open_pane(pilot, "notes")
    await wait_for(pilot, lambda: app.state.deck_loaded and app.state.notes_loaded)
    await quiet(pilot.app)


def premount_soon(monkeypatch) -> None:
    from companion.tui import ahead as app_module

    monkeypatch.setattr(app_module, "PREMOUNT_AFTER", 0.05)
    monkeypatch.setattr(app_module, "PREMOUNT_EVERY", 0.02)


def sea_app(tmp_path, monkeypatch):
    """An app that mounts panes ahead at once; one starred quote, one seminar note."""
    premount_soon(monkeypatch)
    state = state_at(tmp_path, 2)
    DeckStore(state.data_dir).star("sea")
    NoteStore(state.data_dir).add("Bring the sea question", 1, ["seminar"])
    return make_app(tmp_path)


async def test_shown_with_its_content_at_once_when_mounted_ahead(tmp_path, monkeypatch):
    """Mounted ahead (hidden), the pane is filled from the deck and notes other panes
    read before it is shown: its first frame has them, no empty frame first."""
    app = sea_app(tmp_path, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await with_others_read(pilot)
        pane = app.pane("seminar")
        await app.show_pane("seminar")
        assert pane.query_one("#seminar-starred", RowList).option_count == 1
        assert "What does the sea mean to Ann?" in pane.query_one("#seminar-questions").text.plain
        assert [n.text for n in pane.query_one("#seminar-notes").rows] == ["Bring the sea question"]
        await quiet(pilot.app)  # one frame
        assert "Starred quotes (1)" in screen_text(app)
        assert "Loading" not in screen_text(app)


async def test_a_list_longer_than_its_box_gets_its_scrollbar(tmp_path, monkeypatch):
    premount_soon(monkeypatch)
    state = state_at(tmp_path, 2)
    store = NoteStore(state.data_dir)
    for i in range(30):
        store.add(f"point {i}", 1, ["seminar"])
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await with_others_read(pilot)
        await app.show_pane("seminar")
        await settle(pilot)
        notes = app.pane("seminar").query_one("#seminar-notes")
        assert len(notes.rows) == 30 > notes.size.height
        bar = notes.vertical_scrollbar
        assert notes.show_vertical_scrollbar and bar.display
        assert (bar.window_virtual_size, bar.window_size) == (30, notes.size.height)
        assert bar.region.height == notes.size.height and bar.region.x == notes.region.right - 2
        assert "point 0" in screen_text(app) and "point 29" not in screen_text(app)
        notes.focus()
        await press(pilot, "end")
        assert notes.scroll_y > 0 and bar.position == notes.scroll_y
        assert "point 29" in screen_text(app)


async def test_questions_scroll_when_they_do_not_fit(tmp_path):
    state_at(tmp_path, 4)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 9)) as pilot:
        pane = await seminar_pane(pilot)
        questions = pane.query_one("#seminar-questions")
        await wait_for(pilot, lambda: questions.show_vertical_scrollbar)  # its next layout
        assert "Would you have kept the secret?" not in screen_text(app)
        questions.focus()
        await press(pilot, "end")
        assert "Would you have kept the secret?" in screen_text(app)


async def test_the_highlighted_note_shows_in_full(tmp_path):
    state = state_at(tmp_path, 2)
    store = NoteStore(state.data_dir)
    store.add("first point", 1, ["seminar"], created=datetime.datetime(2025, 1, 1, tzinfo=UTC))
    store.add(
        "second point\nand its second line",
        1,
        ["seminar", "sea"],
        created=datetime.datetime(2025, 1, 2, tzinfo=UTC),
    )
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await seminar_pane(pilot)
        assert "Your seminar notes (2)" in screen_text(app)
        assert "and its second line" not in screen_text(app)
        pane.query_one("#seminar-notes").focus()
        await press(pilot, "down")
        text = screen_text(app)
        assert "and its second line" in text and "#sea" in text


async def test_no_seminar_notes_message_fits_at_80_columns(tmp_path):
    state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await seminar_pane(pilot)
        assert "None yet: tag a note 'seminar'." in screen_text(app)


async def test_filled_while_hidden_when_other_panes_read_the_data(tmp_path, monkeypatch):
    """The Notes and Quotes panes read the notes and the deck; the hidden Seminar pane
    shows them at once (no frame: it is hidden) and is drawn ahead again once keys
    pause, so opening it later has little left to do."""
    app = sea_app(tmp_path, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        rehearsed = []
        draw = app.ahead.draw
        monkeypatch.setattr(
            app.ahead,
            "draw",
            lambda pid, pane, then: (rehearsed.append(pid), draw(pid, pane, then)),
        )
        await with_others_read(pilot)
        pane = app.pane("seminar")
        assert not pane.display and app.current_pane_id == "notes"
        assert [n.text for n in pane.query_one("#seminar-notes").rows] == ["Bring the sea question"]
        assert pane.query_one("#seminar-starred", RowList).option_count == 1
        # drawn ahead again after both fills, once keys paused
        await wait_for(pilot, lambda: not app.ahead.waiting and not app.ahead.drawing)
        assert rehearsed.count("seminar") >= 2
        await quiet(pilot.app)
        await press(pilot, "8")
        await quiet(pilot.app)  # one frame: the pane shows what it was filled with
        assert "Starred quotes (1)" in screen_text(app)
