"""TextView (the text on the right of Plot, People, Themes, Glossary) and the Markdown
it shows: wrapping as Rich wraps, scrolling by keys and wheel, wide grids, and pack
Markdown rendered (emphasis, lists, literal marks in titles).
"""

from __future__ import annotations

import random

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual import events
from textual.app import App

from companion.context import Context
from companion.study.guide import GuideView
from companion.tui.drive import press, quiet
from companion.tui.panes.list_detail import md_escape
from companion.tui.panes.themes import ThemeGrid
from companion.tui.widgets.markdown_lines import render_markdown
from companion.tui.widgets.text_view import TextView, spans
from tests.pane_helpers import screen_text

LONG = Text("\n\n".join(f"Paragraph {n}: " + "some words that wrap " * 12 for n in range(40)))


class ViewApp(App):
    CSS = "TextView { padding: 0 1 0 2; }"

    def __init__(self, content, wide: bool = False) -> None:
        super().__init__()
        self.content, self.wide = content, wide

    def compose(self):
        yield TextView(self.content, wide=self.wide)

    def on_mount(self) -> None:
        self.query_one(TextView).focus()


def test_lines_break_where_rich_breaks_them():
    console = Console(width=200, file=None)
    rng = random.Random(7)
    texts = [LONG, Text("x" * 130 + " a  b   " + "y" * 50 + "   \n\n  lead and a foldinglongword")]
    texts += [
        Text("".join(rng.choice("ab  c\n—日本") for _ in range(rng.randint(0, 300))))
        for _ in range(100)
    ]
    for text in texts:
        wide = cell_len(text.plain) != len(text.plain)
        for width in (2, 3, 10, 37, 78) if wide else (1, 3, 10, 37, 78):  # 本 needs 2 cells
            ours = [
                line.plain[start:end].rstrip()
                for line in text.split(allow_blank=True)
                for start, end in spans(line.plain, width, cell_len(line.plain) == len(line.plain))
            ]
            rich = [line.plain.rstrip() for line in text.wrap(console, width)]
            assert ours == rich, (width, text.plain[:40])


async def test_keys_and_wheel_scroll_and_new_text_starts_at_the_top():
    app = ViewApp(LONG)
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(TextView)
        await quiet(pilot.app)
        assert view.virtual_size.height == len(view.lines) > 100
        assert "Paragraph 0:" in screen_text(app) and "Paragraph 39:" not in screen_text(app)
        await press(pilot, "down", "down")
        assert view.scroll_y == 2
        await press(pilot, "pagedown")
        assert view.scroll_y == 2 + view.scrollable_content_region.height
        await press(pilot, "pageup", "up")
        assert view.scroll_y == 1
        await press(pilot, "end")
        assert view.scroll_y == view.max_scroll_y > 0
        assert "Paragraph 39:" in screen_text(app)
        await press(pilot, "home")
        assert view.scroll_y == 0
        view.post_message(events.MouseScrollDown(view, 3, 3, 0, 0, 0, False, False, False))
        await quiet(pilot.app)
        assert view.scroll_y > 0
        view.update(Text("A new page"))
        await quiet(pilot.app)
        assert view.scroll_y == 0 and view.lines[0] == "A new page"
        assert "A new page" in screen_text(app)


async def test_only_the_lines_on_screen_are_drawn_and_resizing_rewraps():
    app = ViewApp(LONG)
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(TextView)
        await quiet(pilot.app)
        assert view.kept_lines <= 20 < len(view.lines)
        before = len(view.lines)
        await pilot.resize_terminal(100, 20)
        await quiet(pilot.app)
        assert len(view.lines) < before
        assert max(len(line) for line in view.lines) > 60
        assert "Paragraph 0:" in screen_text(app)


