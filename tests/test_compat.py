"""companion/tui/compat.py hooks into Textual's internals: these tests fail, loudly, when
a Textual release changes what a hook relies on (measure again, then keep, adapt or
delete the hook). They never switch a hook off quietly."""

from __future__ import annotations

import inspect

import textual
from rich.text import Text
from textual.app import App
from textual.scroll_view import ScrollView

from companion.tui.compat import TEXTUAL_VERSION, SteadyScrollbars
from companion.tui.widgets.text_view import TextView


def test_the_textual_the_hooks_were_measured_for():
    assert textual.__version__ == TEXTUAL_VERSION, (
        f"Textual {textual.__version__}: compat.py was written for {TEXTUAL_VERSION}; "
        "check each hook against the new release and measure it again (benchmarks/ab.py)"
    )


def test_scroll_view_still_has_the_size_hook_steady_scrollbars_overrides():
    hook = ScrollView.__dict__.get("_size_updated")
    assert hook is not None, "ScrollView._size_updated is gone: SteadyScrollbars does nothing"
    ours = list(inspect.signature(SteadyScrollbars._size_updated).parameters)
    assert list(inspect.signature(hook).parameters) == ours


class ViewApp(App):
    def compose(self):
        yield TextView(Text("\n".join(f"line {n}" for n in range(100))))


async def test_steady_scrollbars_still_size_and_move_the_scrollbar():
    app = ViewApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        view = app.query_one(TextView)
        bar = view.vertical_scrollbar
        assert view.show_vertical_scrollbar
        assert (bar.window_virtual_size, bar.window_size) == (101, view.container_size.height)
        view.focus()
        await pilot.press("end")
        await pilot.pause()
        assert view.scroll_y > 0 and bar.position == view.scroll_y
        await pilot.resize_terminal(40, 20)  # a new size still reaches the scrollbar
        await pilot.pause()
        assert bar.window_size == view.container_size.height
