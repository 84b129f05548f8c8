"""DrillScreen: one unlocked quote at a time with something hidden, then a self-grade.

All the logic lives in ``companion.study.drill`` (questions, FSRS, due order, the
session file); this screen only shows it. Phases:

* ``offer``    nothing to drill now: drill ahead, or drill all unlocked quotes when
               the deck is empty; escape closes;
* ``question`` the prompt, the quote (with a blank for a cloze), an optional Input;
               Enter (typing or not) or the Reveal button reveals (space is
               a character of the answer);
* ``answer``   the answer; 1-4 or the buttons grade again / hard / good / easy;
* ``summary``  the end: cards seen and the ratings.

Every grade saves the card (DeckStore.set_card_state), the review (add_review) and the
session position (drill-session.toml), so closing at any moment resumes at that card.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from companion.book.gate import is_visible
from companion.errors import CompanionError
from companion.study import drill
from companion.study.text import show_controls
from companion.tui.messages import DataChanged
from companion.tui.screens.modals import closed_early
from companion.tui.widgets.key_bar import KeyBar

GRADE_LABELS = {"again": "Again", "hard": "Hard", "good": "Good", "easy": "Easy"}


def interval_text(delta: datetime.timedelta) -> str:
    """ "1 min", "10 min", "3 h", "8 d": how long until a card comes back."""
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes < 60:
        return f"{minutes} min"
    hours = round(minutes / 60)
    if hours < 24:
        return f"{hours} h"
    days = round(hours / 24)
    return f"{days} d" if days < 60 else f"{round(days / 30)} mo"


def _note(text: str) -> str:
    """A notification's message: Textual's notify takes a str (markup=False with it)."""
    return show_controls(text or "")


def _plain(text: str, style: str = "") -> Text:
    return Text(show_controls(text or "", keep_newlines=True), style=style)


def _skipped_text(put_away: int, dropped: int) -> str:
    """Why cards of the session were not shown (a summary of "0 cards seen" says why)."""
    out = ""
    if put_away:
        out += (
            "\n1 card was put away unseen: its quote is from a chapter past your progress."
            if put_away == 1
            else f"\n{put_away} cards were put away unseen: their quotes are from chapters "
            "past your progress."
        )
    if dropped:
        out += (
            "\n1 card was skipped: its quote is no longer in the book's pack."
            if dropped == 1
            else f"\n{dropped} cards were skipped: their quotes are no longer in the book's pack."
        )
    return out


class DrillScreen(Screen[None]):
    """The quote drill. ``now`` is injectable so tests and snapshots are stable."""

    DEFAULT_CSS = """
    DrillScreen { align-horizontal: center; }
    DrillScreen #drill-body { width: 100%; max-width: 96; height: 1fr; padding: 1 2; }
    DrillScreen #drill-status { color: $text-muted; height: auto; }
    DrillScreen #drill-prompt { text-style: bold; color: $accent; margin-top: 1; height: auto; }
    DrillScreen #drill-quote {
        border: round $accent; padding: 1 2; margin: 1 0; height: auto;
    }
    DrillScreen #drill-input { margin-bottom: 1; }
    DrillScreen #drill-answer {
        border: round $success; padding: 0 2; height: auto; margin-bottom: 1;
    }
    DrillScreen #drill-message { height: auto; margin-bottom: 1; }
    DrillScreen .row { height: auto; }
    DrillScreen .row Button { margin-right: 2; min-width: 8; }
    """

    BINDINGS = [
        # enter works while typing the answer (priority: before the Input submits)
        Binding("enter", "reveal", "Reveal", id="drill.reveal", priority=True),
        Binding("1", "grade('again')", "Again", id="drill.again"),
        Binding("2", "grade('hard')", "Hard", id="drill.hard"),
        Binding("3", "grade('good')", "Good", id="drill.good"),
        Binding("4", "grade('easy')", "Easy", id="drill.easy"),
        Binding("a", "offer", "Drill ahead / all", id="drill.offer"),
        Binding("escape", "close", "Close (resumes later)", id="drill.close"),
        Binding("left,h", "app.focus_previous", "Previous button", show=False, id="drill.left"),
        Binding("right,l", "app.focus_next", "Next button", show=False, id="drill.right"),
    ]

    def __init__(
        self,
        state,
        *,
        now: Callable[[], datetime.datetime] | None = None,
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id)
        self.state = state
        self.now = now or drill.utc_now
        self.phase = "offer"
        self.session: drill.Session | None = None
        self.question: drill.Question | None = None
        self.plan: drill.Plan | None = None
        self.session_file = drill.SessionFile(state.data_dir)
        self._offer: str | None = None  # "ahead" | "all" | None
        self._resumed = False
        self._put_away = 0  # cards of this session skipped: quote locked since
        self._dropped = 0  # ... quote no longer in the pack

    # -- layout --

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="drill-body"):
            yield Static("", id="drill-status")
            yield Static("", id="drill-prompt")
            yield Static("", id="drill-quote")
            yield Input(
                placeholder="Your answer (optional); Enter reveals", id="drill-input", compact=True
            )
            yield Static("", id="drill-answer")
            yield Static("", id="drill-message")
            with Horizontal(id="drill-reveal-row", classes="row"):
                yield Button("Reveal (enter)", id="drill-reveal", variant="primary", compact=True)
            with Horizontal(id="drill-grades", classes="row"):
                for i, rating in enumerate(drill.RATINGS, 1):
                    yield Button(
                        f"{i} {GRADE_LABELS[rating]}",
                        id=f"drill-grade-{rating}",
                        variant="primary" if rating == "good" else "default",
                        compact=True,
                    )
            with Horizontal(id="drill-offers", classes="row"):
                yield Button("Drill ahead (a)", id="drill-offer", variant="primary", compact=True)
                yield Button("Close (esc)", id="drill-close", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        if closed_early(self):
            return
        self.title = "Drill"
        self.sub_title = self.state.place()
        problem = None
        saved = self.session_file.load()
        if self.session_file.problem:
            problem = self.session_file.problem
        visible_ids = {q.id for q in drill.visible_quotes(self.state.book, self.state.finished)}
        if saved is not None:
            saved.keep_visible(visible_ids)
        if saved is not None and not saved.done:
            self.session = saved
            self._resumed = True
            self._next_card()
        else:
            self._start("starred")
        if problem:
            self.notify(_note(problem), severity="warning", timeout=8, markup=False)
        from companion.tui.app import CompanionApp

        if isinstance(self.app, CompanionApp):  # a review day it cannot read: said once
            self.app.tell_problems(self.state.deck.problems)
            self.app.progress_signal.subscribe(self, self._progress_moved)

    def _progress_moved(self, finished: int) -> None:
        """Progress was set back elsewhere while drilling: the card on screen, if its
        quote is locked now, is put away at once (as the next ones are when reached)."""
        self.sub_title = self.state.place()
        if self.phase in ("question", "answer") and self.session is not None:
            quote = self.state.book.quote(self.session.current or "")
            if quote is None or not is_visible(quote, finished):
                self._next_card()

    # -- starting --

    def _start(self, pool: str, ahead: bool = False) -> None:
        now = self.now()
        self.plan = drill.plan(self.state.book, self.state.finished, self.state.deck, now, pool)
        if ahead or self.plan.queue:
            session = drill.start_session(self.plan, ahead=ahead, now=now)
            if session.queue:
                self.session = session
                self._put_away = self._dropped = 0
                self._save_session()
                self._next_card()
                return
        self._show_offer()

    def _show_offer(self) -> None:
        plan = self.plan
        assert plan is not None
        self.phase = "offer"
        self.session = None
        if plan.pool == "starred" and plan.starred_visible == 0:
            if plan.unlocked == 0:
                message = (
                    "No quotes are unlocked yet. Finish a chapter (Progress pane) and "
                    "quotes from it join the drill."
                )
                self._offer = None
            else:
                message = (
                    f"Your deck is empty: star quotes in the Quotes pane. Or drill "
                    f"all {plan.unlocked} unlocked quote"
                    f"{'s' if plan.unlocked != 1 else ''} now."
                )
                self._offer = "all"
        else:
            where = "your deck" if plan.pool == "starred" else "the unlocked quotes"
            if plan.ahead:
                first = drill.card_from_state(self.state.deck.card_state(plan.ahead[0]))
                wait = interval_text(first.due - self.now()) if first else ""
                message = (
                    f"Nothing is due in {where}: the next card is due in {wait}. "
                    f"Drill ahead ({len(plan.ahead)} card"
                    f"{'s' if len(plan.ahead) != 1 else ''})?"
                )
                self._offer = "ahead"
            else:
                message = "Nothing to drill."
                self._offer = None
        self._status("0 due")
        self._set(prompt="", quote=None, answer=None, message=message)
        offer = self.query_one("#drill-offer", Button)
        offer.label = "Drill all unlocked quotes (a)" if self._offer == "all" else "Drill ahead (a)"
        self._rows(offers=True, offer_button=self._offer is not None)
        self.query_one("#drill-offer" if self._offer else "#drill-close", Button).focus()

    # -- one card --

    def _next_card(self) -> None:
        session = self.session
        assert session is not None
        book, progress = self.state.book, self.state.finished
        while not session.done:
            quote = book.quote(session.current or "")
            if quote is not None and is_visible(quote, progress):
                break
            if quote is None:
                self._dropped += 1
            else:
                self._put_away += 1
            session.position += 1  # locked or gone since: skip, never show
        if session.done:
            self._finish()
            return
        quote = book.quote(session.current or "")
        assert quote is not None
        reviews = sum(1 for r in self.state.deck.reviews if r["quote"] == quote.id)
        self.question = drill.make_question(book, quote, progress, reviews=reviews)
        self.phase = "question"
        self._status()
        self._set(prompt=self.question.prompt, quote=self.question.shown, answer=None, message="")
        field = self.query_one("#drill-input", Input)
        field.value = ""
        field.disabled = False
        self._rows(reveal=True)
        field.focus()

    def _status(self, extra: str | None = None) -> None:
        parts = ["Drill"]
        session = self.session
        if session is not None and not session.done:
            parts.append(f"Card {session.position + 1} of {len(session.queue)}")
            if self._resumed:
                parts.append("resumed")
            if session.ahead:
                parts.append("drilling ahead")
        plan = self.plan or drill.plan(
            self.state.book,
            self.state.finished,
            self.state.deck,
            self.now(),
            session.pool if session else "starred",
        )
        self.plan = plan
        if extra is None:
            due, new = len(plan.due), len(plan.new)
            extra = ", ".join(
                ([f"{due} due"] if due or not new else []) + ([f"{new} new"] if new else [])
            )
        parts.append(extra)
        parts.append("your deck" if plan.pool == "starred" else "all unlocked quotes")
        self.query_one("#drill-status", Static).update(Text(" · ".join(parts)))

    def _set(self, *, prompt: str, quote: str | None, answer: Text | None, message: str) -> None:
        self.query_one("#drill-prompt", Static).update(_plain(prompt))
        box = self.query_one("#drill-quote", Static)
        box.display = quote is not None
        box.update(_plain(quote or "", "italic"))
        shown = self.query_one("#drill-answer", Static)
        shown.display = answer is not None
        shown.update(answer or "")
        msg = self.query_one("#drill-message", Static)
        msg.display = bool(message)
        msg.update(_plain(message))
        # answered, the typed answer is in the answer box: the grades get its rows
        self.query_one("#drill-input", Input).display = self.phase == "question"

    def _rows(
        self,
        *,
        reveal: bool = False,
        grades: bool = False,
        offers: bool = False,
        offer_button: bool = True,
    ) -> None:
        self.query_one("#drill-reveal-row").display = reveal
        self.query_one("#drill-grades").display = grades
        self.query_one("#drill-offers").display = offers
        self.query_one("#drill-offer").display = offer_button

    # -- actions --

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "reveal":
            return self.phase == "question"
        if action == "grade":
            return self.phase == "answer"
        if action == "offer":
            return self.phase == "offer" and self._offer is not None
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_reveal()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button.id or ""
        if button == "drill-reveal":
            self.action_reveal()
        elif button.startswith("drill-grade-"):
            self.action_grade(button.removeprefix("drill-grade-"))
        elif button == "drill-offer":
            self.action_offer()
        elif button == "drill-close":
            self.action_close()

    def action_reveal(self) -> None:
        if self.phase != "question" or self.question is None:
            return
        question = self.question
        field = self.query_one("#drill-input", Input)
        typed = field.value
        answer = Text()
        answer.append("Answer: ", style="bold")
        answer.append_text(_plain(question.answer, "bold"))
        if question.detail:
            answer.append("\n")
            answer.append_text(_plain(question.detail))
        verdict = drill.check_answer(question, typed)
        if verdict is not None:
            answer.append("\nYou answered: ")
            answer.append_text(_plain(typed.strip()))
            answer.append(
                "  ✓ matches" if verdict else "  ✗ differs", style="green" if verdict else "yellow"
            )
        self.phase = "answer"
        field.disabled = True
        quote = self.state.book.quote(question.quote_id)
        shown = question.shown if question.kind != "cloze" else quote.text.strip()
        self._set(
            prompt=question.prompt,
            quote=shown,
            answer=answer,
            message="Grade yourself: how well did you know it?",
        )
        self._label_grades()
        self._rows(grades=True)
        self.query_one("#drill-grade-good", Button).focus()
        # a long quote on a small screen: the grades in view, never below the fold
        self.call_after_refresh(self.query_one("#drill-grades").scroll_visible, animate=False)

    def _label_grades(self) -> None:
        """Each grade button shows when the card would come back ("3 Good · 10 min")."""
        if self.question is None:
            return
        now = self.now()
        qid = self.question.quote_id
        card = drill.card_from_state(self.state.deck.card_state(qid)) or drill.new_card(qid, now)
        labels = {
            rating: f"{i} {GRADE_LABELS[rating]} · "
            f"{interval_text(drill.review(card, rating, now).due - now)}"
            for i, rating in enumerate(drill.RATINGS, 1)
        }
        room = min(self.app.size.width, 96) - 4  # the body's width inside its padding
        if sum(len(label) + 4 for label in labels.values()) > room:  # a button each: all
            labels = {r: f"{i} {GRADE_LABELS[r]}" for i, r in enumerate(drill.RATINGS, 1)}
        for rating, label in labels.items():
            self.query_one(f"#drill-grade-{rating}", Button).label = label

    def action_grade(self, rating: str) -> None:
        if self.phase != "answer" or self.question is None or self.session is None:
            return
        question = self.question
        try:
            drill.grade(self.state.deck, question.quote_id, rating, question.kind, self.now())
        except CompanionError as error:
            self.notify(
                _note(f"This grade was not saved: {error.message}"),
                severity="error",
                timeout=10,
                markup=False,
            )
        self.session.record(question.quote_id, rating)
        self._save_session()
        self.post_message(DataChanged("deck"))  # the app refreshes the panes
        self.plan = None
        self._next_card()

    def action_offer(self) -> None:
        if self.phase != "offer" or self._offer is None:
            return
        if self._offer == "all":
            self._start("all")
        else:
            self._start(self.plan.pool if self.plan else "starred", ahead=True)

    def action_close(self) -> None:
        if self.phase in ("question", "answer") and self.session is not None:
            self._save_session()
        self.dismiss(None)

    # -- the end --

    def _finish(self) -> None:
        session = self.session
        assert session is not None
        self.phase = "summary"
        try:
            self.session_file.clear()
        except CompanionError as error:
            self.notify(_note(error.message), severity="warning", markup=False)
        summary = session.summary()
        self.plan = drill.plan(
            self.state.book, self.state.finished, self.state.deck, self.now(), session.pool
        )
        lines = Text()
        lines.append("Session done.\n", style="bold")
        lines.append(f"{summary.line()}.")
        lines.append(_skipped_text(self._put_away, self._dropped))
        if self.plan.ahead:
            card = drill.card_from_state(self.state.deck.card_state(self.plan.ahead[0]))
            if card is not None:
                lines.append(f"\nThe next card is due in {interval_text(card.due - self.now())}.")
        self.query_one("#drill-status", Static).update(
            Text(f"Done · {summary.cards} card{'s' if summary.cards != 1 else ''}")
        )
        self.query_one("#drill-prompt", Static).update(Text("Summary"))
        self.query_one("#drill-quote", Static).display = False
        self.query_one("#drill-input", Input).display = False
        self.query_one("#drill-answer", Static).display = False
        message = self.query_one("#drill-message", Static)
        message.display = True
        message.update(lines)
        self._offer = None
        self._rows(offers=True, offer_button=False)
        self.query_one("#drill-close", Button).focus()

    def _save_session(self) -> None:
        if self.session is None:
            return
        try:
            self.session_file.save(self.session)
        except CompanionError as error:
            self.notify(
                _note(f"Could not save the drill position: {error.message}"),
                severity="warning",
                markup=False,
            )
