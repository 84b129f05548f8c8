"""Pane 5, People: the characters met so far, each with a portrait and what the reader
knows, and the relationships between them, staged the same way."""

from __future__ import annotations

from operator import attrgetter

from companion.book.gate import locked
from companion.tui.panes.base import later_line
from companion.tui.panes.list_detail import (
    Doc,
    Entry,
    ListDetailPane,
    Locked,
    heading,
    later,
    next_item,
    next_note,
    row,
)


class PeoplePane(ListDetailPane):
    PANE_ID = "people"
    TITLE = "People"
    HELP = (
        "The people of the novel you have met and the relationships between them, with "
        "only what the book has told you so far."
    )
    EMPTY = "Nobody yet: the people appear as you meet them."

    def entries(self) -> list[Entry]:
        view, done = self.state.view, self.state.finished
        out: list[Entry] = [heading(f"People met ({len(view.characters)})")]
        for character, facts in view.characters:
            doc = Doc(character.name)
            doc.para(character.line)
            portrait = view.portraits.get(character.id)
            if portrait is not None:
                doc.heading(f"So far (chapter {portrait.chapter})")
                doc.para(portrait.text)
            if later_portraits := len(locked(character.portraits, done)):
                doc.para(f"{later_line(later_portraits, 'portraits')}.", "italic")
            ties = [r.title for r, _ in view.relationships if character.id in r.characters]
            if ties:
                doc.para("Relationships: " + ", ".join(ties) + " (listed below the people).")
            doc.staged("What you know so far", facts, len(locked(character.facts, done)), "facts")
            doc.quotes("Lines", [q for q in view.quotes if character.id in q.characters])
            out.append(
                Entry(
                    f"character:{character.id}",
                    row(character.name),
                    renderable=doc.build(),
                    command=f"people: {character.name}",
                )
            )
        if item := later(view.locked["characters"], "people"):
            out.append(item)
        return out + self.relationship_entries()

    def relationship_entries(self) -> list[Entry]:
        view, done = self.state.view, self.state.finished
        hidden = view.locked["relationships"]
        if not view.relationships and not hidden:
            return []  # a pack without relationships
        out = [heading(f"Relationships ({len(view.relationships)})")]
        for rel, notes in view.relationships:
            doc = Doc(rel.title)
            names = [c.name for c, _ in view.characters if c.id in rel.characters]
            doc.para(", ".join(names), "italic")
            doc.para(rel.text)
            doc.staged("Chapter by chapter", notes, len(locked(rel.notes, done)), "notes")
            both = [q for q in view.quotes if len(set(rel.characters) & set(q.characters)) > 1]
            doc.quotes("Lines between them", both)
            out.append(
                Entry(
                    f"relationship:{rel.id}",
                    row(rel.title),
                    renderable=doc.build(),
                    command=f"relationships: {rel.title}",
                )
            )
        if item := later(hidden, "relationships"):
            out.append(item)
        return out

    def next_locked(self, entry_id: str | None) -> Locked | None:
        book, done = self.state.book, self.state.finished
        kind, _, item_id = (entry_id or "").partition(":")
        if kind == "relationship":
            rel = next((r for r in book.relationships if r.id == item_id), None)
            if rel is not None and (
                n := next_note(
                    f"relationship-note:{rel.id}", rel.title, rel.notes, done, "relationship note"
                )
            ):
                return n
            by = attrgetter("title"), attrgetter("text")
            if found := next_item(book.relationships, done, "relationship", "relationship", *by):
                return found
        character = book.character(item_id) if kind == "character" else None
        if character is not None and (
            n := next_note(f"fact:{character.id}", character.name, character.facts, done, "fact")
        ):
            return n
        by = attrgetter("name"), attrgetter("line")
        return next_item(book.characters, done, "character", "person", *by)
