"""A progress.toml that cannot be used does not stop the app: it opens at chapter 0
with progress read-only, the notes still work, and the file is never changed."""

from __future__ import annotations

from companion.store.notes import NoteStore
from companion.tui.drive import press, quiet
from tests.pane_helpers import SIZE, make_app, notes_pane, noticed_app, settle, wait_for

BAD = b"schema_version = 1\nfinished = [\n"


async def test_the_app_opens_read_only_on_a_bad_progress_file(tmp_path):
    book = tmp_path / "mini"
    book.mkdir()
    (book / "progress.toml").write_bytes(BAD)
    NoteStore(book).add("a note kept elsewhere", 1)
    app = noticed_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert app.state.finished == 0
        problem = app.state.progress_problem
        assert problem is not None and str(book / "progress.toml") in problem.message
        await press(pilot, "n")  # finishing a chapter is refused, naming the file
        await wait_for(pilot, lambda: any("progress.toml" in m for m in app.said))
        assert app.state.finished == 0
        pane = await notes_pane(pilot)
        assert [n.text for n in pane.state.notes.notes] == ["a note kept elsewhere"]
    assert (book / "progress.toml").read_bytes() == BAD


async def test_saving_into_a_notes_folder_that_is_a_file_keeps_the_text(tmp_path):
    from textual.widgets import TextArea

    from companion.tui.screens.note_editor import NoteEditorScreen
    from tests.pane_helpers import screen_text

    book = tmp_path / "mini"
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await notes_pane(pilot)
        (book / "notes").mkdir(parents=True, exist_ok=True)
        (book / "notes").rmdir()
        (book / "notes").write_text("a file where the notes folder should be")
        await press(pilot, "a")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditorScreen))
        app.screen.query_one("#editor-text", TextArea).insert("words that must not vanish")
        await quiet(pilot.app)
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: "Not saved" in screen_text(app))
        assert isinstance(app.screen, NoteEditorScreen)
        assert app.screen.query_one("#editor-text", TextArea).text == "words that must not vanish"
        notice = str(app.screen.query_one("#editor-notice").render())
        assert "is a file, not a folder" in notice, notice
    assert (book / "notes").read_text() == "a file where the notes folder should be"


async def test_a_bad_settings_file_is_reported_once_and_left_alone(tmp_path):
    from tests.pane_helpers import open_pane

    book = tmp_path / "mini"
    book.mkdir()
    raw = b"schema_version = 1\ntheme = \n"
    (book / "settings.toml").write_bytes(raw)
    app = noticed_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:

        def said() -> list[str]:
            return [m for m in app.said if "settings.toml" in m]

        await open_pane(pilot, "plot")
        await press(pilot, "ctrl+t")  # the theme: saves settings at once
        await wait_for(pilot, lambda: bool(said()))
        await open_pane(pilot, "quotes")
        await press(pilot, "ctrl+t")
        await settle(pilot)  # a second notice would come now
        assert len(said()) == 1 and "Could not save settings" in said()[0]
    assert (book / "settings.toml").read_bytes() == raw
