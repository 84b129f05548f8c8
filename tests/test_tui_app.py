"""Pilot tests of the app shell and panes 1, 2, 5, 6, 7: switching, progress, the gate, peeks,
the palette, help, theme persistence and markup in user text.

Every test uses a temporary data folder and a fixed "today". Expectations about content
are derived from the loaded Book, never written out, so the pack may keep changing.
"""

from __future__ import annotations

import datetime
import re
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import OptionList, Static

from companion.book.gate import is_visible
from companion.context import Context
from companion.errors import CompanionError
from companion.store.notes import NoteStore
from companion.store.progress import Progress, load_progress, save_progress
from companion.store.settings import load_settings
from companion.study.guide import GuideView, to_markdown
from companion.study.unlocked import unlocked_between
from companion.tui.app import CompanionApp
from companion.tui.drive import press, quiet
from companion.tui.panes import pane_class
from companion.tui.panes.list_detail import ListDetailPane
from companion.tui.screens.help import HelpScreen
from companion.tui.screens.modals import ConfirmScreen, InfoScreen
from companion.tui.state import PANE_IDS, PANE_TITLES, CompanionState
from companion.tui.widgets.row_list import RowList
from companion.tui.widgets.text_view import TextView
from tests.pane_helpers import screen_text, settle, wait_for

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
BUNDLED = ROOT / "content" / "never-let-me-go"
TODAY = datetime.date(2026, 3, 2)
SIZE = (120, 40)


def make_ctx(data: Path, book: Path | None = None) -> Context:
    return Context(book_arg=str(book) if book else None, data_override=data)


def bundled_ctx(tmp_path: Path) -> Context:
    ctx = make_ctx(tmp_path / "data")
    try:
        ctx.book
    except CompanionError as error:  # the pack is being written; say so plainly
        pytest.skip(f"the bundled content pack does not load right now: {error.message[:200]}")
    return ctx


def start_at(ctx: Context, finished: int) -> None:
    """Progress file with fixed dates: chapter n finished n*3 days before TODAY."""
    dates = {
        n: TODAY - datetime.timedelta(days=3 * (finished - n) + 1) for n in range(1, finished + 1)
    }
    save_progress(ctx.data_dir, Progress(finished, dates))


def make_app(ctx: Context, **kwargs) -> CompanionApp:
    kwargs.setdefault("today", lambda: TODAY)
    return CompanionApp(ctx, **kwargs)


def widget_text(widget) -> str:
    if isinstance(widget, (OptionList, RowList)):
        return "\n".join(
            str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)
        )
    if isinstance(widget, TextView):
        return "\n".join(widget.lines)  # as wrapped on screen (empty until first shown)
    if isinstance(widget, Static):
        content = widget.content
        return content.plain if isinstance(content, Text) else str(content)
    return ""


def pane_text(pane) -> str:
    """Everything a pane holds right now, plus every entry a list pane would show."""
    parts = [widget_text(w) for w in pane.query("*")]
    if isinstance(pane, ListDetailPane):
        for entry in pane.listed:
            parts.append(entry.markdown)
            if entry.renderable is not None:
                parts.append(str(entry.renderable))
    return "\n".join(parts)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


def locked_snippets(book, progress: int) -> list[str]:
    """Distinctive text of items locked at ``progress`` that no visible item also has."""
    seen = squash(to_markdown(GuideView(book, progress)))
    texts: list[str] = []
    texts += [c.summary for c in book.chapters if c.number > progress]
    texts += [s.text for s in book.sections if s.unlock > progress]
    texts += [q.text for q in book.quotes if q.unlock > progress]
    texts += [q.text for q in book.questions if q.unlock > progress]
    texts += [a.text for a in book.articles if a.unlock > progress]
    for c in book.characters:
        texts += [f.text for f in c.facts if f.chapter > progress]
    for t in book.glossary:
        texts += [m.text for m in t.meanings if m.chapter > progress]
    for c in book.characters:
        texts += [p.text for p in c.portraits if p.chapter > progress]
    for t in [*book.themes, *book.symbols, *book.devices, *book.relationships]:
        texts += [n.text for n in t.notes if n.chapter > progress]
        if t.unlock > progress:
            texts.append(t.text)
    out = []
    for text in texts:
        words = squash(re.sub(r"[*_>#`\[\]]", " ", text)).split()
        if len(words) < 6:
            continue
        snippet = " ".join(words[:8])
        if snippet not in seen:
            out.append(snippet)
    return out


