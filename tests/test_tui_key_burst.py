"""Keys that arrive together are kept: a key that moves the focus into a text box, or
opens the note editor, and the letters typed right after it, all reach the box. A busy
app (or a slow link, or a paste) gets a reader's keys in one burst; Textual sends each
key to the widget that has the focus when the app reads it, so the focus must move (or
the editor open) before the next key is read."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from textual.widgets import Input, Select, TextArea

from companion.store.settings import Settings, save_settings
from companion.tui.drive import key_event, press, quiet
from companion.tui.screens.filter_picker import FilterPicker
from companion.tui.screens.modals import ConfirmScreen
from companion.tui.screens.note_editor import NoteDraft, NoteEditorScreen, open_note_editor
from companion.tui.screens.predictions import MarkPredictionScreen
from companion.tui.widgets.filter_bar import ALL
from tests.pane_helpers import SIZE, make_app, open_pane, screen_text, state_at, wait_for


def burst(app, keys: Iterable[str]) -> None:
    """Post every key at once, as the driver does when they arrive together (a str
    is its characters; a list may name keys: "end", "question_mark")."""
    for key in keys:
        app.post_message(key_event(key))


async def new_note(pilot, *keys: str):
    """The note editor opened with a on Notes, and ``keys`` typed into it."""
    pane = await open_pane(pilot, "notes")
    await wait_for(pilot, lambda: pane.loaded)
    await press(pilot, "a", *keys)
    return pilot.app.screen


async def test_a_search_typed_in_one_burst_is_whole(tmp_path):
    state_at(tmp_path, 4)
    for pane_id, box in [("quotes", "#quotes-search"), ("notes", "#notes-search")]:
        app = make_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            pane = await open_pane(pilot, pane_id)
            search = pane.query_one(box, Input)
            burst(app, "/why/pea")  # / in the box is a character, and so are a, e and p
            await wait_for(pilot, lambda s=search: s.value == "why/pea")
            assert app.focused is search and not isinstance(app.screen, NoteEditorScreen)


async def test_a_reflection_typed_in_one_burst_is_whole(tmp_path):
    state = state_at(tmp_path, 4)
    note = state.notes.add("Madame is afraid", 2, kind="prediction", revisit_at=4)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        await app.push_screen(MarkPredictionScreen(note))
        screen = app.screen
        box = screen.query_one("#mark-reflection", Input)
        await wait_for(pilot, lambda: app.focused is not None and app.focused is not box)
        burst(app, "rwept r")
        await wait_for(pilot, lambda: box.value == "wept r")  # r in the box is a letter
        assert app.screen is screen  # p, t and w typed in the box chose nothing


@pytest.mark.parametrize(
    "pane_id, keys, text",
    [
        ("notes", "aHello there", "Hello there"),  # a new note
        ("notes", "e and more", "Madame is afraid and more"),  # e edits the highlighted one
        ("notes", "pa guess", "a guess"),  # p writes a prediction
        ("progress", "pa guess", "a guess"),
        ("plot", "pa guess", "a guess"),
        ("quotes", "aWhy?", "Why?"),  # a note about the quote in view
    ],
)
async def test_letters_typed_with_the_key_that_opens_the_editor_go_into_it(
    tmp_path, pane_id, keys, text
):
    state = state_at(tmp_path, 2)
    state.notes.add("Madame is afraid", 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, pane_id)
        if pane_id == "notes":
            await wait_for(pilot, lambda: pane.loaded)
        burst(app, keys)
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditorScreen))
        area = app.screen.query_one("#editor-text", TextArea)
        await wait_for(pilot, lambda: area.text == text)
        await quiet(app)
        assert area.text == text and app.focused is area


@pytest.mark.parametrize(
    ("keys", "where"),
    [
        (["end"], "bottom"),
        (["pagedown"], "bottom"),  # the page is less than two screens tall
        (["j", "j"], 2),
        (["down"], 1),
        (["end", "home"], 0),
        (["end", "k"], "one above the bottom"),
    ],
)
async def test_keys_typed_as_help_opens_scroll_it(tmp_path, keys, where):
    """? and the keys after it in one burst: the help page was still being mounted
    (nothing had the focus, no line was laid out) and End did nothing. Seen in a
    browser tab on a loaded machine."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE):
        await quiet(app)
        burst(app, ["question_mark", *keys])
        await quiet(app)
        body = app.screen.query_one("#body")
        bottom = body.max_scroll_y
        assert bottom > 2  # the page is taller than the screen
        expected = {"bottom": bottom, "one above the bottom": bottom - 1}.get(where, where)
        assert body.scroll_y == expected
        if where == "bottom":
            assert "Arrows or j/k move in lists" in screen_text(app)  # the last line


