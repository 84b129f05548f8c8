"""Exporting and importing notes (pure: the command modules do the file handling).

JSON (our own format, re-importable)::

    {"format": "companion-notes", "schema_version": 1,
     "book": {"id": "...", "title": "..."}, "exported": "2025-01-10T18:00:00+00:00",
     "notes": [{"id", "text", "chapter", "tags", "quote", "conflict_of",
                "created", "updated", "kind", ...}]}

``kind`` is "note" or "prediction"; a prediction also carries ``made_at`` (its
chapter), ``revisit_at``, ``outcome``, ``reflection`` and ``answered_at`` (null until
marked). An export holding any note other than a plain one is ``schema_version`` 2.

Markdown: grouped by part and chapter, tags as ``#tags``, YAML front matter; opens
well in Obsidian. Control characters are shown as visible symbols there (a Markdown
file is for reading); the JSON keeps every character as stored.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from companion.store.display import json_text, unsafe_characters, visible, visible_layout
from companion.store.errors import StoreError
from companion.store.notes import ID_RE, MAX_NOTE_BYTES, Note, clean_tags, now_utc
from companion.store.notes.kinds import (
    EXTRA_KEYS,
    EXTRA_VERSION,
    HIGHLIGHT,
    OUTCOME_LABELS,
    PREDICTION,
    Extra,
    check_extra,
    extra_fields,
)

FORMAT = "companion-notes"
SCHEMA_VERSION = EXTRA_VERSION  # the newest this version reads
QUOTE_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")  # a pack's ids (book/packs.py)


def note_to_json(note: Note) -> dict[str, object]:
    return {
        "id": note.id,
        "text": note.text,
        "chapter": note.chapter,
        "tags": list(note.tags),
        "quote": note.quote,
        "conflict_of": note.conflict_of,
        "created": note.created.isoformat(),
        "updated": note.updated.isoformat(),
        **json_extra(note),
    }


def json_extra(note: Note) -> dict[str, object]:
    """``kind`` and the keys of that kind (all of them, null when not set)."""
    extra: dict[str, object] = {"kind": note.kind}
    if note.kind == PREDICTION:
        extra["made_at"] = note.chapter
    for key, owner in EXTRA_KEYS.items():
        if owner == note.kind or (owner is None and key != "kind" and getattr(note, key)):
            extra[key] = getattr(note, key)
    return extra


def extra_from_json(item: Extra, chapter: int, chapter_count: int | None = None) -> Extra:
    """A record's keys of another kind of note, checked (its chapters within the book's
    ``chapter_count`` when given); ValueError saying what is wrong."""
    made_at = item.get("made_at")
    if made_at is not None and item.get("kind") == PREDICTION and made_at != chapter:
        raise ValueError(f"made_at {_short(made_at)} should be its chapter, {chapter}")
    extra = check_extra(item, chapter)
    for key in ("revisit_at", "answered_at"):
        if chapter_count is not None and extra.get(key, 0) > chapter_count:
            raise ValueError(
                f"{key} {extra[key]} is not a chapter of this book (it has {chapter_count})"
            )
    return extra


def json_version(notes: Iterable[Note]) -> int:
    """The schema_version of an export of ``notes``: 1 while every one is a plain note
    (an older companion imports it), else 2."""
    return EXTRA_VERSION if any(extra_fields(n) is not None for n in notes) else 1


def to_json(notes: Iterable[Note], book_id: str, book_title: str) -> str:
    ordered = sorted(notes, key=lambda n: (n.chapter, n.created, n.id))
    doc = {
        "format": FORMAT,
        "schema_version": json_version(ordered),
        "book": {"id": book_id, "title": book_title},
        "exported": now_utc().isoformat(),
        "notes": [note_to_json(n) for n in ordered],
    }
    return json_text(doc, indent=2) + "\n"


def _tag(tag: str) -> str:
    """An Obsidian tag: letters, digits, _ - / only."""
    return "#" + re.sub(r"[^\w/-]", "-", tag)


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def to_markdown(
    notes: Iterable[Note], book_id: str, book_title: str, part_title: Callable[[int], str | None]
) -> str:
    """Markdown grouped by part (``part_title(chapter)``, None = before the parts) and chapter."""
    # unplaced highlights (chapter 0) last, under their own heading: not "before reading"
    ordered = sorted(notes, key=lambda n: (n.placement == "unplaced", n.chapter, n.created, n.id))
    out = [
        "---",
        f"title: {_yaml_str('Notes on ' + book_title)}",
        f"book: {book_id}",
        f"exported: {now_utc().strftime('%Y-%m-%d')}",
        "tags: [companion]",
        "---",
        "",
        f"# Notes on {book_title}",
        "",
    ]
    if not ordered:
        out += ["No notes yet.", ""]
    for this_part, group in groupby(ordered, key=lambda n: _section(n, part_title)):
        notes_here = list(group)
        out += [f"## {this_part or 'Before reading'}", ""]
        chapter = None
        for note in notes_here:
            if note.kind == PREDICTION:
                continue
            if note.chapter != chapter:
                chapter = note.chapter
                if chapter:
                    out += [f"### Chapter {chapter}", ""]
            meta = [note.created.strftime("%Y-%m-%d %H:%M"), f"`{note.id}`"]
            if note.quote:
                meta.append(f"quote `{note.quote}`")
            if note.conflict_of:
                meta.append(f"conflict copy of `{note.conflict_of}`")
            if note.source is not None:
                meta.append(_imported(note))
            out += _markdown_note(note, meta)
        guesses = [n for n in notes_here if n.kind == PREDICTION]
        if guesses:  # the part's own section: made in this part, each with its answer
            out += ["### Predictions", ""]
            for note in guesses:
                out += _markdown_note(note, _prediction_meta(note))
    return visible_layout("\n".join(out).rstrip("\n") + "\n")  # every field, not only text


def _markdown_note(note: Note, meta: list[str]) -> list[str]:
    out = [f"#### {' · '.join(meta)}", ""]
    body = visible(note.text.replace("\r\n", "\n").replace("\t", "    "), keep_newlines=True).strip(
        "\n"
    )
    if note.kind == HIGHLIGHT:  # the book's words, quoted; the reader's after
        body = "\n".join("> " + line for line in body.split("\n"))
        if note.comment:
            body += "\n\n" + visible(note.comment, keep_newlines=True).strip("\n")
    out += [body, ""]
    if note.reflection:
        out += [f"*Looking back:* {visible(note.reflection)}", ""]
    if note.tags:
        out += [visible(" ".join(_tag(t) for t in note.tags)), ""]
    out += [f"^{note.id}", ""] if re.fullmatch(r"[A-Za-z0-9-]+", note.id) else []
    return out


def _section(note: Note, part_title: Callable[[int], str | None]) -> str | None:
    if note.placement == "unplaced":
        return "Unplaced highlights"
    return part_title(note.chapter) if note.chapter else None


def _imported(note: Note) -> str:
    """ "from kindle, page 3, location 40-42, chapter estimated" for an export."""
    where = f"from {note.source}" + (f", {visible(note.location)}" if note.location else "")
    return where + (", chapter estimated" if note.placement == "estimated" else "")


def _prediction_meta(note: Note) -> list[str]:
    made = f"made at chapter {note.chapter}" if note.chapter else "made before reading"
    meta = [note.created.strftime("%Y-%m-%d %H:%M"), made, f"revisit at chapter {note.revisit_at}"]
    if note.outcome:
        meta.append(f"{OUTCOME_LABELS[note.outcome]} (marked at chapter {note.answered_at})")
    else:
        meta.append("not marked yet")
    meta.append(f"`{note.id}`")
    if note.conflict_of:
        meta.append(f"conflict copy of `{note.conflict_of}`")
    return meta


def note_size_problem(text: str) -> str | None:
    """Why ``text`` is too large for a note (its size and the limit), or None."""
    if len(text) * 4 <= MAX_NOTE_BYTES:  # fast path: even 4-byte characters fit
        return None
    size = len(text.encode("utf-8", "surrogatepass"))
    if size <= MAX_NOTE_BYTES:
        return None
    return f"is too long ({size:,} bytes); a note holds at most 100 KB ({MAX_NOTE_BYTES:,} bytes)"


MAX_TAGS = 100
MAX_TAG_CHARS = 100
YEARS = (1900, 9000)  # a note's dates: far-off years break local time on some systems


@dataclass
class ParsedExport:
    """A notes export, read: its good records, and what is wrong with the others."""

    book_id: str | None
    notes: list[Note] = field(default_factory=list)
    bad: list[tuple[int, str]] = field(default_factory=list)  # (record number, why)
    total: int = 0


def parse_export(
    path: Path | str,
    raw: bytes,
    chapter_count: int | None = None,
    quote_ids: Container[str] | None = None,
) -> ParsedExport:
    """Our JSON export (or `note list --json`), every record checked.

    A file that is not an export at all is a StoreError naming it; a record that
    cannot be imported is listed in ``bad`` with its number (from 1) and the reason.
    ``chapter_count`` and ``quote_ids`` (the book's) are checked when given."""

    def bad(reason: str) -> StoreError:
        return StoreError(
            f"{path} cannot be imported: {reason}. Nothing was imported. "
            f"Give a file made by `companion export notes --format json`.",
            exit_code=2,
            path=Path(path),
        )

    if not raw.strip():
        raise bad("it is empty")
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise bad(f"it is not valid UTF-8 (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise bad(
            f"it is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except RecursionError:
        raise bad("it is nested too deeply") from None
    except ValueError:  # an integer of thousands of digits
        raise bad("it holds a number too long to read") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise bad(f'it is not a companion notes export (no "format": "{FORMAT}")')
    version = doc.get("schema_version")
    if type(version) is not int or version < 1:
        raise bad(f"schema_version should be a positive integer, not {_short(version)}")
    if version > SCHEMA_VERSION:
        raise bad(
            f"it was written by a newer companion (schema_version {version}); "
            f"upgrade companion to import it"
        )
    items = doc.get("notes")
    if not isinstance(items, list):
        raise bad('"notes" should be a list')
    book = doc.get("book")
    book_id = book.get("id") if isinstance(book, dict) else None
    if book is not None and not isinstance(book_id, str):
        raise bad('"book" should hold the "id" of the book the notes are about')
    result = ParsedExport(book_id, total=len(items))
    seen: set[str] = set()
    for number, item in enumerate(items, 1):
        try:
            note = _record(item, seen, chapter_count, quote_ids)
        except _BadRecord as error:
            result.bad.append((number, str(error)))
        else:
            seen.add(note.id)
            result.notes.append(note)
    return result


class _BadRecord(Exception):
    pass


def _record(
    item: object,
    seen: set[str],
    chapter_count: int | None,
    quote_ids: Container[str] | None,
) -> Note:
    """One record as a Note; _BadRecord saying what is wrong, in the file's words."""
    if not isinstance(item, dict):
        raise _BadRecord("it is not an object")
    note_id = item.get("id")
    if not isinstance(note_id, str) or not ID_RE.fullmatch(note_id):
        raise _BadRecord(f"id {_short(note_id)} is not a note id (letters, digits, - and _)")
    if note_id in seen:
        raise _BadRecord(f"the id {note_id} appears twice")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _BadRecord("text should be the note's text (a string, not empty)")
    if problem := note_size_problem(text):
        raise _BadRecord(f"the text {problem}")
    chapter = item.get("chapter")
    if type(chapter) is not int:
        raise _BadRecord(f"chapter should be a chapter number, not {_short(chapter)}")
    if chapter_count is not None and not 0 <= chapter <= chapter_count:
        raise _BadRecord(
            f"chapter {_short(chapter)} is not a chapter of this book "
            f"(1-{chapter_count}, or 0 for before reading)"
        )
    if chapter < 0:
        raise _BadRecord(f"chapter {chapter} should be 0 or more")
    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise _BadRecord("tags should be a list of strings")
    if len(tags) > MAX_TAGS:
        raise _BadRecord(f"it has {len(tags)} tags; a note has at most {MAX_TAGS}")
    for tag in tags:
        if len(tag) > MAX_TAG_CHARS or unsafe_characters(tag) or not tag.strip("# \t\n"):
            raise _BadRecord(
                f"tag {_short(tag)} is not a tag (a word of at most {MAX_TAG_CHARS} "
                "characters, no control characters)"
            )
    quote = item.get("quote")
    if quote is not None:
        if not isinstance(quote, str) or not QUOTE_ID_RE.fullmatch(quote):
            raise _BadRecord(f"quote {_short(quote)} is not a quote id")
        if quote_ids is not None and quote not in quote_ids:
            raise _BadRecord(f"quote {quote!r} is not a quote of this book")
    conflict_of = item.get("conflict_of")
    if conflict_of is not None and (
        not isinstance(conflict_of, str) or not ID_RE.fullmatch(conflict_of)
    ):
        raise _BadRecord(f"conflict_of {_short(conflict_of)} is not a note id")
    stamps = {key: _stamp(item, key) for key in ("created", "updated")}
    try:
        extra = extra_from_json(item, chapter, chapter_count)
    except ValueError as error:
        raise _BadRecord(str(error)) from None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise _BadRecord(
            f"the text holds U+{ord(text[error.start]):04X} at character {error.start + 1}, "
            "which cannot be stored (a broken character)"
        ) from None
    try:
        extra = extra_from_json(item, chapter)
    except ValueError as error:
        raise _BadRecord(str(error)) from None
    return Note(
        id=note_id,
        text=text,
        chapter=chapter,
        tags=clean_tags(tags),
        quote=quote or None,
        conflict_of=conflict_of,
        created=stamps["created"],
        updated=stamps["updated"],
        **extra,
    )


def _stamp(item: dict[str, object], key: str) -> datetime.datetime:
    value = item.get(key)
    try:
        # any JSON value: what is not a string is refused below (TypeError)
        stamp = datetime.datetime.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _BadRecord(f"{key} should be an ISO date and time, not {_short(value)}") from None
    if not YEARS[0] <= stamp.year <= YEARS[1]:
        raise _BadRecord(f"{key} is in the year {stamp.year} (give {YEARS[0]}-{YEARS[1]})")
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=datetime.UTC)
    return stamp


def _short(value: object) -> str:
    """A value from the file, quoted and cut short (safe to print: repr escapes)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
