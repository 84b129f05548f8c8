"""Reading one pack file strictly: bytes, UTF-8, TOML, keys and types, with lines.

tomllib gives no line numbers for values, so ``Locator`` finds them in the raw text:
the n-th ``[[quote]]`` header, then ``key =`` inside that item's span.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.book.files import PackFileError, read_pack_file
from companion.store.display import unsafe_characters


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    item: str | None
    message: str

    def __str__(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        item = f" {self.item}:" if self.item else ""
        return f"{place}:{item} {self.message}"


class Locator:
    """Line numbers of TOML tables and keys in one file's text."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        self.lines = text.splitlines()
        self.offset = first_line - 1

    def headers(self, name: str, start: int = 0, end: int | None = None) -> list[int]:
        pattern = re.compile(r"^\s*\[\[\s*" + re.escape(name) + r"\s*\]\]")
        stop = len(self.lines) if end is None else end
        return [i for i in range(start, stop) if pattern.match(self.lines[i])]

    def key(self, key: str, start: int = 0, end: int | None = None) -> int | None:
        pattern = re.compile(r"^\s*" + re.escape(key) + r"\s*=")
        stop = len(self.lines) if end is None else end
        for i in range(start, stop):
            if i > start and self.lines[i].lstrip().startswith("["):
                break
            if pattern.match(self.lines[i]):
                return i
        return None

    def number(self, index: int | None) -> int | None:
        return None if index is None else index + 1 + self.offset


@dataclass
class Span:
    """Where an item sits: its first line index and the end of its span."""

    start: int | None
    end: int | None
    label: str | None


def decode(raw: bytes, file: str, problems: list[Problem]) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(
                file, 1, None, "starts with a byte-order mark (BOM); save it as UTF-8 without BOM"
            )
        )
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        problems.append(
            Problem(
                file,
                line,
                None,
                f"is not valid UTF-8 (byte {error.start}: "
                f"{raw[error.start : error.start + 1]!r}); save it as UTF-8",
            )
        )
        return None


_LINE_RE = re.compile(r"\(at line (\d+), column (\d+)\)")


def parse_toml(text: str, file: str, problems: list[Problem], first_line: int = 1) -> Table | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _LINE_RE.search(message)
        line = int(match.group(1)) + first_line - 1 if match else None
        problems.append(
            Problem(file, line, None, f"TOML syntax error: {_LINE_RE.sub('', message).strip()}")
        )
        return None
    except RecursionError:
        problems.append(Problem(file, None, None, "is nested too deeply to read; flatten it"))
        return None
    except ValueError as error:  # an integer of thousands of digits
        long = re.search(r"\d{4300}", text)
        line = text.count("\n", 0, long.start()) + first_line if long else None
        reason = "holds a number too long to read" if long else f"cannot be read: {error}"
        problems.append(Problem(file, line, None, reason))
        return None


def read_file(pack: Path, relative: str, problems: list[Problem]) -> str | None:
    """The text of a pack file, or None after recording why it cannot be read."""
    path = pack / relative
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError) as error:
        problems.append(Problem(relative, None, None, f"cannot be read: {error}"))
        return None
    if not resolved.is_relative_to(pack.resolve()):
        problems.append(
            Problem(
                relative,
                None,
                None,
                f"leads outside the pack (to {resolved}); keep every file inside the pack folder",
            )
        )
        return None
    try:
        raw = read_pack_file(resolved)
    except (OSError, PackFileError) as error:
        reason = f"cannot be read: {error.strerror}" if isinstance(error, OSError) else error
        problems.append(Problem(relative, None, None, str(reason)))
        return None
    return decode(raw, relative, problems)


# -- keys and types ---------------------------------------------------------

# A field spec: key -> (type name, required). Types: str, int, strs, pair, tables.
Spec = dict[str, tuple[str, bool]]
# A parsed TOML table: its values are whatever the file holds until checked.
Table = dict[str, Any]

