"""The app and the command line side by side: 200 interleaved changes to progress, the
deck, notes and settings, and no change is lost, no file goes backwards (issue 13).

The app is driven by its keys (Pilot); the CLI runs in this process (``main``);
settings are changed by another writer through the store (the CLI has no settings
command: another window or a hand edit). After every change each file is compared with
a model of what every explicit action so far asked for.
"""

from __future__ import annotations

import random

import pytest
from textual.widgets import TextArea

from companion.store.deck import DeckStore
from companion.store.notes import NoteStore
from companion.store.progress import load_progress
from companion.store.settings import load_settings, update_settings
from companion.tui.screens.modals import ConfirmScreen
from companion.tui.screens.note_editor import NoteEditorScreen
from tests.pane_helpers import SIZE, make_app, open_pane, settle, wait_for
from tests.test_tui_outside import cli

CHANGES = 200


async def _answer_questions(pilot, rng) -> None:
    """The "progress changed elsewhere" question, answered either way."""
    app = pilot.app
    while isinstance(app.screen, ConfirmScreen):
        await pilot.press(rng.choice("yn"))
        await pilot.pause()


@pytest.mark.slow
async def test_200_interleaved_changes_lose_nothing(tmp_path):
    rng = random.Random(13)
    app = make_app(tmp_path)
    model_notes: list[str] = []
    model_starred: set[str] = set()
    model_keymap: dict[str, str] = {}
    model_progress = 0
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        book_dir = app.state.data_dir
        chapters = app.state.chapter_count
        quotes = [q.id for q in app.state.book.quotes]
        cli(tmp_path, "progress", str(chapters))  # every quote can be starred
        model_progress = chapters
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), timeout=5)
        await pilot.press("y")
        await pilot.pause()
        for step in range(CHANGES):
            await _answer_questions(pilot, rng)
            kind = ("progress", "deck", "notes", "settings")[step % 4]
            by_app = (step // 4) % 2 == 0
            if kind == "progress" and by_app:
                await open_pane(pilot, "progress")
                wrote = app.state.last_update
                # never back to 0: the app's deck changes need a quote in view (chapter 1)
                if app.state.finished <= 1 or (
                    app.state.finished < chapters and rng.random() < 0.6
                ):
                    await pilot.press("n")
                else:
                    await pilot.press("u")
                    await pilot.pause()
                    await pilot.press("y")
                await pilot.pause()
                # the question about a change elsewhere can come up just before the key
                # (n then answers "Keep"): only a progress action of the app writes
                if app.state.last_update is not wrote:
                    model_progress = app.state.finished  # the app's explicit action won
            elif kind == "progress":
                model_progress = rng.randint(1, chapters)
                cli(tmp_path, "progress", str(model_progress))
            elif kind == "deck" and by_app:
                pane = await open_pane(pilot, "quotes")
                await wait_for(pilot, lambda pane=pane: app.state.deck_loaded and pane.current)
                pane.open_item(f"quote:{rng.choice([q.id for q in app.state.view.quotes])}")
                quote = pane.current.id
                await pilot.press("s")
                await pilot.pause()
                # star or unstar, as the app saw it: either way on the file as it is now
                if app.state.deck.is_starred(quote):
                    model_starred.add(quote)
                else:
                    model_starred.discard(quote)
            elif kind == "deck":
                quote = rng.choice(quotes)
                if quote in model_starred:
                    assert cli(tmp_path, "deck", "rm", quote) == 0
                    model_starred.discard(quote)
                elif cli(tmp_path, "deck", "add", quote) == 0:  # 2: locked at this progress
                    model_starred.add(quote)
            elif kind == "notes" and by_app:
                await open_pane(pilot, "notes")
                await pilot.press("a")
                await wait_for(pilot, lambda: isinstance(app.screen, NoteEditorScreen))
                text = f"app note {step}"
                app.screen.query_one("#editor-text", TextArea).insert(text)
                await pilot.press("ctrl+s")
                await wait_for(pilot, lambda: not isinstance(app.screen, NoteEditorScreen))
                model_notes.append(text)
            elif kind == "notes":
                text = f"cli note {step}"
                assert cli(tmp_path, "note", "add", text, "--chapter", "1") == 0
                model_notes.append(text)
            elif by_app:  # settings: the app switches theme (saved at once)
                await pilot.press("ctrl+t")
                await pilot.pause()
            else:  # settings: another writer changes the keymap
                keys = rng.choice(["r", "r,ctrl+r"])
                update_settings(book_dir, {"keymap": {"quotes.random": keys}})
                model_keymap["quotes.random"] = keys
            # every file holds every change so far
            assert load_progress(book_dir).finished == model_progress, (step, kind)
            assert set(DeckStore(book_dir).starred) == model_starred, (step, kind)
            assert sorted(n.text for n in NoteStore(book_dir).notes) == sorted(model_notes)
            settings = load_settings(book_dir)
            assert settings.keymap == model_keymap, (step, kind)
            if kind == "settings" and by_app:
                assert settings.theme == app.theme
        await settle(pilot)
        assert len(model_notes) == CHANGES // 4
