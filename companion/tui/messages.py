"""Messages that screens post to the app (they bubble up from any screen)."""

from __future__ import annotations

from textual.message import Message


class DataChanged(Message):
    """Shared data changed ("progress" | "notes" | "deck" | "all"): the app refreshes
    the pane in view now and the others when they are shown."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
