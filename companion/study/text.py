"""Showing user text safely: control characters become visible symbols.

Raw ESC/OSC/CSI bytes in a note would reach the terminal (OSC 52 can even write the
clipboard), so every surface shows notes through ``show_controls``. The stored text
is never changed; this is for display only. The table lives in the store layer
(``companion.store.display``) so that store exports use the very same mapping.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

from companion.store.display import visible


def show_controls(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character replaced by a visible stand-in, and
    emoji sequences drawn at one width everywhere (``steady``).

    With ``keep_newlines``, LF stays (for multi-line views); CR, TAB and ESC are shown.
    """
    return steady(visible(text, keep_newlines=keep_newlines))


# Emoji pieces that terminals draw wider than Rich counts them: a skin tone (Rich: 0
# cells, joined to the emoji before it; tmux and most terminals: 2 more) and VS16
# (Rich: the emoji before it takes 2; tmux: 1). Rich lays a line out by its count, so
# the terminal pushed the line's end (a border, the "…") off the screen. For display
# only they are shown as characters both count alike: a tone as a swatch of 2 cells,
# VS16 as a word joiner (0). The stored text is unchanged.
STEADY = {
    0xFE0F: "\u2060",
    0x1F3FB: "\u2b1c",  # light: white square
    0x1F3FC: "\U0001f7e8",  # medium-light: yellow square
    0x1F3FD: "\U0001f7e7",  # medium: orange square
    0x1F3FE: "\U0001f7eb",  # medium-dark: brown square
    0x1F3FF: "\u2b1b",  # dark: black square
}


def steady(text: str) -> str:
    """``text`` with emoji pieces shown as characters every terminal draws alike."""
    return text if text.isascii() else text.translate(STEADY)


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, ending with "…" when it was cut. Cells as
    the terminal shows them (Rich's measure: CJK and emoji take two, a ZWJ sequence or
    a skin tone one glyph), so a cut never splits a character or overruns a border."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    return set_cell_size(text, width - 1).rstrip() + "…"


def one_line(text: str, width: int = 80) -> str:
    """The first line of ``text``, safe and cut to ``width`` cells."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    return cut(show_controls(first), width)


LINK_SCHEMES = ("http", "https", "mailto")


def is_safe_link(url: str) -> bool:
    """A pack link the app may hand to the web browser: http, https or mailto only.

    A link is pack text (user input): ``-badarg`` would reach the browser's command
    line, ``file:`` or ``javascript:`` would open local files or run code."""
    from urllib.parse import urlsplit

    if not url or not url.isprintable() or url != url.strip():
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() not in LINK_SCHEMES:
        return False
    return bool(parts.path) if parts.scheme.lower() == "mailto" else bool(parts.netloc)
