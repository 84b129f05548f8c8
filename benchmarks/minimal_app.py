"""The floor for the first-paint and memory figures: a minimal Textual app.

Header, Static, Footer and nothing else; launched by the benchmarks exactly as the
companion is (a new tmux session at 120x40), its header shows TITLE.
"""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

TITLE = "Minimal Benchmark App"


class MinimalApp(App):
    TITLE = TITLE
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("A minimal Textual app: the baseline for first paint and memory.")
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
