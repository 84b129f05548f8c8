"""One module per pane; the app imports each lazily, when its tab first opens."""

from __future__ import annotations

import importlib

# pane id -> module holding a ``Pane`` subclass whose PANE_ID is that id
PANE_MODULES = {
    "progress": "companion.tui.panes.progress",
    "plot": "companion.tui.panes.plot",
    "quotes": "companion.tui.panes.quotes",
    "notes": "companion.tui.panes.notes",
    "people": "companion.tui.panes.people",
    "themes": "companion.tui.panes.themes",
    "glossary": "companion.tui.panes.glossary",
    "seminar": "companion.tui.panes.seminar",
}


def pane_class(pane_id: str):
    """The Pane class for ``pane_id``, or None while its module is not written yet."""
    from companion.tui.panes.base import Pane

    try:
        module = importlib.import_module(PANE_MODULES[pane_id])
    except ModuleNotFoundError as error:
        if error.name == PANE_MODULES[pane_id]:
            return None
        raise
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, Pane)
            and value is not Pane
            and getattr(value, "PANE_ID", None) == pane_id
        ):
            return value
    return None
