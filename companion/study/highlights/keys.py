"""The key that names a highlight in its source, so a second import finds it again.

``source_id`` = "<the file's title, as a slug>@<where it starts>": a Kindle or Readwise
location ("loc170"), a page ("page12") or, for KOReader, the time the highlight was
made ("t1699990000", which KOReader keeps when a highlight is edited). The title is
in the key because two editions of one book number their locations differently.
Why the start and not the text: the text is what an edit on the device changes;
extending a highlight keeps its start. Two different highlights that start at the
same place get "~2", "~3" in the order of the file.

Kindle never rewrites ``My Clippings.txt``: an edited highlight is written again
later over the same place, the old version left standing. A later entry whose place
overlaps an earlier one's and whose text contains it (or is contained in it) is that
edit: it takes the earlier one's key and replaces it, so re-importing updates the note.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from companion.study.highlights.entries import Entry, Parsed
from companion.study.highlights.match import contains, normal
from companion.study.highlights.titles import words

BUCKET = 64  # Kindle locations: an edit moves a highlight's start by a few at most


@lru_cache(maxsize=64)  # one title per book in a file: computed once
def slug(title: str) -> str:
    return "-".join(words(title))[:48] or "untitled"


def _base(entry: Entry) -> str:
    if entry.key:
        where = entry.key
    elif entry.position is not None:
        where = f"{entry.scale}{entry.position}"
    else:
        where = "text-" + hashlib.sha1(normal(entry.text)[:80].encode()).hexdigest()[:10]
    return f"{slug(entry.title)}@{where}" + ("-note" if entry.kind == "note" else "")


# (source, title, kind, a stretch of BUCKET locations): where edited versions are looked for
Bucket = tuple[str, str, str, int]


def assign_keys(parsed: Parsed) -> None:
    """Give every entry its key; drop earlier versions of edited highlights."""
    kept: dict[int, Entry] = {}  # id(entry) -> entry, in file order
    by_base: dict[str, list[Entry]] = {}
    near: dict[Bucket, list[Entry]] = {}  # (source, title, kind, bucket) -> entries
    bases: dict[int, str] = {}
    for entry in parsed.entries:
        base = bases[id(entry)] = _base(entry)
        earlier = _edited(entry, by_base.get(base, []), near)
        if earlier is not None:
            entry.key = earlier.key
            del kept[id(earlier)]
            parsed.superseded += 1
            _forget(earlier, by_base[bases[id(earlier)]], near)
        else:
            taken = {e.key for e in by_base.get(base, ())}
            entry.key, n = base, 1
            while entry.key in taken:
                n += 1
                entry.key = f"{base}~{n}"
        kept[id(entry)] = entry
        by_base.setdefault(base, []).append(entry)
        for bucket in _buckets(entry):
            near.setdefault(bucket, []).append(entry)
    parsed.entries = list(kept.values())


def _buckets(entry: Entry) -> list[Bucket]:
    if entry.position is None or entry.scale != "loc":
        return []
    first = entry.position // BUCKET
    last = (entry.end or entry.position) // BUCKET
    return [(entry.source, entry.title, entry.kind, b) for b in range(first, last + 1)]


def _edited(entry: Entry, same_base: list[Entry], near: dict[Bucket, list[Entry]]) -> Entry | None:
    """The earlier entry that ``entry`` is an edited version of, if any."""
    candidates: list[Entry] = list(same_base)
    for bucket in _buckets(entry):
        candidates += near.get(bucket, ())
    for earlier in reversed(candidates):
        if (
            earlier.kind == entry.kind
            and _overlap(earlier, entry)
            and contains(earlier.text, entry.text)
        ):
            return earlier
    return None


def _overlap(a: Entry, b: Entry) -> bool:
    if a.position is None or b.position is None or a.scale != b.scale:
        return a.position == b.position
    return a.position <= (b.end or b.position) and b.position <= (a.end or a.position)


def _forget(entry: Entry, same_base: list[Entry], near: dict[Bucket, list[Entry]]) -> None:
    for group in (same_base, *(near.get(b, []) for b in _buckets(entry))):
        group[:] = [e for e in group if e is not entry]
