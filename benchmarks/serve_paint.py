"""First paint in a browser: `companion serve` against a minimal Textual app served the same way.

    python benchmarks/serve_paint.py [--runs 7] [--markdown]

Two servers run side by side: `companion serve` (an empty data dir), and the same
server code (companion.serve.server.run) serving benchmarks/minimal_app.py. Each
run opens a new page in Debian's headless Chromium (a fresh context: nothing
cached) and measures, inside the page, the time from the start of navigation
(performance.timeOrigin) until the header's title is in xterm.js's buffer (polled
every 5 ms): the page, its scripts, the websocket, the app process's start and its
first frame. Runs alternate; the first of each is a warm-up and is not counted.
Medians. Needs playwright and /usr/bin/chromium (the test extra); not part of the
test suite.
"""

from __future__ import annotations

import argparse
import shutil
import sys

from common import HERE, PYTHON, ROOT, Row, empty_root, log, median, table

from tests.serve_helpers import TERMINAL_HOOK, Served, launch_chromium, wait_until

MINIMAL_TITLE = "Minimal Benchmark App"
COMPANION_TITLE = "Never Let Me Go"
TARGET = 1.5
# Notes, in page time, when the title is first in the terminal's buffer.
PAINT_CLOCK = """
window.__watch = (text) => {
  const tick = setInterval(() => {
    if (window.__screen && window.__screen().includes(text)) {
      window.__painted = performance.now();
      clearInterval(tick);
    }
  }, 5);
};
"""

SERVE_MINIMAL = """
import sys
from companion.serve.server import run
sys.exit(run([sys.executable, sys.argv[1]], "Minimal", host="127.0.0.1", port=0))
"""


def first_paint(browser, url: str, title: str) -> float:
    """Seconds from navigation to ``title`` in the page's terminal."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.add_init_script(TERMINAL_HOOK + PAINT_CLOCK + f"window.__watch({title!r});")
        page.goto(url, wait_until="commit")
        painted = wait_until(
            lambda: page.evaluate("() => window.__painted"), timeout=60, every=0.02
        )
        return painted / 1000
    finally:
        context.close()


def measure(runs: int) -> list[Row]:
    from playwright.sync_api import sync_playwright

    data, other = empty_root(), empty_root()
    companion = Served(data)
    minimal = Served(other, argv=[PYTHON, "-c", SERVE_MINIMAL, str(HERE / "minimal_app.py")])
    times: dict[str, list[float]] = {"companion": [], "minimal": []}
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            for i in range(runs + 1):
                for name, served, title in (
                    ("companion", companion, COMPANION_TITLE),
                    ("minimal", minimal, MINIMAL_TITLE),
                ):
                    seconds = first_paint(browser, served.url, title)
                    log(
                        f"  {name} run {i}: {seconds * 1000:.0f} ms"
                        + (" (warm-up)" if not i else "")
                    )
                    if i:
                        times[name].append(seconds)
            browser.close()
    finally:
        companion.close()
        minimal.close()
        shutil.rmtree(data, ignore_errors=True)
        shutil.rmtree(other, ignore_errors=True)
    return [
        Row(
            "first paint in a browser (companion serve)",
            median(times["companion"]),
            median(times["minimal"]),
            TARGET,
            note=f"median of {runs}; headless Chromium, navigation to header",
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    rows = measure(args.runs)
    print(table(rows, markdown=args.markdown))
    return 0 if all(r.passed for r in rows) else 1


if __name__ == "__main__":
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    sys.exit(main())
