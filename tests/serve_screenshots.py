"""Pictures of the companion in a browser: ``python -m tests.serve_screenshots [OUT_DIR]``.

`companion serve` opened in Debian's headless Chromium, on the sample data of the
terminal screenshots (a reader at chapter 9, a few notes, three starred quotes).
Writes browser-*.png to OUT_DIR (default: screenshots/). The browser tests take
the same pictures into a temporary folder on every run.
"""

from __future__ import annotations

import datetime
import sys
import tempfile
from pathlib import Path

from tests.serve_helpers import Served, Tab, wait_until

# (file name, page size, keys pressed, text awaited before the picture)
SHOTS = [
    ("browser-progress", (1280, 800), ("1",), "Chapter 10 is your next chapter"),
    ("browser-quotes", (1280, 800), ("3",), "Quote 1 of"),
    ("browser-notes", (1280, 800), ("4",), "Ruth's pencil case"),
    ("browser-tablet", (1024, 768), ("2",), "The story so far"),
]


def drawn(tab: Tab) -> None:
    """Wait until the page has shown the terminal and painted its last rows."""
    wait_until(
        lambda: tab.page.evaluate(
            "() => getComputedStyle(document.querySelector('#terminal')).opacity === '1'"
        ),
        what="the terminal to fade in",
    )
    tab.page.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    )


def shoot(browser, out: Path) -> dict[Path, str]:
    """Take the pictures: each file written, with the page's text when it was taken."""
    from companion.context import Context
    from companion.tui.screenshots import make_sample

    written: dict[Path, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ctx = Context(data_override=root)
        # the served app reads the real date: the sample is dated from it too
        make_sample(ctx.data_dir, ctx.book, today=datetime.date.today())
        server = Served(root)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        try:
            tab = Tab(context, server.url)
            tab.wait_for("Never Let Me Go")
            for name, (width, height), keys, awaited in SHOTS:
                tab.page.set_viewport_size({"width": width, "height": height})
                tab.press(*keys)
                screen = tab.wait_for(awaited)
                drawn(tab)
                path = out / f"{name}.png"
                tab.page.screenshot(path=str(path))
                written[path] = screen
        except AssertionError as error:  # say what the server saw (an app that ended?)
            raise AssertionError(f"{error}\nserver's errors: {''.join(server.errors)}") from None
        finally:
            context.close()
            server.close()
    return written


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    from tests.serve_helpers import launch_chromium

    out = Path(argv[0]) if argv else Path("screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for path in shoot(browser, out):
            print(path)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
