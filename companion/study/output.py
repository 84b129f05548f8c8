"""Writing an export (notes, a seminar sheet) to a file the user named."""

from __future__ import annotations

from pathlib import Path

from companion.errors import CompanionError


def write_export(path: Path | str, text: str, force: bool = False) -> None:
    """Write ``text`` atomically; never replace an existing file without ``force``.

    Without ``force`` the file is created exclusively, so a file that appears between
    a check and the write is not overwritten either.
    """
    from companion.store.atomic import encode_text, write_bytes_atomic, write_text_atomic

    path = Path(path)
    if path.is_dir():
        raise CompanionError(f"{path} is a folder; give a file name with -o", 2)
    if force:
        write_text_atomic(path, text)
        return
    try:
        write_bytes_atomic(path, encode_text(path, text), exclusive=True)
    except FileExistsError:
        raise CompanionError(
            f"{path} already exists and was left unchanged; "
            "add --force to replace it, or choose another name with -o",
            2,
        ) from None