@pytest.mark.parametrize(
    ("keys", "theme", "speaker"),
    [
        (["down", "down", "enter", "right"], "secrets", ALL),  # Secrets, not the speakers' 3rd
        (["down", "enter", "right", "down", "enter"], "home", ALL),  # the first choice ends it
        (["down", "enter", "enter"], "home", ALL),  # a second enter chooses nothing more
        (["right", "down", "enter"], ALL, "Ann"),
    ],
)
async def test_a_filter_choice_typed_with_the_keys_after_it_is_the_one_applied(
    tmp_path, keys, theme, speaker
):
    """enter then → in one burst: the choice reached the picker once it showed the next
    filter's rows, and picked the row at that place there (the third of two speakers
    ended the app). Found by the random-key watchdog in a real terminal."""
    state_at(tmp_path, 4)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "quotes")
        await press(pilot, "t")
        assert isinstance(app.screen, FilterPicker)
        burst(app, keys)
        await wait_for(pilot, lambda: not isinstance(app.screen, FilterPicker))
        await quiet(app)
        assert (pane.theme_filter, pane.speaker_filter) == (theme, speaker)


@pytest.mark.parametrize("size", [SIZE, (10, 12)])
async def test_paging_the_newly_unlocked_list_in_any_terminal(tmp_path, size):
    """PageDown in the newly unlocked list where the terminal leaves it no width: its
    lines were never laid out, and Textual 8.2.8's OptionList ended the app (KeyError).
    Found by the random-key watchdog in a real terminal; the list is now a RowList, as
    the chapters are, and pages at any size."""
    state_at(tmp_path, 1)
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        pane = await open_pane(pilot, "progress")
        await press(pilot, "n")
        unlocked = pane.query_one("#unlocked-list")
        await wait_for(pilot, lambda: app.focused is unlocked)
        await press(pilot, "pagedown", "pageup", "end", "pageup", "pagedown")
        assert app.is_running and app.focused is unlocked
        assert unlocked.highlighted == unlocked.option_count - 1  # the last row


@pytest.mark.parametrize(("text", "saved"), [("Hi", ["Hi"]), ("", [])])
async def test_save_pressed_before_the_editor_is_made(tmp_path, text, saved):
    """ctrl+s is a priority key, handled as it arrives: in a burst (a busy app, a slow
    link) it could come after the editor was pushed but before its form was made.
    Saving then read a text box that was not there yet, and the app ended. Found by the
    random-key watchdog in a real terminal; modelled here by saving straight after the
    push, in the same turn of the event loop, as the app does with such a burst."""
    state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE):
        await quiet(app)
        editor = open_note_editor(app, app.state, draft=NoteDraft(text=text, chapter=1))
        assert not editor.query("#editor-text")  # not made yet
        await app.run_action("save", editor)
        await quiet(app)
        assert app.is_running
        assert [note.text for note in app.state.notes.notes] == saved
        if not saved:  # empty: the editor says so and stays open
            assert app.screen is editor and "The note is empty" in screen_text(app)


async def test_a_save_that_reaches_the_editor_under_its_discard_question_waits(tmp_path):
    """escape then ctrl+s in a burst: the save reached the editor once "Discard this
    note?" was up, saved, and closed the question instead of the editor (Textual's
    dismiss closes the top screen); the editor stayed, closed, and a later escape and
    y closed it again: the app ended (InvalidStateError). Found by the random-key
    watchdog in a real terminal; modelled by running the save action at that moment."""
    state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_note(pilot, "H", "i")
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await app.run_action("save", editor)
        await quiet(app)
        assert isinstance(app.screen, ConfirmScreen)  # the reader's answer decides
        assert app.state.notes.notes == []
        await press(pilot, "n", "ctrl+s")  # keep writing, then save
        assert app.screen is not editor and [n.text for n in app.state.notes.notes] == ["Hi"]


