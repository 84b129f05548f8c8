"""Pane 5, People: the characters met so far, each with what the reader knows."""

from __future__ import annotations

from companion.book.gate import locked
from companion.tui.panes.list_detail import (
    Doc,
    Entry,
    ListDetailPane,
    Locked,
    heading,
    later,
    md_escape,
    row,
)


class PeoplePane(ListDetailPane):
    PANE_ID = "people"
    TITLE = "People"
    HELP = "The people of the novel you have met, with only what the book has told you so far."
    EMPTY = "Nobody yet: the people appear as you meet them."

    def entries(self) -> list[Entry]:
        view, done = self.state.view, self.state.finished
        out: list[Entry] = [heading(f"People met ({len(view.characters)})")]
        for character, facts in view.characters:
            doc = Doc(character.name)
            doc.para(character.line)
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
        return out

    def next_locked(self, entry_id: str | None) -> Locked | None:
        book, done = self.state.book, self.state.finished
        character = book.character(entry_id.split(":", 1)[1]) if entry_id else None
        if character is not None:
            facts = locked(character.facts, done)
            if facts:
                fact = min(facts, key=lambda f: f.chapter)
                return Locked(
                    f"fact:{character.id}:{fact.chapter}",
                    fact.chapter,
                    "fact",
                    lambda: (
                        character.name,
                        f"**{md_escape(character.name)}**, "
                        f"chapter {fact.chapter}: {fact.text.strip()}",
                    ),
                )
        people = locked(book.characters, done)
        if not people:
            return None
        person = min(people, key=lambda c: c.unlock)
        return Locked(
            f"character:{person.id}",
            person.unlock,
            "person",
            lambda: (person.name, f"# {md_escape(person.name)}\n\n{person.line.strip()}"),
        )
