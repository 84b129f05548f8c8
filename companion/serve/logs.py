"""What aiohttp reports while `companion serve` runs, as one line each in the reader's
terminal, never a traceback.

aiohttp logs a request it cannot handle with the exception's traceback (and Python's
last-resort handler prints it). A request that is not valid HTTP is anyone's to send
to the port, and was 20 lines of aiohttp's internals in the terminal where the link
was shown; it is refused (400) all the same.
"""

from __future__ import annotations

import logging
import sys

from aiohttp.http_exceptions import HttpProcessingError

from companion.study.text import show_controls


class OneLine(logging.Handler):
    """Each warning or error as one line on standard error."""

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        said = record.getMessage()
        if isinstance(error, HttpProcessingError):
            said += f": not valid HTTP ({type(error).__name__}), refused"
        elif error is not None:
            detail = str(error).strip().splitlines()
            said += f": {type(error).__name__}" + (f": {detail[0]}" if detail else "")
        print(show_controls(said), file=sys.stderr, flush=True)


def one_line_logs() -> None:
    """aiohttp's loggers print through OneLine only (once per process)."""
    logger = logging.getLogger("aiohttp")
    if not any(isinstance(handler, OneLine) for handler in logger.handlers):
        logger.addHandler(OneLine(logging.WARNING))
    logger.propagate = False
