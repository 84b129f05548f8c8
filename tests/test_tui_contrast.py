"""Every theme the app offers meets WCAG AA: each character on screen, in each pane,
against its background, as rendered (4.5:1 for text, 3:1 for bold text)."""

from __future__ import annotations

import re

import pytest

from companion.tui.app import THEMES
from companion.tui.drive import press
from companion.tui.screenshots import sample_app
from tests.pane_helpers import screen_cells, settle

# lines, boxes and scrollbars: drawings, not text
DRAWING = set("─━│┃┌┐└┘├┤┬┴┼╭╮╯╰▔▁▂▃▄▅▆▇█▌▐▎▊▍▏▕╸╺╹╻▀ ")
FILL = re.compile(r"fill: (#[0-9a-fA-F]{6})")


def luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def failures(app, where: str, region=None) -> list[str]:
    """Each text colour on its background below AA, once, with an example (in
    ``region`` only: what a modal dims behind it is not meant to be read)."""
    found: dict[tuple, str] = {}
    for y, row in enumerate(screen_cells(app)):
        for x, (char, style, background) in enumerate(row):
            if region is not None and not region.contains(x, y):
                continue
            fill = FILL.search(style)
            if char in DRAWING or not background or fill is None:
                continue
            bold = "bold" in style
            ratio = contrast(fill.group(1), background)
            if ratio < (3.0 if bold else 4.5):
                line = "".join(c[0] for c in row).strip()
                key = (fill.group(1), background, bold)
                found.setdefault(key, f"{where} {key} {ratio:.2f}:1 at {x},{y}: {line[:60]!r}")
    return list(found.values())


def test_the_contrast_measure_is_wcags():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48


@pytest.mark.parametrize("theme", THEMES)
async def test_every_pane_meets_wcag_aa_contrast(tmp_path, theme):
    app = sample_app(tmp_path)
    problems: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = theme
        await settle(pilot)
        for number in range(1, 9):
            await press(pilot, str(number))
            problems += failures(app, f"pane {number}")
            await press(pilot, "tab")  # the other part of the pane, focused
            await settle(pilot)
            problems += failures(app, f"pane {number} (tab)")
        await press(pilot, "f1")
        problems += failures(app, "help", app.screen.query_one("#dialog").region)
        await press(pilot, "escape", "4", "tab")  # the notes list
        await settle(pilot)
        for key, dialog in (("a", "#editor-dialog"), ("d", "#dialog")):  # editor, confirm
            await press(pilot, key)
            problems += failures(app, key, app.screen.query_one(dialog).region)
            await press(pilot, "escape")
        await press(pilot, "ctrl+p")  # the command palette, over the whole screen
        await settle(pilot)
        problems += failures(app, "palette", app.screen.query_one("CommandList").region)
        await press(pilot, "escape", "3", "d")  # the drill
        await settle(pilot)
        problems += failures(app, "drill")
    assert not problems, "\n".join(problems)
