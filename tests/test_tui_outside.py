"""The app and the command line side by side (issue 13 §1, issue 14: bad files in the app).

The app notices what the CLI changes within a second or two and shows it; progress set
forward elsewhere is shown only once the reader confirms; set back, it applies at once;
the app's own next progress action wins and says so; bad progress and settings files
open the app read-only on them, said once.
"""

from __future__ import annotations

import contextlib
import io

import pytest
from textual.widgets import Select, Static, TextArea
from textual.widgets.select import InvalidSelectValueError

from companion.cli import main
from companion.store.deck import DeckStore
from companion.store.notes import NoteStore
from companion.store.progress import load_progress
from companion.tui.drive import press, quiet
from companion.tui.screens.modals import ConfirmScreen
from companion.tui.screens.note_editor import NoteEditorScreen
from tests.pane_helpers import (
    MINI,
    SIZE,
    make_app,
    noticed_app,
    notices,
    open_pane,
    screen_text,
    settle,
    wait_for,
)


def cli(data, *args: str) -> int:
    """The real CLI, in this process; its output is not needed here."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            return main(["--book", str(MINI), "--data-dir", str(data), *args]) or 0
        except SystemExit as done:
            return int(done.code or 0)


def asking(app) -> bool:
    return isinstance(app.screen, ConfirmScreen) and "elsewhere" in app.screen.message


@contextlib.asynccontextmanager
async def app_at(data, progress: int, notifications: bool = False):
    """The app at ``progress`` (set as the command line sets it), running and quiet."""
    cli(data, "progress", str(progress))
    app = make_app(data)
    async with app.run_test(size=SIZE, notifications=notifications) as pilot:
        await settle(pilot)
        yield app, pilot


async def set_back_elsewhere(pilot, data, chapter: int) -> None:
    """``companion progress CHAPTER`` on the command line, below the app's chapter, and
    the app's next look at the folder (it applies a step back at once)."""
    assert cli(data, "progress", str(chapter)) == 0
    pilot.app.outside.look_now()
    await wait_for(pilot, lambda: pilot.app.state.finished == chapter)
    await quiet(pilot.app)


async def polls_later(pilot, count: int = 2) -> None:
    """Wait until the app's watcher has finished ``count`` more polls: the last of them
    began after now (a poll under way may have begun before)."""
    outside = pilot.app.outside
    for _ in range(count):
        last = outside.poller
        await wait_for(
            pilot,
            lambda last=last: outside.poller is not last and outside.poller.is_finished,
        )


