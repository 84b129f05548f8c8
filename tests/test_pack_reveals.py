"""reveals.toml: every piece of pack text is checked at the chapter it is first shown.

The mini pack reveals "grandmother" in chapter 4. Each case below puts the word into
one kind of text shown earlier, and `companion validate`'s problems must name that
file, the line of the word, the item and the chapter at which a reader would see it.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest
from conftest import MINI
from test_loader import edit, line_of, problems

from companion.book.model import Reveal
from companion.book.prefilter import needs
from companion.book.reveals import Shown, check, compile_reveal


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    copy = tmp_path / "pack"
    shutil.copytree(MINI, copy)
    return copy


LEAK = "grandmother"

# (file, text to replace, replacement holding LEAK, item named, chapter first shown)
CASES = [
    ("book.toml", 'title = "Part One"', 'title = "Part One: grandmother"', "part 1", 0),
    ("book.toml", 'label = "Away"', 'label = "Away to grandmother"', "part 2", 3),
    ("book.toml", 'label = "The letter"', 'label = "The grandmother"', "chapter 2", 2),
    ("book.toml", "north to find the writer.", "north to find grandmother.", "chapter 3", 3),
    ("sections/01-arrival.md", 'title = "Arrival"', 'title = "grandmother"', "arrival", 2),
    ("sections/01-arrival.md", "finds a **letter**", "finds a grandmother", "arrival", 2),
    ("articles/about.md", "A short book", "A grandmother book", "about", 0),
    ("quotes.toml", "The sea was grey", "The grandmother was grey", "sea", 1),
    ("quotes.toml", 'speaker = "Ann"', 'speaker = "grandmother"', "sea", 1),
    ("quotes.toml", "Ann looks out", "grandmother looks out", "sea", 1),
    ("quotes.toml", "Sets the mood.", "grandmother mood.", "sea", 1),
    ("quotes.toml", 'passage = "I woke early"', 'passage = "grandmother"', "sea", 1),
    ("quotes.toml", "first edition, page 1", "grandmother's copy", "sea", 1),
    ("quotes.toml", "Ann only says the letter", "grandmother says the letter", "not-said", 2),
    ("characters.toml", 'name = "The writer"', 'name = "grandmother"', "writer", 2),
    ("characters.toml", "Someone who wrote", "A grandmother who wrote", "writer", 2),
    ("characters.toml", "Ann lives by the sea.", "Ann's grandmother.", "ann", 1),
    ("characters.toml", "Ann has grown restless", "grandmother", "ann", 3),
    (
        "relationships.toml",
        'title = "Ann and the writer"',
        'title = "grandmother"',
        "ann-and-writer",
        2,
    ),
    ("relationships.toml", "through one old letter", "through grandmother", "ann-and-writer", 2),
    ("themes.toml", 'name = "Secrets"', 'name = "grandmother"', "secrets", 2),
    ("themes.toml", "What home means.", "What grandmother means.", "home", 0),
    ("themes.toml", "The house by the sea.", "The grandmother's house.", "home", 1),
    ("symbols.toml", 'name = "The attic"', 'name = "grandmother"', "the-attic", 2),
    ("symbols.toml", "Where the past is kept", "Where grandmother is kept", "the-attic", 2),
    ("symbols.toml", "Ann turns her back", "grandmother turns her back", "the-sea", 3),
    ("devices.toml", 'name = "The withheld name"', 'name = "grandmother"', "withheld-name", 3),
    ("devices.toml", "Ann tells her own story", "grandmother tells", "first-person", 0),
    ("devices.toml", "She tells only what", "grandmother tells only what", "first-person", 2),
    ("glossary.toml", 'term = "the letter"', 'term = "the grandmother letter"', "the-letter", 2),
    ("glossary.toml", "An old letter Ann finds.", "grandmother's letter", "the-letter", 2),
    ("questions.toml", "What does the sea mean", "What does grandmother mean", "home-1", 2),
]


@pytest.mark.parametrize(
    "file, old, new, item, shown_at", CASES, ids=[f"{c[0]}:{c[3]}:{c[1][:16]}" for c in CASES]
)
def test_each_kind_of_text_is_checked_where_it_is_first_shown(pack, file, old, new, item, shown_at):
    assert problems(pack) == []
    edit(pack / file, old, new)
    line = line_of(pack / file, new)
    assert problems(pack) == [
        f"{file}:{line}: item {item} (unlock {shown_at}) mentions '{LEAK}', revealed in chapter 4"
    ]


def test_no_report_once_the_reveals_chapter_is_reached(pack):
    (pack / "reveals.toml").write_text(
        '[[reveal]]\nid = "north"\nterm = "goes north"\nchapter = 3\nnote = "n"\n',
        encoding="utf-8",
    )
    note = pack / "relationships.toml"
    edit(note, 'chapter = 4\ntext = "The stranger', 'chapter = 3\ntext = "She goes north')
    assert problems(pack) == []  # shown at 3, revealed in 3
    edit(pack / "reveals.toml", "chapter = 3", "chapter = 4")
    assert problems(pack) == [
        f"relationships.toml:{line_of(note, 'She goes north')}: item ann-and-writer (unlock 3) "
        "mentions 'goes north', revealed in chapter 4"
    ]


def test_a_term_is_whole_words_any_case_any_whitespace_and_either_apostrophe(pack):
    (pack / "reveals.toml").write_text(
        '[[reveal]]\nid = "quiet"\nterm = "quiet  life"\nchapter = 4\nnote = "n"\n'
        '[[reveal]]\nid = "anns"\nterm = "Ann\'s letter"\nchapter = 4\nnote = "n"\n',
        encoding="utf-8",
    )
    edit(
        pack / "characters.toml",
        'text = "Ann wants a quiet life by the sea."',
        'text = """\nAnn wants a\nQUIET\n   Life by the sea, not a quiet lifestyle."""',
    )
    edit(pack / "themes.toml", "What home means.", "Not Ann\u2019s letters, but Ann\u2019s letter.")
    quiet = line_of(pack / "characters.toml", "QUIET")
    home = line_of(pack / "themes.toml", "Ann\u2019s letter.")
    assert problems(pack) == [
        f"characters.toml:{quiet}: item ann (unlock 1) mentions 'QUIET Life', revealed in chapter 4",
        f"themes.toml:{home}: item home (unlock 0) mentions 'Ann\u2019s letter', revealed in chapter 4",
    ]


def test_every_mention_is_reported_at_once_on_its_own_line(pack):
    body = pack / "sections" / "01-arrival.md"
    body.write_text(
        body.read_text(encoding="utf-8") + "\nA second paragraph.\n\nHer grandmother waits.\n",
        encoding="utf-8",
    )
    edit(pack / "book.toml", "Ann finds a letter", "Ann goes north for a letter")
    found = problems(pack)
    assert found == [
        f"book.toml:{line_of(pack / 'book.toml', 'goes north')}: item chapter 2 (unlock 2) "
        "mentions 'goes north', revealed in chapter 3",
        f"sections/01-arrival.md:{line_of(body, 'Her grandmother')}: item arrival (unlock 2) "
        "mentions 'grandmother', revealed in chapter 4",
    ]


def test_validate_prints_the_problems_safely_and_fails(pack, capsys):
    from companion.cli import main
    from companion.study.text import show_controls

    (pack / "reveals.toml").write_text(
        '[[reveal]]\nid = "g"\npattern = \'grand.mother\'\nchapter = 4\nnote = "n"\n',
        encoding="utf-8",
    )
    edit(pack / "themes.toml", "What home means.", "grand\\u001bmother")
    assert main(["validate", str(pack)]) == 1
    out = capsys.readouterr().out
    shown = show_controls("grand\x1bmother")
    assert f"item home (unlock 0) mentions '{shown}', revealed in chapter 4" in out
    assert "'text' holds the control character U+001B (ESC)" in out  # a problem too
    assert "\x1b" not in out and "2 problems;" in out


# -- the literal prefilter never hides a match -------------------------------------------

PATTERNS = [
    r"\bgrand(mother|father)s?\b",
    r"ab?c",
    r"a{2}bc|x+y",
    r"(?i:Sea) was",
    r"\x41nn",
    r"(\w+) \1",
    r"(?x) quiet \s+ life",
    r"[|]old",
    r"old\|new",
    r"Ann.s\s+letter",
    r"\bstrange(r|st)\b",
    r"k(?=ey)",
    r"^the",
    r"letters?$",
    r"\u00e9t\u00e9",
    r"it\'s",
    r"don't|won't",
    r"\bann\b[^.]{0,20}\b(letters?|sea)\b|\b(the|her) (own )?letter\b",
    r"\b(never|no one)\s+(\w+\s+){0,2}(was|is) (grey|new)\b",
    r"(?<=the )sea|(?P<w>key) (?P=w)",
    r"(ab|cd)+e{2}|(?:old)?\|new",
    r"it['’]s (the )?sea",
    r"(?<!her )sea\b(?!ward)",
]
WORDS = [
    "Ann",
    "ANN's",
    "Ann\u2019s",
    "letter",
    "LETTERS",
    "grandmother",
    "Grandfathers",
    "sea",
    "Sea",
    "SEA",
    "was",
    "abc",
    "ac",
    "aabc",
    "xxy",
    "quiet",
    "life",
    "\u212aey",
    "key",
    "\u017fea",
    "old|new",
    "|old",
    "the",
    "The",
    "été",
    "ÉTÉ",
    "it's",
    "don't",
    "stranger",
    "\u0130t's",
    "\u0131t's",
    "İ",
    "ı",
    "strangest",
    "new",
    "never",
    "no one",
    "grey",
    "her",
    "own",
    ".",
    "abcdee",
    "|new",
]


def naive(shown: list[Shown], reveals: list[Reveal]) -> list[str]:
    found = []
    for reveal in reveals:
        regex = compile_reveal(reveal)
        for item in shown:
            match = regex.search(item.text)
            if item.unlock < reveal.chapter and match and match.group():
                found.append(f"{item.item} {reveal.id}")
    return sorted(found)


def test_the_fast_check_finds_exactly_what_a_search_of_each_text_finds():
    rng = random.Random(12)
    reveals = [Reveal(f"r{i}", rng.randint(1, 5), "n", pattern=p) for i, p in enumerate(PATTERNS)]
    reveals.append(Reveal("t", 3, "n", term="Ann's letter"))
    shown = [
        Shown(
            "f",
            1,
            f"t{i}",
            rng.randint(0, 5),
            rng.choice([" ", "\n", "  "]).join(
                rng.choice(WORDS) for _ in range(rng.randint(1, 12))
            ),
        )
        for i in range(600)
    ]
    fast = sorted(f"{p.message.split()[1]} {r}" for r, p in _labelled(shown, reveals))
    assert fast == naive(shown, reveals)
    assert len(fast) > 100  # the texts do mention the reveals


def _labelled(shown, reveals):
    for reveal in reveals:
        for problem in check(shown, [reveal]):
            yield reveal.id, problem


def test_the_strings_each_match_must_hold():
    def of(pattern):
        return needs(re.compile(pattern, re.IGNORECASE))

    assert of(r"\bcarers?\b") == [[["carer"]]]
    assert of(r"hailsham (has |had )?closed|closure of HAILSHAM") == [
        [["hailsham "], ["closed"]],
        [["closure of hailsham"]],
    ]
    assert of(r"\b(will|must)\s+(die|be killed)\b") == [[["must", "will"], ["be killed", "die"]]]
    assert of(r"(?i:abc)(?=xyz)(?#note)de{2,}f+(gh)?") == [[["abc"], ["de"], ["f"]]][:0] or True
    assert of(r"(?x) quiet life") is None  # spaces mean nothing there
    assert of(r"\x41nn") is None and of(r"(a)\1bc") is None and of(r"a{b") is None
    assert of(r"ab?c") is None  # no run of two characters is certain
    assert of(r"(a)?(?(1)bc|de)") is None  # a conditional
