"""Highlights files as e-readers write them, built by the tests (no fixtures on disk).

The texts are the bundled pack's verbatim quote cards (so they link), lines of our
own (so they do not), and another book's entries.
"""

from __future__ import annotations

import json

SEP = "=========="
NLMG = "Never Let Me Go (Ishiguro, Kazuo)"
OPENING = (
    "My name is Kathy H. I’m thirty-one years old, and I’ve been a carer now for over eleven years."
)
SPIDERS = "But she was afraid of us in the same way someone might be afraid of spiders."
MEMORIES = "I lost Ruth, then I lost Tommy, but I won’t lose my memories of them."
OWN_LINE = "The light over the playing field was thin and yellow that afternoon."
OWN_LINE_2 = "Nobody in the room said a word about the pond for a long while."


# Per language: the three kinds' words, then the line around them ("{w}" the kind's
# words, "{p}" the page, "{l}" the location), as Kindle writes it.
_META = {
    "en": (
        ("Your Highlight", "Your Note", "Your Bookmark"),
        "- {w} on page {p} | Location {l} | Added on Monday, 3 March 2025 22:15:32",
    ),
    "de": (
        ("Ihre Markierung", "Ihre Notiz", "Ihr Lesezeichen"),
        "- {w} auf Seite {p} | bei Position {l} | Hinzugefügt am Montag, 3. März 2025 22:15:32",
    ),
    "fr": (
        ("Votre surlignement", "Votre note", "Votre signet"),
        "- {w} sur la page {p} | emplacement {l} | Ajouté le lundi 3 mars 2025 22:15:32",
    ),
    "es": (
        ("Tu subrayado", "Tu nota", "Tu marcador"),
        "- {w} en la página {p} | posición {l} | Añadido el lunes, 3 de marzo de 2025 22:15:32",
    ),
}


def meta(kind: str, page: int, start: int, end: int | None = None, lang: str = "en") -> str:
    """A Kindle meta line in one of the languages Kindle writes."""
    names, line = _META[lang]
    word = names[("highlight", "note", "bookmark").index(kind)]
    return line.format(w=word, p=page, l=f"{start}-{end}" if end is not None else start)


def clipping(title: str, meta_line: str, text: str = "") -> str:
    return f"{title}\n{meta_line}\n\n{text}\n{SEP}\n"


def clippings(*entries: str, bom: bool = True, crlf: bool = True, tail: str = "") -> bytes:
    """A My Clippings.txt: UTF-8 with a BOM and CRLF line ends, as a Kindle writes it."""
    text = "".join(entries) + tail
    if crlf:
        text = text.replace("\n", "\r\n")
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def koreader(
    entries: list[dict], title: str = "Never Let Me Go", author: str = "Kazuo Ishiguro"
) -> bytes:
    doc = {
        "title": title,
        "author": author,
        "file": "/mnt/onboard/Never Let Me Go.epub",
        "number_of_pages": 288,
        "created_on": 1741036532,
        "version": "KOReader 2024.11",
        "entries": entries,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def ko_entry(text: str, page: int, chapter: str, time: int, note: str | None = None) -> dict:
    entry = {
        "sort": "highlight",
        "page": page,
        "time": time,
        "text": text,
        "chapter": chapter,
        "drawer": "lighten",
        "color": "yellow",
    }
    if note is not None:
        entry["note"] = note
    return entry


READWISE_HEADER = "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags"


def readwise(*rows: tuple[str, str, str, str, str, str]) -> bytes:
    """Rows of (highlight, title, author, note, location type, location)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    out.write(READWISE_HEADER + "\n")
    for text, title, author, note, kind, location in rows:
        writer.writerow(
            [
                text,
                title,
                author,
                "B000FC1PJI",
                note,
                "yellow",
                "",
                kind,
                location,
                "2025-03-03 22:15:32+00:00",
                "",
            ]
        )
    return out.getvalue().encode("utf-8")
