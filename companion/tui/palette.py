"""The command palette: every action possible now, grouped by prefix.

Entries come from the actions the app and each pane declare (``ACTIONS``), offered
when the pane says they are possible now (``Pane.offer``), and from each pane's own
entries (``Pane.entries_for_palette``: chapters, characters...). Panes not mounted
yet answer from the state; running one of their entries mounts and shows the pane
first. Labels and help may hold text from the content pack or a reader's note, so
they are shown as Content, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from textual import log
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from companion.study.quotes import fold
from companion.study.text import show_controls
from companion.tui.actions import Action, PaletteEntry
from companion.tui.state import PANE_IDS

if TYPE_CHECKING:
    from companion.tui.app import CompanionApp


def palette_entries(app: CompanionApp) -> list[PaletteEntry]:
    """App-wide entries and each pane's, all possible now (the gate applies)."""
    out = [
        PaletteEntry(label, help_line(app, action), run(app, None, action.action))
        for action in app.ACTIONS
        if (label := app.offer(action))
    ]
    for pid in PANE_IDS:
        pane = app.palette_pane(pid)
        if app.pane(pid) is not None and not pane.is_mounted:
            continue  # being mounted right now
        try:
            entries = [
                PaletteEntry(label, help_line(app, action), run(app, pid, action.action))
                for action in pane.ACTIONS
                if (label := pane.offer(action))
            ]
            entries += [
                PaletteEntry(e.label, e.help, in_pane(app, pid, e.callback), e.words)
                for e in pane.entries_for_palette()
            ]
        except Exception as error:  # one pane's bug must not empty the palette
            log.error(f"the {pid} pane's palette entries failed: {error!r}")
            continue
        out += entries
    return out


def help_line(app: CompanionApp, action: Action) -> str:
    keys = app.key_text(action, join=" or ")
    return f"{action.help} ({keys})" if keys else action.help


def run(app: CompanionApp, pane_id: str | None, action: str) -> Callable[[], object]:
    """Run ``action`` as its key would: in the pane (shown first), or in the app."""

    async def go() -> None:
        if pane_id is None:
            await app.run_action(action)
            return
        pane = await app.show_pane(pane_id)
        await app.run_action(action, pane)

    return go


def in_pane(
    app: CompanionApp, pane_id: str, callback: Callable[[], object]
) -> Callable[[], object]:
    async def go() -> None:
        await app.show_pane(pane_id)
        result = callback()
        if hasattr(result, "__await__"):
            await result

    return go


def safe_help(text: str) -> str:
    """The palette parses help as markup: keep brackets from being read as tags."""
    return show_controls(text or "").replace("[", "⟦").replace("]", "⟧")


class CompanionCommands(Provider):
    """Gathers the entries once per palette opening (every pane's, mounted or not)."""

    _gathered: list[PaletteEntry] | None = None

    def _entries(self) -> list[PaletteEntry]:
        if self._gathered is None:
            self._gathered = cast("CompanionApp", self.app).palette_entries()
        return self._gathered

    async def startup(self) -> None:
        self._entries()

    async def discover(self) -> Hits:
        for entry in self._entries():
            if entry.words:
                continue  # found by typing their words (52 quotes would bury the commands)
            yield DiscoveryHit(
                Content(show_controls(entry.label)),
                entry.callback,
                text=entry.label,
                help=safe_help(entry.help),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        typed = fold(query).split()
        for entry in self._entries():
            label = show_controls(entry.label)
            if entry.words:
                # Textual's fuzzy matcher takes minutes on a long text with repeated
                # letters ("the the the" over the quotes: 433 s); words take microseconds
                if typed and all(word in entry.words for word in typed):
                    yield Hit(
                        0.5,
                        Content(label),
                        entry.callback,
                        text=entry.label,
                        help=safe_help(entry.help),
                    )
                continue
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score,
                    self._highlight(matcher, label),
                    entry.callback,
                    text=entry.label,
                    help=safe_help(entry.help),
                )

    @staticmethod
    def _highlight(matcher, label: str) -> Content:
        # Matcher.highlight would parse the label as markup
        content = Content(label)
        _score, offsets = matcher.fuzzy_search.match(matcher.query, label)
        for offset in offsets:
            if not label[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
        return content
