"""Pilot tests for the problems a newcomer met in tmux (QA round): a read-only data
folder, big jumps forward, markers on paraphrased quotes, the notes search box, notes
written by another process, short footers, pace, the note editor, help and export."""

from __future__ import annotations

from companion.store.errors import StoreError
from companion.tui.app import CompanionApp
from companion.tui.drive import press, quiet
from tests.pane_helpers import notices, settle, wait_for
from tests.test_tui_app import MINI, SIZE, TODAY, bundled_ctx, make_app, make_ctx, start_at


def _messages(app: CompanionApp) -> list[str]:
    return notices(app)


def _raise_store_error(*args, **kwargs):
    raise StoreError("Cannot write /data/[bold]x[/] : read-only folder")


async def test_read_only_settings_notify_and_keep_running(tmp_path, monkeypatch):
    """No settings.toml and a folder that cannot be written: a warning, no crash."""
    tried: list[object] = []

    def refuse(*args, **kwargs):
        tried.append(args)
        _raise_store_error()

    monkeypatch.setattr("companion.tui.prefs.save_settings", refuse)
    ctx = make_ctx(tmp_path / "data", MINI)
    app = make_app(ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await quiet(pilot.app)
        await press(pilot, "ctrl+t")  # saves the theme at once
        # read at once: the toast goes after 5 s, which a loaded machine can take
        # between two keys
        messages = _messages(app)
        assert any("Could not save settings" in m and "[bold]x[/]" in m for m in messages)
        assert all(isinstance(m, str) for m in messages)
        await press(pilot, "2")  # saves the open pane a second later
        await wait_for(pilot, lambda: len(tried) == 2)
        await press(pilot, "1")
        assert app.is_running


async def test_progress_save_failure_notifies_without_crash(tmp_path, monkeypatch):
    monkeypatch.setattr("companion.tui.state.finish_chapters", _raise_store_error)
    ctx = make_ctx(tmp_path / "data", MINI)
    start_at(ctx, 1)
    app = make_app(ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await quiet(pilot.app)
        await press(pilot, "n")
        assert app.is_running
        assert any("read-only folder" in m for m in _messages(app))
        assert app.state.finished == 1


async def test_a_jump_forward_asks_first_and_so_does_the_next_chapter(tmp_path):
    from companion.tui.screens.modals import ConfirmScreen
    from companion.tui.widgets.row_list import RowList

    ctx = make_ctx(tmp_path / "data", MINI)
    start_at(ctx, 1)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        chapters = app.pane("progress").query_one("#chapters", RowList)
        chapters.focus()
        chapters.highlighted = chapters.get_option_index("ch-4")
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Mark chapters 2-4 as finished?" in app.screen.message
        assert "everything up to chapter 4" in app.screen.message
        await press(pilot, "n")
        assert app.state.finished == 1
        chapters.highlighted = chapters.get_option_index("ch-2")
        await press(pilot, "enter")  # the next chapter: asks too (only n does not)
        await quiet(pilot.app)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Mark chapter 2 as finished? This shows what it unlocks." in app.screen.message
        await press(pilot, "y")
        assert app.state.finished == 2
        app.pane("progress").action_dismiss_unlocked()
        await quiet(pilot.app)
        chapters.highlighted = chapters.get_option_index("ch-4")
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert app.state.finished == 4


async def test_the_focused_list_is_marked_and_an_unfocused_highlight_is_dimmed(tmp_path):

    from companion.tui.widgets.row_list import RowList

    ctx = make_ctx(tmp_path / "data", MINI)
    start_at(ctx, 1)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        await press(pilot, "n")  # the newly unlocked list takes focus
        await quiet(pilot.app)
        pane = app.pane("progress")
        chapters = pane.query_one("#chapters", RowList)
        unlocked = pane.query_one("#unlocked-list", RowList)
        assert app.focused is unlocked
        assert unlocked.styles.border_left[1] != chapters.styles.border_left[1]
        blurred = chapters.get_component_rich_style("row-list--highlighted")
        focused = unlocked.get_component_rich_style("row-list--highlighted")
        assert blurred.bgcolor != focused.bgcolor
        assert blurred.underline and not focused.underline


async def test_a_misquote_is_marked_wherever_quotes_are_listed(tmp_path):

    from companion.tui.widgets.row_list import RowList
    from tests.test_tui_app import pane_text, widget_text

    ctx = make_ctx(tmp_path / "data", MINI)
    start_at(ctx, 1)
    from companion.store.deck import DeckStore

    DeckStore(ctx.data_dir).star("not-said", TODAY)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        await press(pilot, "n")  # chapter 2 unlocks the misquote
        await quiet(pilot.app)
        unlocked = widget_text(app.pane("progress").query_one("#unlocked-list", RowList))
        assert "[not in the novel]" in unlocked
        await press(pilot, "8")
        starred = widget_text(app.pane("seminar").query_one("#seminar-starred", RowList))
        assert "“" in starred and "[not in the novel]" in starred
        quote = app.state.book.quote("not-said")
        for pid in ("people", "themes"):
            await press(
                pilot,
                str(1 + ("progress", "plot", "quotes", "notes", "people", "themes").index(pid)),
            )
            await settle(pilot)
            text = pane_text(app.pane(pid))
            first = " ".join(quote.text.split())[:20]
            if first in text:
                after = text[text.index(first) :]
                assert "[not in the novel]" in after.split("\n")[0]


async def test_notes_search_escape_returns_to_the_list_then_clears(tmp_path):
    from textual.widgets import Input

    from companion.store.notes import NoteStore
    from companion.tui.widgets.note_list import NoteList

    ctx = make_ctx(tmp_path / "data", MINI)
    start_at(ctx, 2)
    NoteStore(ctx.data_dir).add("Kathy remembers the pavilion", chapter=1, tags=["memory"])
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "4")
        pane = app.pane("notes")
        search = pane.query_one("#notes-search", Input)
        await press(pilot, "slash")
        assert app.focused is search
        await press(pilot, "z", "z", "q")
        assert search.value == "zzq"
        note_list = pane.query_one(NoteList)
        assert not note_list.rows
        assert "No notes match" in note_list.empty_text and "zzq" in note_list.empty_text
        footer_keys = {b.binding.action for b in app.screen.active_bindings.values()}
        assert "leave_search" in footer_keys
        await press(pilot, "escape")
        assert app.focused is note_list
        assert search.value == "zzq"
        await press(pilot, "escape")
        assert search.value == ""
        assert len(note_list.rows) == 1
        await press(pilot, "2")  # the list does not swallow pane keys
        await quiet(pilot.app)
        assert app.current_pane_id == "plot"
        assert app.is_running


async def _wait_for(pilot, predicate, tries: int = 30) -> bool:
    for _ in range(tries):
        if predicate():
            return True
        await settle(pilot)
    return predicate()


async def test_notes_from_another_process_show_in_seminar_and_on_the_card(tmp_path):
    from companion.store.notes import NoteStore
    from companion.tui.widgets.note_list import NoteList
    from companion.tui.widgets.quote_card import QuoteCard

    ctx = make_ctx(tmp_path / "data", MINI)
    start_at(ctx, 2)
    NoteStore(ctx.data_dir).add("first seminar note", chapter=1, tags=["seminar"])
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "8")
        seminar_list = None
        await settle(pilot)
        seminar_list = app.pane("seminar").query_one("#seminar-notes", NoteList)
        assert await _wait_for(pilot, lambda: len(seminar_list.rows) == 1)
        other = NoteStore(ctx.data_dir)  # "the CLI"
        other.add("second seminar note", chapter=2, tags=["seminar"])
        await press(pilot, "1")
        await press(pilot, "8")  # shown again: re-read because the folder changed
        assert await _wait_for(pilot, lambda: len(seminar_list.rows) == 2)
        other.add("third seminar note", chapter=2, tags=["seminar"])
        await press(pilot, "ctrl+r")  # in place
        assert await _wait_for(pilot, lambda: len(seminar_list.rows) == 3)
        # the back of a quote card
        await press(pilot, "3")
        quotes = app.pane("quotes")
        quote_id = quotes.current_id
        other.add("a note from the command line", chapter=1, quote=quote_id)
        await press(pilot, "f")

        def card_text() -> str:
            body = quotes.query_one(QuoteCard).query_one("#card-body")
            return "\n".join(t.plain for t in body.content.renderables)

        assert await _wait_for(pilot, lambda: "a note from the command line" in card_text())