@pytest.mark.parametrize(
    ("keys", "pane_id", "then"),
    [
        ("4a", "notes", "editor"),  # the Notes pane's a: a new note
        ("3a", "quotes", "editor"),  # the Quotes pane's a: a note about the quote in view
        ("4/why", "notes", "why"),  # its search box, with what was typed
        ("4/a4", "notes", "a4"),  # in the box, a digit is a character, not a pane
    ],
)
async def test_keys_typed_with_the_key_that_opens_a_pane_reach_that_pane(
    tmp_path, keys, pane_id, then
):
    """A pane key and the keys after it in one burst: the others were read while the
    old pane still had the focus, and were lost (4 then a wrote no note)."""
    state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(app)  # on Progress, no pane mounted ahead yet
        burst(app, keys)
        await quiet(app)
        assert app.current_pane_id == pane_id
        if then == "editor":
            assert isinstance(app.screen, NoteEditorScreen)
        else:
            search = app.pane(pane_id).query_one("#notes-search", Input)
            await wait_for(pilot, lambda: search.value == then)
            assert app.focused is search


@pytest.mark.parametrize(
    ("pane_id", "box"), [("notes", "#notes-search"), ("quotes", "#quotes-search")]
)
async def test_keys_typed_while_the_app_starts_are_keys_not_a_search(tmp_path, pane_id, box):
    """Keys read as soon as the app can read any (typed while it started), on a pane
    with a search box: they went into the box, which Textual focuses first until the
    pane moved the focus after the first paint ("7" for Glossary searched for "7").
    Found by hand in tmux, opening the app where the reader had left it, on Notes."""
    state = state_at(tmp_path, 2)
    save_settings(state.data_dir, Settings(pane=pane_id))
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE):
        search = app.pane(pane_id).query_one(box, Input)
        burst(app, "7")  # at once: no wait for the app to be quiet
        await quiet(app)
        assert app.current_pane_id == "glossary"
        assert search.value == ""


@pytest.mark.parametrize(
    ("pane_id", "box"), [("notes", "#notes-search"), ("quotes", "#quotes-search")]
)
async def test_keys_typed_after_escape_leave_the_search_box(tmp_path, pane_id, box):
    """escape and the next key in one burst: the key was read while the box still had
    the focus and was typed into the search ("escape q" searched "seaq" instead of
    quitting). Found trying bursts by hand in tmux."""
    state = state_at(tmp_path, 2)
    state.notes.add("the sea again", 1)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, pane_id)
        search = pane.query_one(box, Input)
        await press(pilot, "slash", "s", "e", "a")
        assert app.focused is search and search.value == "sea"
        burst(app, ["escape", "q"])
        await wait_for(pilot, lambda: not app.is_running)
        assert search.value == "sea"


@pytest.mark.parametrize(("answer", "kept"), [("y", []), ("n", ["Hi"])])
async def test_an_answer_typed_with_escape_in_the_editor_answers_the_question(
    tmp_path, answer, kept
):
    """escape and the answer in one burst, with text in the editor: the answer was
    read while the text box still had the focus and was typed into the note, and the
    "Discard this note?" question stayed up. y discards the note; n keeps writing, and
    ctrl+s then saves the text as it was."""
    state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_note(pilot, "H", "i")
        text = editor.query_one("#editor-text", TextArea)
        burst(app, ["escape", answer])
        await quiet(app)
        assert text.text == "Hi"  # the answer was not typed into the note
        assert not isinstance(app.screen, ConfirmScreen)  # the question was answered
        if answer == "n":
            assert app.screen is editor
            await press(pilot, "ctrl+s")
        assert app.screen is not editor
        assert [note.text for note in app.state.notes.notes] == kept


async def test_text_typed_with_escape_is_not_thrown_away_unasked(tmp_path):
    """Letters and escape in one burst in a new note: escape is read as it arrives,
    before the box has taken the letters in; the editor asks, as for any text."""
    state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_note(pilot)
        burst(app, ["H", "i", "escape"])
        await quiet(app)
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n", "ctrl+s")
        assert app.screen is not editor
        assert [note.text for note in app.state.notes.notes] == ["Hi"]


async def test_escape_in_the_quote_menu_closes_the_menu_not_the_editor(tmp_path):
    state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_note(pilot, "H", "i")
        select = editor.query_one("#editor-quote", Select)
        select.focus()
        await quiet(app)
        await press(pilot, "enter")
        assert select.expanded
        await press(pilot, "escape")
        assert not select.expanded and app.screen is editor
        await press(pilot, "escape")  # now the editor's: a note with text asks
        assert isinstance(app.screen, ConfirmScreen)
