"""`companion export notes|seminar|anki`: each kind lives in its own module."""

from __future__ import annotations

from companion.commands import add_command, export_anki, export_notes, export_seminar


def register(sub) -> None:
    parser = add_command(
        sub, "export", help="write your notes, a seminar sheet or an Anki deck to a file"
    )
    kinds = parser.add_subparsers(dest="export_kind", metavar="KIND", required=True)
    export_notes.register(kinds)
    export_seminar.register(kinds)
    export_anki.register(kinds)