async def test_footers_fit_at_80x24_and_offer_the_drill(tmp_path):
    from companion.tui.screens.drill import DrillScreen
    from companion.tui.widgets.key_bar import KeyBar

    ctx = make_ctx(tmp_path / "data", MINI)
    start_at(ctx, 2)
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in "12345678":
            await press(pilot, key)
            keys = app.screen.query_one(KeyBar).shown_keys()
            assert keys, key
            for _shown, label, _start, end in keys:  # each shown whole: nothing cut
                assert end <= 80, (key, label)
            assert keys[-1][0] == "ctrl+p"  # the palette stays on the right
            if key in "38":
                assert "d" in {k[0] for k in keys}, key
        await press(pilot, "d")  # Seminar: d opens the drill
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)


async def test_setting_a_place_on_first_run_shows_no_pace(tmp_path):
    from companion.tui.widgets.row_list import RowList
    from tests.test_tui_app import widget_text

    ctx = make_ctx(tmp_path / "data", MINI)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        pane = app.pane("progress")
        chapters = pane.query_one("#chapters", RowList)
        chapters.focus()
        chapters.highlighted = chapters.get_option_index("ch-3")
        await press(pilot, "enter", "y")
        assert app.state.finished == 3
        pace = widget_text(pane.query_one("#pace"))
        assert "chapters a week" not in pace and "not enough history" in pace


