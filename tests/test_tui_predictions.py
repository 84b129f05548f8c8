"""Predictions in the app: p writes one (Progress, Plot, Notes), the revisit chapter is
checked, the newly unlocked list leads with the ones to look back on, a small dialog
marks them, and the end of the book sums them up. Real files, the real app."""

from __future__ import annotations

from textual.widgets import Button, Input, TextArea

from companion.store.notes import NoteStore
from companion.tui.drive import press, quiet
from companion.tui.screens.modals import ConfirmScreen, InfoScreen
from companion.tui.screens.note_editor import NoteEditorScreen
from companion.tui.screens.predictions import MarkPredictionScreen
from companion.tui.widgets.note_list import NoteList
from companion.tui.widgets.row_list import RowList
from tests.pane_helpers import (
    ROOT,
    SIZE,
    make_app,
    notes_pane,
    notices,
    open_pane,
    screen_text,
    state_at,
    wait_for,
)

BOOK = ROOT / "content" / "never-let-me-go"
GUESS = "Madame is afraid of the students"


def predictions(data_dir):
    return [n for n in NoteStore(data_dir).notes if n.kind == "prediction"]


async def write_prediction(pilot, text: str, revisit: str | None) -> NoteEditorScreen:
    await press(pilot, "p")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, NoteEditorScreen))
    editor = pilot.app.screen
    editor.query_one("#editor-text", TextArea).insert(text)
    if revisit is not None:
        editor.query_one("#editor-revisit", Input).value = revisit
    await press(pilot, "ctrl+s")
    return editor


async def test_the_prediction_loop_end_to_end(tmp_path):
    state = state_at(tmp_path, 2, BOOK)
    app = make_app(tmp_path, BOOK)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        await press(pilot, "p")  # from Progress
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditorScreen))
        assert "New prediction" in screen_text(app)
        revisit = app.screen.query_one("#editor-revisit", Input)
        assert revisit.value == "9"  # the end of Part One, as `companion predict`
        await press(pilot, "escape")
        await write_prediction(pilot, GUESS, "4")
        assert not isinstance(app.screen, NoteEditorScreen)
        [guess] = predictions(state.data_dir)
        assert (guess.text, guess.chapter, guess.revisit_at) == (GUESS, 2, 4)

        await press(pilot, "n")  # chapter 3: not yet
        await wait_for(pilot, lambda: "Newly unlocked by chapter 3" in screen_text(app))
        assert "look back on" not in screen_text(app)
        await press(pilot, "n")  # chapter 4: it leads the list
        await wait_for(pilot, lambda: "Newly unlocked by chapter 4" in screen_text(app))
        lst = app.pane("progress").query_one("#unlocked-list", RowList)
        assert "Your predictions to look back on (1)" in str(lst.get_option_at_index(0).prompt)
        assert lst.highlighted_option.id == "pr0"
        assert GUESS in screen_text(app)
        await press(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.focused, Button))  # the dialog is up
        # the letters right after r reach the box (test_tui_key_burst.py)
        await press(pilot, "r", *"afraid, but of what?", "enter", "p")
        await wait_for(pilot, lambda: not isinstance(app.screen, MarkPredictionScreen))
        [guess] = predictions(state.data_dir)
        assert (guess.outcome, guess.answered_at) == ("partly", 4)
        assert guess.reflection == "afraid, but of what?"
        assert "[partly]" in str(lst.get_option_at_index(1).prompt)  # shows its outcome

        app.pane("progress").set_to(23)  # the end of the book: asks, then the summary
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await press(pilot, "y")
        await wait_for(pilot, lambda: "You have finished the book." in screen_text(app))
        text = screen_text(app)
        assert "You have finished the book. 1 prediction: 1 partly" in text
        assert f"ch  4 partly     {GUESS}" in text  # beside the chapter that answered it


async def test_the_revisit_chapter_is_checked(tmp_path):
    state = state_at(tmp_path, 2)  # the mini book: 4 chapters
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        for bad, words in [("2", "“2” is not one"), ("5", "“5” is not one"), ("x", "“x”")]:
            editor = await write_prediction(pilot, "a guess", bad)
            assert app.screen is editor  # still open, the text kept
            notice = str(editor.query_one("#editor-notice").render())
            assert "Revisit at: give a chapter from 3 to 4" in notice and words in notice
            assert editor.query_one("#editor-revisit").has_class("-bad-chapter")
            editor.query_one("#editor-text", TextArea).clear()
            await press(pilot, "escape")
            if isinstance(app.screen, ConfirmScreen):
                await press(pilot, "y")
        assert predictions(state.data_dir) == []
        await write_prediction(pilot, "a guess", "3")
        assert [(n.chapter, n.revisit_at) for n in predictions(state.data_dir)] == [(2, 3)]


