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

import re

# Beyond C0 and DEL: characters a terminal acts on or that reorder what is shown.
_ESCAPED = (
    *range(0x80, 0xA0),  # C1 controls (U+009B is a CSI on some terminals)
    0x061C,
    0x200E,
    0x200F,
    0x2028,
    0x2029,
    *range(0x202A, 0x202F),  # bidi embeddings and overrides
    *range(0x2066, 0x206A),  # bidi isolates
    *range(0xD800, 0xE000),  # lone surrogates (undecodable bytes in a path): unprintable
)
_TABLE: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20)}
_TABLE[0x7F] = "\u2421"
_TABLE.update({c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in _ESCAPED})
_KEEP_NEWLINES = {k: v for k, v in _TABLE.items() if k != 0x0A}
_KEEP_LAYOUT = {k: v for k, v in _KEEP_NEWLINES.items() if k != 0x09}

# What JSON's own escaping leaves raw (it escapes C0 already).
_JSON_UNSAFE = re.compile("[\x7f" + "".join(chr(c) for c in _ESCAPED) + "]")


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character shown as a visible symbol or escape."""
    if text.isprintable():  # fast path: no Cc/Cf/Zl/Zp/Cs characters at all
        return text
    return text.translate(_KEEP_NEWLINES if keep_newlines else _TABLE)


def visible_layout(text: str) -> str:
    """A whole document for a terminal: like :func:`visible`, keeping line ends and tabs."""
    if text.isprintable():
        return text
    return text.replace("\r\n", "\n").translate(_KEEP_LAYOUT)


def unsafe_characters(text: str) -> list[tuple[int, str]]:
    """(position, character) of each character :func:`visible` would replace, other than
    line ends (LF, CRLF) and tabs: what a content pack may not hold."""
    if text.isprintable():
        return []
    return [
        (i, c)
        for i, c in enumerate(text)
        if ord(c) in _KEEP_LAYOUT and not (c == "\r" and text[i + 1 : i + 2] == "\n")
    ]


def _escape(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(doc: object, indent: int | None = 2) -> str:
    """``doc`` as JSON, readable (non-ASCII letters kept) but with every control,
    bidi and surrogate character escaped, so the output is safe in a terminal."""
    import json

    return _JSON_UNSAFE.sub(_escape, json.dumps(doc, ensure_ascii=False, indent=indent))
