"""The note editor's dialogs: what escape asks, and the draft offer's keys."""

from __future__ import annotations

from textual.widgets import Button, TextArea

from companion.store import drafts
from companion.store.notes import NoteStore
from companion.tui.drive import press, quiet
from companion.tui.screens.modals import ConfirmScreen
from companion.tui.screens.note_editor import DraftOfferScreen, NoteEditorScreen
from companion.tui.widgets.note_list import NoteList
from tests.pane_helpers import SIZE, make_app, notes_pane, open_pane, state_at, wait_for


async def open_existing_note(pilot):
    pane = await notes_pane(pilot)
    pane.query_one(NoteList).focus()
    await press(pilot, "enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, NoteEditorScreen))
    return pilot.app.screen


async def test_escape_asks_to_discard_changes_only_when_the_note_changed(tmp_path):
    state = state_at(tmp_path, 2)
    NoteStore(state.data_dir).add("Ruth and the pencil case", 1)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_existing_note(pilot)
        await press(pilot, "escape")  # nothing changed: closes, nothing asked
        await wait_for(pilot, lambda: not isinstance(app.screen, NoteEditorScreen))
        assert not isinstance(app.screen, ConfirmScreen)
        await press(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditorScreen))
        editor = app.screen
        editor.query_one("#editor-text", TextArea).insert("Not so sure now. ")
        await quiet(pilot.app)
        await press(pilot, "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert app.screen.title_text == "Discard your changes?"
        assert "the note stays as it was" in app.screen.message
        await press(pilot, "y")
        await wait_for(pilot, lambda: not isinstance(app.screen, (ConfirmScreen, NoteEditorScreen)))
    assert [n.text for n in NoteStore(state.data_dir).notes] == ["Ruth and the pencil case"]


async def test_the_draft_offer_shows_its_keys_on_its_buttons(tmp_path):
    state = state_at(tmp_path, 2)
    slot = drafts.new_draft(state.data_dir)
    slot.save("keep me", {"chapter": 1})
    slot.release()
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot, "notes")
        await wait_for(pilot, lambda: isinstance(app.screen, DraftOfferScreen))
        labels = {b.id: str(b.label) for b in app.screen.query(Button)}
        assert labels == {
            "discard": "Discard (d)",
            "later": "Later (l, esc)",
            "open": "Open it (o)",
        }
        await press(pilot, "l")
        await wait_for(pilot, lambda: not isinstance(app.screen, DraftOfferScreen))


async def test_editing_keeps_skin_tones_and_emoji_presentation(tmp_path):
    state = state_at(tmp_path, 2)
    original = "Thumbs 👍🏽 and ❤️ for 👩🏿‍💻"
    NoteStore(state.data_dir).add(original, 1)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_existing_note(pilot)
        area = editor.query_one("#editor-text", TextArea)
        assert "🏽" not in area.text  # shown as a swatch the terminal draws at 2 cells
        area.insert("Yes. ")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, NoteEditorScreen))
    assert [n.text for n in NoteStore(state.data_dir).notes] == [original + "Yes. "]
