"""The command palette provider: every action possible now, grouped by prefix.

Entries come from ``CompanionApp.all_commands()`` (app-wide + each pane's
``commands()``), which only offers what the gate allows. Labels and help may hold
text from the content pack or a reader's note, so they are shown as Content, never
parsed as markup.
"""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from companion.study.text import show_controls


def safe_help(text: str) -> str:
    """The palette parses help as markup: keep brackets from being read as tags."""
    return show_controls(text or "").replace("[", "⟦").replace("]", "⟧")


class CompanionCommands(Provider):
    """Gathers the commands once per palette opening (every pane's, mounted or not)."""

    _gathered: list | None = None

    def _commands(self):
        if self._gathered is None:
            gather = getattr(self.app, "all_commands", None)
            self._gathered = gather() if gather else []
        return self._gathered

    async def startup(self) -> None:
        self._commands()

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(
                Content(show_controls(command.label)),
                command.callback,
                text=command.label,
                help=safe_help(command.help),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            label = show_controls(command.label)
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score,
                    self._highlight(matcher, label),
                    command.callback,
                    text=command.label,
                    help=safe_help(command.help),
                )

    @staticmethod
    def _highlight(matcher, label: str) -> Content:
        content = Content(label)
        _score, offsets = matcher.fuzzy_search.match(matcher.query, label)
        for offset in offsets:
            if not label[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
        return content
