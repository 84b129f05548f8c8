"""`companion import notes FILE`: bring back notes from our JSON export."""

from __future__ import annotations

from pathlib import Path

from companion.commands import add_command
from companion.errors import CompanionError


def register(sub) -> None:
    parser = add_command(sub, "import", help="import notes from a JSON export")
    kinds = parser.add_subparsers(dest="import_kind", metavar="KIND", required=True)
    notes = add_command(
        kinds,
        "notes",
        help="import notes from `companion export notes "
        "--format json` (importing the same file twice adds nothing)",
    )
    notes.add_argument("file", type=Path, metavar="FILE", help="the JSON file")
    notes.set_defaults(func=run)
    from companion.commands import import_highlights

    import_highlights.register(kinds)


def run(ctx) -> int:
    from companion.store.notes import NoteStore
    from companion.store.notes_io import parse_export

    path: Path = ctx.args.file
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CompanionError(f"{path} does not exist; nothing was imported.", 2) from None
    except OSError as error:
        raise CompanionError(
            f"could not read {path}: {error.strerror}; nothing was imported.", 2
        ) from None
    incoming = parse_export(path, raw)
    result = NoteStore(ctx.data_dir).merge_in(incoming)
    print(
        f"imported {len(result.added)} new notes from {path}; "
        f"{len(result.unchanged)} were here already"
    )
    if result.conflicts:
        print(
            f"{len(result.conflicts)} notes differ from yours with the same id: kept both, "
            f"the imported versions are new notes tagged #conflict: "
            + ", ".join(n.id for n in result.conflicts)
        )
    return 0