# -- switching panes --


async def click_pane_name(pilot, pane_id: str) -> None:
    """Click the middle of a pane's name in the bar under the header."""
    start, end = pilot.app.query_one("#pane-bar").span_of(pane_id)
    await pilot.click("#pane-bar", offset=((start + end) // 2, 0))
    await quiet(pilot.app)


async def test_keys_1_to_8_and_mouse_switch_panes(tmp_path):
    ctx = make_ctx(tmp_path / "data", MINI)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        assert app.current_pane_id == "progress"
        for number, pane_id in enumerate(PANE_IDS, 1):
            await press(pilot, str(number))
            assert app.current_pane_id == pane_id
            assert app.pane(pane_id) is not None
        await click_pane_name(pilot, "people")
        assert app.current_pane_id == "people"
        assert app.query_one("#pane-bar").active == "people"
        await press(pilot, "right_square_bracket")
        assert app.current_pane_id == "themes"


async def test_header_shows_book_and_place(tmp_path):
    ctx = make_ctx(tmp_path / "data", MINI)
    start_at(ctx, 3)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        assert app.title == ctx.book.title
        assert app.sub_title == "Chapter 3 of 4 · Part Two"


async def test_containers_drawn_as_background_look_as_textual_draws_them(tmp_path):
    """The screen, the pane switcher, the panes and their rows and columns draw only
    their background (Backdrop): exactly the lines Textual's own drawing gives, in
    either theme and at any size."""
    from textual.widget import Widget

    from companion.tui.widgets.backdrop import Backdrop

    def cells(lines) -> list:
        return [[(ch, seg.style) for seg in line for ch in seg.text] for line in lines]

    def same_as_textual(app) -> None:
        found = [w for w in [app.screen, *app.screen.walk_children()] if isinstance(w, Backdrop)]
        shown = [w for w in found if w.display and w.size]
        assert len(shown) >= 5  # screen, switcher, pane, a row, a column
        for widget in shown:
            crop = widget.size.region
            ours, textual = widget.render_lines(crop), Widget.render_lines(widget, crop)
            assert cells(ours) == cells(textual), widget

    app = make_app(make_ctx(tmp_path / "data", MINI))
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        same_as_textual(app)
        await press(pilot, "ctrl+t", "2")
        same_as_textual(app)
        await pilot.resize_terminal(90, 30)
        await quiet(pilot.app)
        same_as_textual(app)


async def test_last_pane_and_theme_persist(tmp_path):
    ctx = make_ctx(tmp_path / "data", MINI)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        assert app.theme == "textual-dark"
        await press(pilot, "ctrl+t")
        await press(pilot, "7")
        assert app.theme == "textual-light"
    settings = load_settings(ctx.data_dir)
    assert (settings.theme, settings.pane) == ("textual-light", "glossary")
    again = make_app(make_ctx(tmp_path / "data", MINI))
    async with again.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        assert again.theme == "textual-light"
        assert again.current_pane_id == "glossary"


async def test_open_pane_is_saved_soon_without_quitting(tmp_path):
    """A terminal closed without q still reopens on the pane the reader was in."""
    ctx = make_ctx(tmp_path / "data", MINI)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "2", "3", "4")
        await wait_for(pilot, lambda: load_settings(ctx.data_dir).pane == "notes")
        await press(pilot, "6")
    assert load_settings(ctx.data_dir).pane == "themes"  # quitting saves what was due


async def test_footer_keys_click_and_fit(tmp_path):
    from companion.tui.widgets.key_bar import KeyBar

    ctx = make_ctx(tmp_path / "data", MINI)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        bar = app.query_one(KeyBar)
        keys = {key: (start, end) for key, _label, start, end in bar.shown_keys()}
        assert "question_mark" in keys or "f1" in keys
        start, end = keys.get("f1") or keys["question_mark"]
        await pilot.click(KeyBar, offset=(start, 0))
        await quiet(pilot.app)
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "escape")
        start, _end = keys["ctrl+p"]
        assert start > SIZE[0] // 2  # the palette key sits on the right
        await pilot.click(KeyBar, offset=(start, 0))
        await settle(pilot)
        assert type(app.screen).__name__ == "CommandPalette"


