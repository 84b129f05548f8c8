"""Making text safe to show in a terminal (display only: stored text is untouched).

The one sanitiser of the companion: notes, imported data, a teacher's pack and paths
all pass through it on their way to a terminal or a file meant for reading. Raw
ESC/OSC/CSI bytes would reach the terminal (OSC 52 can even write the clipboard), so
C0 controls, DEL and ESC become the visible U+2400 symbols; C1 controls, line and
paragraph separators, bidi overrides and lone surrogates become ``\\x85``/``\\u2028``
escapes. JSON output escapes the same characters as ``\\uXXXX`` (still valid JSON,
read back unchanged).
"""

from __future__ import annotations

import functools
import re

# Beyond C0 and DEL: characters a terminal acts on or that reorder what is shown:
# C1 controls (U+009B is a CSI on some terminals), the Arabic letter mark, LRM/RLM,
# line and paragraph separators, bidi embeddings, overrides and isolates, and lone
# surrogates (undecodable bytes in a path: they cannot even be printed).
_OTHER = "\x80-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_CLASSES = {
    "all": f"[\x00-\x1f\x7f{_OTHER}]",
    "keep newlines": f"[\x00-\x09\x0b-\x1f\x7f{_OTHER}]",
    "keep layout": f"[\x00-\x08\x0b-\x1f\x7f{_OTHER}]",
    "json": f"[\x7f{_OTHER}]",  # JSON escapes C0 itself
}


@functools.cache
def _pattern(kind: str) -> re.Pattern[str]:
    """Compiled on first use: the classes cost a few ms each to compile, and most
    text takes the fast path (no control character at all)."""
    return re.compile(_CLASSES[kind])


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛, ␇, ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character shown as a visible symbol or escape."""
    if text.isprintable():  # fast path: no Cc/Cf/Zl/Zp/Cs characters at all
        return text
    return _pattern("keep newlines" if keep_newlines else "all").sub(_shown, text)


def visible_layout(text: str) -> str:
    """A whole document for a terminal: like :func:`visible`, keeping line ends and tabs."""
    if _printable_layout(text):
        return text
    return _pattern("keep layout").sub(_shown, text.replace("\r\n", "\n"))


def _printable_layout(text: str) -> bool:
    return text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable()


def unsafe_characters(text: str) -> list[tuple[int, str]]:
    """(position, character) of each character :func:`visible` would replace, other than
    line ends (LF, CRLF) and tabs: what a content pack may not hold."""
    if _printable_layout(text):
        return []
    return [
        (m.start(), m.group())
        for m in _pattern("keep layout").finditer(text)
        if not (m.group() == "\r" and text[m.start() + 1 : m.start() + 2] == "\n")
    ]


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(doc: object, indent: int | None = 2) -> str:
    """``doc`` as JSON, readable (non-ASCII letters kept) but with every control,
    bidi and surrogate character escaped, so the output is safe in a terminal."""
    import json

    text = json.dumps(doc, ensure_ascii=False, indent=indent)
    return text if text.isascii() else _pattern("json").sub(_escape, text)
