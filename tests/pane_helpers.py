"""Helpers for the pane tests: a state or app on the mini pack, the screen as text, waiting."""

from __future__ import annotations

import asyncio
import html
import re
import time
from pathlib import Path

from companion.context import Context
from companion.tui.drive import quiet
from companion.tui.screenshots import settle
from companion.tui.state import CompanionState

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
SIZE = (120, 40)

MARKUP_CASES = ["[/]", "[@click=app.quit]x[/]", "[$x]", "\x1b[31mred\x1b]52;c;aGk=\x07"]


def context(data: Path, book: Path = MINI) -> Context:
    return Context(book_arg=str(book), data_override=data)


def state_at(data: Path, progress: int, book: Path = MINI) -> CompanionState:
    state = CompanionState(context(data, book))
    if progress:
        state.set_progress(progress)
    return state


def make_app(data: Path, book: Path = MINI):
    from companion.tui.app import CompanionApp

    return CompanionApp(context(data, book))


def screen_text(app) -> str:
    """The screen as plain text (from the SVG screenshot), rows joined by newlines."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text[^>]*x="([\d.]+)"[^>]*y="([\d.]+)"[^>]*>(.*?)</text>', svg, re.S):
        text = html.unescape(re.sub("<[^>]+>", "", m.group(3))).replace("\xa0", " ")
        rows.setdefault(float(m.group(2)), []).append((float(m.group(1)), text))
    return "\n".join("".join(t for _, t in sorted(parts)) for _, parts in sorted(rows.items()))


CELL_W, CELL_H = 12.2, 24.4  # Rich's SVG export: one cell, in pixels


def screen_cells(app) -> list[list[tuple[str, str, str]]]:
    """Every cell on screen as (character, text style, background), from the SVG
    screenshot (public API): two screens look the same if their cells are equal,
    however their text is split into pieces."""
    svg = app.export_screenshot()
    width, height = app.size
    styles = {
        name: rule.strip() for name, rule in re.findall(r"\.(terminal-[\w-]*r\d+) \{([^}]*)\}", svg)
    }
    cells = [[(" ", "", "") for _ in range(width)] for _ in range(height)]
    rect = r'<rect fill="(#\w+)" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="[\d.]+"'
    for fill, x, y, w in re.findall(rect, svg):
        row = round((float(y) - 1.5) / CELL_H)
        first = round(float(x) / CELL_W)
        for col in range(first, first + round(float(w) / CELL_W)):
            if 0 <= row < height and 0 <= col < width:
                char, style, _ = cells[row][col]
                cells[row][col] = (char, style, fill)
    text = r'<text class="([\w-]+)" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>'
    for name, x, y, body in re.findall(text, svg, re.S):
        row = round((float(y) - 20) / CELL_H)
        col = round(float(x) / CELL_W)
        for char in html.unescape(re.sub("<[^>]+>", "", body)).replace("\xa0", " "):
            style = styles.get(name, "")
            if char == " " and "text-decoration" not in style:
                style = ""  # a space's colour is not seen (and pieces split at spaces)
            if 0 <= row < height and 0 <= col < width:
                cells[row][col] = (char, style, cells[row][col][2])
            col += 1
    return cells


def notices(app) -> list[str]:
    """The notifications on screen now, as text (Textual's Toast widgets; the app
    must run with ``run_test(notifications=True)``)."""
    return [toast.render().plain for toast in app.screen.query("Toast")]


def noticed_app(data: Path, book: Path = MINI):
    """The app, keeping every notice it shows in ``app.said`` (through the public
    notify): for counting notices, which ``notices`` cannot do once a toast expired."""
    from companion.tui.app import CompanionApp

    class NoticedApp(CompanionApp):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.said: list[str] = []

        def notify(self, message, *args, **kwargs) -> None:
            self.said.append(str(message))
            super().notify(message, *args, **kwargs)

    return NoticedApp(context(data, book))


async def wait_for(pilot, predicate, timeout: float = 30.0) -> None:
    """Wait until ``predicate()`` holds (the timeout is generous: it only bounds how
    long a failure takes on a loaded machine): for what the app does on a timer or a
    tick, which ``quiet`` does not wait for. A plain sleep between looks: the app
    draws on its own meanwhile."""
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.02)


async def open_pane(pilot, pane_id: str):
    """Show a pane and wait until it is drawn, with what its workers read."""
    await pilot.app.show_pane(pane_id)
    await settle(pilot)
    return pilot.app.pane(pane_id)


async def notes_pane(pilot):
    pane = await open_pane(pilot, "notes")
    await wait_for(pilot, lambda: pane.loaded)
    await quiet(pilot.app)
    return pane
