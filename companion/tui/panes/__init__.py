"""One module per pane; the app imports each when its pane is first made (lazily:
the first paint imports only the pane in view)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from companion.tui.panes.base import Pane

# pane id -> (module, class)
PANES = {
    "progress": ("companion.tui.panes.progress", "ProgressPane"),
    "plot": ("companion.tui.panes.plot", "PlotPane"),
    "quotes": ("companion.tui.panes.quotes", "QuotesPane"),
    "notes": ("companion.tui.panes.notes", "NotesPane"),
    "people": ("companion.tui.panes.people", "PeoplePane"),
    "themes": ("companion.tui.panes.themes", "ThemesPane"),
    "glossary": ("companion.tui.panes.glossary", "GlossaryPane"),
    "seminar": ("companion.tui.panes.seminar", "SeminarPane"),
}


def pane_class(pane_id: str) -> type[Pane]:
    """The Pane class for ``pane_id`` (its module imported now if it was not)."""
    module, name = PANES[pane_id]
    return getattr(importlib.import_module(module), name)