async def test_nothing_to_predict_at_the_end(tmp_path):
    state_at(tmp_path, 4)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await quiet(pilot.app)
        await press(pilot, "p")
        assert not isinstance(app.screen, NoteEditorScreen)
        assert any("nothing left to predict" in t for t in notices(app))
        labels = [e.label for e in app.palette_entries()]
        assert "progress: Predict" not in labels and "notes: Predict" not in labels


async def test_p_predicts_in_plot_and_notes_and_v_peeks(tmp_path):
    state = state_at(tmp_path, 1)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot, "plot")
        await write_prediction(pilot, "from the plot", None)
        await notes_pane(pilot)
        await write_prediction(pilot, "from the notes", None)
        found = sorted((n.text, n.revisit_at) for n in predictions(state.data_dir))
        assert found == [("from the notes", 2), ("from the plot", 2)]  # end of Part One
        await open_pane(pilot, "plot")
        await press(pilot, "v")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await press(pilot, "n")
        await open_pane(pilot, "progress")
        chapters = app.pane("progress").query_one("#chapters")
        chapters.focus()
        chapters.highlighted = chapters.get_option_index("ch-3")
        await press(pilot, "v")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await press(pilot, "y")
        await wait_for(pilot, lambda: isinstance(app.screen, InfoScreen))


async def test_notes_mark_predictions_and_show_only_them(tmp_path):
    state = state_at(tmp_path, 3)
    store = NoteStore(state.data_dir)
    store.add("a plain note", 1)
    store.add("the letter is a fake", 1, kind="prediction", revisit_at=2)
    waiting = store.add("the writer is family", 3, kind="prediction", revisit_at=4)
    guess = next(n for n in store.notes if n.text == "the letter is a fake")
    store.update(guess.id, outcome="wrong", answered_at=2, reflection="it was real")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await notes_pane(pilot)
        text = screen_text(app)
        assert "[guess→4] the writer is family" in text
        assert "[guess: wrong] the letter is a fake" in text
        assert "a plain note" in text
        # each result waited for, not read after a pause: under load the screen was
        # read before the preview was drawn
        await press(pilot, "f")  # predictions only
        await wait_for(pilot, lambda: "predictions: 2 of 3 notes (f: next)" in screen_text(app))
        rows = pane.query_one(NoteList).rows
        assert sorted(n.text for n in rows) == ["the letter is a fake", "the writer is family"]
        pane.apply_filter(keep=waiting.id)
        meta = "prediction made at chapter 3 · to look back on at chapter 4"
        await wait_for(pilot, lambda: meta in screen_text(app))
        await press(pilot, "f", "f", "f")  # highlights, unplaced, every note
        await wait_for(pilot, lambda: len(pane.query_one(NoteList).rows) == 3)


async def test_editing_a_prediction_keeps_it_one(tmp_path):
    """e on a prediction: its revisit chapter (now behind the reader) may stay; a new one
    must be ahead; the text is saved and it is still a prediction."""
    state = state_at(tmp_path, 3)
    guess = NoteStore(state.data_dir).add("an old guess", 1, kind="prediction", revisit_at=2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await notes_pane(pilot)
        await press(pilot, "e")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditorScreen))
        editor = app.screen
        assert "Edit prediction" in screen_text(app)
        assert editor.query_one("#editor-revisit", Input).value == "2"
        editor.query_one("#editor-text", TextArea).insert(" still")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: app.screen is not editor)
        saved = NoteStore(state.data_dir).get(guess.id)
        assert (saved.kind, saved.revisit_at, saved.text) == ("prediction", 2, "an old guess still")
        await press(pilot, "e")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditorScreen))
        app.screen.query_one("#editor-revisit", Input).value = "1"
        await press(pilot, "ctrl+s")
        assert "give a chapter from 4 to 4" in str(app.screen.query_one("#editor-notice").render())


async def test_ready_when_the_app_opens(tmp_path):
    """Progress moved from the command line: the app opens with the prediction to look
    back on listed in Progress, and marks it there."""
    state = state_at(tmp_path, 3)
    guess = NoteStore(state.data_dir).add(
        "the letter is a fake", 1, kind="prediction", revisit_at=3
    )
    NoteStore(state.data_dir).add("not yet", 3, kind="prediction", revisit_at=4)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Looking back" in screen_text(app))
        text = screen_text(app)
        assert "Your predictions to look back on (1)" in text
        assert "the letter is a fake" in text and "not yet" not in text
        app.pane("progress").query_one("#unlocked-list").focus()
        await press(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MarkPredictionScreen))
        await press(pilot, "w")
        await wait_for(pilot, lambda: NoteStore(state.data_dir).get(guess.id).outcome == "wrong")
        await wait_for(pilot, lambda: "[wrong]" in screen_text(app))
        await press(pilot, "x")
        await wait_for(pilot, lambda: "Looking back" not in screen_text(app))