_TYPE_WORDS = {
    "str": "a string",
    "int": "a whole number",
    "strs": "a list of strings",
    "pair": "a list of two chapter numbers, like [3, 5]",
    "tables": "an array of tables",
}


def _type_ok(kind: str, value: object) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "strs":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "pair":
        return (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        )
    if kind == "tables":
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    raise ValueError(kind)


def control_problem(name: str, text: str) -> str | None:
    """Why ``text`` (the value of ``name``) may not be pack text, or None: control and
    bidi characters act on the terminal that shows them."""
    found = unsafe_characters(text)
    if not found:
        return None
    at, char = found[0]
    code = f"U+{ord(char):04X}"
    label = _CONTROL_NAMES.get(char)
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return (
        f"{name!r} holds the control character {code}{f' ({label})' if label else ''} "
        f"at character {at + 1}{more}; remove it: pack text may hold no control characters"
    )


_CONTROL_NAMES = {"\x1b": "ESC", "\x07": "BEL", "\x7f": "DEL", "\r": "CR", "\x9b": "CSI"}
_CONTROL_NAMES.update({chr(c): "bidi" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def _describe(value: object) -> str:
    names = {
        bool: "true/false",
        int: "a number",
        float: "a decimal number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


class Checker:
    """Checks tables against specs for one file, recording problems with lines."""

    def __init__(self, file: str, text: str, problems: list[Problem], first_line: int = 1):
        self.file = file
        self.locator = Locator(text, first_line)
        self.problems = problems

    def problem(self, span: Span, message: str, key: str | None = None) -> None:
        index = span.start
        if key is not None and span.start is not None:
            found = self.locator.key(key, span.start, span.end)
            index = found if found is not None else span.start
        elif key is not None and span.start is None:
            index = self.locator.key(key, 0, span.end)
        self.problems.append(Problem(self.file, self.locator.number(index), span.label, message))

    def check(self, table: Table, spec: Spec, span: Span) -> bool:
        """True when every key ``spec`` needs is there with the right type."""
        # Unknown keys are reported but do not stop the other checks of this item.
        ok = True
        for key in table:
            if key not in spec:
                allowed = ", ".join(spec)
                self.problem(span, f"unknown key {key!r} (allowed: {allowed})", key)
        for key, (kind, required) in spec.items():
            if key not in table:
                if required:
                    self.problem(span, f"missing required key {key!r}")
                    ok = False
                continue
            if not _type_ok(kind, table[key]):
                self.problem(
                    span, f"{key!r} must be {_TYPE_WORDS[kind]}, not {_describe(table[key])}", key
                )
                ok = False
        for key, value in table.items():
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str) and (message := control_problem(key, text)):
                    self.problem(span, message, key)
                    break
        return ok

    def items(
        self, data: Table, name: str, parent: Span | None = None, key: str | None = None
    ) -> list[tuple[Table, Span]]:
        """The tables of array ``name`` (``[[name]]``), each with its span.

        With ``parent``, ``name`` is a sub-array such as ``character.facts`` found
        inside the parent's span under ``key``.
        """
        field = key or name
        value = data.get(field, [])
        where = parent or Span(0, None, None)
        if not _type_ok("tables", value):
            self.problem(
                where, f"{field!r} must be {_TYPE_WORDS['tables']} ([[{name}]] blocks)", field
            )
            return []
        start = where.start or 0
        heads = self.locator.headers(name, start, where.end)
        result = []
        for index, table in enumerate(value):
            begin: int | None
            if index < len(heads):
                begin = heads[index]
                end = heads[index + 1] if index + 1 < len(heads) else where.end
            else:  # inline tables: point at the parent key
                begin, end = self.locator.key(field, start, where.end), where.end
            label = table.get("id") if isinstance(table.get("id"), str) else None
            short = name.split(".")[-1]
            label = f"{short} {label!r}" if label else f"{short} #{index + 1}"
            if parent and parent.label:
                label = f"{parent.label}, {label}"
            result.append((table, Span(begin, end, label)))
        return result
