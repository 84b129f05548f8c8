"""A progress bar for long commands: rich's, on standard error, only at a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a bar is shown
    from rich.progress import Progress


class Bar:
    """``with Bar(total, "label", least=500) as advance: advance(n)``.

    Shown only when standard error is a terminal and ``total`` is at least ``least``
    (a short import is over before a bar would help); otherwise ``advance`` does
    nothing. The bar goes away when done (transient)."""

    def __init__(self, total: int, label: str, least: int = 500) -> None:
        self.total, self.label, self.least = total, label, least
        self.progress: Progress | None = None

    def __enter__(self) -> Callable[[int], None]:
        if self.total < self.least or not sys.stderr.isatty():
            return lambda n: None
        from rich.console import Console
        from rich.progress import Progress

        progress = self.progress = Progress(console=Console(stderr=True), transient=True)
        progress.start()
        task = progress.add_task(self.label, total=self.total)
        return lambda n: progress.advance(task, n)

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()
