"""`companion where`: print where your data and the content pack live."""

from __future__ import annotations

from companion.commands import add_command


def register(sub) -> None:
    parser = add_command(sub, "where", help="print where your notes, progress and deck are kept")
    parser.set_defaults(func=run)


def run(ctx) -> int:
    from companion.commands.output import emit
    from companion.store import paths

    book_dir = ctx.data_dir
    rows = [
        ("data root", paths.data_root(ctx.data_override)),
        ("book folder", book_dir),
        ("progress file", paths.progress_path(book_dir)),
        ("notes folder", paths.notes_dir(book_dir)),
        ("deck file", paths.deck_path(book_dir)),
        ("drill reviews", book_dir / "reviews"),
        ("backups", paths.backups_dir(book_dir)),
        ("pack folder", ctx.pack_dir),
    ]
    width = max(len(label) for label, _ in rows) + 1
    emit("".join(f"{label + ':':<{width}} {path}\n" for label, path in rows))
    return 0
