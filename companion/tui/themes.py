"""The two themes the app offers, with every text colour meeting WCAG AA.

Textual's own textual-dark and textual-light, with the colours that failed changed
(muted text at 2.5-3.8:1, the light theme's orange accent at 1.4:1, the footer's keys
at 2.9:1). They keep Textual's names, so a saved setting still finds them; the app
registers them over the built-ins. ``tests/test_tui_contrast.py`` measures every pane
as rendered, in both.

Text built in Python (Rich Text) names ANSI colours (``MUTED``, ``DONE``, ``NEXT``...),
never fixed shades: each theme's ANSI palette below gives them shades that meet AA on
that theme's backgrounds, where "grey50" was 2.5:1 on the light theme's lists.
"""

from __future__ import annotations

from dataclasses import replace

from rich.terminal_theme import TerminalTheme
from textual.theme import BUILTIN_THEMES, Theme

DARK, LIGHT = "textual-dark", "textual-light"
THEMES = (DARK, LIGHT)

MUTED = "bright_black"  # secondary text: dates, counts, "N more unlock later"
DONE = "green"  # a finished chapter, a match
NEXT = "yellow"  # the next chapter, a mark, a difference
QUOTE = "cyan"

VARIABLES = {
    DARK: {"text-muted": "#a0a0a0"},
    LIGHT: {
        "text-muted": "#4f4f4f",
        "text-accent": "#704800",
        "footer-key-foreground": "#00589b",
    },
}
ACCENT = {LIGHT: "#704800"}  # the orange accent of textual-light is 1.4:1 as text

LIGHT_COLOURS = [
    (0, 0, 0),
    (150, 40, 35),
    (37, 84, 16),  # green: DONE
    (112, 72, 0),  # yellow: NEXT
    (40, 70, 160),
    (110, 50, 140),
    (0, 85, 128),  # cyan: QUOTE
    (247, 247, 247),
]

# (background, foreground, the 8 normal ANSI colours, the 8 bright ones)
ANSI = {
    DARK: TerminalTheme(
        (12, 12, 12),
        (217, 217, 217),
        [
            (26, 26, 26),
            (244, 0, 95),
            (152, 224, 36),
            (253, 151, 31),
            (157, 101, 255),
            (244, 0, 95),
            (88, 209, 235),
            (196, 197, 181),
        ],
        [
            (160, 160, 160),  # bright_black: MUTED, 5.2:1 on the panel
            (244, 0, 95),
            (152, 224, 36),
            (224, 213, 97),
            (157, 101, 255),
            (244, 0, 95),
            (88, 209, 235),
            (246, 246, 239),
        ],
    ),
    LIGHT: TerminalTheme(
        (247, 247, 247),
        (0, 0, 0),
        LIGHT_COLOURS,
        [(79, 79, 79), *LIGHT_COLOURS[1:]],  # bright_black: MUTED, 4.9:1 on the lists
    ),
}


def checked_theme(name: str) -> Theme:
    """Textual's theme ``name`` with the colours that failed AA changed."""
    base = BUILTIN_THEMES[name]
    accent = ACCENT.get(name, base.accent)
    return replace(base, accent=accent, variables={**base.variables, **VARIABLES[name]})


def use_checked_themes(app) -> None:
    """Register the two themes over Textual's (their ANSI palettes, ``ANSI``, are the
    app class's ``ansi_theme_dark`` and ``ansi_theme_light``). In ``App.__init__``,
    before any CSS is parsed: the stylesheet was made with the variables of Textual's
    own theme, and is given the checked theme's now (setting ``app.theme`` to the same
    name would not update them)."""
    for name in THEMES:
        app.register_theme(checked_theme(name))
    app.stylesheet.set_variables(app.get_css_variables())
