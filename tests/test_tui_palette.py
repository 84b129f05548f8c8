"""The command palette as a reader opens it: the companion's commands, each once."""

from __future__ import annotations

from collections import Counter

from textual.command import CommandList, CommandPalette

from companion.tui.drive import press
from companion.tui.screenshots import sample_app
from tests.pane_helpers import settle, wait_for


async def palette_prompts(pilot, query: str = "") -> list[str]:
    app = pilot.app
    await press(pilot, "ctrl+p")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
    if query:
        await press(pilot, *query)
    listed = app.screen.query_one(CommandList)
    await wait_for(pilot, lambda: listed.option_count > 0)
    await settle(pilot)
    return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]


async def test_palette_lists_only_the_companions_commands_each_once(tmp_path):
    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        prompts = await palette_prompts(pilot)
        labels = [p.splitlines()[0] for p in prompts]
        assert labels[0].startswith(("go to:", "app:", "progress:", "drill:"))
        assert "app: Quit" in labels
        for textual_own in ("Quit", "Theme", "Keys", "Maximize", "Minimize", "Screenshot"):
            assert textual_own not in labels
        twice = [label for label, n in Counter(labels).items() if n > 1]
        assert not twice


async def test_palette_search_for_quit_or_theme_finds_one_each(tmp_path):
    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        labels = [p.splitlines()[0] for p in await palette_prompts(pilot, "quit")]
        assert [label for label in labels if "Quit" in label] == ["app: Quit"]
        await press(pilot, "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette))
        labels = [p.splitlines()[0] for p in await palette_prompts(pilot, "theme")]
        changers = [label for label in labels if label.endswith((" theme", "Theme"))]
        assert changers == ["app: Light theme"]
