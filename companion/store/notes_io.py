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
from collections.abc import Callable, Iterable
from itertools import groupby
from pathlib import Path

from companion.store.display import visible
from companion.store.errors import StoreError
from companion.store.notes import ID_RE, Note, clean_tags, now_utc
from companion.store.notes.kinds import (
    EXTRA_KEYS,
    EXTRA_VERSION,
    HIGHLIGHT,
    OUTCOME_LABELS,
    PREDICTION,
    check_extra,
    extra_fields,
)

FORMAT = "companion-notes"
SCHEMA_VERSION = EXTRA_VERSION  # the newest this version reads


def note_to_json(note: Note) -> dict:
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


def json_extra(note: Note) -> dict:
    """``kind`` and the keys of that kind (all of them, null when not set)."""
    extra: dict = {"kind": note.kind}
    if note.kind == PREDICTION:
        extra["made_at"] = note.chapter
    for key, owner in EXTRA_KEYS.items():
        if owner == note.kind or (owner is None and key != "kind" and getattr(note, key)):
            extra[key] = getattr(note, key)
    return extra


def extra_from_json(item: dict, chapter: int) -> dict:
    """A record's keys of another kind of note, checked; ValueError saying what is wrong."""
    made_at = item.get("made_at")
    if made_at is not None and item.get("kind") == PREDICTION and made_at != chapter:
        raise ValueError(f"made_at {made_at!r} should be its chapter, {chapter}")
    return check_extra(item, chapter)


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
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


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
        group = list(group)
        out += [f"## {this_part or 'Before reading'}", ""]
        chapter = None
        for note in group:
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
        guesses = [n for n in group if n.kind == PREDICTION]
        if guesses:  # the part's own section: made in this part, each with its answer
            out += ["### Predictions", ""]
            for note in guesses:
                out += _markdown_note(note, _prediction_meta(note))
    return "\n".join(out).rstrip("\n") + "\n"


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


def parse_export(path: Path, raw: bytes) -> list[Note]:
    """Notes from our JSON export; StoreError naming the file and what is wrong."""

    def bad(reason: str) -> StoreError:
        return StoreError(
            f"{path} cannot be imported: {reason}. Nothing was imported. "
            f"Give a file made by `companion export notes --format json`.",
            exit_code=2,
            path=path,
        )

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
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise bad(f'it is not a companion notes export (no "format": "{FORMAT}")')
    version = doc.get("schema_version")
    if type(version) is not int or version < 1:
        raise bad(f"schema_version should be a positive integer, not {version!r}")
    if version > SCHEMA_VERSION:
        raise bad(
            f"it was written by a newer companion (schema_version {version}); "
            f"upgrade companion to import it"
        )
    items = doc.get("notes")
    if not isinstance(items, list):
        raise bad('"notes" should be a list')
    notes: list[Note] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        where = f"note {index + 1}"
        if not isinstance(item, dict):
            raise bad(f"{where} is not an object")
        note_id = item.get("id")
        if not isinstance(note_id, str) or not ID_RE.match(note_id):
            raise bad(f"{where} has no valid id")
        where = f"note {index + 1} ({note_id})"
        if note_id in seen:
            raise bad(f"{where}: the id appears twice")
        seen.add(note_id)
        text, chapter, tags = item.get("text"), item.get("chapter"), item.get("tags", [])
        if not isinstance(text, str):
            raise bad(f"{where}: text should be a string")
        if type(chapter) is not int or chapter < 0:
            raise bad(f"{where}: chapter should be a number, 0 or more")
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise bad(f"{where}: tags should be a list of strings")
        for key in ("quote", "conflict_of"):
            if item.get(key) is not None and not isinstance(item[key], str):
                raise bad(f"{where}: {key} should be a string or null")
        stamps = {}
        for key in ("created", "updated"):
            try:
                stamp = datetime.datetime.fromisoformat(item[key])
            except (KeyError, TypeError, ValueError):
                raise bad(f"{where}: {key} should be an ISO date and time") from None
            if stamp.tzinfo is None:
                stamp = stamp.replace(tzinfo=datetime.UTC)
            stamps[key] = stamp
        try:
            extra = extra_from_json(item, chapter)
        except ValueError as error:
            raise bad(f"{where}: {error}") from None
        notes.append(
            Note(
                id=note_id,
                text=text,
                chapter=chapter,
                tags=clean_tags(tags),
                quote=item.get("quote") or None,
                conflict_of=item.get("conflict_of"),
                created=stamps["created"],
                updated=stamps["updated"],
                **extra,
            )
        )
    return notes
