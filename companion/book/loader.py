"""Load and validate a content pack; report every problem at once, with lines.

The format is documented in content/FORMAT.md; keep the two in step.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from companion.book.model import (
    PROVENANCES,
    Article,
    Book,
    Chapter,
    Character,
    Device,
    Part,
    Question,
    Quote,
    Relationship,
    Reveal,
    Section,
    Staged,
    Symbol,
    Term,
    Theme,
)
from companion.book.packs import is_slug
from companion.book.reveals import REVEAL_SPEC, Shown, check, compile_reveal
from companion.book.schema import (
    Checker,
    Problem,
    Span,
    Spec,
    Table,
    control_problem,
    parse_toml,
    read_file,
)
from companion.book.sorting import sort_key

# A TOML file of the pack, parsed, with its checker; None when it could not be read.
Loaded = tuple[Table, Checker] | None
Topic = TypeVar("Topic", bound=Theme)
Page = TypeVar("Page", Section, Article)  # a Markdown file with front matter

SCHEMA_VERSION = 1
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")
OPENS_BLOCK = re.compile(r"=\s*(\"\"\"|''')\s*$")  # a multi-line string starts on the next line

BOOK_SPEC = {
    "schema_version": ("int", True),
    "id": ("str", True),
    "title": ("str", True),
    "author": ("str", True),
    "year": ("int", False),
    "parts": ("tables", True),
    "chapters": ("tables", True),
}
PART_SPEC = {
    "title": ("str", True),
    "label": ("str", False),
    "label_unlock": ("int", False),
    "first": ("int", True),
    "last": ("int", True),
}
CHAPTER_SPEC = {"number": ("int", True), "label": ("str", True), "summary": ("str", True)}
SECTION_SPEC = {
    "id": ("str", True),
    "title": ("str", True),
    "chapters": ("pair", True),
    "unlock": ("int", True),
    "order": ("int", False),
}
ARTICLE_SPEC = {
    "id": ("str", True),
    "title": ("str", True),
    "unlock": ("int", True),
    "order": ("int", False),
}
QUOTE_SPEC = {
    "id": ("str", True),
    "text": ("str", True),
    "speaker": ("str", True),
    "chapter": ("int", True),
    "unlock": ("int", False),
    "provenance": ("str", True),
    "context": ("str", True),
    "significance": ("str", True),
    "themes": ("strs", False),
    "characters": ("strs", False),
    "actual": ("str", False),
    "checked": ("str", False),
    "passage": ("str", False),
}
CHARACTER_SPEC = {
    "id": ("str", True),
    "name": ("str", True),
    "line": ("str", True),
    "unlock": ("int", True),
    "facts": ("tables", False),
    "portrait": ("tables", False),
}
STAGED_SPEC = {"chapter": ("int", True), "text": ("str", True)}
THEME_SPEC = {
    "id": ("str", True),
    "name": ("str", True),
    "unlock": ("int", True),
    "text": ("str", True),
    "notes": ("tables", False),
}
RELATIONSHIP_SPEC = {
    "id": ("str", True),
    "title": ("str", True),
    "characters": ("strs", True),
    "unlock": ("int", True),
    "text": ("str", True),
    "notes": ("tables", False),
}
TERM_SPEC = {"id": ("str", True), "term": ("str", True), "meanings": ("tables", True)}
QUESTION_SPEC = {
    "id": ("str", True),
    "text": ("str", True),
    "unlock": ("int", True),
    "part": ("int", False),
    "themes": ("strs", False),
    "angle": ("str", False),
}

# file name, top-level array key, item spec
TABLE_FILES = {
    "quotes.toml": ("quote", QUOTE_SPEC),
    "characters.toml": ("character", CHARACTER_SPEC),
    "themes.toml": ("theme", THEME_SPEC),
    "glossary.toml": ("term", TERM_SPEC),
    "questions.toml": ("question", QUESTION_SPEC),
    "symbols.toml": ("symbol", THEME_SPEC),
    "devices.toml": ("device", THEME_SPEC),
    "relationships.toml": ("relationship", RELATIONSHIP_SPEC),
    "reveals.toml": ("reveal", REVEAL_SPEC),
}


class PackError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def load_pack(pack_dir: Path | str) -> Book:
    book, problems = validate_pack(pack_dir)
    if problems or book is None:
        raise PackError(problems)
    return book


def validate_pack(pack_dir: Path | str) -> tuple[Book | None, list[Problem]]:
    """The pack's Book (None when unusable) and every problem found."""
    pack = Path(pack_dir)
    problems: list[Problem] = []
    if not (pack / "book.toml").is_file():
        why = (
            "is not a content pack: it has no book.toml"
            if pack.is_dir()
            else "is a file, not a pack folder"
            if pack.exists()
            else "does not exist: give the folder of a content pack"
        )
        return None, [Problem(str(pack), None, None, why)]
    loader = _Loader(pack, problems)
    book = loader.load()
    problems.sort(key=lambda p: (p.file, p.line or 0))
    return book, problems


