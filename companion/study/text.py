"""Showing user text safely: control characters become visible symbols.

Raw ESC/OSC/CSI bytes in a note would reach the terminal (OSC 52 can even write the
clipboard), so every surface shows notes through ``show_controls``. The stored text
is never changed; this is for display only. The table lives in the store layer
(``companion.store.display``) so that store exports use the very same mapping.
"""

from __future__ import annotations

from companion.store.display import visible


def show_controls(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character replaced by a visible stand-in.

    With ``keep_newlines``, LF stays (for multi-line views); CR, TAB and ESC are shown.
    """
    return visible(text, keep_newlines=keep_newlines)


def one_line(text: str, width: int = 80) -> str:
    """The first line of ``text``, safe and cut to ``width`` characters."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    first = show_controls(first)
    return first if len(first) <= width else first[: width - 1] + "…"


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
