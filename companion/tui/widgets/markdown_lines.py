"""Pack Markdown (summaries, plot sections, articles) rendered by Rich for a TextView.

Imported when the Plot pane is built, never for the first paint: rich.markdown brings
markdown-it and pygments. One renderable instead of Textual's Markdown widget, which
is one widget per block (~47 for the story so far, 150-300 ms to show).
"""

from __future__ import annotations

from functools import lru_cache

from rich.console import Console
from rich.markdown import Heading, Markdown
from rich.text import Text
from rich.theme import Theme

from companion.study.text import show_controls

# Headings as the other panes' titles (bold underline) and headings (bold), in the
# app's colours rather than Rich's fixed magenta and cyan.
THEME = Theme(
    {
        "markdown.h1": "bold underline",
        "markdown.h2": "bold",
        "markdown.h3": "bold",
        "markdown.h4": "bold italic",
        "markdown.h5": "italic",
        "markdown.h6": "italic",
        "markdown.block_quote": "italic",
        "markdown.list": "bold",
        "markdown.item.number": "bold",
        "markdown.code": "bold",
        "markdown.link": "underline",
        "markdown.link_url": "underline",
        "markdown.table.border": "dim",
        "markdown.table.header": "bold",
    }
)


class LeftHeading(Heading):
    # every level on the left (not a centred H1), not padded to the width
    LEVEL_ALIGN = {f"h{n}": "default" for n in range(1, 7)}


class PackMarkdown(Markdown):
    elements = {**Markdown.elements, "heading_open": LeftHeading}

    def __rich_console__(self, console, options):
        with console.use_theme(THEME):  # every segment made while the theme is on
            segments = list(super().__rich_console__(console, options))
        yield from segments


# Blocks Rich draws as one wrapped Text each (any inline marks inside)
FLAT = {"paragraph_open", "paragraph_close", "heading_open", "heading_close", "inline"}
UNWRAPPED = 100_000


@lru_cache(maxsize=32)  # moving up and down the list shows the same pages again
def render_markdown(source: str, console: Console) -> Text | PackMarkdown:
    """``source`` as Markdown; control characters shown, never sent to the terminal.

    Headings and paragraphs only (the story so far, most sections): Rich draws them
    once at a width nothing wraps at, and the result is one Text, which a TextView
    wraps for any width in ~1 ms. Lists, quotes, code and tables need Rich's drawing
    (indents, bars, boxes): that renderable is returned, drawn for each width.
    """
    source = source.replace("\r\n", "\n").replace("\t", "    ")
    markdown = PackMarkdown(show_controls(source, keep_newlines=True), justify="default")
    if any(token.type not in FLAT for token in markdown.parsed):
        return markdown
    lines = console.render_lines(markdown, console.options.update_width(UNWRAPPED), pad=False)
    return Text("\n").join(
        Text.assemble(*((seg.text, seg.style or "") for seg in line)) for line in lines
    )
