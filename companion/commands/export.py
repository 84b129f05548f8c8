"""`companion export notes|seminar`: each kind lives in its own module."""

from __future__ import annotations

from companion.commands import add_command, export_notes, export_seminar


def register(sub) -> None:
    parser = add_command(sub, "export", help="write your notes or a seminar sheet to a file")
    kinds = parser.add_subparsers(dest="export_kind", metavar="KIND", required=True)
    export_notes.register(kinds)
    export_seminar.register(kinds)
