"""Finishing a chapter is always deliberate (issue 13 §2).

Only ``n`` (or its palette entry) finishes the next chapter without asking; every other
way forward (enter or space on a row, a click, the palette's "Set to") asks first; the
newly unlocked list appears only after a chapter is finished; after the last chapter
the footer no longer offers to finish one.
"""

from __future__ import annotations

import datetime

import pytest

from companion.store.progress import load_progress
from companion.study.guide import GuideView
from companion.study.unlocked import unlocked_between
from companion.tui.app import CompanionApp
from companion.tui.drive import press, quiet
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
MAX_KEYS = 3  # the longest sequence tried
# what a key does does not depend on the size; a small terminal draws each frame in
# about half the time (the walk presses about 600 keys)
WALK_SIZE = (80, 24)


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
    app.state.peeked.clear()  # peeks last for the session: a fresh one starts with none
    pane.refresh_content("progress")
    app.sub_title = app.state.place()
    if start == "unlocked":  # as after n: the newly unlocked list has the focus
        _highlight(pane, START)
        book = app.state.book
        pane.show_unlocked(unlocked_between(GuideView(book, START - 1), GuideView(book, START)))
    else:
        pane.action_dismiss_unlocked()
        _highlight(pane, {"next": START + 1, "locked": START + 2, "done": START}[start])
    await quiet(pilot.app)


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
    unlocked = pane.query_one("#unlocked-list", RowList)
    return (
        type(screen).__name__,
        getattr(screen, "message", ""),
        len(app.screen_stack),
        app.current_pane_id,
        type(focused).__name__,
        focused.id if focused is not None else None,
        _row_kind(app, chapters),
        pane.query_one("#unlocked").display,
        unlocked.highlighted is not None and pane.query_one("#unlocked").display,
        app.state.finished,
        frozenset(app.state.peeked),
    )


@pytest.mark.slow(seconds=20)
async def test_no_key_sequence_finishes_a_chapter_but_n_or_a_confirmed_dialog(tmp_path):
    # Every sequence of 1-3 keys from KEYS, from four places: the next chapter's row, a
    # locked row, a finished row and the newly unlocked list. A chapter may be finished
    # only by a key pressed while a "Mark ... finished?" dialog was on screen; the newly
    # unlocked list may appear only when a chapter was finished.
    # Explored as a graph of states (_signature: all that decides what a key does), not
    # sequence by sequence: the same keys from the same state do the same, so each state
    # met within two keys of a start has each key pressed from it once, and the walk goes
    # on from where a key left the app; only when that state has nothing left to try does
    # it go back to a start and replay the shortest keys to a state that has.
    state_at(tmp_path, START)
    app = CompanionApp(context(tmp_path), today=lambda: TODAY, premount=False)
    async with app.run_test(size=WALK_SIZE) as pilot:
        await settle(pilot)
        pane = app.pane("progress")
        box = pane.query_one("#unlocked")
        paths: dict[tuple, tuple[str, tuple[str, ...]]] = {}  # state -> shortest way to it
        untried: dict[tuple, list[str]] = {}  # state -> keys not yet pressed from it
        pressed = 0

        def learn(state: tuple, start: str, keys: tuple[str, ...]) -> None:
            if state not in paths or len(keys) < len(paths[state][1]):
                paths[state] = (start, keys)
                if len(keys) < MAX_KEYS:
                    untried.setdefault(state, list(KEYS))

        async def step(key: str, start: str, keys: tuple[str, ...]) -> tuple:
            nonlocal pressed
            dialog = isinstance(app.screen, ConfirmScreen)
            asked = dialog and "Mark" in app.screen.message
            before, box_was = app.state.finished, box.display
            await press(pilot, key)
            pressed += 1
            after = app.state.finished
            if after > before:
                assert asked, f"{keys} from {start} finished a chapter"
            if box.display and not box_was:
                assert after > START, f"{keys} from {start} showed the list"
            assert load_progress(app.state.data_dir).finished == after
            return _signature(app, pane)

        for start in ("next", "locked", "done", "unlocked"):
            await _reset(pilot, start)
            learn(_signature(app, pane), start, ())
        replays = 0
        while True:
            state = _signature(app, pane)
            if untried.get(state):
                start, keys = paths[state]
                key = untried[state].pop()
                learn(await step(key, start, (*keys, key)), start, (*keys, key))
                continue
            target = next((s for s, left in untried.items() if left), None)
            if target is None:
                break
            start, keys = paths[target]
            await _reset(pilot, start)
            for i, key in enumerate(keys):
                await step(key, start, keys[: i + 1])
            replays += 1
            assert _signature(app, pane) == target, f"{keys} from {start} did not replay"
        print(f"{pressed} keys pressed, {replays} replays, {len(paths)} states")
        assert len(paths) > 4 * len(KEYS)


async def test_enter_and_space_on_the_next_row_ask_then_n_finishes(tmp_path):
    state_at(tmp_path, START)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.pane("progress")
        for key in ("enter", "space"):
            _highlight(pane, START + 1)
            await press(pilot, key)
            assert isinstance(app.screen, ConfirmScreen)
            assert f"Mark chapter {START + 1} as finished?" in app.screen.message
            assert "This shows what it unlocks" in app.screen.message
            await press(pilot, "escape")
            assert load_progress(app.state.data_dir).finished == START
            assert not pane.query_one("#unlocked").display
        await press(pilot, "n")
        assert load_progress(app.state.data_dir).finished == START + 1
        assert pane.query_one("#unlocked").display
        assert app.focused is pane.query_one("#unlocked-list")


async def test_footer_names_the_chapter_n_finishes_and_drops_it_at_the_end(tmp_path):
    state_at(tmp_path, START)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        assert f"n Finished chapter {START + 1}" in screen_text(app)
        await press(pilot, "n")
        assert any(f"Finished chapter {START + 2}" in label for _k, label, *_ in bar.shown_keys())
        await press(pilot, "n")  # the last chapter of the mini pack
        await settle(pilot)
        assert app.state.finished == app.state.chapter_count
        assert not any(key == "n" for key, *_ in bar.shown_keys())
        assert "Finished" not in screen_text(app).splitlines()[-1]
        await press(pilot, "n")
        assert load_progress(app.state.data_dir).finished == app.state.chapter_count


async def test_tab_and_shift_tab_move_between_the_chapters_and_the_newly_unlocked_list(tmp_path):
    state_at(tmp_path, START)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.pane("progress")
        chapters = pane.query_one("#chapters", RowList)
        unlocked = pane.query_one("#unlocked-list", RowList)
        await press(pilot, "n")
        assert app.focused is unlocked
        for key, there in [("shift+tab", chapters), ("tab", unlocked), ("tab", chapters)]:
            await press(pilot, key)
            assert app.focused is there, f"{key} went to {app.focused!r}"
        await press(pilot, "tab", "x")  # hidden: tab goes to the chapter's text instead
        assert not pane.query_one("#unlocked").display
        assert app.focused is chapters
        await press(pilot, "tab")
        assert app.focused is pane.query_one("#detail-scroll")
