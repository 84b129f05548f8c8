"""The app and the command line side by side: 200 interleaved changes to progress, the
deck, notes and settings, and no change is lost, no file goes backwards (issue 13).

The app is driven by its keys (Pilot); the CLI runs in this process (``main``);
settings are changed by another writer through the store (the CLI has no settings
command: another window or a hand edit). After every change each file is compared with
a model of what every explicit action so far asked for.

Deterministic whatever the load: after progress is set elsewhere the test waits until
the app has taken it in (applied, or asking) and answers; the app asks about nothing
else (its own saves are never taken for changes elsewhere), so every key of the app's
turn reaches the pane it is meant for. Every wait is for a condition, never a time.
"""

from __future__ import annotations

import random

import pytest
from textual.widgets import TextArea

from companion.store.deck import DeckStore
from companion.store.notes import NoteStore
from companion.store.progress import load_progress
from companion.store.settings import load_settings, update_settings
from companion.tui.drive import press
from companion.tui.screens.modals import ConfirmScreen
from companion.tui.screens.note_editor import NoteEditorScreen
from tests.pane_helpers import SIZE, make_app, open_pane, settle, wait_for
from tests.test_tui_outside import cli

CHANGES = 200


def _asking(app) -> bool:
    return isinstance(app.screen, ConfirmScreen) and "elsewhere" in app.screen.message


async def _set_elsewhere(pilot, rng, data, chapter: int) -> None:
    """``companion progress CHAPTER`` on the command line; then wait until the app has
    taken it in (set back: applied; forward: asked) and answer either way."""
    app = pilot.app
    assert cli(data, "progress", str(chapter)) == 0
    app.outside.look_now()  # as the next second's look would (the test need not wait)
    state = app.state

    def taken_in() -> bool:
        outside = state.outside
        return (
            (state.finished == chapter and outside is None)
            or (outside is not None and outside.finished == chapter)
            or state.outside_kept == chapter  # kept before: not asked again
        )

    await wait_for(pilot, taken_in)
    if state.outside is not None:
        await wait_for(pilot, lambda: _asking(app))
        await press(pilot, rng.choice("yn"))
        await wait_for(pilot, lambda: not _asking(app) and state.outside is None)


async def _open(pilot, pane_id: str):
    """Show a pane and wait until the focus is in it: a key pressed before would go to
    the pane shown before (under load, once, s did not star within 10 s)."""
    app = pilot.app
    pane = await open_pane(pilot, pane_id)
    await wait_for(
        pilot, lambda: app.focused is not None and pane in app.focused.ancestors_with_self
    )
    return pane


@pytest.mark.slow(seconds=20)
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
        await wait_for(pilot, lambda: _asking(app))
        await press(pilot, "y")
        await wait_for(pilot, lambda: app.state.finished == chapters)
        for step in range(CHANGES):
            assert not isinstance(app.screen, ConfirmScreen), step  # nothing asked unbidden
            kind = ("progress", "deck", "notes", "settings")[step % 4]
            by_app = (step // 4) % 2 == 0
            if kind == "progress" and by_app:
                await _open(pilot, "progress")
                wrote = app.state.last_update
                # never back to 0: the app's deck changes need a quote in view (chapter 1)
                if app.state.finished <= 1 or (
                    app.state.finished < chapters and rng.random() < 0.6
                ):
                    await press(pilot, "n")
                else:
                    await press(pilot, "u")
                    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
                    await press(pilot, "y")
                await wait_for(pilot, lambda wrote=wrote: app.state.last_update is not wrote)
                model_progress = app.state.finished  # the app's explicit action won
            elif kind == "progress":
                model_progress = rng.randint(1, chapters)
                await _set_elsewhere(pilot, rng, tmp_path, model_progress)
            elif kind == "deck" and by_app:
                pane = await _open(pilot, "quotes")
                await wait_for(pilot, lambda pane=pane: app.state.deck_loaded and pane.current)
                pane.open_item(f"quote:{rng.choice([q.id for q in app.state.view.quotes])}")
                quote = pane.current.id
                was = app.state.deck.is_starred(quote)
                await press(pilot, "s")
                # star or unstar, as the app saw it: either way on the file as it is now
                await wait_for(pilot, lambda q=quote, w=was: app.state.deck.is_starred(q) != w)
                if was:
                    model_starred.discard(quote)
                else:
                    model_starred.add(quote)
            elif kind == "deck":
                quote = rng.choice(quotes)
                if quote in model_starred:
                    assert cli(tmp_path, "deck", "rm", quote) == 0
                    model_starred.discard(quote)
                elif cli(tmp_path, "deck", "add", quote) == 0:  # 2: locked at this progress
                    model_starred.add(quote)
            elif kind == "notes" and by_app:
                await _open(pilot, "notes")
                await press(pilot, "a")
                await wait_for(pilot, lambda: isinstance(app.screen, NoteEditorScreen))
                text = f"app note {step}"
                app.screen.query_one("#editor-text", TextArea).insert(text)
                await press(pilot, "ctrl+s")
                await wait_for(pilot, lambda: not isinstance(app.screen, NoteEditorScreen))
                model_notes.append(text)
            elif kind == "notes":
                text = f"cli note {step}"
                assert cli(tmp_path, "note", "add", text, "--chapter", "1") == 0
                model_notes.append(text)
            elif by_app:  # settings: the app switches theme (saved at once)
                theme = app.theme
                await press(pilot, "ctrl+t")
                await wait_for(
                    pilot,
                    lambda t=theme: app.theme != t and load_settings(book_dir).theme == app.theme,
                )
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
