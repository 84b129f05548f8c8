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


# Under re.IGNORECASE four non-ASCII letters match ASCII ones; casefold() already
# turns ſ and K (Kelvin) into s and k, these two it does not.
_ODD_LETTERS = (("\u0130", "i"), ("\u0131", "i"))
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 '-,;:!\"")
_QUANTIFIERS = "?*+{"
_CODES = frozenset("xuUN0123456789")


def fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    for odd, plain in _ODD_LETTERS:
        if odd in text:
            text = text.replace(odd, plain)
    return text.casefold()


def required_literals(regex: re.Pattern[str]) -> list[str] | None:
    """Folded strings one of which every match must contain, or None if not known.

    A cheap prefilter: a regex scan of all the pack's text costs 2-8 ms per reveal,
    ``in`` on the folded text a few microseconds. Reads the pattern's top-level
    branches; in each, the longest run of plain ASCII characters outside groups and
    classes, less a last character that a quantifier makes optional or repeats.
    """
    if regex.flags & re.VERBOSE:
        return None
    literals = []
    for branch in _branches(regex.pattern):
        runs = _runs(branch)
        if runs is None or not runs or max(map(len, runs)) < 2:
            return None
        literals.append(fold(max(runs, key=len)))
    return literals


def _branches(source: str) -> list[str]:
    """The pattern split at its top-level ``|``."""
    branches, depth, start, i = [], 0, 0, 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(source, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            branches.append(source[start:i])
            start = i + 1
        i += 1
    branches.append(source[start:])
    return branches


def _class_end(source: str, i: int) -> int:
    """The index after the ``]`` closing the class that opens at ``i``."""
    j = i + 1
    if j < len(source) and source[j] == "^":
        j += 1
    if j < len(source) and source[j] == "]":
        j += 1
    while j < len(source) and source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    return j + 1


def _runs(branch: str) -> list[str] | None:
    """Runs of plain characters every match of ``branch`` contains, in order."""
    runs, run, depth, i = [], "", 0, 0
    while i < len(branch):
        c = branch[i]
        if c in _QUANTIFIERS and depth == 0:
            run = run[:-1]  # the quantified character is optional or repeated
            runs.append(run)
            run = ""
            if c == "{":
                i = branch.find("}", i)
                if i < 0:
                    return None
        elif c == "(":
            depth += 1
            runs.append(run)
            run = ""
        elif c == ")":
            depth -= 1
        elif depth:
            if c == "\\":
                i += 1
            elif c == "[":
                i = _class_end(branch, i) - 1
        elif c in _PLAIN:
            run += c
        else:  # an escape, a class, ., ^, $: the run ends
            runs.append(run)
            run = ""
            if c == "\\":
                if branch[i + 1 : i + 2] in _CODES:
                    return None  # \x41, \u..., \N{...}, octal, a back-reference
                i += 1
            elif c == "[":
                i = _class_end(branch, i) - 1
        i += 1
    runs.append(run)
    return [r for r in runs if r]


_SEPARATOR = "\n\x00\n"  # between texts joined for one scan; no term spans it


def check(shown: list[Shown], reveals: list[Reveal]) -> list[Problem]:
    """A problem for each text that mentions a reveal before the reveal's chapter.

    Most reveals have a literal that every match contains (``required_literals``):
    ``find`` on all the text, folded and joined, picks the candidate texts. A reveal
    without one scans the earlier texts, joined, once. Each hit is confirmed with the
    reveal's regex on its own text. About 20x faster than a search per text.
    """
    shown = sorted(shown, key=lambda item: item.unlock)  # earlier texts: a prefix
    unlocks = [item.unlock for item in shown]
    starts, offset = [], 0
    for item in shown:
        starts.append(offset)
        offset += len(item.text) + len(_SEPARATOR)
    folded = _SEPARATOR.join(fold(item.text) for item in shown)
    problems = []
    for reveal in reveals:
        regex = compile_reveal(reveal)
        literals = required_literals(regex)
        earlier = bisect_left(unlocks, reveal.chapter)  # texts shown before the reveal
        if literals is None:
            candidates = _scan(regex, shown[:earlier])
        else:
            end = starts[earlier] if earlier < len(starts) else len(folded)
            candidates = [shown[i] for i in _finds(folded, end, literals, starts)]
        for item in candidates:
            match = regex.search(item.text)
            if match is not None and match.group():
                problems.append(_problem(item, match, reveal))
    return problems


def _finds(folded: str, end: int, literals: list[str], starts: list[int]) -> list[int]:
    """Indexes of the texts before ``end`` holding any of ``literals``, in order."""
    found = set()
    for literal in literals:
        at = folded.find(literal, 0, end)
        while at >= 0:
            found.add(bisect_right(starts, at) - 1)
            at = folded.find(literal, at + 1, end)
    return sorted(found)


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
