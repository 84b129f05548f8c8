"""The Notes pane: add / edit / delete (found after a restart), search as you type with
10,000 notes, the markup cases, store errors shown with the typed text kept, drafts."""

from __future__ import annotations

import datetime
import errno
import subprocess
import sys

import pytest
from textual.geometry import Region
from textual.widgets import Input, TextArea

from companion.store import drafts
from companion.store.notes import Note, NoteStore, encode_note
from companion.tui.drive import press, quiet
from companion.tui.screens.modals import ConfirmScreen
from companion.tui.screens.note_editor import DraftOfferScreen, NoteEditorScreen
from companion.tui.widgets.note_list import NoteList
from tests.pane_helpers import (
    MARKUP_CASES,
    MINI,
    SIZE,
    make_app,
    notes_pane,
    open_pane,
    screen_text,
    state_at,
    wait_for,
)

UTC = datetime.UTC


def draft_texts(data_dir) -> list[str]:
    """Every draft on disk, open in an editor or not."""
    return [d.text for d in drafts.list_drafts(data_dir, claimed=True).drafts]


def when(day: int) -> datetime.datetime:
    return datetime.datetime(2025, 1, day, 12, 0, tzinfo=UTC)


async def type_into_editor(pilot, text: str) -> None:
    area = pilot.app.screen.query_one("#editor-text", TextArea)
    area.insert(text)
    await quiet(pilot.app)


async def test_add_edit_delete_and_find_after_restart(tmp_path):
    state = state_at(tmp_path, 3)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await notes_pane(pilot)
        assert "No notes yet" in screen_text(app)
        await press(pilot, "a")
        assert isinstance(app.screen, NoteEditorScreen)
        assert app.screen.query_one("#editor-chapter", Input).value == "3"  # current chapter
        await press(pilot, *"Ruth lies about the pencil case")
        await press(pilot, "enter")
        await press(pilot, *"second line")
        app.screen.query_one("#editor-tags", Input).value = "seminar, #hailsham"
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, NoteEditorScreen)
        assert [n.first_line for n in pane.query_one(NoteList).rows] == [
            "Ruth lies about the pencil case"
        ]
        assert "#seminar #hailsham" in screen_text(app)
    saved = NoteStore(state.data_dir).notes
    assert len(saved) == 1
    assert saved[0].text == "Ruth lies about the pencil case\nsecond line"
    assert saved[0].chapter == 3 and saved[0].tags == ["seminar", "hailsham"]
    assert draft_texts(state.data_dir) == []  # a saved note leaves no draft

    app = make_app(tmp_path)  # restart: the note is there; edit it
    async with app.run_test(size=SIZE) as pilot:
        pane = await notes_pane(pilot)
        assert "Ruth lies about the pencil case" in screen_text(app)
        pane.query_one(NoteList).focus()
        await press(pilot, "enter")
        editor = app.screen
        assert isinstance(editor, NoteEditorScreen) and editor.draft.note_id == saved[0].id
        await press(pilot, "ctrl+end")
        await press(pilot, *" (edited)")
        editor.query_one("#editor-chapter", Input).value = "2"
        await press(pilot, "ctrl+s")
    notes = NoteStore(state.data_dir).notes
    assert len(notes) == 1
    assert notes[0].text == "Ruth lies about the pencil case\nsecond line (edited)"
    assert notes[0].chapter == 2 and notes[0].id == saved[0].id

    app = make_app(tmp_path)  # restart: delete it, after a confirmation
    async with app.run_test(size=SIZE) as pilot:
        pane = await notes_pane(pilot)
        pane.query_one(NoteList).focus()
        await press(pilot, "d")
        await press(pilot, "n")  # "No": kept
        await quiet(pilot.app)
        assert len(NoteStore(state.data_dir).notes) == 1
        await press(pilot, "d")
        await press(pilot, "y")
        assert pane.query_one(NoteList).rows == []
    assert NoteStore(state.data_dir).notes == []
    assert list((state.data_dir / "backups" / "deleted").iterdir())

    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await notes_pane(pilot)
        assert "No notes yet" in screen_text(app)


