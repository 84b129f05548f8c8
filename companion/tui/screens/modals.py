"""Typed modal screens: confirm, a page of Markdown (info), peek.

Markdown (and markdown-it) is imported only when a help or peek page opens: the
Progress pane imports this module before the first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from companion.tui.stopping import app_closing

if TYPE_CHECKING:
    from companion.tui.widgets.text_view import TextView


def closed_early(screen: Screen) -> bool:
    """Closed before it was mounted: a key of the same burst as the one that opened it
    (enter, escape) closed it, and its widgets are gone, so its on_mount has nothing to
    do. Querying them there crashed the app (found by the random-key watchdog). Or
    the app is ending, with the same effect."""
    return screen not in screen.app.screen_stack or app_closing(screen.app)


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question; dismisses True (yes) or False (no, escape)."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > #dialog {
        width: 64; max-width: 95%; height: auto; max-height: 90%;
        border: thick $accent; background: $panel; padding: 1 2;
    }
    ConfirmScreen #title { text-style: bold; margin-bottom: 1; }
    ConfirmScreen #buttons { height: auto; margin-top: 1; align-horizontal: right; }
    ConfirmScreen Button { margin-left: 2; min-width: 10; width: auto; }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
        Binding("escape", "answer(False)", "Cancel", id="confirm.cancel"),
        Binding("left,h", "app.focus_previous", "Previous button", show=False, id="confirm.left"),
        Binding("right,l", "app.focus_next", "Next button", show=False, id="confirm.right"),
    ]

    def __init__(
        self,
        title: str,
        message: str,
        *,
        yes: str = "Yes",
        no: str = "No",
        default_yes: bool = False,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.yes_label = yes
        self.no_label = no
        self.default_yes = default_yes

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.title_text), id="title")
            yield Static(Text(self.message), id="message")
            with Horizontal(id="buttons"):
                yield Button(f"{self.no_label} (n, esc)", id="no")
                yield Button(f"{self.yes_label} (y)", id="yes", variant="primary")

    def on_mount(self) -> None:
        if closed_early(self):
            return
        self.query_one("#yes" if self.default_yes else "#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


# at once (keys in order), without a glide, and before the first layout has given the
# page its scrollbar (without one, Textual does not scroll unless forced)
SCROLL_NOW: dict = {"animate": False, "force": True, "immediate": True}


class InfoScreen(ModalScreen[None]):
    """A scrollable Markdown page closed with escape/q/enter (help, peeks).

    The page is drawn by Rich into a TextView (only the lines on screen), not by
    Textual's Markdown widget: that is one widget per block and took 0.3-0.9 s to open
    help. The title and the hint are docked, so the last line and how to close stay
    reachable at any height.
    """

    DEFAULT_CSS = """
    InfoScreen { align: center middle; }
    InfoScreen > #dialog {
        width: 90; max-width: 96%; height: 92%;
        border: thick $accent; background: $panel; padding: 0 1;
    }
    InfoScreen #title { dock: top; text-style: bold; padding: 1 1 0 1; }
    InfoScreen #body { height: 1fr; background: $panel; padding: 0 1; }
    InfoScreen #hint { dock: bottom; color: $text-muted; padding: 0 1; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="info.close"),
        Binding("q", "close", "Close", show=False, id="info.close_q"),
        Binding("enter", "close", "Close", show=False, id="info.close_enter"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False, id="info.down"),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False, id="info.up"),
        # the page's own keys once it has focus; these reach it before (typed in the
        # same instant the page opened, while it was being mounted)
        Binding("home", "page('top')", "Top", show=False, id="info.home"),
        Binding("end", "page('bottom')", "Bottom", show=False, id="info.end"),
        Binding("pageup", "page('up')", "Page up", show=False, id="info.pageup"),
        Binding("pagedown", "page('down')", "Page down", show=False, id="info.pagedown"),
    ]

    HINT = "escape, q or enter closes"

    def __init__(self, title: str, markdown: str, hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.markdown = markdown
        self.hint = hint or self.HINT

    def compose(self) -> ComposeResult:
        from companion.tui.widgets.text_view import TextView

        with Vertical(id="dialog"):
            yield Static(Text(self.title_text), id="title")
            yield Static(Text(self.hint), id="hint")
            yield TextView(self.page(), id="body")

    def page(self) -> RenderableType:
        from companion.tui.widgets.markdown_lines import render_markdown

        return render_markdown(self.markdown, self.app.console)

    def show_page(self, title: str, markdown: str) -> None:
        """Show another page in this screen (help, kept for the next time it opens)."""
        from companion.tui.widgets.text_view import TextView

        if (title, markdown) == (self.title_text, self.markdown) and self.is_mounted:
            self.query_one("#body", TextView).scroll_to(0, 0, animate=False)
            return
        self.title_text, self.markdown = title, markdown
        if self.is_mounted:
            self.query_one("#title", Static).update(Text(title))
            self.query_one("#body", TextView).update(self.page())

    def on_mount(self) -> None:
        if closed_early(self):
            return
        self.query_one("#body").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        self._scroll(lambda page: page.scroll_relative(y=lines, **SCROLL_NOW))

    def action_page(self, where: str) -> None:
        def scroll(page: TextView) -> None:
            if where in ("top", "bottom"):
                move = page.scroll_home if where == "top" else page.scroll_end
                move(**SCROLL_NOW)
            else:
                lines = page.scrollable_content_region.height
                page.scroll_relative(y=lines if where == "down" else -lines, **SCROLL_NOW)

        self._scroll(scroll)

    def _scroll(self, scroll: Callable[[TextView], object]) -> None:
        """Scroll the page once it is there: after the screen's compose and mount
        (still queued for a key typed as the page opened) and once its lines are laid
        out; every key in the order it came."""

        from companion.tui.widgets.text_view import TextView

        def now() -> None:
            if not closed_early(self):
                page = self.query_one("#body", TextView)
                page.when_laid_out(lambda: scroll(page))

        self.call_later(now)


def peek_title(what: str, unlock: int) -> str:
    """ "Peek at chapter 10?", "Peek at a person from chapter 4?"."""
    if what == "chapter":
        return f"Peek at chapter {unlock}?"
    a = "an" if what[:1] in "aeiou" else "a"
    return f"Peek at {a} {what} from chapter {unlock}?"


def peek_heading(what: str, unlock: int, title: str) -> str:
    """ "Peek at chapter 10" (its page begins with the chapter's title), "Peek at a
    person from chapter 4: Ruth"."""
    asked = peek_title(what, unlock).rstrip("?")
    return asked if what == "chapter" else f"{asked}: {title}"


def peek_message(unlock: int) -> str:
    return f"This unlocks after chapter {unlock}. Show it anyway?"


def peek(
    app: App,
    peeked: set[str],
    key: str,
    unlock: int,
    what: str,
    show: Callable[[], tuple[str, str]],
) -> None:
    """Ask first (naming the chapter); on yes, show ``show()`` -> (title, markdown) once.

    The peek is remembered in ``peeked`` (the state's) and never moves progress.
    """

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        peeked.add(key)
        title, markdown = show()
        app.push_screen(InfoScreen(peek_heading(what, unlock, title), markdown))

    app.push_screen(
        ConfirmScreen(
            peek_title(what, unlock), peek_message(unlock), yes="Show it", no="Keep it hidden"
        ),
        answered,
    )
