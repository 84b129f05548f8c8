"""The drill through Pilot: start, reveal, grade, summary, resume."""

from __future__ import annotations

import datetime

import pytest
from textual.app import App
from textual.widgets import Input, Static

from companion.context import Context
from companion.store.deck import DeckStore
from companion.store.progress import Progress, save_progress
from companion.study import drill
from companion.tui.drive import press, quiet
from companion.tui.messages import DataChanged
from companion.tui.screens.drill import GRADE_LABELS, DrillScreen
from companion.tui.state import CompanionState
from tests.conftest import MINI, ROOT
from tests.pane_helpers import make_app
from tests.test_tui_outside import set_back_elsewhere

BOOK = ROOT / "content" / "never-let-me-go"

UTC = datetime.UTC
NOW = datetime.datetime(2025, 1, 10, 18, 0, tzinfo=UTC)


class Host(App):
    """Just enough app to hold the drill screen."""

    def __init__(self, state, now=lambda: NOW) -> None:
        super().__init__()
        self.state = state
        self.now = now
        self.changes: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(DrillScreen(self.state, now=self.now))

    def on_data_changed(self, message: DataChanged) -> None:
        self.changes.append(message.kind)


def make_state(tmp_path, finished: int = 2, starred=("sea", "not-said")) -> CompanionState:
    ctx = Context(book_arg=str(MINI), data_override=tmp_path)
    save_progress(ctx.data_dir, Progress(finished=finished))
    deck = DeckStore(ctx.data_dir)
    for qid in starred:
        deck.star(qid, today=datetime.date(2025, 1, 10))
    return CompanionState(ctx)


async def open_drill(app) -> DrillScreen:
    """The drill opened from the app (d), once the app is quiet."""
    await quiet(app)
    app.action_drill()
    await quiet(app)
    assert isinstance(app.screen, DrillScreen)
    return app.screen


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_drill_flow_start_reveal_grade_summary(tmp_path):
    state = make_state(tmp_path)
    app = Host(state)
    async with app.run_test(size=(100, 32)) as pilot:
        await quiet(pilot.app)
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        assert "Card 1 of 2" in text_of(screen, "#drill-status")
        assert "2 due" in text_of(screen, "#drill-status") or "2 new" in text_of(
            screen, "#drill-status"
        )
        first = screen.question
        assert first is not None and first.quote_id == "sea"  # deck order for new cards
        assert not screen.query_one("#drill-answer").display  # hidden until revealed
        # "1" typed into the answer box is text, not a grade
        await press(pilot, "1")
        assert screen.query_one("#drill-input", Input).value == "1"
        assert screen.phase == "question"
        await press(pilot, "enter")  # reveal
        assert screen.phase == "answer"
        assert screen.query_one("#drill-answer").display
        assert first.answer in text_of(screen, "#drill-answer")
        await press(pilot, "1")  # again
        assert screen.question.quote_id == "not-said"
        assert screen.question.prompt == "Is this line in the novel?"
        await pilot.click("#drill-reveal")
        await quiet(pilot.app)
        assert "The novel has: Ann only says the letter is old." in text_of(screen, "#drill-answer")
        await pilot.click("#drill-grade-easy")
        await quiet(pilot.app)
        # "again" brings the first card back at the end of the session
        assert screen.question.quote_id == "sea" and screen.phase == "question"
        await press(pilot, "enter")
        await press(pilot, "3")
        assert screen.phase == "summary"
        summary = text_of(screen, "#drill-message")
        assert "2 cards seen, 3 reviews: again 1, hard 0, good 1, easy 1" in summary
    reloaded = DeckStore(state.data_dir)
    assert [(r["quote"], r["rating"]) for r in reloaded.reviews] == [
        ("sea", "again"),
        ("not-said", "easy"),
        ("sea", "good"),
    ]
    assert drill.card_from_state(reloaded.card_state("sea")) is not None
    assert not drill.session_path(state.data_dir).exists()  # a finished session is gone
    assert app.changes.count("deck") == 3