async def test_search_as_you_type(tmp_path):
    state = state_at(tmp_path, 2)
    store = NoteStore(state.data_dir)
    store.add("Tommy's tantrum in the field", 1, ["tommy"], created=when(1))
    store.add("The gallery and Madame", 2, ["madame"], created=when(2))
    store.add("Kathy and the tape", 2, ["song"], created=when(3))
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await notes_pane(pilot)
        rows = pane.query_one(NoteList)
        assert [n.first_line for n in rows.rows] == [  # newest first
            "Kathy and the tape",
            "The gallery and Madame",
            "Tommy's tantrum in the field",
        ]
        await press(pilot, "slash")
        assert app.focused is pane.query_one("#notes-search", Input)
        await press(pilot, "t")
        assert len(rows.rows) == 3
        await press(pilot, "a", "p")
        assert [n.first_line for n in rows.rows] == ["Kathy and the tape"]
        assert "1 of 3 notes match" in screen_text(app)
        for _ in range(3):
            await press(pilot, "backspace")
        await press(pilot, *"MADAME")  # any case; tags count too
        assert [n.first_line for n in rows.rows] == ["The gallery and Madame"]
        await press(pilot, *"zzz")
        assert rows.rows == []
        await press(pilot, "enter")
        assert app.focused is rows


async def test_narrowing_and_backspacing_show_exactly_the_search_results(tmp_path):
    """Each key narrows the last results (a backspace reuses kept ones) and repaints only
    the lines that changed: after every key the list holds exactly what NoteStore.search
    finds, and every line on screen is what a full repaint draws."""
    state = state_at(tmp_path, 2)
    store = NoteStore(state.data_dir)
    words = ["Hailsham", "hail", "hall", "sham", "the Hailsham boys", "halls", "ham"]
    for i in range(70):
        store.add(
            f"{words[i % 7]} note {i}",
            1 + i % 3,
            ["hs"] if i % 5 == 0 else [],
            created=when(1) + datetime.timedelta(minutes=i),
        )
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await notes_pane(pilot)
        rows = pane.query_one(NoteList)
        typed = ""

        def on_screen() -> list:
            return rows.render_lines(Region(0, 0, *rows.size))

        def check() -> None:
            want = [n.id for n in NoteStore(state.data_dir).search(typed)]
            assert [n.id for n in rows.rows] == want, typed
            drawn = on_screen()
            rows.refresh()  # every line drawn again
            assert on_screen() == drawn, typed

        check()
        await press(pilot, "down", "down", "down")  # the cursor moves: two lines change
        check()
        await press(pilot, "slash")
        for key in "hailsham zq" + "\b" * 8 + "s\b\bl" + "\b" * 5:  # "zq": none match
            if key == "\b":
                await press(pilot, "backspace")
                typed = typed[:-1]
            else:
                await press(pilot, key if key != " " else "space")
                typed += key
            check()
        assert typed == ""


async def test_a_search_longer_than_the_box_scrolls_to_the_cursor(tmp_path):
    """The search box keeps its scroll range up to date without a screen layout: text
    wider than the box scrolls so that the end being typed stays in view."""
    state = state_at(tmp_path, 2)
    NoteStore(state.data_dir).add("short note", 1)
    app = make_app(tmp_path)
    async with app.run_test(size=(70, 24)) as pilot:  # a narrow box: fewer keys to fill it
        pane = await notes_pane(pilot)
        search = pane.query_one("#notes-search", Input)
        # as many keys as the box is wide, then a word past its edge
        await press(pilot, "slash", *("x" * search.size.width), *"endmark")
        assert search.value.endswith("endmark") and search.scroll_x > 0
        assert "endmark" in screen_text(app)
        assert pane.query_one(NoteList).rows == []
        await press(pilot, "home")
        assert search.scroll_x == 0


@pytest.mark.parametrize(
    ("before", "watched"),
    [
        # Input sizes its scroll range at each change: the box's own width is set as
        # it is laid out, so the first key finds it so
        (["slash"], "h"),
        (["slash", "h"], "ailsham"),
    ],
)
async def test_typing_a_search_that_fits_the_box_does_not_lay_out_the_screen(
    tmp_path, before, watched
):
    """A one-line box of fixed width moves nothing as its text grows: keys that leave
    the list as it is lay nothing out (a layout places every widget on screen again,
    which once made each keystroke with 10,000 notes a third slower)."""
    state = state_at(tmp_path, 2)
    store = NoteStore(state.data_dir)
    for i, word in enumerate(["one", "two", "three"]):
        store.add(f"the hailsham {word}", 1, created=when(1 + i))
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await notes_pane(pilot)
        search = pane.query_one("#notes-search", Input)
        await press(pilot, *before)
        # the other panes mounted and drawn ahead (their layouts are not the keys')
        ahead = app.ahead
        await wait_for(pilot, lambda: ahead.done and not ahead.drawing and not ahead.waiting)
        await quiet(pilot.app)
        layouts: list[object] = []
        app.screen.screen_layout_refresh_signal.subscribe(pane, layouts.append)
        await press(pilot, *watched)
        assert search.value == ("h" if "h" in before else "") + watched
        assert len(pane.query_one(NoteList).rows) == 3
        assert "hailsham" in screen_text(app)
        assert layouts == []


