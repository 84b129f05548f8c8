"""Showing user text safely: control characters become visible symbols.

Raw ESC/OSC/CSI bytes in a note would reach the terminal (OSC 52 can even write the
clipboard), so every surface shows notes through ``show_controls``. The stored text
is never changed; this is for display only.
"""

from __future__ import annotations

# C0 controls map to the Unicode "control pictures" block (U+2400..U+241F); DEL to
# U+2421; C1 controls and a few invisible line breakers get an escape-like form.
_TABLE = {code: 0x2400 + code for code in range(0x20)}
_TABLE[0x7F] = 0x2421
for _code in range(0x80, 0xA0):
    _TABLE[_code] = f"<U+{_code:04X}>"
for _code in (0x2028, 0x2029, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
              0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF):
    _TABLE[_code] = f"<U+{_code:04X}>"

_KEEP_NEWLINES = dict(_TABLE)
del _KEEP_NEWLINES[0x0A]
del _KEEP_NEWLINES[0x09]


def show_controls(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character replaced by a visible stand-in.

    With ``keep_newlines``, LF and TAB stay (for multi-line views); CR is still shown.
    """
    return text.translate(_KEEP_NEWLINES if keep_newlines else _TABLE)


def one_line(text: str, width: int = 80) -> str:
    """The first line of ``text``, safe and cut to ``width`` characters."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    first = show_controls(first)
    return first if len(first) <= width else first[: width - 1] + "…"
