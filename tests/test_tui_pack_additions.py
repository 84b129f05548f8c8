"""The pack's second-edition items in the app: symbols and devices (Themes pane), portraits
and relationships (People pane), the quote card's locator; each gated as `companion guide`
gates it, everywhere: the pane, the palette and the newly unlocked list.

The mini pack (tests/fixtures/mini) holds one of each, at known chapters.
"""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest

from companion.tui.drive import press
from companion.tui.screens.modals import ConfirmScreen
from companion.tui.widgets.row_list import RowList
from companion.tui.widgets.text_view import TextView
from tests.pane_helpers import SIZE, make_app, open_pane, screen_text, settle, state_at, wait_for

# (kind in the newly unlocked list, chapter that unlocks it, pane, item key, text it brings)
ITEMS = [
    ("symbol", 2, "themes", "symbol:the-attic", "Where the past is kept out of sight."),
    ("symbol note", 3, "themes", "symbol:the-sea", "Ann turns her back on the sea"),
    ("device", 3, "themes", "device:withheld-name", "The letter's writer is never named"),
    ("device note", 2, "themes", "device:first-person", "She tells only what she knew"),
    ("portrait", 3, "people", "character:ann", "Ann has grown restless"),
    ("relationship", 2, "people", "relationship:ann-and-writer", "Ann knows the writer only"),
    ("relationship note", 4, "people", "relationship:ann-and-writer", "The stranger turns out"),
]
NAMES = {  # the items new at their chapter, which a palette entry names
    "symbol:the-attic": "The attic",
    "device:withheld-name": "The withheld name",
    "relationship:ann-and-writer": "Ann and the writer",
}


@asynccontextmanager
async def showing(tmp_path, progress: int, pane_id: str, key: str):
    """The app at ``progress`` with ``key`` opened in pane ``pane_id``: (app, pilot, pane)."""
    state_at(tmp_path, progress)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = await open_pane(pilot, pane_id)
        assert pane.open_item(key)
        await settle(pilot)
        yield app, pilot, pane


def flat(text: str) -> str:
    return " ".join(text.split())


async def pane_text(pilot, pane_id: str) -> str:
    """Every entry of a list pane as the reader would read it: each row and each page."""
    pane = await open_pane(pilot, pane_id)
    await settle(pilot)
    items = pane.query_one("#items", RowList)
    rows = [str(items.get_option_at_index(i).prompt) for i in range(items.option_count)]
    pages = [str(entry.renderable) for entry in pane.listed]
    return flat("\n".join(rows + pages))


def shown_lines(pane) -> str:
    return flat(" ".join(pane.query_one(TextView).lines))


@pytest.mark.parametrize(("kind", "chapter", "pane_id", "key", "text"), ITEMS)
async def test_absent_before_its_chapter_present_after(tmp_path, kind, chapter, pane_id, key, text):
    state_at(tmp_path, chapter - 1)
    app = make_app(tmp_path)
    name = NAMES.get(key) if kind in ("symbol", "device", "relationship") else None
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = await pane_text(pilot, pane_id)
        assert flat(text) not in before
        labels = "\n".join(e.label for e in app.palette_entries())
        if name:
            assert name not in before and name not in labels
        # finishing the chapter lists it, and enter opens it in its pane
        await open_pane(pilot, "progress")
        await press(pilot, "n")
        unlocked = app.pane("progress").unlocked
        hits = [i for i, item in enumerate(unlocked.items) if item.kind == kind]
        assert [unlocked.items[i].key for i in hits] == [key]
        assert [unlocked.items[i].pane for i in hits] == [pane_id]
        listed = app.pane("progress").query_one("#unlocked-list", RowList)
        assert str(listed.get_option_at_index(hits[0]).prompt).startswith(kind)
        listed.highlighted = hits[0]
        await press(pilot, "enter")
        pane = app.pane(pane_id)
        assert app.current_pane_id == pane_id
        assert pane.query_one("#items", RowList).highlighted_option.id == key
        assert flat(text) in shown_lines(pane)
        if name:  # the palette finds it now, and opens it
            entry = next(e for e in app.palette_entries() if name in e.label)
            await open_pane(pilot, "progress")
            await entry.callback()
            await settle(pilot)
            assert app.current_pane_id == pane_id
            assert pane.query_one("#items", RowList).highlighted_option.id == key


