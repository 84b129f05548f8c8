"""F1 / ?: the keys of the pane in view and the app's keys, from their declarations.

Each line is an ``Action`` of the pane or the app (``ACTIONS``) with the keys bound to
it now (a [keymap] in settings.toml changes them), so help never drifts from the keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.binding import Binding

from companion.tui.actions import Action
from companion.tui.screens.modals import InfoScreen

if TYPE_CHECKING:
    from companion.tui.app import CompanionApp
    from companion.tui.panes.base import Pane

CLOSE_KEYS = "escape, q or F1 closes this help"
HELP = "help"  # the name the help screen is installed under


class HelpScreen(InfoScreen):
    """The help page (a scrollable Markdown page)."""

    BINDINGS = [
        Binding("f1,question_mark", "close", "Close", show=False, id="help.close_f1"),
    ]


def show_help(app: CompanionApp, pane: Pane | None) -> None:
    """Open help on ``pane``'s keys. The screen is made once and kept (installed):
    later openings change only its page, not its widgets."""
    title, markdown = help_page(app, pane)
    if not app.is_screen_installed(HELP):
        app.install_screen(HelpScreen(title, markdown, hint=CLOSE_KEYS), HELP)
    else:
        screen = app.get_screen(HELP)
        assert isinstance(screen, HelpScreen)
        screen.show_page(title, markdown)
    app.push_screen(HELP)


def help_page(app: CompanionApp, pane: Pane | None) -> tuple[str, str]:
    """The title and Markdown of help on ``pane`` (None: the app's keys only)."""
    title = pane.TITLE if pane is not None else "Companion"
    lines = [f"*{CLOSE_KEYS}.*", ""]
    if pane is not None and pane.HELP:
        lines += [pane.HELP, ""]
    if pane is not None and pane.ACTIONS:
        lines += [f"**{md_cell(title)}**", ""]
        lines += key_lines(app, pane.ACTIONS)
        lines.append("")
    lines += ["**Everywhere**", ""]
    lines += key_lines(app, app.ACTIONS)
    lines.append("- `ctrl+p`: Command palette: every action, grouped")
    if app.is_web:  # a browser keeps ctrl+t, ctrl+w, ctrl+n and ctrl+tab for itself
        lines.append(
            "- `ctrl+p`, then theme: light/dark in a browser, where ctrl+t opens a new tab"
        )
    lines += [
        "",
        "Arrows or j/k move in lists; enter opens; tab moves between parts "
        "of a pane; the mouse works too.",
    ]
    return f"Help: {title}", "\n".join(lines)


def key_lines(app: CompanionApp, actions: Iterable[Action]) -> list[str]:
    """ "- `f, space`: Flip: show the other side of the card", one per action with keys;
    actions sharing a title and help (quit: q, ctrl+q) share a line."""
    lines: dict[tuple[str, str], list[str]] = {}
    for action in actions:
        keys = app.key_text(action)
        if keys:
            lines.setdefault((action.title, action.help), []).append(keys)
    return [
        f"- `{', '.join(keys)}`: {md_cell(title)}: {md_cell(lower_first(help))}"
        for (title, help), keys in lines.items()
    ]


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("`", "'")