async def test_note_editor_chapter_field_names_a_wrong_value(tmp_path):
    from textual.widgets import Input, Static

    ctx = make_ctx(tmp_path / "data", MINI)
    start_at(ctx, 2)
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "4")
        await press(pilot, "a")
        chapter = app.screen.query_one("#editor-chapter", Input)
        tags = app.screen.query_one("#editor-tags", Input)
        chapter.focus()
        await quiet(pilot.app)
        # fields are visibly fields: a background, brighter with focus
        assert chapter.styles.background != tags.styles.background
        await press(pilot, "end", "x")
        assert chapter.value.endswith("x")  # not silently dropped
        notice = app.screen.query_one("#editor-notice", Static)
        assert "number from 0 to 4" in str(notice.content)
        assert chapter.has_class("-bad-chapter")
        await press(pilot, "backspace")
        assert not chapter.has_class("-bad-chapter")
        assert str(notice.content) == ""


async def test_help_says_how_to_close_it_in_one_key_notation_and_confirm_shows_keys(tmp_path):
    from textual.widgets import Button, Static

    from companion.tui.screens.help import HelpScreen
    from companion.tui.screens.modals import ConfirmScreen

    ctx = make_ctx(tmp_path / "data", MINI)
    start_at(ctx, 2)
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await quiet(pilot.app)
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.markdown
        assert "escape, q or F1 closes" in text
        assert "^" not in text and "⏎" not in text
        assert "`ctrl+t`" in text and "`ctrl+p`" in text
        assert "F1" in str(app.screen.query_one("#hint", Static).content)
        await press(pilot, "f1")  # F1 closes it too
        await quiet(pilot.app)
        assert not isinstance(app.screen, HelpScreen)
        await press(pilot, "u")  # a step back asks
        await quiet(pilot.app)
        assert isinstance(app.screen, ConfirmScreen)
        labels = " ".join(str(b.label) for b in app.screen.query(Button))
        assert "(y)" in labels and "(n, esc)" in labels


async def test_progress_list_uses_the_room_at_wide_sizes(tmp_path):
    from companion.tui.widgets.row_list import RowList
    from tests.test_tui_app import widget_text

    ctx = bundled_ctx(tmp_path)
    start_at(ctx, 23)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        chapters = app.pane("progress").query_one("#chapters", RowList)
        assert chapters.size.width >= 56
        text = widget_text(chapters)
        cut = sum(1 for line in text.splitlines() if "…" in line)
        assert cut <= 3, text
    small = make_app(ctx)
    async with small.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chapters = small.pane("progress").query_one("#chapters", RowList)
        assert chapters.size.width >= 34  # was 29
        heading = str(chapters.get_option_at_index(0).prompt)
        assert heading.startswith(ctx.book.parts[0].title)


async def test_f2_saves_a_note_where_ctrl_s_is_taken_by_the_terminal(tmp_path):
    """Terminals with flow control swallow ctrl+s: F2 must save as well."""
    from companion.store.notes import NoteStore

    ctx = make_ctx(tmp_path / "data", MINI)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "4")
        await press(pilot, "a")
        for key in "saved with f2":
            await press(pilot, key if key != " " else "space")
        await press(pilot, "f2")
    assert [n.text for n in NoteStore(ctx.data_dir).notes] == ["saved with f2"]