async def test_the_theme_grid_keeps_its_rows_whole_and_scrolls_sideways(tmp_path):
    ctx = Context(data_override=tmp_path)
    view = GuideView(ctx.book, ctx.book.chapter_count)
    app = ViewApp(ThemeGrid(view), wide=True)
    async with app.run_test(size=(50, 30)) as pilot:
        text_view = app.query_one(TextView)
        await quiet(pilot.app)
        lines = text_view.lines
        assert lines[0] == ""  # room above the grid, as before
        assert lines[1] == "Where each theme turns up, chapter by"  # the title wraps
        rows = [
            line
            for line in lines
            if line.split(" ")[0] in {theme.name.split(" ")[0] for theme, _ in view.themes}
        ]
        assert len(rows) == len(view.themes)
        assert all(line.endswith(("●", "❝", "◆", "·")) for line in rows)  # rows not wrapped
        assert max(len(line) for line in rows) > text_view.scrollable_content_region.width
        assert text_view.show_horizontal_scrollbar
        await press(pilot, "right", "right")
        assert text_view.scroll_x == 2


def md_lines(source: str, width: int = 60):
    """What a reader sees of ``source``: the lines and their Text (for styles)."""
    console = Console(width=width, file=None)
    rendered = render_markdown(source, console)
    lines = console.render_lines(rendered, console.options.update_width(width), pad=False)
    return ["".join(s.text for s in line).rstrip() for line in lines], lines


def styles_of(lines, word: str):
    for line in lines:
        for segment in line:
            if segment.text.strip() == word:
                return segment.style
    raise AssertionError(f"{word!r} not shown")


def test_markdown_emphasis_list_and_a_literal_star_in_a_title():
    title = md_escape("The *starred* _one_")
    source = (
        f"# {title}\n\nAnn finds a *letter* and a **key**.\n\n"
        "- first thing\n- second thing\n\n> what she said"
    )
    text, lines = md_lines(source)
    assert text[0] == "The *starred* _one_"  # marks in a title stay literal
    assert not text[0].startswith(" ")  # headings on the left, not centred
    assert "Ann finds a letter and a key." in text  # the marks are gone ...
    assert styles_of(lines, "letter").italic  # ... and shown as emphasis
    assert styles_of(lines, "key").bold
    bullets = [line for line in text if line.lstrip().startswith("•")]
    assert [b.split("•", 1)[1].strip() for b in bullets] == ["first thing", "second thing"]
    assert any(line.startswith("▌") and "what she said" in line for line in text)


def test_markdown_shows_control_characters_and_no_markup():
    text, _ = md_lines("# A [b]title[/b]\n\nesc \x1b[31mred and [link=x]y")
    assert text[0] == "A [b]title[/b]"
    assert "\x1b" not in "".join(text)
    assert "[link=x]y" in text[2]


async def test_a_markdown_page_wraps_for_its_width_in_a_view():
    source = "# Story\n\n## Chapter 1: *One*\n\n" + "Words and more words. " * 30
    app = ViewApp("")
    async with app.run_test(size=(50, 30)) as pilot:
        view = app.query_one(TextView)
        view.update(render_markdown(source, app.console))
        await quiet(pilot.app)
        assert view.lines[:3] == ["Story", "", "Chapter 1: One"]
        assert all(len(line) <= 50 - 5 for line in view.lines)
        assert sum("Words and more words." in line for line in view.lines) > 10


async def test_a_link_in_markdown_opens_when_clicked():
    opened = []

    class LinkApp(ViewApp):
        def open_url(self, url: str, *, new_tab: bool = True) -> None:
            opened.append(url)  # the browser is not ours to start in a test

    app = LinkApp("")
    async with app.run_test(size=(60, 10)) as pilot:
        view = app.query_one(TextView)
        view.update(render_markdown("Read [the notes](https://example.org/n) first.", app.console))
        await quiet(pilot.app)
        assert view.lines[0] == "Read the notes first."
        await pilot.click(view, offset=(2 + len("Read "), 0))
        assert opened == ["https://example.org/n"]
        await pilot.click(view, offset=(2, 0))  # plain text: nothing opens
        assert opened == ["https://example.org/n"]


async def test_the_theme_grid_names_are_whole_at_120_columns(tmp_path):
    ctx = Context(data_override=tmp_path)
    view = GuideView(ctx.book, ctx.book.chapter_count)
    app = ViewApp(ThemeGrid(view), wide=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await quiet(pilot.app)
        text = "\n".join(app.query_one(TextView).lines)
        longest = max((theme.name for theme, _ in view.themes), key=len)
        assert len(longest) > 22  # a name the grid used to cut
        assert all(theme.name in text for theme, _ in view.themes)
