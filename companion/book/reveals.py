"""reveals.toml: what the novel reveals in which chapter, checked against all pack text.

The loader records every piece of text with the chapter at which a reader first sees
it (``Shown``); ``check`` reports each text that mentions a reveal before the reveal's
chapter, as ``FILE:LINE: item ID (unlock N) mentions 'T', revealed in chapter M``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from companion.book.model import Reveal
from companion.book.prefilter import Need, fold, needs
from companion.book.schema import Problem

REVEAL_SPEC = {
    "id": ("str", True),
    "term": ("str", False),
    "pattern": ("str", False),
    "chapter": ("int", True),
    "note": ("str", True),
}


@dataclass(frozen=True, slots=True)
class Shown:
    """One piece of pack text, where it starts, and the chapter it is first shown at."""

    file: str
    line: int | None  # the line the text starts on (1-based)
    item: str  # how the message names the item: its id, or "chapter 3"
    unlock: int
    text: str


def term_regex(term: str) -> str:
    """Whole words, any case, any run of whitespace between words; ' matches ’ too."""
    words = ["".join("['’]" if c in "'’" else re.escape(c) for c in w) for w in term.split()]
    return r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"


def compile_reveal(reveal: Reveal) -> re.Pattern[str]:
    """The reveal as a case-insensitive regex; ``re.error`` for a bad pattern."""
    source = term_regex(reveal.term) if reveal.term else reveal.pattern
    return re.compile(source, re.IGNORECASE)


_SEPARATOR = "\n\x00\n"  # between texts joined for one scan; no term spans it


def check(shown: list[Shown], reveals: list[Reveal]) -> list[Problem]:
    """A problem for each text that mentions a reveal before the reveal's chapter.

    Most reveals name strings that every match holds (``prefilter.needs``); a word
    index of the folded texts finds those that may hold them, ``in`` keeps those that
    do. A reveal without such strings scans the earlier texts, joined, once. Each hit
    is confirmed with the reveal's regex on its own text. The bundled pack's ~100
    reveals over ~1,000 texts: see benchmarks/reveal_check.py (a regex search of every
    text against every reveal took 300 ms).
    """
    shown = sorted(shown, key=lambda item: item.unlock)  # earlier texts: a prefix
    unlocks = [item.unlock for item in shown]
    folded = [fold(item.text) for item in shown]
    index = _WordIndex(folded)
    problems = []
    for reveal in reveals:
        regex = compile_reveal(reveal)
        branches = needs(regex)
        earlier = bisect_left(unlocks, reveal.chapter)  # texts shown before the reveal
        if branches is None:
            candidates = _scan(regex, shown[:earlier])
        else:
            hits: set[int] = set()
            for branch in branches:
                maybe = index.holding_all(branch)
                hits.update(
                    i
                    for i in maybe
                    if i < earlier and all(any(s in folded[i] for s in need) for need in branch)
                )
            candidates = [shown[i] for i in sorted(hits)]
        for item in candidates:
            match = regex.search(item.text)
            if match is not None and match.group():
                problems.append(_problem(item, match, reveal))
    return problems


class _WordIndex:
    """Which texts have a word (a run without whitespace) containing a given string.

    A string found in a text has each of its parts without whitespace inside one of
    the text's words; so the texts holding a string are among those having a word
    that contains its longest part. All the words, joined, are searched once a part.
    """

    def __init__(self, texts: list[str]) -> None:
        postings: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            for word in set(text.split()):
                postings.setdefault(word, []).append(i)
        self.count = len(texts)
        self.postings = list(postings.values())
        self.starts, offset = [], 0
        for word in postings:
            self.starts.append(offset)
            offset += len(word) + 1
        self.words = "\n".join(postings)
        self.memo: dict[str, set[int]] = {}

    def holding_all(self, branch: list[Need]) -> set[int]:
        """Texts that may meet every need: the most telling first, until few are left."""
        found: set[int] | None = None
        for need in sorted(branch, key=lambda need: -min(map(len, need))):  # longest first
            texts = self.holding(need)
            found = texts if found is None else found & texts
            if len(found) < 8:  # checking the rest with `in` is cheaper
                break
        return set() if found is None else found

    def holding(self, strings: list[str]) -> set[int]:
        """Texts that may hold one of ``strings`` (a superset; check with ``in``)."""
        found: set[int] = set()
        for string in strings:
            parts = string.split()
            if not parts:
                return set(range(self.count))  # whitespace only: any text may
            found |= self._having(max(parts, key=len))
        return found

    def _having(self, run: str) -> set[int]:
        if run not in self.memo:
            texts: set[int] = set()
            at = self.words.find(run)
            while at >= 0:
                texts.update(self.postings[bisect_right(self.starts, at) - 1])
                at = self.words.find(run, at + 1)
            self.memo[run] = texts
        return self.memo[run]


def _scan(regex: re.Pattern[str], items: list[Shown]) -> list[Shown]:
    """The texts ``regex`` may match: one scan of them all, joined."""
    starts, offset = [], 0
    for item in items:
        starts.append(offset)
        offset += len(item.text) + len(_SEPARATOR)
    joined = _SEPARATOR.join(item.text for item in items)
    hits = {bisect_right(starts, m.start()) - 1 for m in regex.finditer(joined)}
    return [items[i] for i in sorted(hits)]


def _problem(item: Shown, match: re.Match[str], reveal: Reveal) -> Problem:
    line = None if item.line is None else item.line + item.text.count("\n", 0, match.start())
    mentioned = " ".join(match.group().split())
    return Problem(
        item.file,
        line,
        None,
        f"item {item.item} (unlock {item.unlock}) mentions '{mentioned}', "
        f"revealed in chapter {reveal.chapter}",
    )
