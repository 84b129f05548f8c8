"""Kindle's ``My Clippings.txt``.

Each entry is a title line "Title (Author)", a meta line, a blank line and the
text, and ends with a line of ten "=" signs. The meta line is written in the device's
language and has changed over the years::

    - Your Highlight on page 12 | Location 170-172 | Added on Monday, 30 December 2024 14:46:33
    - Your Highlight at location 301-302 | Added on Monday, 4 March 2024 22:15:32
    - Highlight Loc. 1234-36 | Added on Sunday, March 04, 2012, 10:15 PM
    - Ihre Markierung auf Seite 12 | bei Position 180-181 | Hinzugefügt am Montag, 3. März 2025 22:15:32
    - Votre surlignement sur la page 5 | emplacement 1234-1236 | Ajouté le lundi 30 septembre 2019 18:00:39
    - Tu subrayado en la página 6 | posición 36-40 | Añadido el lunes, 30 de septiembre de 2019 18:00:39

so it is read by keywords (the kind, "page", "location") rather than by one
pattern per language. A Note entry at (or inside) the location of the highlight just
before it is the reader's comment on that highlight. Kindle never rewrites the file:
a highlight edited on the device appears again, later, over the same place; the
later version replaces the earlier one here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from companion.study.highlights.dates import parse_added
from companion.study.highlights.entries import Entry, Parsed

SEPARATOR = "=========="
# The kind of entry, in the words of the languages Kindle writes (English, French,
# German, Spanish, Italian, Dutch, Portuguese). Bookmarks are looked for first.
_KINDS = (
    ("bookmark", "bookmark lesezeichen signet marcador segnalibro bladwijzer"),
    ("highlight", "highlight markierung surlignement subrayado evidenziazione markering destaque"),
    ("note", "note notiz nota notitie"),
    ("clip", "clip ausschnitt"),
)
KIND_WORDS = {word: kind for kind, words in _KINDS for word in words.split()}
_WORD = re.compile(r"\w+")
_LOCATION = re.compile(
    r"(?:location|loc\.|position|emplacement|posici[oó]n|posizione|locatie|posi[cç][aã]o)"
    r"\s*(?:#\s*)?(\d+)(?:\s*-\s*(\d+))?",
    re.IGNORECASE,
)
_PAGE = re.compile(
    r"(?:page|seite|p[aá]gina)\s+([0-9]+|[ivxlcdm]+)(?:\s*-\s*[0-9ivxlcdm]+)?\b", re.I
)
LIMIT_TEXT = "<you have reached the clipping limit"  # DRM: Kindle kept no text


def _kind(meta: str) -> str | None:
    head = meta.split("|", 1)[0].casefold()
    for word in _WORD.findall(head):
        if word in KIND_WORDS:
            return KIND_WORDS[word]
    return None


def _range(meta: str) -> tuple[int | None, int | None]:
    found = _LOCATION.search(meta)
    if found is None:
        return None, None
    start = int(found[1])
    if found[2] is None:
        return start, start
    end_text = found[2]
    # older Kindles shorten the end: "Loc. 1234-36" is 1234-1236
    if len(end_text) < len(found[1]):
        end_text = found[1][: len(found[1]) - len(end_text)] + end_text
    return start, max(start, int(end_text))


@lru_cache(maxsize=256)  # the same few title lines, thousands of times
def split_title(line: str) -> tuple[str, str]:
    """("Title", "Author") from "Title (Author)"; the author is the last bracket."""
    line = line.replace("\ufeff", "").strip()
    if line.endswith(")") and "(" in line:
        at = line.rfind("(")
        # "(A (B))": find the bracket that opens the last group
        depth = 0
        for i in range(len(line) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(line[i], 0)
            if depth == 0:
                at = i
                break
        if line[:at].strip():
            return line[:at].strip(), line[at + 1 : -1].strip()
    return line, ""


def _lines(text: str) -> list[str]:
    # only CR and LF end a line: a highlight may hold U+2028 or a form feed
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse(text: str, wanted: Callable[[str, str], bool]) -> Parsed:
    """Entries of the book ``wanted(title, author)`` accepts; the others counted."""
    parsed = Parsed("Kindle My Clippings.txt")
    block: list[tuple[int, str]] = []
    previous: Entry | None = None
    for number, line in enumerate(_lines(text.removeprefix("\ufeff")), start=1):
        if line.strip() != SEPARATOR:
            block.append((number, line))
            continue
        previous = _entry(block, parsed, wanted, previous)
        block = []
    rest = [(n, line) for n, line in block if line.strip()]
    if rest:
        title, _ = split_title(rest[0][1])
        if wanted(*split_title(rest[0][1])):
            parsed.bad.append(
                (
                    rest[0][0],
                    f"the entry for {title!r} is cut off: the file ends before its "
                    f"closing line of ten '=' (was the copy from the e-reader interrupted?)",
                )
            )
        else:
            parsed.skip_other(title)
    return parsed


def _entry(
    block: list[tuple[int, str]],
    parsed: Parsed,
    wanted: Callable[[str, str], bool],
    previous: Entry | None,
) -> Entry | None:
    """Read one entry into ``parsed``; the highlight a following Note may belong to."""
    while block and not block[0][1].strip():
        block = block[1:]
    if not block:
        return previous  # two separators in a row: nothing between them
    start, title_line = block[0]
    title, author = split_title(title_line)
    if not wanted(title, author):
        parsed.skip_other(title)
        return None
    if len(block) < 2 or not block[1][1].strip().startswith("-"):
        parsed.bad.append(
            (
                start,
                f"the entry for {title!r} has no line like '- Your Highlight on page 12 | "
                f"Location 170-172 | Added on ...' after its title",
            )
        )
        return None
    meta_line, meta = block[1][0], block[1][1].strip()
    kind = _kind(meta)
    if kind is None or kind == "clip":
        parsed.bad.append(
            (
                meta_line,
                f"{meta[:60]!r} is not a highlight, note or bookmark line that this version knows",
            )
        )
        return None
    if kind == "bookmark":
        parsed.bookmarks += 1
        return previous
    body = "\n".join(line for _, line in block[2:]).strip()
    if not body or body.casefold().startswith(LIMIT_TEXT):
        parsed.empty += 1
        return previous
    first, last = _range(meta)
    page = _PAGE.search(meta)
    where = []
    if page:
        where.append(f"page {page[1]}")
    if first is not None:
        where.append(f"location {first}" + (f"-{last}" if last != first else ""))
    entry = Entry(
        source="kindle",
        title=title,
        author=author,
        kind=kind,
        text=body,
        line=start,
        location=", ".join(where),
        position=first if first is not None else _page_number(page),
        end=last,
        scale="loc" if first is not None else "page",
        added=parse_added(meta.rsplit("|", 1)[-1]) if "|" in meta else None,
    )
    if kind == "note" and _belongs_to(entry, previous):
        assert previous is not None
        previous.comment = (
            entry.text if not previous.comment else previous.comment + "\n" + entry.text
        )
        return previous
    parsed.entries.append(entry)
    return entry if kind == "highlight" else None


def _page_number(page: re.Match[str] | None) -> int | None:
    return int(page[1]) if page and page[1].isdigit() else None


def _belongs_to(note: Entry, highlight: Entry | None) -> bool:
    """A note at (or inside) the place of the highlight right before it."""
    if highlight is None or highlight.title != note.title or note.position is None:
        return False
    if highlight.position is None:
        return False
    return highlight.position <= note.position <= (highlight.end or highlight.position)
