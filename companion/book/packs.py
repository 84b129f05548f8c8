"""Finding content packs: the bundled ones, or a folder the user names."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.errors import CompanionError

if TYPE_CHECKING:
    from companion.book.model import Part

DEFAULT_BOOK = "never-let-me-go"
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
SLUG_MAX = 64

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
    if SLUG_RE.fullmatch(name):
        bundled = bundled_root() / name
        if (bundled / "book.toml").is_file():
            return bundled
    known = ", ".join(bundled_ids()) or "none found"
    if candidate.is_dir():
        has = (candidate / "book.toml").exists()
        problem = f"the folder {name!r} is not a content pack: " + (
            "its book.toml is not a regular file" if has else "it has no book.toml"
        )
    elif candidate.exists():
        problem = f"{name!r} is a file, not a content pack folder"
    elif "/" in name or name.startswith((".", "~")):
        problem = f"the folder {name!r} does not exist"
    else:
        problem = f"no book {name!r}"
    raise CompanionError(
        f"{problem}: give a bundled book id ({known}) or a folder that holds a book.toml",
        exit_code=2,
    )


def _read_book_toml(pack_dir: Path) -> dict[str, Any]:
    """book.toml of a pack, parsed; CompanionError naming the file and what to do."""
    import tomllib  # ~4 ms to import: not for the app, which reads the id from the book

    from companion.book.files import PackFileError, read_pack_file

    path = pack_dir / "book.toml"
    todo = f"run `companion validate {pack_dir}`"
    try:
        return tomllib.loads(read_pack_file(path).decode("utf-8"))
    except PackFileError as error:
        reason = str(error)
    except OSError as error:
        reason = f"cannot be read: {(error.strerror or str(error)).lower()}"
    except UnicodeDecodeError as error:
        reason = f"is not valid UTF-8 (byte {error.start})"
    except tomllib.TOMLDecodeError as error:
        reason = f"is not valid TOML ({error})"
    except RecursionError:
        reason = "is nested too deeply to read"
    except ValueError:
        reason = "holds a number too long to read"
    raise CompanionError(f"{path} {reason}; {todo}", 2)


def read_book_id(pack_dir: Path) -> str:
    """The pack's id from book.toml, without loading the rest of the pack.

    The id names the reader's data folder, so it must be a slug: ``../x`` or ``/x``
    would put the reader's files outside the data folder."""
    book_id = _read_book_toml(pack_dir).get("id")
    path = pack_dir / "book.toml"
    if not isinstance(book_id, str) or not book_id:
        raise CompanionError(
            f'{path} has no `id`: add a line like id = "my-book"; '
            f"run `companion validate {pack_dir}`",
            2,
        )
    if not is_slug(book_id):
        raise CompanionError(
            f"{path}: the id {book_id!r} must be lowercase letters, digits and '-' "
            f'(at most {SLUG_MAX} characters), like "my-book"; '
            f"run `companion validate {pack_dir}`",
            2,
        )
    return book_id


def is_slug(text: str) -> bool:
    """A pack or item id: lowercase letters, digits and '-', starting with a letter or digit."""
    return len(text) <= SLUG_MAX and SLUG_RE.fullmatch(text) is not None


def read_outline(pack_dir: Path) -> tuple[int, list[Part]]:
    """Chapter count and parts from book.toml alone, for commands that must be fast."""
    from companion.book.model import Part

    data = _read_book_toml(pack_dir)
    path = pack_dir / "book.toml"
    chapters = data.get("chapters")
    if not isinstance(chapters, list) or not chapters:
        raise CompanionError(f"{path} has no [[chapters]]; run `companion validate {pack_dir}`", 2)
    try:
        parts = [
            Part(i, p["title"], int(p["first"]), int(p["last"]))
            for i, p in enumerate(data.get("parts", []), 1)
        ]
    except KeyError as error:
        raise CompanionError(
            f"{path}: a [[parts]] block has no `{error.args[0]}`; "
            f"run `companion validate {pack_dir}`",
            2,
        ) from None
    except (TypeError, ValueError):
        raise CompanionError(
            f"{path}: [[parts]] need a title and first and last chapter numbers; "
            f"run `companion validate {pack_dir}`",
            2,
        ) from None
    return len(chapters), parts