async def test_pane_bar_shows_the_keys_at_80_columns_and_whole_names_at_60(tmp_path):
    ctx = make_ctx(tmp_path / "data", MINI)
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await quiet(pilot.app)
        bar = app.query_one("#pane-bar")
        labels = [label for _pid, label in bar.labels()]
        assert labels[0] == "1 Progress" and labels[-1] == "8 Seminar"
        assert bar.span_of("seminar")[1] <= 80  # all eight names fit
        assert "8 Seminar" in screen_text(app)
        await pilot.resize_terminal(60, 18)
        await quiet(pilot.app)
        assert [label for _pid, label in bar.labels()] == list(PANE_TITLES.values())
        assert bar.span_of("seminar")[1] <= 60
        await pilot.resize_terminal(120, 40)
        await quiet(pilot.app)
        assert [label for _pid, label in bar.labels()][2] == "3 Quotes"


async def test_quit_with_q_and_ctrl_q(tmp_path):
    for key in ("q", "ctrl+q"):
        app = make_app(make_ctx(tmp_path / "data", MINI))
        async with app.run_test(size=SIZE) as pilot:
            await quiet(pilot.app)
            await press(pilot, key)
        assert app.return_code in (0, None)
        assert not app.is_running


# -- progress --


async def test_mark_next_shows_newly_unlocked_and_opens_it(tmp_path):
    ctx = bundled_ctx(tmp_path)
    start_at(ctx, 2)
    book = ctx.book
    expected = unlocked_between(GuideView(book, 2), GuideView(book, 3))
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        await press(pilot, "n")
        assert load_progress(ctx.data_dir).finished == 3
        assert load_progress(ctx.data_dir).dates[3] == TODAY
        assert app.sub_title.startswith("Chapter 3 of")
        pane = app.pane("progress")
        box = pane.query_one("#unlocked")
        assert box.display
        shown = widget_text(pane.query_one("#unlocked-list", RowList))
        assert len(expected.items) > 0
        for item in expected.items[:10]:
            assert item.kind in shown
        # the first item opens in its pane
        await press(pilot, "enter")
        assert app.current_pane_id == expected.items[0].pane
        await press(pilot, "1", "x")
        assert not pane.query_one("#unlocked").display


async def test_enter_sets_progress_forward_and_back_asks_first(tmp_path):
    ctx = make_ctx(tmp_path / "data", MINI)
    start_at(ctx, 3)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        pane = app.pane("progress")
        chapters = pane.query_one("#chapters", RowList)
        chapters.highlighted = chapters.get_option_index("ch-1")
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert app.state.finished == 3
        chapters.highlighted = chapters.get_option_index("ch-1")
        await press(pilot, "enter")
        await press(pilot, "y")
        assert app.state.finished == 1
        assert load_progress(ctx.data_dir).finished == 1
        assert sorted(load_progress(ctx.data_dir).dates) == [1]
        # forward by several chapters: asks too (it unlocks all of them)
        chapters.highlighted = chapters.get_option_index("ch-4")
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert app.state.finished == 4


async def test_progress_pane_labels_only_finished_chapters(tmp_path):
    ctx = bundled_ctx(tmp_path)
    start_at(ctx, 5)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        text = widget_text(app.pane("progress").query_one("#chapters", RowList))
        for chapter in ctx.book.chapters:
            if chapter.number > 5:
                assert f"Chapter {chapter.number} · " in text
                label = " ".join(chapter.label.split())
                if not any(label in " ".join(c.label.split()) for c in ctx.book.chapters[:5]):
                    assert label not in text
        assert "chapters a week" in widget_text(app.pane("progress").query_one("#pace"))


# -- the gate on every pane --