async def test_markup_and_escape_sequences_appear_literally(tmp_path):
    state = state_at(tmp_path, 2)
    store = NoteStore(state.data_dir)
    for i, case in enumerate(MARKUP_CASES):
        store.add(f"{case} body", 1, [f"tag{case}"], created=when(i + 1))
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await notes_pane(pilot)
        text = screen_text(app)
        assert "[/] body" in text
        assert "[@click=app.quit]x[/] body" in text
        assert "[$x] body" in text
        assert "␛[31mred␛]52;c;aGk=␇ body" in text
        assert "#tag[/]" in text and "#tag[$x]" in text
        assert "\x1b" not in text
        rows = pane.query_one(NoteList)
        for i in range(len(MARKUP_CASES)):  # highlight each (the preview shows it in full)
            rows.cursor = i
            await quiet(pilot.app)
            await pilot.click(NoteList, offset=(20, i))
            await pilot.click("#notes-preview-text", offset=(5, 1))
            await quiet(pilot.app)
            assert app.is_running
        await press(pilot, "slash", *"[@click")
        assert [n.first_line for n in rows.rows] == ["[@click=app.quit]x[/] body"]
        await press(pilot, "enter", "e")
        editor = app.screen
        assert isinstance(editor, NoteEditorScreen)
        assert editor.query_one("#editor-text", TextArea).text == "[@click=app.quit]x[/] body"
        await press(pilot, "escape")
        assert app.is_running
        # the note with an ESC sequence: shown with stand-ins, saved back unchanged
        pane.query_one("#notes-search", Input).value = ""
        await press(pilot, "slash", *"red")
        await press(pilot, "enter", "e")
        area = app.screen.query_one("#editor-text", TextArea)
        assert "\x1b" not in area.text and "␛[31m" in area.text
        await press(pilot, "ctrl+end", *" more")
        await press(pilot, "ctrl+s")
    texts = {n.text for n in NoteStore(state.data_dir).notes}
    assert f"{MARKUP_CASES[3]} body more" in texts
    assert "[/] body" in texts and "[$x] body" in texts


async def test_a_large_notebook_is_listed_newest_first_and_filters(tmp_path):
    """2,000 notes (far more than a screen): all listed, newest first, and the search
    narrows them as you type and widens them as you delete. How fast: the 10k-note
    keystroke timings are benchmarks/interaction.py's (no timing is asserted here)."""
    COUNT = 2_000
    state = state_at(tmp_path, 2)
    folder = state.data_dir / "notes"
    folder.mkdir(parents=True)
    words = (
        "hailsham tommy kathy ruth norfolk gallery madame cottages donations carer "
        "lost corner tape song pencil case exchange sales"
    ).split()
    import random

    rng = random.Random(5)
    for i in range(COUNT):
        note_id = f"n{i:05d}"
        note = Note(
            note_id,
            " ".join(rng.choices(words, k=14)) + f" number {i}\nmore",
            rng.randint(0, 23),
            rng.sample(words, 2),
            created=when(1) + datetime.timedelta(minutes=i),
            updated=when(1) + datetime.timedelta(minutes=i),
        )
        path = folder / f"{note_id}.toml"
        path.write_bytes(encode_note(path, note))
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, "notes")
        await wait_for(pilot, lambda: pane.loaded, timeout=60)
        rows = pane.query_one(NoteList)
        assert len(rows.rows) == COUNT
        assert rows.rows[0].id == f"n{COUNT - 1:05d}"
        await press(pilot, "slash")
        for key in "tommy norfolk":
            await press(pilot, key if key != " " else "space")
        narrowed = [n.id for n in rows.rows]
        assert narrowed and all("tommy norfolk" in n.text for n in rows.rows)
        for _ in range(8):  # "tommy norfolk" -> "tommy"
            await press(pilot, "backspace")
        await wait_for(pilot, lambda: len(rows.rows) > len(narrowed))
        assert all("tommy" in n.text or "tommy" in n.tags for n in rows.rows)
        assert set(narrowed) < {n.id for n in rows.rows}


