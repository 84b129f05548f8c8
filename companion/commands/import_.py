"""`companion import notes FILE|-`: bring back notes from our JSON export.

Every record is checked before any is written: one bad record and nothing is
imported, unless ``--skip-bad`` imports the others (exit 1: partly done).
"""

from __future__ import annotations

import sys

from companion.commands import add_command
from companion.errors import CompanionError

MAX_IMPORT_BYTES = 200 << 20  # read into memory: 100,000 notes of a few lines are ~40 MB
SHOW_BAD = 20  # records reported one by one; the rest are counted


def register(sub) -> None:
    parser = add_command(sub, "import", help="import notes from a JSON export")
    kinds = parser.add_subparsers(dest="import_kind", metavar="KIND", required=True)
    notes = add_command(
        kinds,
        "notes",
        help="import notes from `companion export notes --format json` or "
        "`companion note list --json` (importing the same file twice adds nothing)",
    )
    notes.add_argument("file", metavar="FILE", help="the JSON file; - reads standard input")
    notes.add_argument(
        "--skip-bad",
        action="store_true",
        help="import the good records even if some cannot be imported (they are listed)",
    )
    notes.set_defaults(func=run)
    from companion.commands import import_highlights

    import_highlights.register(kinds)


def _read(name: str) -> bytes:
    """The file's bytes (or standard input's), at most MAX_IMPORT_BYTES."""
    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_IMPORT_BYTES + 1)
        else:
            with open(name, "rb") as handle:  # a pipe (<(...)) is fine: the user chose it
                data = handle.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError:
        raise CompanionError(f"{name} does not exist; nothing was imported.", 2) from None
    except IsADirectoryError:
        raise CompanionError(f"{name} is a folder; give the JSON file.", 2) from None
    except OSError as error:
        raise CompanionError(
            f"could not read {name}: {(error.strerror or str(error)).lower()}; "
            "nothing was imported.",
            2,
        ) from None
    if len(data) > MAX_IMPORT_BYTES:
        raise CompanionError(
            f"{name} is larger than {MAX_IMPORT_BYTES >> 20} MB; nothing was imported. "
            "Split it into smaller exports.",
            2,
        )
    return data


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def run(ctx) -> int:
    from companion.commands.bar import Bar
    from companion.commands.output import emit, tell
    from companion.store.notes import NoteStore
    from companion.store.notes_io import parse_export

    args = ctx.args
    name = "standard input" if args.file == "-" else args.file
    raw = _read(args.file)
    book = ctx.book
    parsed = parse_export(name, raw, book.chapter_count, {q.id for q in book.quotes})
    if parsed.book_id is not None and parsed.book_id != book.id and ctx.book_arg is None:
        raise CompanionError(
            f"{name} holds notes on another book ({parsed.book_id!r}), not {book.id!r}; "
            f"nothing was imported. Give --book {parsed.book_id} to import them there "
            f"(or --book {book.id} to import them into this book anyway).",
            2,
        )
    for number, why in parsed.bad[:SHOW_BAD]:
        tell(f"{name}: record {number}: {why}")
    if len(parsed.bad) > SHOW_BAD:
        tell(f"{name}: ... and {_plural(len(parsed.bad) - SHOW_BAD, 'more bad record')}")
    if parsed.bad and not args.skip_bad:
        raise CompanionError(
            f"nothing was imported: {_plural(len(parsed.bad), 'record')} of "
            f"{parsed.total} cannot be imported (listed above). Fix them, or add "
            "--skip-bad to import the others.",
            2,
        )
    store = NoteStore(ctx.data_dir)
    with Bar(len(parsed.notes), "importing notes", least=1000) as advance:
        result = store.merge_in(parsed.notes, progress=advance)
    lines = [
        f"imported {_plural(len(result.added), 'new note')} from {name}; "
        f"{_plural(len(result.unchanged), 'was', 'were')} here already"
    ]
    if result.conflicts:
        lines.append(
            f"{_plural(len(result.conflicts), 'note differs', 'notes differ')} from yours "
            "with the same id: kept both, the imported versions are new notes tagged "
            "#conflict: "
            + ", ".join(n.id for n in result.conflicts[:SHOW_BAD])
            + (" ..." if len(result.conflicts) > SHOW_BAD else "")
        )
    if parsed.bad:
        lines.append(f"skipped {_plural(len(parsed.bad), 'bad record')} (listed above)")
    emit("\n".join(lines) + "\n")
    return 1 if parsed.bad else 0
