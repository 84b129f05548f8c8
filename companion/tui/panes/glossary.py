"""Pane 7, Glossary: the novel's own words, with only the meanings revealed so far."""

from __future__ import annotations

from operator import attrgetter

from companion.book.gate import locked
from companion.book.sorting import sort_key
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


class GlossaryPane(ListDetailPane):
    PANE_ID = "glossary"
    TITLE = "Glossary"
    HELP = (
        "The novel's own words. The book withholds what some of them mean; each entry "
        "says only what the text has said by your chapter."
    )
    EMPTY = "No words yet: they appear as the novel uses them."

    def entries(self) -> list[Entry]:
        view, done = self.state.view, self.state.finished
        terms = sorted(view.glossary, key=lambda tm: sort_key(tm[0].term))
        out: list[Entry] = [heading(f"Words ({len(terms)})")]
        for term, meanings in terms:
            doc = Doc(term.term)
            for m in meanings:
                doc.bullet(f"Chapter {m.chapter}.", m.text)
            doc.gap()
            hidden = len(locked(term.meanings, done))
            if hidden:
                doc.para(f"{later_line(hidden, 'meanings')}.", "italic")
            out.append(
                Entry(
                    f"term:{term.id}",
                    row(term.term),
                    renderable=doc.build(),
                    command=f"glossary: {term.term}",
                )
            )
        if item := later(view.locked["glossary terms"], "words"):
            out.append(item)
        return out

    def next_locked(self, entry_id: str | None) -> Locked | None:
        book, done = self.state.book, self.state.finished
        term = next((t for t in book.glossary if entry_id == f"term:{t.id}"), None)
        if term and (
            n := next_note(f"meaning:{term.id}", term.term, term.meanings, done, "meaning")
        ):
            return n

        def known(t) -> str:  # what the word meant when it first appeared
            return "\n".join(
                f"- Chapter {m.chapter}: {m.text.strip()}"
                for m in t.meanings
                if m.chapter <= t.unlock
            )

        return next_item(book.glossary, done, "term", "word", attrgetter("term"), known)
