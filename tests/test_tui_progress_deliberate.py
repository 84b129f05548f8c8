"""Finishing a chapter is always deliberate (issue 13 §2).

Only ``n`` (or its palette entry) finishes the next chapter without asking; every other
way forward (enter or space on a row, a click, the palette's "Set to") asks first; the
newly unlocked list appears only after a chapter is finished; after the last chapter
the footer no longer offers to finish one.
"""

from __future__ import annotations

import datetime

import pytest
from textual.widgets import OptionList

from companion.store.progress import load_progress
from companion.study.guide import GuideView
from companion.study.unlocked import unlocked_between
from companion.tui.app import CompanionApp
from companion.tui.screens.modals import ConfirmScreen
from companion.tui.widgets.key_bar import KeyBar
from companion.tui.widgets.row_list import RowList
from tests.pane_helpers import SIZE, context, make_app, screen_text, settle, state_at

# Every key that does something on Progress or in its dialogs (v peeks, p opens the
# prediction editor), but ``n`` (it finishes
# the next chapter by design). Cursor keys are pruned to down and up (j, k, home, end and
# the page keys move the same cursor); shift+tab to tab (the starts cover each focus);
# right/left to tab (in a dialog each moves between the buttons).
KEYS = ["enter", "space", "y", "tab", "down", "up", "u", "v", "p", "x", "escape"]
TODAY = datetime.date(2026, 3, 2)
START = 2  # the mini pack has 4 chapters: 3 is next, 4 is locked


def _highlight(pane, chapter: int) -> None:
    chapters = pane.query_one("#chapters", RowList)
    chapters.highlighted = chapters.get_option_index(f"ch-{chapter}")
    chapters.focus()


async def _reset(pilot, start: str) -> None:
    """Back to chapter START with one focus of the pane: no dialog, file and app agree."""
    app = pilot.app
    while len(app.screen_stack) > 1:
        app.pop_screen()
    pane = app.pane("progress")
    if app.current_pane_id != "progress":
        await app.show_pane("progress")
    app.state.set_progress(START)
    pane.refresh_content("progress")
    app.sub_title = app.state.place()
    if start == "unlocked":  # as after n: the newly unlocked list has the focus
        book = app.state.book
        pane.show_unlocked(unlocked_between(GuideView(book, START - 1), GuideView(book, START)))
    else:
        pane.action_dismiss_unlocked()
        _highlight(pane, {"next": START + 1, "locked": START + 2, "done": START}[start])
    await pilot.pause()


def _row_kind(app, chapters: RowList) -> str:
    """What enter does on the highlighted row depends only on its kind."""
    option = chapters.highlighted_option
    if option is None or not (option.id or "").startswith("ch-"):
        return "none"
    n, done = int(option.id[3:]), app.state.finished
    return "done" if n <= done else "next" if n == done + 1 else "locked"


def _signature(app, pane) -> tuple:
    """All that decides what the next key does on Progress (or its dialogs)."""
    screen = app.screen
    focused = app.focused
    chapters = pane.query_one("#chapters", RowList)
    unlocked = pane.query_one("#unlocked-list", OptionList)
    return (
        type(screen).__name__,
        getattr(screen, "message", ""),
        len(app.screen_stack),
        app.current_pane_id,
        type(focused).__name__,
        focused.id if focused is not None else None,
        _row_kind(app, chapters),
        unlocked.highlighted is not None,
        pane.query_one("#unlocked").display,
        app.state.finished,
        frozenset(app.state.peeked),
    )


@pytest.mark.slow
async def test_no_key_sequence_finishes_a_chapter_but_n_or_a_confirmed_dialog(tmp_path):
    # Every sequence of 1-3 keys from KEYS, from four places: the next chapter's row, a
    # locked row, a finished row and the newly unlocked list. A chapter may be finished
    # only by a key pressed while a "Mark ... finished?" dialog was on screen; the newly
    # unlocked list may appear only when a chapter was finished.
    # Made fast two ways: one app for all sequences (progress, dialogs, cursor and focus
    # reset before each), and sequences pruned by state: a prefix that leaves the app in
    # a state (_signature) already reached, from any start, by an as short or shorter
    # prefix is not extended again: the same keys from the same state do the same.
    state_at(tmp_path, START)
    app = CompanionApp(context(tmp_path), today=lambda: TODAY, premount=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.pane("progress")
        box = pane.query_one("#unlocked")
        pressed = 0
        seen: dict = {}  # state -> fewest keys it was met after (from any start)
        for start in ("next", "locked", "done", "unlocked"):
            await _reset(pilot, start)
            seen[_signature(app, pane)] = 0
            frontier = [()]
            for depth in range(1, 4):
                grown = []
                for prefix in frontier:
                    for key in KEYS:
                        seq = (*prefix, key)
                        await _reset(pilot, start)
                        asked = False
                        box_was = box.display
                        for k in seq:
                            dialog = isinstance(app.screen, ConfirmScreen)
                            asked = dialog and "Mark" in app.screen.message
                            before = app.state.finished
                            await pilot.press(k)
                            after = app.state.finished
                            if after > before:
                                assert asked, f"{seq} from {start} finished a chapter"
                            if box.display and not box_was:
                                assert after > START, f"{seq} from {start} showed the list"
                            box_was = box.display
                        assert load_progress(app.state.data_dir).finished == app.state.finished
                        pressed += 1
                        signature = _signature(app, pane)
                        if depth < seen.get(signature, 4):  # new, or met sooner now
                            seen[signature] = depth
                            grown.append(seq)
                frontier = grown
        print(f"{pressed} key sequences pressed, {len(seen)} states")
        assert pressed >= 4 * len(KEYS)


async def test_enter_and_space_on_the_next_row_ask_then_n_finishes(tmp_path):
    state_at(tmp_path, START)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.pane("progress")
        for key in ("enter", "space"):
            _highlight(pane, START + 1)
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            assert f"Mark chapter {START + 1} as finished?" in app.screen.message
            assert "This shows what it unlocks" in app.screen.message
            await pilot.press("escape")
            await pilot.pause()
            assert load_progress(app.state.data_dir).finished == START
            assert not pane.query_one("#unlocked").display
        await pilot.press("n")
        await pilot.pause()
        assert load_progress(app.state.data_dir).finished == START + 1
        assert pane.query_one("#unlocked").display
        assert isinstance(app.focused, OptionList)


async def test_footer_names_the_chapter_n_finishes_and_drops_it_at_the_end(tmp_path):
    state_at(tmp_path, START)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        assert f"n Finished chapter {START + 1}" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert any(f"Finished chapter {START + 2}" in label for _k, label, *_ in bar.shown_keys())
        await pilot.press("n")  # the last chapter of the mini pack
        await settle(pilot)
        assert app.state.finished == app.state.chapter_count
        assert not any(key == "n" for key, *_ in bar.shown_keys())
        assert "Finished" not in screen_text(app).splitlines()[-1]
        await pilot.press("n")
        await pilot.pause()
        assert load_progress(app.state.data_dir).finished == app.state.chapter_count