@pytest.mark.parametrize("progress", [0, 6])
async def test_no_locked_text_on_any_pane(tmp_path, progress):
    ctx = bundled_ctx(tmp_path)
    start_at(ctx, progress)
    snippets = locked_snippets(ctx.book, progress)
    assert snippets, "the pack should hold something locked at this point"
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        for number, pane_id in enumerate(PANE_IDS, 1):
            await press(pilot, str(number))
            text = squash(pane_text(app.pane(pane_id)))
            leaks = [s for s in snippets if s in text]
            assert not leaks, f"{pane_id} pane shows locked text: {leaks[:3]}"
        labels = squash("\n".join(c.label for c in app.palette_entries()))
        for chapter in ctx.book.chapters[progress:]:
            assert f"go to: chapter {chapter.number}" not in labels
        for quote in ctx.book.quotes:
            if not is_visible(quote, progress):
                assert squash(quote.text)[:40] not in labels


@asynccontextmanager
async def bundled_pane(tmp_path, progress: int, key: str):
    """The app on the bundled pack at ``progress``, pane ``key`` shown; and what is visible."""
    ctx = bundled_ctx(tmp_path)
    start_at(ctx, progress)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, key)
        yield app, pilot, GuideView(ctx.book, progress)


async def test_plot_counts_what_is_locked_shows_the_story_rendered_and_scrolls(tmp_path):
    async with bundled_pane(tmp_path, 4, "2") as (app, pilot, view):
        text = widget_text(app.pane("plot").query_one("#items", RowList))
        assert f"{view.locked['chapters']} more chapters unlock later" in text
        assert "The story so far" in text
        text_view = app.pane("plot").query_one(TextView)
        lines = text_view.lines
        assert lines[0] == "The story so far"  # a heading, not "# The story so far"
        shown = squash(" ".join(lines))
        for chapter in view.chapters:
            assert squash(f"Chapter {chapter.number}: {chapter.label}") in shown
            assert squash(chapter.summary)[:60] in shown
        assert "##" not in shown
        # enter on an entry shows it from the top and moves focus to the text
        await press(pilot, "down", "enter")
        assert app.focused is text_view and text_view.scroll_y == 0
        assert text_view.lines[0] == f"Chapter 1: {view.chapters[0].label}"
        app.pane("plot").query_one("#items", RowList).focus()
        await press(pilot, "up", "enter")  # back to the story, longer than the screen
        await quiet(pilot.app)
        assert text_view.lines[0] == "The story so far" and text_view.max_scroll_y > 0
        await press(pilot, "pagedown")
        assert text_view.scroll_y > 10
        await press(pilot, "j")  # j and k scroll the text when it has focus
        moved = text_view.scroll_y
        await press(pilot, "k", "k")
        assert text_view.scroll_y < moved
        await press(pilot, "end")
        last = squash(view.chapters[-1].summary.split()[-1])
        assert last in squash(app.export_screenshot().replace("&#160;", " "))


async def test_people_page_shows_what_the_reader_knows(tmp_path):
    async with bundled_pane(tmp_path, 6, "5") as (app, _, view):
        character, facts = view.characters[0]
        lines = app.pane("people").query_one(TextView).lines
        assert lines[0] == character.name
        shown = squash(" ".join(lines))
        assert squash(facts[0].text)[:50] in shown


# -- peeks --


async def test_peek_asks_naming_the_chapter_and_keeps_progress(tmp_path):
    ctx = bundled_ctx(tmp_path)
    start_at(ctx, 2)
    before = (ctx.data_dir / "progress.toml").read_bytes()
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "2")

        # "v" must reach the Plot pane, not the Progress list still focused while the
        # new pane mounts: wait until focus is inside the Plot pane
        def focused_in_plot() -> bool:
            plot = app.pane("plot")
            return plot is not None and app.focused is not None and plot in app.focused.ancestors

        await wait_for(pilot, focused_in_plot)
        plot = app.pane("plot")
        target = plot.next_locked(None)
        assert target is not None
        await press(pilot, "v")
        assert isinstance(app.screen, ConfirmScreen)
        assert f"This unlocks after chapter {target.unlock}. Show it anyway?" in app.screen.message
        assert app.screen.title_text in (
            f"Peek at a section from chapter {target.unlock}?",
            f"Peek at an article from chapter {target.unlock}?",
        )
        await press(pilot, "n")
        assert not isinstance(app.screen, (ConfirmScreen, InfoScreen))
        assert not app.state.peeked
        await press(pilot, "v")
        await press(pilot, "y")
        assert isinstance(app.screen, InfoScreen)
        title = app.screen.title_text
        assert title.startswith(f"Peek at a section from chapter {target.unlock}: ") or (
            title.startswith(f"Peek at an article from chapter {target.unlock}: ")
        ), title
        assert app.state.peeked == {target.key}
        await press(pilot, "escape")
        assert app.state.finished == 2
    assert (ctx.data_dir / "progress.toml").read_bytes() == before


