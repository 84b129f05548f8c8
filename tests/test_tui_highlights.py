"""Highlights imported from an e-reader, in the app: nothing past the reader's progress
on any surface (Notes, its count, Quotes, Seminar, the sheet, the palette), and the
Notes pane's marks and placing. Real note files in a temporary data folder."""

from __future__ import annotations

from companion.store.deck import DeckStore
from companion.store.notes import NoteStore
from companion.tui.drive import press, quiet
from companion.tui.screens.modals import ConfirmScreen
from companion.tui.screens.place import PlaceScreen
from companion.tui.screens.save_dialog import SavedDialog, SaveDialog
from companion.tui.widgets.note_list import NoteList
from tests.pane_helpers import (
    SIZE,
    make_app,
    notes_pane,
    notices,
    open_pane,
    screen_text,
    state_at,
    wait_for,
)

LATER = "LATE WORDS the grandmother wrote"  # a highlight from chapter 4


def highlight(store: NoteStore, text: str, chapter: int, placement: str = "file", **more):
    return store.add(
        text,
        chapter,
        kind="highlight",
        source="kindle",
        source_id=f"little@{text[:8]}",
        location="location 40-42",
        placement=placement,
        **more,
    )


def with_highlights(tmp_path, progress: int = 2):
    """Progress 2; a note of the reader's at 4, a highlight at 1 and one at 4."""
    state = state_at(tmp_path, progress)
    store = NoteStore(state.data_dir)
    store.add("my own guess about the end", 4, ["seminar"])
    highlight(store, "EARLY WORDS by the sea", 1)
    highlight(store, LATER, 4, tags=["seminar"], quote="sea")
    return state


async def test_notes_hides_highlights_past_progress_and_says_so(tmp_path):
    with_highlights(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await notes_pane(pilot)
        text = screen_text(app)
        assert "EARLY WORDS" in text and "my own guess" in text
        assert "LATE WORDS" not in text
        assert "2 notes · 1 highlight from later chapters is hidden" in text
        await press(pilot, "slash", *"words")  # nor found by a search
        await wait_for(pilot, lambda: pane.query_text == "words")
        assert "LATE WORDS" not in screen_text(app)
        assert "1 of 2 notes match" in screen_text(app)
        assert not pane.open_item(
            "note:" + next(n.id for n in app.state.notes.notes if n.text == LATER)
        )
        await open_pane(pilot, "progress")  # finishing chapters 3 and 4 shows it
        await press(pilot, "n")
        await wait_for(pilot, lambda: "Newly unlocked by chapter 3" in screen_text(app))
        assert "LATE WORDS" not in screen_text(app)  # nor in the newly unlocked list
        await press(pilot, "n")
        await notes_pane(pilot)
        await wait_for(pilot, lambda: "LATE WORDS" in screen_text(app))
        assert "hidden" not in screen_text(app)
        await open_pane(pilot, "progress")  # a step back hides it again
        await press(pilot, "u")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await press(pilot, "y")
        await wait_for(pilot, lambda: app.state.finished == 3)
        await notes_pane(pilot)
        await wait_for(pilot, lambda: "LATE WORDS" not in screen_text(app))
        assert "1 highlight from later chapters is hidden" in screen_text(app)


async def test_quotes_card_leaves_out_a_later_highlight_on_its_quote(tmp_path):
    with_highlights(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "quotes")
        await press(pilot, "f")
        await wait_for(pilot, lambda: "loading your notes" not in screen_text(app))
        assert pane.current_id == "sea"
        assert "LATE WORDS" not in screen_text(app)
        assert "None yet: press a to write one." in screen_text(app)


async def test_seminar_list_and_sheet_leave_out_a_later_highlight(tmp_path):
    state = with_highlights(tmp_path)
    DeckStore(state.data_dir).star("sea")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "seminar")
        notes = pane.query_one("#seminar-notes")
        await wait_for(pilot, lambda: bool(notes.rows))
        assert [n.text for n in notes.rows] == ["my own guess about the end"]
        assert "LATE WORDS" not in screen_text(app)
        await press(pilot, "x")
        await wait_for(pilot, lambda: isinstance(app.screen, SaveDialog))
        await press(pilot, "enter")  # the default place
        await wait_for(pilot, lambda: isinstance(app.screen, SavedDialog))
        assert "LATE WORDS" not in app.screen.path.read_text()


async def test_palette_offers_nothing_of_a_later_highlight(tmp_path):
    with_highlights(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await notes_pane(pilot)
        entries = app.palette_entries()
        assert entries and not any(
            "LATE" in e.label or "LATE" in e.help or "grandmother" in e.label for e in entries
        )


async def test_notes_marks_highlights_and_places_an_unplaced_one(tmp_path):
    state = state_at(tmp_path, 2)
    store = NoteStore(state.data_dir)
    linked = highlight(store, "the sea, grey", 1, "quote", quote="sea", comment="mood!")
    highlight(store, "GUESSED where this goes", 2, "estimated")
    loose = highlight(store, "NOWHERE yet, this one", 0, "unplaced")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        pane = await notes_pane(pilot)
        text = screen_text(app)
        assert "[highlight] the sea, grey" in text
        assert "ch~ 2" in text and "ch  ?" in text  # estimated, unplaced
        pane.apply_filter(keep=linked.id)  # the preview: its source, quote card and comment
        await quiet(pilot.app)
        text = " ".join(screen_text(app).split())  # the preview wraps
        assert "highlight from kindle, location 40-42 · chapter 1" in text
        assert "about “The sea was grey that morning.”" in text
        assert "Your note on it: mood!" in text
        await press(pilot, "f", "f", "f")  # only the unplaced ones
        await quiet(pilot.app)
        assert [n.text for n in pane.query_one(NoteList).rows] == [loose.text]
        assert "unplaced highlights: 1 of 3 notes" in screen_text(app)
        assert "unplaced: c gives it its chapter" in screen_text(app)
        await press(pilot, "c")
        await wait_for(pilot, lambda: isinstance(app.screen, PlaceScreen))
        await press(pilot, "ctrl+a", "ctrl+k", "9", "enter")  # not a chapter of the book
        await quiet(pilot.app)
        assert "“9” is not a chapter: type 0 to 4." in screen_text(app)
        await press(pilot, "backspace", "1", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, PlaceScreen))
        placed = NoteStore(state.data_dir).get(loose.id)
        assert (placed.chapter, placed.placement) == (1, "placed")
        assert any("Placed at chapter 1." in t for t in notices(app))
        await press(pilot, "f")  # every note again; place the estimated one past progress
        pane.apply_filter(keep=next(n.id for n in store.notes if n.text.startswith("GUESSED")))
        await press(pilot, "c")
        await wait_for(pilot, lambda: isinstance(app.screen, PlaceScreen))
        await press(pilot, "ctrl+a", "ctrl+k", "4", "enter")
        await wait_for(
            pilot, lambda: any("hidden until you finish chapter 4" in t for t in notices(app))
        )
        assert "GUESSED" not in screen_text(app)
        assert "1 highlight from later chapters is hidden" in screen_text(app)
