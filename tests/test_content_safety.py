"""Spoiler safety of the bundled Never Let Me Go pack, checked end to end.

Every test runs the real CLI (`python -m companion guide --upto N --format json`)
in a subprocess, so what is checked is exactly what a reader would be shown.
The reveal chapters come from shared/book-facts.md, section 2 ("First chapter of
each reveal"): a reveal's key words must be absent from everything shown at
progress N-1 and present at progress N.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "content" / "never-let-me-go"
CHAPTERS = 23

_CACHE: dict[int, tuple[dict, str]] = {}
_DATA_DIR = tempfile.mkdtemp(prefix="companion-safety-")


def guide(n: int) -> tuple[dict, str]:
    """The parsed JSON guide at progress n and its whole text, lower-cased (cached)."""
    if n not in _CACHE:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "companion",
                "--data-dir",
                _DATA_DIR,
                "guide",
                "--upto",
                str(n),
                "--format",
                "json",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, f"guide --upto {n} failed:\n{proc.stderr}"
        data = json.loads(proc.stdout)
        # Search the decoded strings (every value, keys left out), not escaped JSON.
        text = "\n".join(_strings(data)).lower()
        _CACHE[n] = (data, text)
    return _CACHE[n]


def _strings(obj) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in _strings(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v)]
    return []


# (first chapter, regex, what it reveals). Absent at chapter-1, present at chapter.
REVEALS: list[tuple[int, str, str]] = [
    (1, r"\bcarers?\b", "the word carer"),
    (1, r"\bdonors?\b", "the word donor"),
    (3, r"\bmadame\b", "Madame"),
    (3, r"\bthe gallery\b", "the Gallery"),
    (3, r"not (being )?taught enough", "hint: not taught enough"),
    (6, r"\bjudy bridgewater\b", "the tape"),
    (6, r"\bsongs after dark\b", "the tape's album"),
    (6, r"\blost corner\b", "Norfolk, the lost corner"),
    (6, r"healthy inside", "hint: the smoking talk"),
    (7, r"\borgans?\b", "vital organs (fate stated)"),
    (7, r"told and not told", "told and not told"),
    (7, r"\bunzip", "the unzip joke"),
    (7, r"middle age", "donating before middle age"),
    (12, r"\bclon", "clones"),
    (12, r"\bpossibles\b", "possibles"),
    (13, r"\bdeferrals?\b", "the deferral rumour"),
    (13, r"\bcromer\b", "the Cromer trip"),
    (15, r"\b(his|tommy's) theory\b", "Tommy's Gallery theory"),
    (15, r"second-hand shop", "the tape found again"),
    (18, r"hailsham (has |had )?closed|closure of hailsham", "Hailsham has closed"),
    (18, r"\bdover\b", "Ruth's centre in Dover"),
    (19, r"worst thing (i|she) did", "Ruth's confession"),
    (19, r"madame's address", "Madame's address"),
    (19, r"\bkingsfield\b", "Kingsfield"),
    (19, r"\bruth (has |had )?complet", "Ruth completes"),
    (19, r"\bchrissie (has |had )?complet", "Chrissie completed"),
    (19, r"\bstranded\b", "the stranded boat"),
    (20, r"\b(becomes|became) tommy's carer\b", "Kathy becomes Tommy's carer"),
    (20, r"\blovers\b", "Kathy and Tommy become lovers"),
    (20, r"\blittlehampton\b", "Littlehampton"),
    (20, r"third donation", "Tommy's third donation"),
    (21, r"\bwheelchair\b", "Miss Emily in a wheelchair"),
    (22, r"\bmorningdale\b", "the Morningdale scandal"),
    (22, r"never were any deferrals|no deferrals", "no deferrals"),
    (22, r"\bsouls\b", "the Gallery's purpose: souls"),
    (22, r"\bheadlights?\b|\bheadlit\b", "Tommy's rage in the field"),
    (23, r"\btommy (has |had )?complet", "Tommy completes"),
    # "fourth donation" itself is on chapter 1's first page; Tommy's is the reveal
    (23, r"\bhis fourth donation", "Tommy's fourth donation"),
    (23, r"\briver\b", "the river image"),
    (23, r"\bploughed\b", "the final Norfolk scene"),
    (23, r"\bhorizon\b", "the figure on the horizon"),
]

# Words that must not appear before a chapter but need not appear exactly there.
ABSENT_BEFORE: list[tuple[int, str, str]] = [
    (1, r"\bcomplet(e|es|ed|ing|ion)\b", "the word complete"),
    (1, r"\bdonat", "the word donation (ch 1 uses it, unexplained)"),
    (7, r"\b(die|dies|died|dying|death|deaths|dead)\b", "death"),
    (7, r"\bdystopi|science fiction", "genre labels that hint at the premise"),
    (12, r"copied from|\bcopies of\b", "copies"),
    (12, r"\bmodell?ed\b", "modelled"),
    (
        12,
        r"\bpossible\"|[\"“‘']possible[\"”’']|\b(her|his|my|your|ruth's|kathy's) possible\b",
        "a possible",
    ),
    (19, r"\bcompleted\b", "a completion"),
    (22, r"\bsoul\b", "souls"),
]


@pytest.mark.parametrize("chapter,pattern,what", REVEALS, ids=[f"{c}-{w}" for c, _, w in REVEALS])
def test_reveal_gated(chapter: int, pattern: str, what: str) -> None:
    _, before = guide(chapter - 1)
    m = re.search(pattern, before)
    assert m is None, (
        f"{what!r} (/{pattern}/) shown at progress {chapter - 1}, before chapter {chapter}: "
        f"...{before[max(0, m.start() - 120) : m.end() + 60]}..."
    )
    _, at = guide(chapter)
    assert re.search(pattern, at), f"{what!r} (/{pattern}/) not shown at progress {chapter}"


@pytest.mark.parametrize(
    "chapter,pattern,what", ABSENT_BEFORE, ids=[f"{c}-{w}" for c, _, w in ABSENT_BEFORE]
)
def test_absent_before(chapter: int, pattern: str, what: str) -> None:
    for n in range(chapter):
        _, text = guide(n)
        m = re.search(pattern, text)
        assert m is None, (
            f"{what!r} (/{pattern}/) shown at progress {n}, before chapter {chapter}: "
            f"...{text[max(0, m.start() - 120) : m.end() + 60]}..."
        )


def test_progress_zero_shows_no_chapters_or_sections() -> None:
    data, _ = guide(0)
    assert data["progress"] == 0
    assert data["chapters"] == []
    assert data["sections"] == []


def test_chapter_summaries_60_to_150_words() -> None:
    data, _ = guide(CHAPTERS)
    chapters = data["chapters"]
    assert [c["number"] for c in chapters] == list(range(1, CHAPTERS + 1))
    for c in chapters:
        words = len(c["summary"].split())
        assert 60 <= words <= 150, f"chapter {c['number']} summary has {words} words"
        assert 2 <= len(c["label"].split()) <= 6, f"chapter {c['number']} label {c['label']!r}"


def test_chapters_appear_one_by_one() -> None:
    for n in (1, 9, 17, 22):
        data, _ = guide(n)
        assert [c["number"] for c in data["chapters"]] == list(range(1, n + 1))


def test_pack_validates() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "companion", "validate", str(PACK)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_content_counts() -> None:
    data, _ = guide(CHAPTERS)
    assert len(data["quotes"]) >= 30, f"{len(data['quotes'])} quotes"
    assert len(data["characters"]) >= 12, f"{len(data['characters'])} characters"
    assert len(data["glossary"]) >= 14, f"{len(data['glossary'])} glossary terms"
    assert len(data["themes"]) >= 8, f"{len(data['themes'])} themes"
    questions = data["questions"]
    parts = {1: (1, 9), 2: (10, 17), 3: (18, 23)}
    for part, (first, last) in parts.items():
        n = sum(
            1
            for q in questions
            if q.get("part") == part
            or (q.get("part") is None and first <= q["unlock"] <= last and q["unlock"] != 23)
        )
        assert n >= 5, f"part {part}: {n} questions"
    end = sum(1 for q in questions if q["unlock"] == CHAPTERS)
    assert end >= 8, f"{end} questions with unlock {CHAPTERS}"


def test_sections_and_articles_present() -> None:
    data, _ = guide(CHAPTERS)
    assert len(data["sections"]) >= 14
    assert len(data["articles"]) >= 8
    start, _ = guide(0)
    assert start["articles"], "some background articles must be safe before reading"


# Starts (or distinctive parts) of the lines book-facts.md section 4 marks
# P (paraphrase), NF (not found), INV (invented) or X (not from the novel).
# None of them may be presented as the novel's own words.
NOT_VERBATIM = [
    "stopped resisting",  # P: only the first clause of this line is verbatim
    "he's a layabout",
    "all this effort",
    "if you're going to have decent lives",
    "there was more than a hint of ruth",
    "i kept you and tommy apart",
    "there were no deferrals",
    "we demonstrated to the world",
    "i found myself standing before acres",
    "you've got to really lean back on daffodil",
    "i was just turning over the pages of the register",
    "on the verge of tears",
    "we didn't really know what to make of it",
    "more and more these days, i'll be driving past fields",
    "we were encouraged to value each other's work",
    "you should go and see her",
    "we were holding each other because that's what people do",
    "battery farms",
    "they prove we have souls",
    "he let out a roar of anger",
    "the recovery centre called me",
    # X: critics' and author's lines that could not be verified
    "won't leave the reader's consciousness",
    "a novel that won't leave",
    "clinical sadness",
    "mastery of restraint",
    "the horror is that no one sees the horror",
    "a metaphor for mortality",
]


def _norm(s: str) -> str:
    s = s.lower().replace("\u2019", "'").replace("\u2018", "'")
    s = s.replace("\u201c", '"').replace("\u201d", '"').replace("\u2026", "...")
    s = re.sub(r"\s+", " ", s)
    return s.strip().lstrip("\"' ").strip()


def test_no_unverified_line_presented_as_verbatim() -> None:
    data, _ = guide(CHAPTERS)
    bad = []
    for q in data["quotes"]:
        if q.get("provenance") != "verbatim":
            continue
        text = _norm(q["text"])
        for frag in NOT_VERBATIM:
            if text.startswith(frag) or frag in text:
                bad.append((q["id"], frag))
    assert not bad, f"verbatim quotes built on P/NF/INV/X lines: {bad}"


def test_quotes_never_before_their_chapter() -> None:
    for n in (0, 6, 11, 18, 22):
        data, _ = guide(n)
        for q in data["quotes"]:
            assert q["chapter"] <= n, f"quote {q['id']} (chapter {q['chapter']}) shown at {n}"