async def test_progress_forward_elsewhere_waits_for_the_reader(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert cli(tmp_path, "progress", "3") == 0
        await wait_for(pilot, lambda: asking(app))
        assert "set to chapter 3 elsewhere" in app.screen.message
        assert "Show chapters 1-3?" in app.screen.message
        # nothing is revealed while the question waits
        assert app.state.finished == 0 and app.state.view.progress == 0
        assert "progress elsewhere: chapter 3" in app.sub_title
        await press(pilot, "n")  # Keep chapter 0: nothing written, the header says where
        await quiet(pilot.app)
        assert app.state.finished == 0
        assert load_progress(app.state.data_dir).finished == 3
        assert "progress elsewhere: chapter 3" in app.sub_title
        await polls_later(pilot)  # not asked again for the same chapter
        assert not asking(app)
        # the next explicit action here wins, and says what happened
        await press(pilot, "n")
        saved = load_progress(app.state.data_dir)
        assert saved.finished == 1 and sorted(saved.dates) == [1]
        assert any("set to chapter 3 elsewhere" in text for text in notices(app))
        assert "elsewhere" not in app.sub_title


async def test_progress_forward_elsewhere_shown_when_confirmed(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        cli(tmp_path, "progress", "2")
        await wait_for(pilot, lambda: asking(app))
        await press(pilot, "y")
        assert app.state.finished == 2 and app.state.view.progress == 2
        assert app.sub_title.startswith("Chapter 2 of")
        assert app.pane("progress").query_one("#unlocked").display  # what it unlocked


async def test_progress_back_elsewhere_applies_at_once_and_says_so(tmp_path):
    cli(tmp_path, "progress", "3")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert app.state.finished == 3
        cli(tmp_path, "progress", "1")
        await wait_for(pilot, lambda: app.state.finished == 1)
        assert not isinstance(app.screen, ConfirmScreen)
        assert app.state.view.progress == 1
        assert app.sub_title.startswith("Chapter 1 of")
        await wait_for(pilot, lambda: any("set back to chapter 1" in t for t in notices(app)))


async def test_progress_back_elsewhere_hides_the_list_of_what_it_locked_again(tmp_path):
    # n showed what chapter 3 unlocked; set back to 1 elsewhere, that list would show
    # chapters 2-3's quotes and facts at chapter 1 (the notice says they are hidden)
    async with app_at(tmp_path, 2) as (app, pilot):
        await press(pilot, "n")
        pane = app.pane("progress")
        unlocked = pane.unlocked
        assert pane.query_one("#unlocked").display and unlocked.after == 3
        assert f"Newly unlocked by chapter 3 ({len(unlocked.items)})" in screen_text(app)
        await set_back_elsewhere(pilot, tmp_path, 1)
        assert not pane.query_one("#unlocked").display and pane.unlocked is None
        text = screen_text(app)
        assert "Newly unlocked" not in text
        for item in unlocked.items:  # each unlocked by chapter 3, so locked again
            assert " ".join(item.label.split())[:25] not in text, item
        assert app.focused is pane.query_one("#chapters")  # not the hidden list
        assert "Chapter 2 is your next chapter" in text  # the cursor followed "next"


async def test_chapters_shown_from_elsewhere_on_another_pane_show_whole_on_progress(tmp_path):
    # the list of what chapter 1 unlocked, then chapters 2-3 shown from elsewhere while
    # the reader is on Notes. Back on Progress: no list of chapter 1 as if it were new,
    # and the bars and rows laid out for the pane's width (they were for no width: the
    # pane was hidden when it took in the change)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        pane = app.pane("progress")
        assert pane.query_one("#unlocked").display and pane.unlocked.after == 1
        await open_pane(pilot, "notes")
        cli(tmp_path, "progress", "3")
        app.outside.look_now()
        await wait_for(pilot, lambda: asking(app))
        await press(pilot, "y")
        await wait_for(pilot, lambda: app.state.finished == 3)
        await open_pane(pilot, "progress")
        await settle(pilot)
        text = screen_text(app)
        assert "Newly unlocked by chapter 1 " not in text
        assert not pane.query_one("#unlocked").display
        [bar] = [line for line in text.splitlines() if "3 of 4 chapters" in line]
        assert bar.count("━") + bar.count("─") == 50, bar  # min(50, 120 - 30) cells
        day = load_progress(app.state.data_dir).dates[1]
        assert f"{day.day} {day:%b}" in text  # a finished row's date: only in a wide list
        assert "Chapter 4 is your next chapter" in text  # the cursor followed "next"


async def test_progress_back_elsewhere_while_writing_keeps_the_chosen_quote(tmp_path):
    # the editor's quote list offers only what is visible now; the quote the reader had
    # chosen, locked now, stays linked (nothing lost) and the note shows it as locked
    async with app_at(tmp_path, 4) as (app, pilot):
        await open_pane(pilot, "notes")
        await press(pilot, "a")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditorScreen))
        editor = app.screen
        editor.query_one("#editor-text", TextArea).insert("her grandmother?")
        select = editor.query_one("#editor-quote", Select)
        select.value = "grandmother"  # chapter 4's quote
        await set_back_elsewhere(pilot, tmp_path, 1)
        for locked in ("grandmother", "not-said"):  # chapters 4 and 2: not offered now
            with pytest.raises(InvalidSelectValueError):
                select.value = locked
        select.value = "sea"  # chapter 1's still is
        select.clear()
        assert "it stays linked" in str(editor.query_one("#editor-notice", Static).render())
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, NoteEditorScreen))
        [note] = NoteStore(app.state.data_dir).notes
        assert (note.text, note.quote) == ("her grandmother?", "grandmother")
        await wait_for(pilot, lambda: "about a quote" in screen_text(app))
        assert "grandmother" not in screen_text(app).replace("her grandmother?", "")


