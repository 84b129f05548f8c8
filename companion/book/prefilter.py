"""Which strings a reveal's every match must contain: a cheap test before the regex.

A regex scan of all the pack's text costs 2-80 ms per reveal (the patterns of a real
reveals.toml are long alternations with ``[^.]{0,40}`` gaps); ``in`` on the folded
text costs microseconds. ``needs`` reads the pattern and returns, for each top-level
branch, a list of needs: each need is a list of strings one of which any match of the
branch holds (folded: lower case, casefolded). It returns None where it cannot tell;
the caller then scans with the regex. Only plain ASCII characters outside classes
count, so that case folding cannot make a match hold a string the text lacks.
"""

from __future__ import annotations

import re

Need = list[str]  # one of these strings is in every match
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 '-,;:!\"")
_CODES = frozenset("xuUN0123456789")  # \x41, \u..., \N{...}, octal, back-references
_FLAGS = re.compile(r"\(\?[aiLmsux-]*([:)])")
_COUNT = re.compile(r"\{(\d*)(,?)(\d*)\}")
# Under re.IGNORECASE four non-ASCII letters match ASCII ones; casefold() already
# turns ſ and K (Kelvin) into s and k, these two it does not.
_ODD_LETTERS = (("\u0130", "i"), ("\u0131", "i"))


def fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    for odd, plain in _ODD_LETTERS:
        if odd in text:
            text = text.replace(odd, plain)
    return text.casefold()


class _Unknown(Exception):
    """A construct this reader does not follow: scan with the regex instead."""


def needs(regex: re.Pattern[str]) -> list[list[Need]] | None:
    """Per top-level branch, the needs of its every match; None if not known."""
    if regex.flags & re.VERBOSE:
        return None  # spaces and # mean something else there
    try:
        branches, _ = _alternation(regex.pattern, 0)
    except _Unknown:
        return None
    if any(not branch for branch in branches):
        return None
    return [[[fold(s) for s in need] for need in branch] for branch in branches]


def best(branch: list[Need]) -> Need:
    """The need to search for first: its shortest string longest, then fewest strings."""
    return max(branch, key=lambda need: (min(map(len, need)), -len(need)))


def _alternation(source: str, i: int) -> tuple[list[list[Need]], int]:
    """The branches up to the ``)`` closing this group (or the end), and where it stops."""
    branches = []
    while True:
        branch, i = _sequence(source, i)
        branches.append(branch)
        if i < len(source) and source[i] == "|":
            i += 1
            continue
        return branches, i


def _sequence(source: str, i: int) -> tuple[list[Need], int]:
    found: list[Need] = []
    run = ""

    def end_run(text: str) -> None:
        if len(text) >= 2:
            found.append([text])

    while i < len(source) and source[i] not in "|)":
        c = source[i]
        if c in "?*+{":
            least, i = _quantifier(source, i)
            # the quantified character repeats (still there once) or may be absent
            end_run(run if least else run[:-1])
            run = ""
        elif c == "(":
            end_run(run)
            run = ""
            group, i = _group(source, i)
            if i < len(source) and source[i] in "?*+{":
                least, i = _quantifier(source, i)
                group = group if least else None
            if group:
                found.append(group)
        elif c in _PLAIN:
            run += c
            i += 1
        else:  # an escape, a class, ., ^, $: the run ends
            end_run(run)
            run = ""
            if c == "\\":
                if source[i + 1 : i + 2] in _CODES:
                    raise _Unknown
                i += 2
            elif c == "[":
                i = _class_end(source, i)
            else:
                i += 1
    end_run(run)
    return found, i


def _group(source: str, i: int) -> tuple[Need | None, int]:
    """A group opening at ``i``: one need for it (any branch's best), and its end."""
    zero_width = False
    if source.startswith("(?", i):
        head = source[i + 2 : i + 4]
        flags = _FLAGS.match(source, i)
        if head[:1] in ("=", "!") or head in ("<=", "<!"):
            zero_width = True  # a lookaround: its text is not in the match
            i += 3 if head[:1] in ("=", "!") else 4
        elif head[:1] in (":", ">"):
            i += 3
        elif head == "P<":
            i = source.index(">", i) + 1
        elif head in ("P=", "#") or head[:1] == "#" or (flags and flags.group(1) == ")"):
            return None, source.index(")", i) + 1  # a back-reference, comment or flags
        elif flags:
            i = flags.end()
        else:
            raise _Unknown  # a conditional, or something newer
    else:
        i += 1
    branches, i = _alternation(source, i)
    i += 1  # the closing )
    if zero_width or any(not branch for branch in branches):
        return None, i
    return sorted({s for branch in branches for s in best(branch)}), i


def _quantifier(source: str, i: int) -> tuple[int, int]:
    """The least count of the quantifier at ``i``, and the index after it."""
    if source[i] == "{":
        count = _COUNT.match(source, i)
        if count is None or not (count.group(1) or count.group(3)):
            raise _Unknown  # a literal brace
        least, i = int(count.group(1) or 0), count.end()
    else:
        least, i = (1 if source[i] == "+" else 0), i + 1
    if i < len(source) and source[i] in "?+":  # lazy or possessive
        i += 1
    return least, i


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