async def test_drill_resumes_where_it_stopped(tmp_path):
    state = make_state(tmp_path)
    app = Host(state)
    async with app.run_test(size=(100, 32)) as pilot:
        await quiet(pilot.app)
        await press(pilot, "enter", "3")  # grade the first card
        assert app.screen.question.quote_id == "not-said"
        await press(pilot, "escape")  # close mid-session
        await quiet(pilot.app)
        assert not isinstance(app.screen, DrillScreen)
    saved = drill.SessionFile(state.data_dir).load()
    assert saved is not None and saved.current == "not-said" and saved.position == 1

    again = Host(CompanionState(Context(book_arg=str(MINI), data_override=tmp_path)))
    async with again.run_test(size=(100, 32)) as pilot:
        await quiet(pilot.app)
        screen = again.screen
        assert screen.question.quote_id == "not-said"
        assert "Card 2 of 2" in text_of(screen, "#drill-status")
        assert "resumed" in text_of(screen, "#drill-status")
        await press(pilot, "enter", "4")
        assert screen.phase == "summary"
        assert "2 cards seen, 2 reviews: again 0, hard 0, good 1, easy 1" in text_of(
            screen, "#drill-message"
        )


async def test_empty_deck_offers_all_unlocked_quotes(tmp_path):
    state = make_state(tmp_path, starred=())
    app = Host(state)
    async with app.run_test(size=(100, 32)) as pilot:
        await quiet(pilot.app)
        screen = app.screen
        assert screen.phase == "offer"
        assert "drill all 2 unlocked quotes" in text_of(screen, "#drill-message")
        await press(pilot, "a")
        assert screen.phase == "question"
        assert screen.session.pool == "all"
        assert set(screen.session.queue) == {"sea", "not-said"}  # never "grandmother" at 2


async def test_nothing_due_offers_to_drill_ahead(tmp_path):
    state = make_state(tmp_path, starred=("sea",))
    drill.grade(state.deck, "sea", "easy", "cloze", NOW)
    app = Host(state, now=lambda: NOW + datetime.timedelta(hours=1))
    async with app.run_test(size=(100, 32)) as pilot:
        await quiet(pilot.app)
        screen = app.screen
        assert screen.phase == "offer"
        assert "Nothing is due" in text_of(screen, "#drill-message")
        await pilot.click("#drill-offer")
        await quiet(pilot.app)
        assert screen.phase == "question" and screen.session.ahead
        assert "drilling ahead" in text_of(screen, "#drill-status")


async def test_a_locked_quote_in_a_saved_session_is_never_shown(tmp_path):
    state = make_state(tmp_path, finished=4, starred=("sea", "grandmother"))
    drill.SessionFile(state.data_dir).save(drill.Session(queue=["grandmother", "sea"]))
    save_progress(state.data_dir, Progress(finished=1))  # the reader went back
    state.reload_progress()
    app = Host(state)
    async with app.run_test(size=(100, 32)) as pilot:
        await quiet(pilot.app)
        screen = app.screen
        assert screen.question.quote_id == "sea"
        assert "grandmother" not in text_of(screen, "#drill-quote")


@pytest.mark.parametrize(
    "delta,text",
    [
        (datetime.timedelta(minutes=1), "1 min"),
        (datetime.timedelta(hours=5), "5 h"),
        (datetime.timedelta(days=8), "8 d"),
    ],
)
def test_interval_text(delta, text):
    from companion.tui.screens.drill import interval_text

    assert interval_text(delta) == text


async def test_the_app_opens_the_drill_from_the_palette_commands(tmp_path):
    from companion.tui.app import CompanionApp

    state = make_state(tmp_path, starred=("sea",))
    app = CompanionApp(state.ctx, state=state)
    async with app.run_test(size=(100, 32)) as pilot:
        await quiet(pilot.app)
        labels = [c.label for c in app.palette_entries()]
        assert "drill: Start (1 due)" in labels
        command = next(c for c in app.palette_entries() if c.label.startswith("drill:"))
        await command.callback()
        await quiet(pilot.app)
        assert isinstance(app.screen, DrillScreen)
        await press(pilot, "enter", "3")
        assert app.screen.phase == "summary"
        await press(pilot, "1", "2")  # grade keys do nothing on the summary
        await quiet(pilot.app)
        assert isinstance(app.screen, DrillScreen) and app.screen.phase == "summary"
        await press(pilot, "escape")
        assert not isinstance(app.screen, DrillScreen)
        assert "drill: Start (0 due)" in [c.label for c in app.palette_entries()]


