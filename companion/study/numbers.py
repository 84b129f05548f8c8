"""Numbers a reader types, in digits or words: "chapter one", "ch 1", "twenty-third".

Pure; the drill's hint for a chapter answer uses it. Words run to twenty-nine.
"""

from __future__ import annotations

import re

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_ORDINALS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
    "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
NUMBER_WORDS = {word: n for n, word in enumerate(_UNITS)} | {
    word: n for n, word in enumerate(_ORDINALS)
}
NUMBER_WORDS |= {"twenty": 20, "twentieth": 20}


def numbers_in(text: str) -> list[tuple[str, int]]:
    """The numbers in ``text``, each with what it counts: ("part", 2) after "part",
    else ("chapter", n). Digits and words alike: "chapter one", "ch 1", "twenty-three",
    "23rd", "the first chapter"."""
    tokens = re.sub(r"[^\w\s]", " ", text.casefold()).split()
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(tokens):
        token = re.sub(r"(st|nd|rd|th)$", "", tokens[i]) if tokens[i][:1].isdigit() else tokens[i]
        value = int(token) if token.isdigit() else NUMBER_WORDS.get(token)
        if value is not None:
            if value == 20 and i + 1 < len(tokens) and 0 < NUMBER_WORDS.get(tokens[i + 1], 0) < 10:
                i += 1
                value += NUMBER_WORDS[tokens[i]]
            out.append((_kind_at(tokens, i), value))
        i += 1
    return out


def _kind_at(tokens: list[str], i: int) -> str:
    """ "part" when the number at ``i`` follows the word part (or "twenty" does)."""
    back = i - 1
    while back >= 0 and tokens[back] in NUMBER_WORDS:
        back -= 1
    return "part" if back >= 0 and tokens[back] == "part" else "chapter"
