"""Making user text safe to show in a terminal (display only: stored text is untouched).

Raw ESC/OSC/CSI bytes in a note would reach the terminal (OSC 52 can even write the
clipboard), so C0 controls, DEL and ESC become the visible U+2400 symbols, and C1
controls, line/paragraph separators and bidi overrides become ``\\x85``/``\\u2028``
escapes.
"""

from __future__ import annotations

_TABLE: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20)}
_TABLE[0x7F] = "\u2421"
_TABLE.update({c: f"\\x{c:02x}" for c in range(0x80, 0xA0)})
_TABLE.update(
    {
        c: f"\\u{c:04x}"
        for c in (
            0x2028,
            0x2029,
            0x200E,
            0x200F,
            0x061C,
            *range(0x202A, 0x202F),
            *range(0x2066, 0x206A),
        )
    }
)
_KEEP_NEWLINES = {k: v for k, v in _TABLE.items() if k != 0x0A}


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character shown as a visible symbol or escape."""
    if text.isprintable():  # fast path: no Cc/Cf/Zl/Zp characters at all
        return text
    return text.translate(_KEEP_NEWLINES if keep_newlines else _TABLE)