QUOTE_TEXTS = ("text", "speaker", "context", "significance", "actual", "checked", "passage")


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


class _Loader:
    def __init__(self, pack: Path, problems: list[Problem]) -> None:
        self.pack = pack
        self.problems = problems
        self.count = 0  # chapter count, known after book.toml
        self.shown: list[Shown] = []  # every text with its unlock, for reveals.toml

    # -- helpers --------------------------------------------------------------

    def _toml(self, name: str) -> Loaded:
        text = read_file(self.pack, name, self.problems)
        if text is None:
            return None
        data = parse_toml(text, name, self.problems)
        if data is None:
            return None
        return data, Checker(name, text, self.problems)

    def _chapter(self, checker: Checker, span: Span, key: str, value: int, low: int = 0) -> bool:
        if not low <= value <= self.count:
            checker.problem(
                span,
                f"{key} = {value} is outside {low}..{self.count} "
                f"(the book has {self.count} chapters)",
                key,
            )
            return False
        return True

    def _unique(
        self, checker: Checker, seen: dict[str, str], item_id: str, span: Span, kind: str
    ) -> None:
        if not ID_RE.match(item_id):
            checker.problem(
                span, f"id {item_id!r} must use lowercase letters, digits and '-'", "id"
            )
        if item_id in seen:
            checker.problem(
                span, f"duplicate {kind} id {item_id!r} (first at {seen[item_id]})", "id"
            )
        else:
            line = checker.locator.number(
                checker.locator.key("id", span.start or 0, span.end)
                if span.start is not None
                else None
            )
            seen[item_id] = f"{checker.file}:{line}" if line else checker.file

    def _staged(
        self,
        checker: Checker,
        table: Table,
        span: Span,
        name: str,
        key: str,
        low: int,
        unique: bool = False,
    ) -> tuple[Staged, ...]:
        """The ``[[name]]`` sub-items of ``table`` (facts, notes, meanings, portraits).

        With ``unique``, two sub-items for the same chapter are an error (a portrait
        replaces the one before it: two at once would be ambiguous).
        """
        result, chapters = [], set()
        for sub, sub_span in checker.items(table, name, span, key):
            if not (
                checker.check(sub, STAGED_SPEC, sub_span)
                and self._chapter(checker, sub_span, "chapter", sub["chapter"], low)
            ):
                continue
            chapter = sub["chapter"]
            if unique and chapter in chapters:
                checker.problem(
                    sub_span,
                    f"a second {key} for chapter {chapter}: keep one per chapter",
                    "chapter",
                )
                continue
            self._show(checker, sub_span, "text", table["id"], chapter, sub["text"])
            chapters.add(chapter)
            result.append(Staged(chapter, sub["text"]))
        return tuple(sorted(result, key=lambda s: s.chapter))

    def _show(
        self, checker: Checker, span: Span, key: str, item: str, unlock: int, text: str
    ) -> None:
        """Record ``text`` (the value of ``key`` in ``span``) for the reveal check."""
        locator = checker.locator
        index = locator.key(key, span.start or 0, span.end)
        if index is not None and OPENS_BLOCK.search(locator.lines[index]):
            index += 1
        self.shown.append(Shown(checker.file, locator.number(index), item, unlock, text))

    # -- files ------------------------------------------------------------------

    def load(self) -> Book | None:
        head = self._book()
        if head is None:
            return None
        book = head
        tables = {
            name: self._toml(name)
            for name in TABLE_FILES
            if (self.pack / name).exists() or (self.pack / name).is_symlink()
        }
        book.themes = self._topics(tables.get("themes.toml"), "theme", Theme)
        book.symbols = self._topics(tables.get("symbols.toml"), "symbol", Symbol)
        book.devices = self._topics(tables.get("devices.toml"), "device", Device)
        book.characters = self._characters(tables.get("characters.toml"))
        # A file that failed to load cannot tell us which ids exist: skip those checks.
        theme_ids = self._ids(tables, "themes.toml", book.themes)
        character_ids = self._ids(tables, "characters.toml", book.characters)
        book.quotes = self._quotes(tables.get("quotes.toml"), theme_ids, character_ids)
        book.relationships = self._relationships(
            tables.get("relationships.toml"),
            None if character_ids is None else {c.id: c for c in book.characters},
        )
        book.glossary = self._glossary(tables.get("glossary.toml"))
        book.questions = self._questions(tables.get("questions.toml"), theme_ids, len(book.parts))
        book.sections = self._markdown_items("sections", SECTION_SPEC, self._section)
        book.articles = self._markdown_items("articles", ARTICLE_SPEC, self._article)
        book.sections.sort(key=lambda s: (s.first, s.unlock, s.order, s.id))
        book.articles.sort(key=lambda a: (a.unlock, a.order, a.id))
        book.reveals = self._reveals(tables.get("reveals.toml"))
        self.problems.extend(check(self.shown, book.reveals))
        self._unknown_files()
        return book

    def _book(self) -> Book | None:
        loaded = self._toml("book.toml")
        if loaded is None:
            return None
        data, checker = loaded
        top = Span(None, None, None)
        if not checker.check(data, BOOK_SPEC, top):
            if not all(k in data for k in ("id", "title", "author", "parts", "chapters")):
                return None
        version = data.get("schema_version")
        if isinstance(version, int) and version != SCHEMA_VERSION:
            checker.problem(
                top,
                f"schema_version {version} is not one this companion reads "
                f"({SCHEMA_VERSION}); upgrade companion or convert the pack",
                "schema_version",
            )
        book_id = data.get("id")
        if isinstance(book_id, str) and not is_slug(book_id):
            checker.problem(
                top, f"id {book_id!r} must use lowercase letters, digits and '-' (at most 64)", "id"
            )
        chapters = []
        for index, (table, span) in enumerate(checker.items(data, "chapters")):
            if not checker.check(table, CHAPTER_SPEC, span):
                continue
            if table["number"] != index + 1:
                checker.problem(
                    span,
                    f"chapter number {table['number']} should be {index + 1}: "
                    "chapters are numbered 1, 2, 3 ... in order",
                    "number",
                )
            chapters.append(Chapter(index + 1, table["label"], table["summary"]))
            for key in ("label", "summary"):
                self._show(checker, span, key, f"chapter {index + 1}", index + 1, table[key])
        self.count = len(data.get("chapters", [])) if isinstance(data.get("chapters"), list) else 0
        if self.count == 0:
            checker.problem(top, "the book has no [[chapters]]")
        parts = []
        expected = 1
        for index, (table, span) in enumerate(checker.items(data, "parts")):
            if not checker.check(table, PART_SPEC, span):
                continue
            first, last = table["first"], table["last"]
            if first != expected or last < first or last > self.count:
                checker.problem(
                    span,
                    f"part covers chapters {first}..{last}; expected it to "
                    f"start at {expected} and end by {self.count}",
                    "first",
                )
            expected = last + 1
            label_unlock = table.get("label_unlock", 0)
            self._chapter(checker, span, "label_unlock", label_unlock)
            self._show(checker, span, "title", f"part {index + 1}", 0, table["title"])
            if "label" in table:
                self._show(
                    checker, span, "label", f"part {index + 1}", label_unlock, table["label"]
                )
            parts.append(
                Part(index + 1, table["title"], first, last, table.get("label", ""), label_unlock)
            )
        if parts and expected != self.count + 1:
            checker.problem(
                top,
                f"the parts end at chapter {expected - 1}, but the book has {self.count} chapters",
                "parts",
            )
        if (
            not isinstance(book_id, str)
            or not isinstance(data.get("title"), str)
            or not isinstance(data.get("author"), str)
        ):
            return None
        year = data.get("year") if isinstance(data.get("year"), int) else None
        return Book(
            book_id, data["title"], data["author"], year, parts, chapters, pack_dir=self.pack
        )

    def _quotes(
        self, loaded: Loaded, theme_ids: set[str] | None, character_ids: set[str] | None
    ) -> list[Quote]:
        result = []
        for table, span, checker in self._entries(loaded, "quote", QUOTE_SPEC):
            chapter: int = table["chapter"]
            ok = self._chapter(checker, span, "chapter", chapter, 1)
            unlock: int = table.get("unlock", chapter)
            if unlock < chapter:
                checker.problem(
                    span,
                    f"unlock = {unlock} is before the quote's chapter "
                    f"{chapter}: it would show the line before it is read",
                    "unlock",
                )
                ok = False
            ok = self._chapter(checker, span, "unlock", unlock) and ok
            provenance = table["provenance"]
            if provenance not in PROVENANCES:
                checker.problem(
                    span,
                    f"provenance {provenance!r} must be one of {', '.join(PROVENANCES)}",
                    "provenance",
                )
                ok = False
            if provenance == "misquote" and not table.get("actual"):
                checker.problem(span, "a misquote needs `actual`: what the novel really has")
                ok = False
            ok = self._checked(checker, span, table) and ok
            ok = (
                self._refs(
                    checker,
                    span,
                    table.get("themes", []),
                    theme_ids,
                    "themes",
                    "theme",
                    "themes.toml",
                )
                and ok
            )
            ok = (
                self._refs(
                    checker,
                    span,
                    table.get("characters", []),
                    character_ids,
                    "characters",
                    "character",
                    "characters.toml",
                )
                and ok
            )
            if ok:
                result.append(
                    Quote(
                        table["id"],
                        table["text"],
                        table["speaker"],
                        chapter,
                        unlock,
                        provenance,
                        table["context"],
                        table["significance"],
                        tuple(table.get("themes", [])),
                        tuple(table.get("characters", [])),
                        table.get("actual", ""),
                        table.get("checked", ""),
                        table.get("passage", ""),
                    )
                )
                for key in QUOTE_TEXTS:
                    if key in table:
                        self._show(checker, span, key, table["id"], unlock, table[key])
        return sorted(result, key=lambda q: (q.chapter, q.unlock))

    def _checked(self, checker: Checker, span: Span, table: Table) -> bool:
        """The rules of `checked` and `passage`: verbatim means checked against the text."""
        ok = True
        for key in ("checked", "passage"):
            if key in table and not table[key].strip():
                checker.problem(span, f"{key!r} is empty: fill it in or leave the key out", key)
                ok = False
        if table["provenance"] != "verbatim":
            return ok
        checked = table.get("checked")
        if checked is None:
            checker.problem(
                span,
                "a verbatim quote needs `checked`: where its wording was checked (for "
                'example "LitCharts, chapter 3 quotes"); a line you cannot check is a '
                "paraphrase or is left out",
            )
            ok = False
        elif checked is not None and checked.strip().lower() == "unverified":
            checker.problem(
                span,
                'checked = "unverified" on a verbatim quote: check the wording against the '
                'text, or make it provenance = "paraphrase"',
                "checked",
            )
            ok = False
        return ok

    def _entries(
        self, loaded: Loaded, name: str, spec: Spec
    ) -> Iterator[tuple[Table, Span, Checker]]:
        """The complete, well-typed ``[[name]]`` tables of a file, with span and checker.

        Problems common to every kind (unknown keys, types, duplicate ids) are recorded
        here; incomplete items still get their range checks, then are skipped.
        """
        if loaded is None:
            return
        data, checker = loaded
        self._top_keys(data, checker, name)
        seen: dict[str, str] = {}
        for table, span in checker.items(data, name):
            complete = checker.check(table, spec, span)
            if isinstance(table.get("id"), str):
                self._unique(checker, seen, table["id"], span, name)
            if complete:
                yield table, span, checker
            else:
                self._partial(checker, span, table)

    def _partial(self, checker: Checker, span: Span, table: Table) -> None:
        """Range checks on the well-typed fields of an item that has other errors."""
        for key in ("chapter", "unlock"):
            value = table.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                self._chapter(checker, span, key, value)

    def _ids(
        self, tables: dict[str, Loaded], name: str, items: list[Theme] | list[Character]
    ) -> set[str] | None:
        if name in tables and tables[name] is None:
            return None
        return {item.id for item in items}

    def _refs(
        self,
        checker: Checker,
        span: Span,
        values: list[str],
        known: set[str] | None,
        key: str,
        kind: str,
        file: str,
    ) -> bool:
        ok = True
        if known is None:
            return ok
        for value in values:
            if value not in known:
                checker.problem(span, f"{key} names unknown {kind} {value!r} (not in {file})", key)
                ok = False
        return ok

    def _top_keys(self, data: Table, checker: Checker, name: str) -> None:
        for key in data:
            if key != name:
                checker.problem(
                    Span(None, None, None),
                    f"unknown key {key!r}: this file holds only [[{name}]] blocks",
                    key,
                )

    def _characters(self, loaded: Loaded) -> list[Character]:
        result = []
        for table, span, checker in self._entries(loaded, "character", CHARACTER_SPEC):
            if not self._chapter(checker, span, "unlock", table["unlock"]):
                continue
            unlock = table["unlock"]
            facts = self._staged(checker, table, span, "character.facts", "facts", unlock)
            portraits = self._staged(
                checker, table, span, "character.portrait", "portrait", unlock, unique=True
            )
            for key in ("name", "line"):
                self._show(checker, span, key, table["id"], unlock, table[key])
            result.append(
                Character(table["id"], table["name"], table["line"], unlock, facts, portraits)
            )
        return result

    def _topics(self, loaded: Loaded, name: str, kind: type[Topic]) -> list[Topic]:
        """Themes, symbols or devices: one shape, staged by chapter notes."""
        result = []
        for table, span, checker in self._entries(loaded, name, THEME_SPEC):
            unlock = table["unlock"]
            if not self._chapter(checker, span, "unlock", unlock):
                continue
            notes = self._staged(checker, table, span, f"{name}.notes", "notes", unlock)
            for key in ("name", "text"):
                self._show(checker, span, key, table["id"], unlock, table[key])
            result.append(kind(table["id"], table["name"], unlock, table["text"], notes))
        return result

    def _relationships(
        self, loaded: Loaded, characters: dict[str, Character] | None
    ) -> list[Relationship]:
        result = []
        for table, span, checker in self._entries(loaded, "relationship", RELATIONSHIP_SPEC):
            unlock, names = table["unlock"], table["characters"]
            ok = self._chapter(checker, span, "unlock", unlock)
            if len(set(names)) < 2:
                checker.problem(
                    span, "a relationship names at least two different characters", "characters"
                )
                ok = False
            for message in self._cast(names, characters, unlock):
                checker.problem(span, message, "characters")
                ok = False
            notes = self._staged(checker, table, span, "relationship.notes", "notes", unlock)
            if not ok:
                continue
            for key in ("title", "text"):
                self._show(checker, span, key, table["id"], unlock, table[key])
            result.append(
                Relationship(
                    table["id"], table["title"], tuple(names), unlock, table["text"], notes
                )
            )
        return result

    @staticmethod
    def _cast(names: list[str], characters: dict[str, Character] | None, unlock: int) -> list[str]:
        """What is wrong with a relationship's characters (nothing, if unknowable)."""
        if characters is None:  # characters.toml did not load
            return []
        wrong = []
        for name in names:
            person = characters.get(name)
            if person is None:
                wrong.append(
                    f"characters names unknown character {name!r} (not in characters.toml)"
                )
            elif person.unlock > unlock:
                wrong.append(
                    f"character {name!r} is listed from chapter {person.unlock}, after "
                    f"this relationship's unlock {unlock}"
                )
        return wrong

    def _reveals(self, loaded: Loaded) -> list[Reveal]:
        result = []
        for table, span, checker in self._entries(loaded, "reveal", REVEAL_SPEC):
            ok = self._chapter(checker, span, "chapter", table["chapter"], 1)
            term, pattern = table.get("term"), table.get("pattern")
            if (term is None) == (pattern is None):
                checker.problem(span, "give either `term` or `pattern` (one of them, not both)")
                continue
            if term is not None and not term.split():
                checker.problem(span, "term is empty", "term")
                continue
            reveal = Reveal(table["id"], table["chapter"], table["note"], term or "", pattern or "")
            try:
                regex = compile_reveal(reveal)
            except re.error as error:
                checker.problem(
                    span, f"pattern is not a valid regular expression: {error}", "pattern"
                )
                continue
            if regex.search("") is not None:
                checker.problem(
                    span, "pattern matches empty text, so it would match everywhere", "pattern"
                )
                continue
            if ok:
                result.append(reveal)
        return result

    def _glossary(self, loaded: Loaded) -> list[Term]:
        result = []
        for table, span, checker in self._entries(loaded, "term", TERM_SPEC):
            meanings = self._staged(checker, table, span, "term.meanings", "meanings", 0)
            if not table["meanings"]:
                checker.problem(span, "a term needs at least one [[term.meanings]]")
            if meanings:
                term = Term(table["id"], table["term"], meanings)
                self._show(checker, span, "term", term.id, term.unlock, term.term)
                result.append(term)
        return sorted(result, key=lambda t: sort_key(t.term))

    def _questions(
        self, loaded: Loaded, theme_ids: set[str] | None, part_count: int
    ) -> list[Question]:
        result = []
        for table, span, checker in self._entries(loaded, "question", QUESTION_SPEC):
            ok = self._chapter(checker, span, "unlock", table["unlock"])
            part = table.get("part")
            if part is not None and not 1 <= part <= part_count:
                checker.problem(span, f"part = {part} is outside 1..{part_count}", "part")
                ok = False
            ok = (
                self._refs(
                    checker,
                    span,
                    table.get("themes", []),
                    theme_ids,
                    "themes",
                    "theme",
                    "themes.toml",
                )
                and ok
            )
            if ok:
                result.append(
                    Question(
                        table["id"],
                        table["text"],
                        table["unlock"],
                        part,
                        tuple(table.get("themes", [])),
                        table.get("angle", ""),
                    )
                )
                for key in ("text", "angle"):
                    if key in table:
                        self._show(checker, span, key, table["id"], table["unlock"], table[key])
        return sorted(result, key=lambda q: (q.unlock, q.part or 99))

    # -- Markdown files with front matter -------------------------------------------

    def _markdown_items(
        self, folder: str, spec: Spec, build: Callable[[Checker, Span, Table, str], Page | None]
    ) -> list[Page]:
        base = self.pack / folder
        if not base.exists():
            return []
        if not base.is_dir():
            self.problems.append(Problem(folder, None, None, "should be a folder of .md files"))
            return []
        result: list[Page] = []
        seen: dict[str, str] = {}
        for path in sorted(base.iterdir()):
            if path.name.startswith(".") or path.suffix != ".md":
                if not path.name.startswith("."):
                    self.problems.append(
                        Problem(
                            f"{folder}/{path.name}",
                            None,
                            None,
                            f"is not a .md file; only Markdown files belong in {folder}/",
                        )
                    )
                continue
            relative = f"{folder}/{path.name}"
            text = read_file(self.pack, relative, self.problems)
            if text is None:
                continue
            item = self._front_matter(relative, text, spec, seen, build)
            if item is not None:
                result.append(item)
        return result

    def _front_matter(
        self,
        relative: str,
        text: str,
        spec: Spec,
        seen: dict[str, str],
        build: Callable[[Checker, Span, Table, str], Page | None],
    ) -> Page | None:
        lines = text.split("\n")
        if not lines or lines[0].strip() != "+++":
            self.problems.append(
                Problem(
                    relative,
                    1,
                    None,
                    "must start with a `+++` line, then TOML front matter, then another `+++` line",
                )
            )
            return None
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
        except StopIteration:
            self.problems.append(
                Problem(relative, 1, None, "front matter is not closed by a `+++` line")
            )
            return None
        matter = "\n".join(lines[1:end])
        data = parse_toml(matter, relative, self.problems, first_line=2)
        if data is None:
            return None
        checker = Checker(relative, matter, self.problems, first_line=2)
        span = Span(None, None, None)
        if not checker.check(data, spec, span):
            return None
        self._unique(checker, seen, data["id"], span, "item")
        body = "\n".join(lines[end + 1 :]).strip()
        if message := control_problem("text", body):
            self.problems.append(Problem(relative, _line_of(text, body), None, message))
            return None
        if not body:
            self.problems.append(
                Problem(relative, end + 2, None, "has no text after the front matter")
            )
            return None
        item = build(checker, span, data, body)
        if item is not None:
            self._show(checker, span, "title", item.id, item.unlock, item.title)
            first = next(i for i in range(end + 1, len(lines)) if lines[i].strip())
            self.shown.append(Shown(relative, first + 1, item.id, item.unlock, body))
        return item

    def _section(self, checker: Checker, span: Span, data: Table, body: str) -> Section | None:
        first, last = data["chapters"]
        ok = self._chapter(checker, span, "chapters", first, 1)
        ok = self._chapter(checker, span, "chapters", last, 1) and ok
        if first > last:
            checker.problem(
                span, f"chapters = [{first}, {last}]: the first is after the last", "chapters"
            )
            ok = False
        if data["unlock"] < last:
            checker.problem(
                span,
                f"unlock = {data['unlock']} is before chapter {last}, the last this section tells",
                "unlock",
            )
            ok = False
        ok = self._chapter(checker, span, "unlock", data["unlock"]) and ok
        if not ok:
            return None
        return Section(
            data["id"], data["title"], first, last, data["unlock"], body, data.get("order", 0)
        )

    def _article(self, checker: Checker, span: Span, data: Table, body: str) -> Article | None:
        if not self._chapter(checker, span, "unlock", data["unlock"]):
            return None
        return Article(data["id"], data["title"], data["unlock"], body, data.get("order", 0))

    def _unknown_files(self) -> None:
        known = {"book.toml", "sections", "articles", *TABLE_FILES}
        for path in sorted(self.pack.iterdir()):
            if path.name.startswith(".") or path.name in known:
                continue
            if path.suffix.lower() in {".md", ".txt"} and path.is_file():
                continue  # a README or notes for the pack's author
            self.problems.append(
                Problem(
                    path.name,
                    None,
                    None,
                    "is not part of the pack format (see FORMAT.md); check its name",
                )
            )


def _line_of(text: str, body: str) -> int:
    """The line of ``text`` where the first control character of ``body`` sits."""
    from companion.store.display import unsafe_characters

    at = text.find(body) + unsafe_characters(body)[0][0]
    return text.count("\n", 0, at) + 1