async def test_notes_and_deck_changed_by_the_cli_show_in_the_app(tmp_path):
    cli(tmp_path, "progress", "4")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = await open_pane(pilot, "notes")
        await wait_for(pilot, lambda: pane.loaded)
        before = len(app.state.notes.notes)
        assert cli(tmp_path, "note", "add", "written on the command line", "--chapter", "1") == 0
        await wait_for(pilot, lambda: len(app.state.notes.notes) == before + 1)
        await wait_for(pilot, lambda: "written on the command line" in screen_text(app))
        app.state.deck
        quote = app.state.view.quotes[0].id
        assert cli(tmp_path, "deck", "add", quote) == 0
        await wait_for(pilot, lambda: app.state.deck.is_starred(quote))
        assert DeckStore(app.state.data_dir).is_starred(quote)


async def test_a_bad_progress_file_opens_read_only_and_says_so(tmp_path):
    cli(tmp_path, "progress", "1")
    app = make_app(tmp_path)
    path = app.state.data_dir / "progress.toml"
    path.write_text("finished = [\n")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert "read-only" in app.sub_title
        assert any("progress.toml" in t for t in notices(app))
        await press(pilot, "n")
        assert path.read_text() == "finished = [\n"  # never overwritten
        assert app.state.finished == 0
        pane = await open_pane(pilot, "notes")  # notes still reachable
        await wait_for(pilot, lambda: pane.loaded)
        # fixed outside: progress works again
        path.unlink()
        await wait_for(pilot, lambda: "read-only" not in app.sub_title)


async def test_a_bad_settings_file_is_said_once(tmp_path):
    app = make_app(tmp_path)
    path = app.state.data_dir / "settings.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("theme = \n")
    app = noticed_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: any("settings.toml" in t for t in notices(app)))
        for key in "2345":  # pane switches would save settings: not said again
            await press(pilot, key)
        for _ in range(2):  # two looks at the folder, as the next seconds' ticks would
            app.outside.look_now()
            await quiet(app)
        # every notice the app gave (a toast lasts 5 s: a loaded machine can take
        # longer than that over these keys, and the one toast would be gone)
        assert len([t for t in app.said if "settings" in t.lower()]) == 1
        assert path.read_text() == "theme = \n"


async def test_a_bad_review_day_is_said_once_on_seminar_and_in_the_drill(tmp_path):
    cli(tmp_path, "progress", "2")
    app = make_app(tmp_path)
    day = app.state.data_dir / "reviews" / "2026-03-01.toml"
    day.parent.mkdir(parents=True)
    day.write_text("[[review]\n")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)

        def said() -> list[str]:
            return [t for t in notices(app) if "2026-03-01.toml" in t]

        await open_pane(pilot, "seminar")
        await settle(pilot)
        await wait_for(pilot, lambda: bool(said()))
        app.action_drill()
        await settle(pilot)
        app.outside.look_now()  # and a look at the folder, as the next tick would
        await quiet(app)
        assert len(said()) == 1
    assert day.read_text() == "[[review]\n"


# -- the watcher's read (in its thread) and the app's own saves, in a chosen order --


async def hold_watcher(pilot) -> None:
    """Stop the app's own polling once its watcher is made, a poll under way finished:
    the test then runs the two halves of a poll itself (``read`` as the thread does,
    ``show`` as the main thread does), with the app's own saves in between."""
    outside = pilot.app.outside
    await wait_for(pilot, lambda: outside.watcher is not None and outside.timer is not None)
    outside.timer.pause()
    await quiet(pilot.app)
    await wait_for(pilot, lambda: outside.poller is None or outside.poller.is_finished)


@contextlib.asynccontextmanager
async def held_app(data, progress: int, notifications: bool = False):
    """The app at ``progress``, running, its watcher held (``hold_watcher``)."""
    async with app_at(data, progress, notifications) as (app, pilot):
        await hold_watcher(pilot)
        yield app, pilot


async def show(pilot, reading) -> None:
    """Show a read on the app's own loop, as the poll's thread has it done."""
    done = []
    pilot.app.call_later(lambda: done.append(pilot.app.outside.show(reading)))
    await wait_for(pilot, lambda: bool(done))
    await quiet(pilot.app)