async def test_enter_reveals_while_typing_and_space_is_part_of_the_answer(tmp_path):
    state = make_state(tmp_path, starred=("sea",))
    app = Host(state)
    async with app.run_test(size=(80, 24)) as pilot:
        await quiet(pilot.app)
        screen = app.screen
        assert "Reveal (enter)" in str(screen.query_one("#drill-reveal").label)
        keys = {b.binding.key: b.binding.description for b in screen.active_bindings.values()}
        assert keys.get("enter") == "Reveal"  # in the footer, while the answer box has focus
        field = screen.query_one("#drill-input", Input)
        assert app.focused is field
        await press(pilot, "c", "h", "space", "o", "n", "e")
        assert field.value == "ch one" and screen.phase == "question"  # space is typed
        await press(pilot, "enter")
        assert screen.phase == "answer"
        assert "You answered: ch one" in text_of(screen, "#drill-answer")


async def test_grades_are_in_view_after_reveal_at_80x24(tmp_path):
    ctx = Context(book_arg=str(BOOK), data_override=tmp_path)
    save_progress(ctx.data_dir, Progress(finished=23))
    state = CompanionState(ctx)
    longest = max(state.view.quotes, key=lambda q: len(q.text))
    DeckStore(ctx.data_dir).star(longest.id, today=datetime.date(2025, 1, 10))
    app = Host(CompanionState(ctx))
    async with app.run_test(size=(80, 24)) as pilot:
        await quiet(pilot.app)
        await press(pilot, "enter")
        screen = app.screen
        assert screen.phase == "answer"
        for rating in drill.RATINGS:
            button = screen.query_one(f"#drill-grade-{rating}")
            assert screen.find_widget(button).region.bottom <= 23  # above the footer
            assert button.region in screen.query_one("#drill-body").region


async def test_every_grade_is_on_screen_at_60_columns(tmp_path):
    state = make_state(tmp_path, starred=("sea",))
    app = Host(state)
    async with app.run_test(size=(60, 18)) as pilot:
        await quiet(pilot.app)
        await press(pilot, "enter")
        screen = app.screen
        for rating in drill.RATINGS:
            button = screen.query_one(f"#drill-grade-{rating}")
            region = screen.find_widget(button).region
            assert region.right <= 60 and region.bottom <= 17, rating
            assert str(button.label).endswith(GRADE_LABELS[rating])  # whole, intervals left out


async def test_progress_set_back_elsewhere_puts_the_card_on_screen_away(tmp_path):
    # drilling at chapter 4, the card for chapter 4's quote revealed; progress set back to
    # 1 elsewhere: that card goes at once (it went only when the reader graded it)
    state = make_state(tmp_path, finished=4, starred=("grandmother", "sea"))
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_drill(app)
        assert screen.question.quote_id == "grandmother"
        grandmother = " ".join(state.book.quote("grandmother").text.split()[:4])

        def shown() -> str:
            text = text_of(screen, "#drill-quote") + " " + text_of(screen, "#drill-answer")
            return " ".join(text.split())

        await press(pilot, "enter")  # revealed: the answer and the grades
        assert screen.phase == "answer"
        assert grandmother in shown() and "Chapter 4" in shown()
        await set_back_elsewhere(pilot, tmp_path, 1)
        assert screen.phase == "question" and screen.question.quote_id == "sea"
        assert grandmother not in shown() and "Chapter 4" not in shown()
        assert screen.sub_title.startswith("Chapter 1 of")


async def test_summary_says_why_cards_set_back_elsewhere_were_not_seen(tmp_path):
    # every card of the session locked by a step back made elsewhere: the summary said
    # "0 cards seen" and nothing more
    make_state(tmp_path, finished=4, starred=("grandmother", "not-said"))
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_drill(app)
        assert screen.phase == "question"
        await set_back_elsewhere(pilot, tmp_path, 1)
        assert screen.phase == "summary"
        summary = " ".join(text_of(screen, "#drill-message").split())
        assert "0 cards seen" in summary
        assert (
            "2 cards were put away unseen: their quotes are from chapters past your progress"
            in summary
        )
