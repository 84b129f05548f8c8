"""The drill's pure parts: questions, FSRS scheduling, due order, the resumable session."""

from __future__ import annotations

import datetime

import pytest

from companion.book.loader import load_pack
from companion.store.deck import DeckStore
from companion.study import drill
from tests.conftest import MINI

UTC = datetime.UTC
NOW = datetime.datetime(2025, 1, 10, 18, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def book():
    return load_pack(MINI)


def test_cloze_hides_a_content_word_deterministically(book):
    sea = book.quote("sea")
    question = drill.make_question(book, sea, 4, "cloze")
    assert question.hidden == "morning"  # the longest non-stop word
    assert question.shown == "The sea was grey that _____."
    assert "morning" not in question.shown
    assert drill.make_question(book, sea, 4, "cloze") == question
    assert drill.cloze_word("It was the way that they were.") is None  # only stop words


def test_cloze_never_picks_a_stop_word():
    start, end = drill.cloze_word("There would have been nothing about Hailsham")
    assert "There would have been nothing about Hailsham"[start:end] == "Hailsham"


def test_misquotes_ask_whether_the_line_is_in_the_novel(book):
    quote = book.quote("not-said")
    assert drill.kinds_for(quote) == ("misquote",)
    question = drill.make_question(book, quote, 2)
    assert question.prompt == "Is this line in the novel?"
    assert question.answer.startswith("No")
    assert quote.actual in question.detail
    assert drill.check_answer(question, "no") is True
    assert drill.check_answer(question, "yes") is False


def test_kinds_rotate_per_review_and_answers_are_checked(book):
    sea = book.quote("sea")
    kinds = {drill.kind_for(sea, n) for n in range(3)}
    assert kinds == {"speaker", "chapter", "cloze"}
    speaker = drill.make_question(book, sea, 4, "speaker")
    assert speaker.answer == "Ann"
    assert drill.check_answer(speaker, " ann ") is True
    assert drill.check_answer(speaker, "") is None
    chapter = drill.make_question(book, sea, 4, "chapter")
    assert chapter.answer == "Chapter 1: Arrival (Part One)"
    assert drill.check_answer(chapter, "1") is True
    assert drill.check_answer(chapter, "chapter 3") is False


def test_again_is_due_before_easy():
    again = drill.review(drill.new_card("a", NOW), "again", NOW)
    easy = drill.review(drill.new_card("b", NOW), "easy", NOW)
    assert again.due < easy.due
    assert again.due - NOW <= datetime.timedelta(minutes=10)
    assert easy.due - NOW >= datetime.timedelta(days=1)


def test_card_state_survives_a_restart(tmp_path, book):
    deck = DeckStore(tmp_path)
    deck.star("sea")
    deck.star("not-said")
    drill.grade(deck, "sea", "again", "cloze", NOW)
    drill.grade(deck, "not-said", "easy", "misquote", NOW)
    again = DeckStore(tmp_path)  # a new process on the same folder
    sea = drill.card_from_state(again.card_state("sea"))
    said = drill.card_from_state(again.card_state("not-said"))
    assert sea is not None and said is not None
    assert sea.due < said.due
    assert [(r["quote"], r["rating"], r["kind"]) for r in again.reviews] == [
        ("sea", "again", "cloze"),
        ("not-said", "easy", "misquote"),
    ]
    # and the restored card keeps scheduling like the original
    original = drill.review(drill.new_card("sea", NOW), "again", NOW)
    later = NOW + datetime.timedelta(minutes=5)
    assert drill.review(sea, "good", later).due == drill.review(original, "good", later).due


def test_plan_due_first_then_new_only_unlocked(tmp_path, book):
    deck = DeckStore(tmp_path)
    for qid in ("grandmother", "sea", "not-said"):
        deck.star(qid)
    drill.grade(deck, "not-said", "again", "misquote", NOW)
    drill.grade(deck, "sea", "easy", "cloze", NOW)
    later = NOW + datetime.timedelta(hours=1)
    plan = drill.plan(book, 2, deck, later)  # "grandmother" unlocks at 4
    assert plan.due == ["not-said"]
    assert plan.new == []
    assert plan.ahead == ["sea"]
    assert "grandmother" not in plan.queue + plan.ahead
    plan4 = drill.plan(book, 4, deck, later)
    assert plan4.queue == ["not-said", "grandmother"]
    # nothing due: drilling ahead takes the scheduled cards, soonest first
    assert drill.start_session(plan, ahead=True).queue == ["sea"]


def test_plan_offers_all_unlocked_quotes_when_nothing_is_starred(tmp_path, book):
    deck = DeckStore(tmp_path)
    plan = drill.plan(book, 2, deck, NOW)
    assert plan.starred_visible == 0 and plan.queue == []
    everything = drill.plan(book, 2, deck, NOW, pool="all")
    assert set(everything.queue) == {"sea", "not-said"}


def test_session_records_and_resumes(tmp_path):
    session = drill.Session(queue=["a", "b", "c"], started=NOW)
    session.record("a", "good")
    session.record("b", "again")  # comes back at the end
    assert session.queue == ["a", "b", "c", "b"] and session.current == "c"
    store = drill.SessionFile(tmp_path)
    store.save(session)
    resumed = drill.SessionFile(tmp_path).load()
    assert resumed is not None
    assert resumed.current == "c" and resumed.position == 2
    assert resumed.ratings == {"again": 1, "hard": 0, "good": 1, "easy": 0}
    resumed.record("c", "easy")
    resumed.record("b", "hard")
    assert resumed.done
    assert resumed.summary().line() == "3 cards seen, 4 reviews: again 1, hard 1, good 1, easy 1"
    store.clear()
    assert drill.SessionFile(tmp_path).load() is None


def test_a_bad_session_file_is_moved_aside_not_overwritten(tmp_path):
    path = drill.session_path(tmp_path)
    path.write_bytes(b"queue = [oops")
    store = drill.SessionFile(tmp_path)
    assert store.load() is None
    assert store.problem and "moved" in store.problem
    assert path.with_name(path.name + ".bad").read_bytes() == b"queue = [oops"


def test_a_newer_session_file_is_left_alone(tmp_path):
    path = drill.session_path(tmp_path)
    path.write_text("schema_version = 99\nqueue = []\nposition = 0\n")
    store = drill.SessionFile(tmp_path)
    assert store.load() is None and store.read_only
    store.save(drill.Session(queue=["x"]))
    assert "99" in path.read_text()


def test_resume_drops_cards_locked_since(tmp_path):
    session = drill.Session(queue=["sea", "grandmother", "not-said"], position=1)
    session.keep_visible({"sea", "not-said"})
    assert session.queue == ["sea", "not-said"] and session.current == "not-said"


def test_who_says_it_is_not_asked_when_the_text_names_the_speaker():
    from companion.book.model import Quote

    quote = Quote(
        id="p",
        text="Ruth, in substance: it is his own fault.",
        speaker="Ruth",
        chapter=1,
        unlock=1,
        provenance="paraphrase",
        context="",
        significance="",
    )
    assert drill.kinds_for(quote) == ("chapter",)


def test_a_second_bad_session_file_keeps_the_first_copy(tmp_path):
    path = drill.session_path(tmp_path)
    path.write_bytes(b"queue = [first")
    assert drill.SessionFile(tmp_path).load() is None
    path.write_bytes(b"queue = [second")
    store = drill.SessionFile(tmp_path)
    assert store.load() is None and "bad-2" in store.problem
    assert path.with_name(path.name + ".bad").read_bytes() == b"queue = [first"
    assert path.with_name(path.name + ".bad-2").read_bytes() == b"queue = [second"
    assert not path.exists()


@pytest.mark.parametrize(
    "typed, right",
    [
        ("chapter one", True),
        ("Chapter One", True),
        ("ch 1", True),
        ("chapter 1", True),
        ("the first chapter", True),
        ("part one", True),
        ("one", True),
        ("chapter two", False),
        ("part two", False),
        ("ch 11", False),
        ("twenty-one", False),
    ],
)
def test_a_chapter_in_words_or_digits_counts(book, typed, right):
    chapter = drill.make_question(book, book.quote("sea"), 4, "chapter")
    assert drill.check_answer(chapter, typed) is right


def test_numbers_in_words_run_to_twenty_three():
    from companion.study.numbers import numbers_in

    assert [n for _, n in numbers_in("twenty three")] == [23]
    assert [n for _, n in numbers_in("twenty-first")] == [21]
    assert numbers_in("part three chapter 23rd") == [("part", 3), ("chapter", 23)]