async def test_store_errors_are_shown_and_the_text_stays(tmp_path, monkeypatch):
    state = state_at(tmp_path, 2)
    store = NoteStore(state.data_dir)
    store.add("a fine note", 1, created=when(1))
    bad = state.data_dir / "notes" / "broken.toml"
    bad.write_bytes(b"schema_version = 1\ntext = [unclosed\n")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await notes_pane(pilot)
        text = screen_text(app)
        assert "broken.toml" in text and "could not be read" in text
        assert "a fine note" in text
        # a full disk: the save fails, the editor stays open with the text
        import companion.store.notes.store as notes_module
        from companion.store.atomic import save_error

        def full(path, data, **kwargs):
            raise save_error(path, OSError(errno.ENOSPC, "No space left on device"))

        monkeypatch.setattr(notes_module, "write_bytes_atomic", full)
        await press(pilot, "a")
        await type_into_editor(pilot, "words I must not lose")
        await press(pilot, "ctrl+s")
        editor = app.screen
        assert isinstance(editor, NoteEditorScreen)
        assert editor.query_one("#editor-text", TextArea).text == "words I must not lose"
        notice = screen_text(app)
        assert "Not saved" in notice and "space" in notice.lower()
        assert draft_texts(state.data_dir) == ["words I must not lose"]
        monkeypatch.undo()
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, NoteEditorScreen)
        assert bad.read_bytes() == b"schema_version = 1\ntext = [unclosed\n"
    assert {n.text for n in NoteStore(state.data_dir).notes} == {
        "a fine note",
        "words I must not lose",
    }
    assert draft_texts(state.data_dir) == []


async def test_read_only_notes_say_so_and_keep_the_draft(tmp_path):
    state = state_at(tmp_path, 2)
    NoteStore(state.data_dir).add("old note", 1, created=when(1))
    newer = state.data_dir / "notes" / "future.toml"
    newer.write_text('schema_version = 99\nid = "future"\n')
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await notes_pane(pilot)
        assert "read-only" in screen_text(app)
        await press(pilot, "a")
        await type_into_editor(pilot, "still typing")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, NoteEditorScreen)
        assert "read-only" in screen_text(app)
        assert app.screen.query_one("#editor-text", TextArea).text == "still typing"
    assert draft_texts(state.data_dir) == ["still typing"]


async def test_draft_is_saved_while_typing_and_offered_on_next_start(tmp_path):
    state = state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await notes_pane(pilot)
        await press(pilot, "a")
        await type_into_editor(pilot, "half a thought")
        await wait_for(pilot, lambda: draft_texts(state.data_dir) == ["half a thought"])
    # the app closed with the editor open: the draft stays
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot, "notes")
        await wait_for(pilot, lambda: isinstance(app.screen, DraftOfferScreen))
        assert "half a thought" in screen_text(app)
        await press(pilot, "o")
        assert isinstance(app.screen, NoteEditorScreen)
        assert app.screen.query_one("#editor-text", TextArea).text == "half a thought"
        await press(pilot, "ctrl+end", *", finished")
        await press(pilot, "ctrl+s")
    assert [n.text for n in NoteStore(state.data_dir).notes] == ["half a thought, finished"]
    assert draft_texts(state.data_dir) == []


async def test_draft_later_and_discard(tmp_path):
    state = state_at(tmp_path, 2)
    slot = drafts.new_draft(state.data_dir)
    slot.save("keep me", {"chapter": 1, "tags": ["x"]})
    slot.release()  # as a window that closed
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot, "notes")
        await wait_for(pilot, lambda: isinstance(app.screen, DraftOfferScreen))
        await press(pilot, "l")
    assert draft_texts(state.data_dir) == ["keep me"]
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot, "notes")
        await wait_for(pilot, lambda: isinstance(app.screen, DraftOfferScreen))
        await press(pilot, "d")
    assert draft_texts(state.data_dir) == []
    assert NoteStore(state.data_dir).notes == []