async def test_locked_ones_are_counted_never_named(tmp_path):
    state_at(tmp_path, 1)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        themes = await pane_text(pilot, "themes")
        assert "Symbols and motifs (1) Symbol × chapter grid The sea" in themes
        assert "1 more symbol unlocks later" in themes
        assert "Devices (1) Device × chapter grid First-person narration 1 more device" in themes
        people = await pane_text(pilot, "people")
        assert "Relationships (0) 1 more relationship unlocks later" in people


async def test_portrait_replaced_by_the_later_one(tmp_path):
    async with showing(tmp_path, 3, "people", "character:ann") as (app, pilot, pane):
        lines = shown_lines(pane)
        assert "So far (chapter 3) Ann has grown restless" in lines
        assert "Ann wants a quiet life by the sea." not in lines
        assert "Relationships: Ann and the writer" in lines


async def test_symbols_and_devices_have_their_own_chapter_grid(tmp_path):
    async with showing(tmp_path, 3, "themes", "grid:symbols") as (app, pilot, pane):
        rows = pane.query_one(TextView).lines
        assert rows[1] == "Where each symbol turns up, chapter by chapter"
        sea = next(line for line in rows if line.startswith("The sea"))
        assert sea.split()[2:] == ["·", "·", "●"]  # its one note, at chapter 3
        assert pane.open_item("grid:devices")
        await settle(pilot)
        rows = pane.query_one(TextView).lines
        narration = next(line for line in rows if line.startswith("First-person narration"))
        assert narration.split()[2:] == ["·", "●", "·"]
        assert any(line.startswith("The withheld name") for line in rows)
        assert pane.open_item("grid")  # the themes' grid holds themes only
        await settle(pilot)
        assert not any("The sea" in line for line in pane.query_one(TextView).lines)


async def test_peek_at_a_symbols_next_note_asks_first(tmp_path):
    async with showing(tmp_path, 1, "themes", "symbol:the-sea") as (app, pilot, pane):
        await press(pilot, "v")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "chapter 3" in flat(screen_text(app))
        assert "Ann turns her back" not in screen_text(app)


async def test_card_back_gives_the_chapter_and_opening_words(tmp_path):
    async with showing(tmp_path, 2, "quotes", "quote:sea") as (app, pilot, pane):
        await press(pilot, "f")
        text = flat(screen_text(app))
        assert "Find it: Chapter 1, the passage beginning “I woke early…”." in text
        assert "The novel's words. Checked: The Little Test Book, first edition, page 1." in text


def test_unlocked_between_names_each_new_kind_without_the_tui():
    from companion.book.loader import load_pack
    from companion.study.guide import GuideView
    from companion.study.unlocked import unlocked_between
    from tests.pane_helpers import MINI

    book = load_pack(MINI)
    kinds = {item.kind for item in unlocked_between(GuideView(book, 0), GuideView(book, 4)).items}
    assert {kind for kind, *_ in ITEMS} <= kinds
    assert {"symbol", "device"} <= {
        item.kind for item in unlocked_between(GuideView(book, 1), GuideView(book, 3)).items
    }
    assert not unlocked_between(GuideView(book, 3), GuideView(book, 1)).items


async def test_card_back_without_opening_words_names_the_chapter_once(tmp_path):
    async with showing(tmp_path, 2, "quotes", "quote:not-said") as (app, pilot, pane):
        await press(pilot, "f")
        text = flat(screen_text(app))
        assert "Find it" not in text and "— Ann, chapter 2" in text
        assert "not in the novel. Checked: The Little Test Book, first edition: not in" in text