async def look(pilot) -> None:
    """One whole poll, read then shown."""
    reading = pilot.app.outside.read()
    if reading is not None:
        await show(pilot, reading)


async def finish_next(pilot) -> None:
    """n on Progress: the app's own save."""
    before = pilot.app.state.finished
    await press(pilot, "n")
    await wait_for(pilot, lambda: pilot.app.state.finished == before + 1)


async def test_a_progress_read_from_before_the_apps_own_save_is_not_shown(tmp_path):
    """The watcher read progress.toml, then the reader pressed n: that older read must
    not set progress back (as if changed elsewhere) nor ask about it later."""
    async with held_app(tmp_path, 1, notifications=True) as (app, pilot):
        await finish_next(pilot)  # 2
        reading = app.outside.read()  # progress.toml at 2, in the watcher's thread
        await finish_next(pilot)  # 3, before the main thread shows that read
        await show(pilot, reading)
        assert app.state.finished == 3 and app.state.view.progress == 3
        assert not any("set back" in text for text in notices(app))
        await look(pilot)  # the next poll: nothing changed elsewhere, nothing asked
        assert not asking(app) and app.state.finished == 3
        assert "elsewhere" not in app.sub_title
        assert load_progress(app.state.data_dir).finished == 3


async def test_a_progress_read_from_before_going_back_here_asks_nothing(tmp_path):
    async with held_app(tmp_path, 3) as (app, pilot):
        await finish_next(pilot)  # 4
        reading = app.outside.read()
        await press(pilot, "u")  # back to 3, confirmed
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await press(pilot, "y")
        await wait_for(pilot, lambda: app.state.finished == 3)
        await show(pilot, reading)  # progress.toml at 4, read before the step back
        assert not asking(app)
        assert app.state.finished == 3 and "elsewhere" not in app.sub_title


async def test_a_change_elsewhere_racing_the_apps_own_save_is_still_noticed(tmp_path):
    async with held_app(tmp_path, 1) as (app, pilot):
        await finish_next(pilot)  # 2
        reading = app.outside.read()
        await finish_next(pilot)  # 3
        assert cli(tmp_path, "progress", "4") == 0  # elsewhere, after both
        await show(pilot, reading)  # the read from before n: dropped...
        await look(pilot)  # ...and the next poll reads the file as it is now
        await wait_for(pilot, lambda: asking(app))
        assert "set to chapter 4 elsewhere" in app.screen.message
        assert app.state.finished == 3


async def test_a_note_written_elsewhere_before_the_apps_own_save_shows(tmp_path):
    async with held_app(tmp_path, 2) as (app, pilot):
        pane = await open_pane(pilot, "notes")
        await wait_for(pilot, lambda: pane.loaded)
        assert cli(tmp_path, "note", "add", "written on the command line", "--chapter", "1") == 0
        await press(pilot, "a")  # the reader saves a note before the next poll
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditorScreen))
        app.screen.query_one("#editor-text", TextArea).insert("written in the app")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, NoteEditorScreen))
        await look(pilot)
        texts = [note.text for note in app.state.notes.notes]
        assert sorted(texts) == ["written in the app", "written on the command line"]
        assert "written on the command line" in screen_text(app)


async def test_a_change_elsewhere_while_the_last_one_is_shown_shows_next(tmp_path):
    async with held_app(tmp_path, 4) as (app, pilot):
        pane = await open_pane(pilot, "notes")
        await wait_for(pilot, lambda: pane.loaded)
        await open_pane(pilot, "quotes")
        await wait_for(pilot, lambda: app.state.deck_loaded)
        first, second = (q.id for q in app.state.view.quotes[:2])
        assert cli(tmp_path, "note", "add", "first", "--chapter", "1") == 0
        assert cli(tmp_path, "deck", "add", first) == 0
        reading = app.outside.read()
        assert cli(tmp_path, "note", "add", "second", "--chapter", "1") == 0
        assert cli(tmp_path, "deck", "add", second) == 0
        await show(pilot, reading)  # the first changes, shown after the second were made
        await look(pilot)
        assert sorted(n.text for n in app.state.notes.notes) == ["first", "second"]
        assert set(app.state.deck.starred) == {first, second}