async def test_later_keeps_the_draft_while_other_notes_are_written(tmp_path):
    state = state_at(tmp_path, 2)
    slot = drafts.new_draft(state.data_dir)
    slot.save("offered and kept", {"chapter": 1})
    slot.release()
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await notes_pane(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, DraftOfferScreen))
        await press(pilot, "l")
        await wait_for(pilot, lambda: not isinstance(app.screen, DraftOfferScreen))
        await press(pilot, "a")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditorScreen))
        await type_into_editor(pilot, "another note")
        await wait_for(pilot, lambda: "another note" in draft_texts(state.data_dir))
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, NoteEditorScreen))
    assert [n.text for n in NoteStore(state.data_dir).notes] == ["another note"]
    assert draft_texts(state.data_dir) == ["offered and kept"]


async def test_cancel_asks_before_throwing_text_away(tmp_path):
    state = state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await notes_pane(pilot)
        await press(pilot, "a")
        editor = app.screen
        await type_into_editor(pilot, "precious")
        await press(pilot, "escape")
        await press(pilot, "n")  # keep writing
        await quiet(pilot.app)
        assert app.screen is editor
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen), app.screen
        await press(pilot, "y")
        assert app.screen is not editor and not isinstance(app.screen, ConfirmScreen), app.screen
        # a draft timer or a signal firing after the discard writes nothing
        assert editor.save_draft_now() is False
    assert NoteStore(state.data_dir).notes == []
    assert draft_texts(state.data_dir) == []


async def test_notes_from_another_window_appear_when_shown(tmp_path):
    state = state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await notes_pane(pilot)
        await open_pane(pilot, "quotes")
        NoteStore(state.data_dir).add("from the command line", 2)
        await open_pane(pilot, "notes")
        await wait_for(
            pilot,
            lambda: any(n.text == "from the command line" for n in pane.query_one(NoteList).rows),
        )


async def test_quitting_with_the_editor_open_keeps_the_draft(tmp_path):
    state = state_at(tmp_path, 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await notes_pane(pilot)
        await press(pilot, "a")
        await type_into_editor(pilot, "typed and quit at once")
        await press(pilot, "ctrl+q")
    assert draft_texts(state.data_dir) == ["typed and quit at once"]


async def test_down_from_search_goes_to_the_list(tmp_path):
    state = state_at(tmp_path, 2)
    NoteStore(state.data_dir).add("one", 1)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await notes_pane(pilot)
        await press(pilot, "slash", "o")
        await press(pilot, "down")
        assert app.focused is pane.query_one(NoteList)


async def test_rows_are_redrawn_for_a_new_width_and_kept_when_shown_again(tmp_path):
    state = state_at(tmp_path, 2)
    long = "Kathy listens to the tape again and again in her room at Hailsham " * 3
    NoteStore(state.data_dir).add(long, 1, ["song"], created=when(1))
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await notes_pane(pilot)
        rows = pane.query_one(NoteList)
        wide = rows.render_line(0).text
        assert "again and again in her room at Hailsham" in wide
        await pilot.resize_terminal(80, 24)
        await quiet(pilot.app)
        narrow = rows.render_line(0).text
        assert len(narrow) == rows.size.width < len(wide)  # cut anew, not a stale wide row
        assert "Kathy listens" in narrow and "at Hailsham" not in narrow
        await press(pilot, "1")  # away and back: same size, same rows, nothing laid out again
        await press(pilot, "4")
        assert rows.render_line(0).text == narrow
        assert rows.virtual_size.width == rows.size.width


FIRST_USE = """
import sys, threading
from companion.context import Context
from companion.tui.state import CompanionState
assert "companion.store.notes" not in sys.modules  # imported on first use, as in the app
state = CompanionState(Context(book_arg=sys.argv[1], data_override=sys.argv[2]))
together, stores = threading.Barrier(4), []
def ask():
    together.wait()
    stores.append(state.notes)
threads = [threading.Thread(target=ask) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(len({id(store) for store in stores}))
"""


def test_the_notes_store_is_made_once_whichever_threads_ask_first(tmp_path):
    # the Notes, Seminar and Quotes panes first ask for the store in their workers,
    # in a process that has not imported it yet (a fresh one: this one has)
    for attempt in range(3):
        data = tmp_path / str(attempt)
        data.mkdir()
        done = subprocess.run(
            [sys.executable, "-c", FIRST_USE, str(MINI), str(data)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["1"], f"stores made: {done.stdout}"
