"""The quotation cards of the bundled Never Let Me Go pack (issue 12, section 3).

Everything is read the way a reader meets it: `companion guide --upto N --format json`
through the real CLI, with a temporary data dir. The passages every study guide cites
must be there as the novel's own words from their chapter on, and nowhere before it.
Where a card's source note is needed, it is read from the pack's own quotes.toml.
"""

from __future__ import annotations

import io
import json
import re
import tomllib
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from companion.cli import main

PACK = Path(__file__).resolve().parent.parent / "content" / "never-let-me-go"
CHAPTERS = 23

# (chapter, a distinctive stretch of the passage) for the passages issue 12 names.
FAMOUS = [
    (2, "i don't know how it was where you were"),
    (3, "it's like walking past a mirror you've walked past every day of your life"),
    (3, "afraid of us in the same way someone might be afraid of spiders"),
    (6, "baby, baby, never let me go"),
    (6, "a woman who'd been told she couldn't have babies"),
    (6, "we could always go and find it again in norfolk"),
    (7, "your lives are set out for you"),
    (7, "so that we were always just too young to understand properly"),
    (14, "we're modelled from trash"),
    (19, "what i want is for you to put it right"),
    (20, "but what a pity we left it so late"),
    (22, "we did it to prove you had souls at all"),
    (22, "how can you ask a world that has come to regard cancer as curable"),
    (22, "the only way to stop us being swept away into the night"),
    (23, "these two people in the water, trying to hold onto each other"),
]

LAST_LINE = (
    "I just waited a bit, then turned back to the car, to drive off to wherever it was "
    "I was supposed to be."
)

# Lines that circulate as the novel's but are not its words (or are unconfirmed):
# they may appear on a misquote card, never on a verbatim one.
NEVER_VERBATIM = [
    "we all complete",
    "unseen tides",
    "see if you had souls at all",
    "showing you students were human beings",
    "what harm is there",
    "i found myself standing before acres",
]


def _norm(text: str) -> str:
    text = text.lower()
    for curly, plain in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, plain)
    text = text.replace("\u2026", "...").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text).strip()


def _strings(obj) -> list[str]:
    """Every string value in parsed JSON (keys left out)."""
    if isinstance(obj, str):
        return [obj]
    children = obj.values() if isinstance(obj, dict) else obj if isinstance(obj, list) else []
    return [s for child in children for s in _strings(child)]


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    """The parsed JSON guide at progress n, through the real CLI (cached per n)."""
    data_dir = tmp_path_factory.mktemp("companion-data")
    cache: dict[int, dict] = {}

    def at(n: int) -> dict:
        if n not in cache:
            out = io.StringIO()
            argv = ["--data-dir", str(data_dir), "guide", "--upto", str(n), "--format", "json"]
            with redirect_stdout(out):
                code = main(argv)
            assert code == 0, f"guide --upto {n} exited {code}"
            cache[n] = json.loads(out.getvalue())
        return cache[n]

    return at


@pytest.fixture(scope="module")
def pack_quotes() -> dict[str, dict]:
    with (PACK / "quotes.toml").open("rb") as f:
        return {q["id"]: q for q in tomllib.load(f)["quote"]}


@pytest.mark.parametrize("chapter,fragment", FAMOUS, ids=[f"{c}-{f[:24]}" for c, f in FAMOUS])
def test_famous_passage_at_its_chapter_and_not_before(guide, chapter: int, fragment: str) -> None:
    shown = [
        q
        for q in guide(chapter)["quotes"]
        if q["provenance"] == "verbatim" and fragment in _norm(q["text"])
    ]
    assert shown, f"no verbatim card with {fragment!r} at progress {chapter}"
    assert all(q["chapter"] == chapter for q in shown), [(q["id"], q["chapter"]) for q in shown]
    before = _norm("\n".join(_strings(guide(chapter - 1))))
    assert fragment not in before, f"{fragment!r} shown at progress {chapter - 1}"


def test_last_line_whole_at_23_only(guide) -> None:
    last = _norm(LAST_LINE)
    cards = [q for q in guide(CHAPTERS)["quotes"] if _norm(q["text"]) == last]
    assert [(q["provenance"], q["chapter"]) for q in cards] == [("verbatim", CHAPTERS)]
    assert "wherever it was i was supposed to be" not in _norm(
        "\n".join(_strings(guide(CHAPTERS - 1)))
    )


def test_card_counts(guide) -> None:
    quotes = guide(CHAPTERS)["quotes"]
    verbatim = [q for q in quotes if q["provenance"] == "verbatim"]
    misquotes = [q for q in quotes if q["provenance"] == "misquote"]
    assert len(verbatim) >= 30, f"{len(verbatim)} verbatim cards"
    assert len(misquotes) <= 8, f"{len(misquotes)} misquote cards"
    assert all(q["actual"].strip() for q in misquotes), "a misquote card without `actual`"


def test_every_verbatim_card_names_where_it_was_checked(guide, pack_quotes) -> None:
    shown = guide(CHAPTERS)["quotes"]
    assert {q["id"] for q in shown} == set(pack_quotes), "the guide at 23 shows every card"
    bad = []
    for q in shown:
        checked = q.get("checked", pack_quotes[q["id"]].get("checked", ""))
        note = _norm(checked)
        if q["provenance"] == "verbatim" and (
            len(note) < 8 or note.startswith(("paraphrase", "unverified"))
        ):
            bad.append((q["id"], checked))
        if q["provenance"] == "paraphrase" and note != "paraphrase":
            bad.append((q["id"], checked))
    assert not bad, f"cards without a source for their wording: {bad}"


def test_no_card_cites_a_review(guide, pack_quotes) -> None:
    review = re.compile(r"\breview", re.IGNORECASE)
    cards = guide(CHAPTERS)["quotes"] + list(pack_quotes.values())
    bad = sorted({q["id"] for q in cards if any(review.search(s) for s in _strings(q))})
    assert not bad, f"cards that mention a review: {bad}"


def test_circulating_misquotes_are_never_shown_as_the_novels_words(guide) -> None:
    quotes = guide(CHAPTERS)["quotes"]
    bad = [
        (q["id"], line)
        for q in quotes
        if q["provenance"] == "verbatim"
        for line in NEVER_VERBATIM
        if line in _norm(q["text"])
    ]
    assert not bad, f"verbatim cards carrying lines the novel does not have: {bad}"
    misquoted = " ".join(_norm(q["text"]) for q in quotes if q["provenance"] == "misquote")
    assert "we all complete" in misquoted, "the film's closing line is flagged as not the novel's"