async def test_peek_at_a_locked_chapter_from_progress(tmp_path):
    ctx = make_ctx(tmp_path / "data", MINI)
    start_at(ctx, 1)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        chapters = app.pane("progress").query_one("#chapters", RowList)
        chapters.highlighted = chapters.get_option_index("ch-3")
        await press(pilot, "v")
        assert "after chapter 3" in app.screen.message
        assert app.screen.title_text == "Peek at chapter 3?"
        await press(pilot, "y")
        assert isinstance(app.screen, InfoScreen)
        assert app.screen.title_text == "Peek at chapter 3"  # not "Peek (chapter, chapter 3)"
        assert ctx.book.chapter(3).summary[:20] in app.screen.markdown
        assert app.state.finished == 1


# -- palette and help --


async def test_palette_offers_go_to_and_runs_it(tmp_path):
    ctx = make_ctx(tmp_path / "data", MINI)
    start_at(ctx, 2)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        labels = [c.label for c in app.palette_entries()]
        assert "go to: Plot" in labels
        assert "go to: Chapter 2" in labels and "go to: Chapter 3" not in labels
        assert "progress: Finished chapter 3" in labels
        await press(pilot, "ctrl+p")
        await press(pilot, *"go to: Glossary")
        await press(pilot, "enter")
        assert app.current_pane_id == "glossary"


@pytest.mark.parametrize("key", ["f1", "question_mark"])
async def test_help_lists_the_keys_of_the_pane(tmp_path, key):
    ctx = make_ctx(tmp_path / "data", MINI)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot.app)
        await press(pilot, key)
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.markdown
        assert "Finished next chapter" in text and "Set progress here" in text
        assert "Quit" in text
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)


def test_every_binding_has_an_id_and_a_description():
    from companion.tui.screens import modals

    classes = [CompanionApp, modals.ConfirmScreen, modals.InfoScreen, ListDetailPane]
    classes += [cls for pid in PANE_IDS if (cls := pane_class(pid)) is not None]
    for cls in classes:
        for binding in cls.BINDINGS:
            assert getattr(binding, "id", None), f"{cls.__name__}: {binding} has no id"
            assert binding.description, f"{cls.__name__}: {binding} has no description"


# -- user text with markup and control characters --

BAD = ["[/]", "[@click=app.quit]x[/]", "[$x]", "[link=x]y", "esc \x1b[31mred\x1b]52;c;aGk=\x07"]


async def test_markup_in_notes_is_literal_everywhere(tmp_path):
    ctx = make_ctx(tmp_path / "data", MINI)
    start_at(ctx, 2)
    store = NoteStore(ctx.data_dir)
    for text in BAD:
        store.add(text, 1, tags=["seminar", "[b]tag[/]"])
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for number in range(1, 9):
            await press(pilot, str(number))
        await press(pilot, "4")
        screen = app.export_screenshot()
        assert "[@click=app.quit]x[/]" in screen.replace("&#160;", " ")
        assert "\x1b" not in screen
        await press(pilot, "ctrl+p")
        await press(pilot, *"notes")
        await press(pilot, "escape")
        await click_pane_name(pilot, "notes")
        assert app.is_running  # nothing quit the app


def test_state_diff_lists_every_kind(tmp_path):
    ctx = make_ctx(tmp_path / "data", MINI)
    state = CompanionState(ctx, today=lambda: TODAY)
    unlocked = state.set_progress(ctx.book.chapter_count)
    kinds = {item.kind for item in unlocked.items}
    assert {"chapter", "quote"} <= kinds
    assert state.set_progress(1).items == []  # going back unlocks nothing
