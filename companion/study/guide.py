"""What the companion may show at a progress: the whole guide, gated.

Every surface (the `guide` command, the panes, exports) builds on ``GuideView`` so
that one gate decides for all of them.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from companion.book import model
from companion.book.gate import is_visible, locked, visible
from companion.book.model import (
    Article,
    Book,
    Chapter,
    Character,
    Device,
    Question,
    Quote,
    Relationship,
    Section,
    Staged,
    Symbol,
    Term,
    Theme,
)
from companion.study.locator import quote_locator

PROVENANCE_LABELS = {
    "verbatim": "the novel's words",
    "paraphrase": "a paraphrase, not the novel's words",
    "misquote": "often misquoted: this line is not in the novel",
}


@dataclass
class GuideView:
    book: Book
    progress: int
    chapters: list[Chapter] = field(init=False)
    sections: list[Section] = field(init=False)
    quotes: list[Quote] = field(init=False)
    characters: list[tuple[Character, list[Staged]]] = field(init=False)
    glossary: list[tuple[Term, list[Staged]]] = field(init=False)
    themes: list[tuple[Theme, list[Staged]]] = field(init=False)
    symbols: list[tuple[Symbol, list[Staged]]] = field(init=False)
    devices: list[tuple[Device, list[Staged]]] = field(init=False)
    relationships: list[tuple[Relationship, list[Staged]]] = field(init=False)
    portraits: dict[str, Staged] = field(init=False)  # character id -> the latest shown
    questions: list[Question] = field(init=False)
    articles: list[Article] = field(init=False)
    locked: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        book, p = self.book, self.progress
        self.chapters = visible(book.chapters, p)
        self.sections = visible(book.sections, p)
        self.quotes = visible(book.quotes, p)
        self.characters = [(c, visible(c.facts, p)) for c in visible(book.characters, p)]
        self.glossary = [(t, visible(t.meanings, p)) for t in visible(book.glossary, p)]
        self.themes = [(t, visible(t.notes, p)) for t in visible(book.themes, p)]
        self.symbols = [(t, visible(t.notes, p)) for t in visible(book.symbols, p)]
        self.devices = [(t, visible(t.notes, p)) for t in visible(book.devices, p)]
        self.relationships = [(r, visible(r.notes, p)) for r in visible(book.relationships, p)]
        self.portraits = {
            c.id: shown[-1] for c, _ in self.characters if (shown := visible(c.portraits, p))
        }
        self.questions = visible(book.questions, p)
        self.articles = visible(book.articles, p)

        def hidden(items: Iterable[object], sub: str) -> int:
            return sum(len(locked(getattr(item, sub), p)) for item in items)

        self.locked = {
            "chapters": len(locked(book.chapters, p)),
            "sections": len(locked(book.sections, p)),
            "quotes": len(locked(book.quotes, p)),
            "characters": len(locked(book.characters, p)),
            "character facts": hidden(book.characters, "facts"),
            "character portraits": hidden(book.characters, "portraits"),
            "relationships": len(locked(book.relationships, p)),
            "relationship notes": hidden(book.relationships, "notes"),
            "glossary terms": len(locked(book.glossary, p)),
            "glossary meanings": hidden(book.glossary, "meanings"),
            "themes": len(locked(book.themes, p)),
            "theme notes": hidden(book.themes, "notes"),
            "symbols": len(locked(book.symbols, p)),
            "symbol notes": hidden(book.symbols, "notes"),
            "devices": len(locked(book.devices, p)),
            "device notes": hidden(book.devices, "notes"),
            "questions": len(locked(book.questions, p)),
            "articles": len(locked(book.articles, p)),
        }

    def place(self) -> str:
        """ "chapter 7 of 23 (Part One)": where the reader is."""
        return place_text(self.book, self.progress)

    def theme_name(self, theme_id: str) -> str | None:
        theme = self.book.theme(theme_id)
        return theme.name if theme and is_visible(theme, self.progress) else None


def place_text(book: Book, progress: int) -> str:
    return model.place_text(progress, book.chapter_count, book.parts)


def to_json(view: GuideView) -> dict[str, object]:
    book = view.book
    return {
        "book": {
            "id": book.id,
            "title": book.title,
            "author": book.author,
            "year": book.year,
            "chapters": book.chapter_count,
        },
        "progress": view.progress,
        "parts": [
            {
                "title": part.title,
                "label": part.label if is_visible(part.label_unlock, view.progress) else "",
                "chapters": [part.first, part.last],
            }
            for part in book.parts
        ],
        "chapters": [
            {"number": c.number, "label": c.label, "summary": c.summary} for c in view.chapters
        ],
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "chapters": [s.first, s.last],
                "unlock": s.unlock,
                "text": s.text,
            }
            for s in view.sections
        ],
        "quotes": [
            {
                "id": q.id,
                "text": q.text,
                "speaker": q.speaker,
                "chapter": q.chapter,
                "provenance": q.provenance,
                "actual": q.actual,
                "context": q.context,
                "significance": q.significance,
                "themes": [t for t in q.themes if view.theme_name(t)],
                "characters": list(q.characters),
                "checked": q.checked,
                "passage": q.passage,
                "locator": quote_locator(q),
            }
            for q in view.quotes
        ],
        "characters": [
            {
                "id": c.id,
                "name": c.name,
                "line": c.line,
                "portrait": staged_json(view.portraits[c.id]) if c.id in view.portraits else None,
                "facts": [staged_json(f) for f in facts],
            }
            for c, facts in view.characters
        ],
        "relationships": [
            {
                "id": r.id,
                "title": r.title,
                "characters": list(r.characters),
                "text": r.text,
                "notes": [staged_json(n) for n in notes],
            }
            for r, notes in view.relationships
        ],
        "glossary": [
            {
                "id": t.id,
                "term": t.term,
                "meanings": [{"chapter": m.chapter, "text": m.text} for m in meanings],
            }
            for t, meanings in view.glossary
        ],
        "themes": topics_json(view.themes),
        "symbols": topics_json(view.symbols),
        "devices": topics_json(view.devices),
        "questions": [
            {
                "id": q.id,
                "text": q.text,
                "unlock": q.unlock,
                "part": q.part,
                "themes": [t for t in q.themes if view.theme_name(t)],
                "angle": q.angle,
            }
            for q in view.questions
        ],
        "articles": [{"id": a.id, "title": a.title, "text": a.text} for a in view.articles],
        "locked": dict(view.locked),
    }


def staged_json(item: Staged) -> dict[str, object]:
    return {"chapter": item.chapter, "text": item.text}


def topics_json(topics: Sequence[tuple[Theme, list[Staged]]]) -> list[dict[str, object]]:
    """Themes, symbols or devices: the same fields for each."""
    return [
        {"id": t.id, "name": t.name, "text": t.text, "notes": [staged_json(n) for n in notes]}
        for t, notes in topics
    ]


def locked_lines(view: GuideView) -> list[str]:
    """ "5 quotes unlock later": counts only, never a title."""
    # Every kind name is a plural ending in "s".
    return [
        f"{count} {kind} unlock later" if count != 1 else f"1 {kind[:-1]} unlocks later"
        for kind, count in view.locked.items()
        if count
    ]


def to_markdown(view: GuideView) -> str:
    """The guide as Markdown: printable, readable by a screen reader, pipeable."""
    book = view.book
    out: list[str] = [
        f"# {book.title}: a reading guide",
        "",
        f"*{book.author}. Written for a reader at {view.place()}; "
        "nothing past that chapter is included.*",
        "",
    ]

    def heading(title: str) -> None:
        out.extend([f"## {title}", ""])

    if view.chapters:
        heading("The story so far")
        for chapter in view.chapters:
            out.extend(
                [f"### Chapter {chapter.number}: {chapter.label}", "", chapter.summary.strip(), ""]
            )
    if view.sections:
        heading("Plot sections")
        for section in view.sections:
            out.extend(
                [f"### {section.title} ({chapter_range(section)})", "", section.text.strip(), ""]
            )

    def staged(title: str, blocks: list[tuple[str, str, list[Staged]]]) -> None:
        """A heading, then per item its name, an intro and its chapter-by-chapter lines."""
        if not blocks:
            return
        heading(title)
        for name, intro, lines in blocks:
            out.extend([f"### {name}", ""] + ([intro.strip(), ""] if intro else []))
            if lines:
                out.extend(f"- Chapter {s.chapter}: {s.text.strip()}" for s in lines)
                out.append("")

    staged("People", [(c.name, person_intro(view, c), facts) for c, facts in view.characters])
    staged("Relationships", [(r.title, r.text, notes) for r, notes in view.relationships])
    staged("Glossary", [(t.term, "", meanings) for t, meanings in view.glossary])
    staged("Themes", [(t.name, t.text, notes) for t, notes in view.themes])
    staged("Symbols and motifs", [(t.name, t.text, notes) for t, notes in view.symbols])
    staged("Literary devices", [(t.name, t.text, notes) for t, notes in view.devices])
    if view.quotes:
        heading("Quotations")
        for quote in view.quotes:
            out.extend(quote_markdown(view, quote))
    if view.questions:
        heading("Discussion questions")
        out.extend(f"{i}. {q.text.strip()}" for i, q in enumerate(view.questions, 1))
        out.append("")
    if view.articles:
        heading("Background")
        for article in view.articles:
            out.extend([f"### {article.title}", "", article.text.strip(), ""])
    later = locked_lines(view)
    if later:
        heading("Still to come")
        out.extend(f"- {line}" for line in later)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def person_intro(view: GuideView, character: Character) -> str:
    """The one-line description, then the latest portrait the reader may see."""
    portrait = view.portraits.get(character.id)
    if portrait is None:
        return character.line
    return (
        f"{character.line.strip()}\n\nSo far (chapter {portrait.chapter}): {portrait.text.strip()}"
    )


def quote_markdown(view: GuideView, quote: Quote) -> list[str]:
    themes = ", ".join(name for t in quote.themes if (name := view.theme_name(t)))
    lines = [
        f"> {quote.text.strip()}",
        "",
        f"— {quote.speaker}, chapter {quote.chapter} ({PROVENANCE_LABELS[quote.provenance]})",
        "",
    ]
    if quote.passage:
        lines.extend([f"Where: {quote_locator(quote)}", ""])
    if quote.checked and quote.checked.strip().lower() != quote.provenance:
        lines.extend([f"Checked: {quote.checked.strip()}", ""])
    if quote.actual:
        lines.extend([f"What the novel has: {quote.actual.strip()}", ""])
    lines.extend(
        [
            f"Context: {quote.context.strip()}",
            "",
            f"Why it matters: {quote.significance.strip()}",
            "",
        ]
    )
    if themes:
        lines.extend([f"Themes: {themes}", ""])
    return lines


def chapter_range(section: Section) -> str:
    if section.first == section.last:
        return f"chapter {section.first}"
    return f"chapters {section.first}-{section.last}"


_EMPHASIS = re.compile(r"(\*\*|\*|__)(?=\S)(.+?)(?<=\S)\1")


def to_text(view: GuideView, width: int = 78) -> str:
    """Plain text: the Markdown without its marks, wrapped, for terminals and screen readers."""
    lines: list[str] = []
    for line in to_markdown(view).splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            rule = "=" if line.startswith("# ") or line.startswith("## ") else "-"
            lines.extend(
                [title.upper() if line.startswith("## ") else title, rule * min(len(title), width)]
            )
            continue
        plain = _EMPHASIS.sub(r"\2", line)
        if plain.startswith("> "):
            lines.extend(
                textwrap.wrap(
                    f"\u201c{plain[2:]}\u201d",
                    width,
                    initial_indent="    ",
                    subsequent_indent="    ",
                )
                or [""]
            )
        elif plain.startswith("- ") or re.match(r"\d+\. ", plain):
            marker = plain.split(" ", 1)[0] + " "
            lines.extend(textwrap.wrap(plain, width, subsequent_indent=" " * len(marker)))
        else:
            lines.extend(textwrap.wrap(plain, width) or [""])
    return "\n".join(lines) + "\n"
