"""Finding content packs: the bundled ones, or a folder the user names."""

from __future__ import annotations

from pathlib import Path

from companion.errors import CompanionError

DEFAULT_BOOK = "never-let-me-go"

_HERE = Path(__file__).resolve().parent.parent


def bundled_root() -> Path:
    """Where the bundled packs are: inside the wheel, or `content/` in a checkout."""
    installed = _HERE / "_content"
    if installed.is_dir():
        return installed
    return _HERE.parent / "content"


def bundled_ids() -> list[str]:
    root = bundled_root()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "book.toml").is_file())


def find_pack(book: str | None) -> Path:
    """Resolve ``--book``: a bundled id, or a folder holding a book.toml."""
    name = book or DEFAULT_BOOK
    candidate = Path(name).expanduser()
    if (candidate / "book.toml").is_file():
        return candidate.resolve()
    bundled = bundled_root() / name
    if (bundled / "book.toml").is_file():
        return bundled
    known = ", ".join(bundled_ids()) or "none found"
    raise CompanionError(
        f"no book {name!r}: give a bundled book id ({known}) or a folder that holds a book.toml",
        exit_code=2,
    )


def read_book_id(pack_dir: Path) -> str:
    """The pack's id from book.toml, without loading the rest of the pack."""
    import tomllib  # ~4 ms to import: not for the app, which reads the id from the book

    path = pack_dir / "book.toml"
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CompanionError(
            f"{path}: cannot read the book id ({error}); run `companion validate {pack_dir}`"
        ) from None
    book_id = data.get("id")
    if not isinstance(book_id, str) or not book_id:
        raise CompanionError(f"{path}: no `id` string; run `companion validate {pack_dir}`")
    return book_id


def read_outline(pack_dir: Path) -> tuple[int, list]:
    """Chapter count and parts from book.toml alone, for commands that must be fast."""
    import tomllib

    from companion.book.model import Part

    path = pack_dir / "book.toml"
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
        parts = [
            Part(i, p["title"], int(p["first"]), int(p["last"]))
            for i, p in enumerate(data.get("parts", []), 1)
        ]
        return len(data["chapters"]), parts
    except (
        OSError,
        UnicodeDecodeError,
        tomllib.TOMLDecodeError,
        KeyError,
        TypeError,
        ValueError,
    ) as error:
        raise CompanionError(
            f"{path}: cannot read the chapters ({error}); run `companion validate {pack_dir}`"
        ) from None
