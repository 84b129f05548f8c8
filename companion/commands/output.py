"""What the commands print or write: everything passes the one sanitiser.

Notes, imported data, pack text and paths can all hold escape sequences; a command
never writes them raw, to the terminal or to a file. Text keeps its line ends and
tabs (other controls become visible symbols); JSON escapes them as ``\\uXXXX``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from companion.store.display import json_text, visible_layout


def emit(text: str) -> None:
    """Text on standard output."""
    sys.stdout.write(visible_layout(text))


def emit_json(doc: object, indent: int = 2) -> None:
    sys.stdout.write(json_text(doc, indent) + "\n")


def tell(message: str) -> None:
    """A line for the person at the terminal (standard error), not for the output."""
    print(visible_layout(message), file=sys.stderr)


def warn(message: str) -> None:
    tell(f"companion: warning: {message}")


def to_stdout(output: Path | str | None) -> bool:
    """No -o, or ``-o -``: the output goes to standard output."""
    return output is None or str(output) == "-"


def deliver(text: str, output: Path | str | None, force: bool, done: str) -> None:
    """``text`` (already sanitised, or JSON) to standard output or the file ``output``;
    ``done`` is told on standard error after a file was written."""
    if output is None or to_stdout(output):
        sys.stdout.write(text)
        return
    from companion.study.output import write_export

    write_export(Path(output), text, force=force)
    tell(done)
