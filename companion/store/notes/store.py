"""The reader's notes: :class:`NoteStore` reads, searches and writes them.

Guarantees:

* every write is atomic (``atomic.py``) and happens under the book lock, after
  re-reading the one file it touches; a new note never replaces an existing file;
* a note edited in two processes keeps both versions: the later writer's version
  becomes a new note tagged ``conflict`` whose ``conflict_of`` names the original;
* a file that does not parse (bad TOML or UTF-8, BOM, empty, wrong types, an id
  that is not its file name, a duplicate id) or comes from a newer version is listed
  in ``problems`` and never rewritten; the other notes keep working;
* a deleted note is moved to ``backups/deleted/``; deleting several notes first
  zips every note into ``backups/``.

``reload`` keeps a
rebuildable cache (``cache.py``: ``<book dir>/.notes-cache``, marshal data behind CRC-32s) of
parsed notes keyed by file name, inode, mtime and size; every file is still stat'ed on
load, and any file whose stat differs is parsed again. The note files stay the only
source of truth. A loaded store remembers the same key for each note it read or wrote,
so reloading it when nothing changed costs one stat per file and builds nothing; a
search on a store that has loaded nothing (``note list --search``) builds only the
matching notes, and one by chapter or kind alone (the app's check for predictions
at start) reads only the cache's head.
"""

from __future__ import annotations

import datetime
import os
import re
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field, replace
from operator import attrgetter
from pathlib import Path
from types import EllipsisType
from typing import Any, cast

from companion.store.atomic import save_error, sweep_temp_files, write_bytes_atomic
from companion.store.errors import StoreError
from companion.store.lock import book_lock
from companion.store.notes.cache import (
    REWRITE_CACHE_AFTER,
    NotesCache,
    entry_hash,
    file_key,
    folder_digest,
    read_cache,
    read_few,
    write_cache,
)
from companion.store.notes.index import SearchIndex, contains, note_matches
from companion.store.notes.kinds import EXTRA_KEYS, NOTE, Extra, check_extra, extra_fields
from companion.store.notes.model import (
    CONFLICT_TAG,
    ID_RE,
    Note,
    check_note_size,
    clean_tags,
    encode_note,
    new_id,
    now_utc,
    placed_time,
    read_note_file,
)
from companion.store.notes.model import (
    tag_key as tag_key_of,
)
from companion.store.paths import backups_dir, notes_dir
from companion.store.safefile import os_reason, read_limited
from companion.store.tomlfile import FileProblem

_STAT_AT = os.stat in os.supports_dir_fd and os.listdir in os.supports_fd
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_newest_first = attrgetter("created", "id")  # sorted with reverse=True
BULK_BATCH = 2000  # notes written per flush by merge_in

# --- the store -------------------------------------------------------------------


@dataclass
class ImportResult:
    added: list[Note] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[Note] = field(default_factory=list)


# a one-shot search: (casefolded needle, casefolded tag, chapter, kind; None: any)
Query = tuple[str, str | None, int | None, str | None]


class FolderEntries:
    """(note file name, its file_key or None) of each note file in a notes folder, one
    stat each; once iterated, ``has_temp`` says whether temp files were seen."""

    def __init__(self, source: Generator[tuple[str, int | None], None, bool]) -> None:
        self._source = source
        self.has_temp = False

    def __iter__(self) -> Iterator[tuple[str, int | None]]:
        self.has_temp = yield from self._source


class NoteStore:
    """All notes of one book. Reads lazily: ``add`` never reads the other notes."""

    def __init__(self, book_dir: Path) -> None:
        self.book_dir = Path(book_dir)
        self.folder = notes_dir(self.book_dir)
        self._notes: dict[str, Note] | None = None
        self._order: list[Note] = []
        self._index: SearchIndex | None = None  # built on the first search
        self._problems: list[FileProblem] = []
        self._blocked: set[str] = set()  # ids whose files are problems
        self._read_only_reason: str | None = None
        self._keys: dict[str, int] = {}  # file name -> file_key when read or written
        self._checked = False  # problems are known (a load or a one-shot search ran)
        self._no_cache = False
        # the notes in memory: a reload in one thread (the app's watcher) and a save in
        # another never interleave (a reload begun before a save would drop its note)
        self._memory = threading.RLock()

    # -- reading --

    @property
    def notes(self) -> list[Note]:
        """Every readable note, newest first."""
        self._ensure_loaded()
        return list(self._order)

    @property
    def problems(self) -> list[FileProblem]:
        """Files that could not be used (each with .path and .message); never rewritten."""
        self._ensure_checked()
        return list(self._problems)

    @property
    def read_only(self) -> bool:
        self._ensure_checked()
        return self._read_only_reason is not None

    @property
    def read_only_reason(self) -> str | None:
        self._ensure_checked()
        return self._read_only_reason

    def _ensure_loaded(self) -> None:
        if self._notes is None:
            self.reload()

    def _ensure_checked(self) -> None:
        if not self._checked:
            self.reload()

    def reload(self) -> bool:
        """Read every note file again, cheaply: each file is stat'ed, and only files whose
        (inode, mtime, size) changed since they were last read (by this store or into
        the cache) are parsed again. True unless every file was as this store last read
        or wrote it."""
        with self._memory:
            loaded, keys = self._notes is not None, self._keys
            self._load()
            return not loaded or self._keys is not keys

    def _stat_folder(self) -> tuple[dict[str, int | None], bool]:
        """({note file name: its file_key or None}, any temp files?): one
        scandir pass, one stat per note file."""
        entries = self._folder_entries()
        current = dict(entries)
        return current, entries.has_temp

    def _folder_entries(self) -> FolderEntries:
        if not _STAT_AT:  # pragma: no cover - Windows
            return FolderEntries(self._entries_portable())
        return FolderEntries(self._entries())

    def _entries(self) -> Generator[tuple[str, int | None], None, bool]:
        """(note file name, its file_key or None) for each note file; returns whether
        there are temp files."""
        has_temp = False
        try:
            fd = os.open(self.folder, _DIR_FLAGS)
        except FileNotFoundError as error:
            if os.path.islink(self.folder):  # a dangling link (an unmounted sync folder)
                raise self._folder_error(error) from None
            return False
        except OSError as error:
            raise self._folder_error(error) from None
        try:
            # stat relative to the open folder: no path walk for each of 10,000 files
            stat = os.stat
            for name in os.listdir(fd):
                if name[0] == ".":
                    if name.endswith(".tmp"):
                        has_temp = True
                elif name.endswith(".toml"):
                    try:
                        st = stat(name, dir_fd=fd)
                    except OSError:
                        yield name, None
                    else:  # file_key, inlined
                        yield name, (st.st_mtime_ns << 128) | (st.st_ino << 64) | st.st_size
        except OSError as error:
            raise self._folder_error(error) from None
        finally:
            os.close(fd)
        return has_temp

    def _folder_error(self, error: OSError) -> StoreError:
        what, todo = os_reason(self.folder, error)
        return StoreError(f"could not read the notes folder: {what}. {todo}", path=self.folder)

    def _entries_portable(self) -> Generator[tuple[str, int | None], None, bool]:
        has_temp = False
        try:
            with os.scandir(self.folder) as entries:
                for entry in entries:
                    name = entry.name
                    if name[0] == ".":
                        has_temp = has_temp or name.endswith(".tmp")
                    elif name.endswith(".toml"):
                        try:
                            st = entry.stat()
                        except OSError:
                            yield name, None
                        else:
                            yield name, file_key(st)
        except FileNotFoundError as error:
            if os.path.islink(self.folder):
                raise self._folder_error(error) from None
        except OSError as error:
            raise self._folder_error(error) from None
        return has_temp

    def _load(self, query: Query | None = None) -> list[Note] | None:
        """Reload. With ``query`` (casefolded needle, casefolded tag, chapter, kind) and nothing
        loaded yet, only the matching notes are built and returned, newest first, and
        ``_notes`` stays None (a one-shot search, as ``note list --search``)."""
        current, has_temp = self._stat_folder()
        loaded = self._notes is not None
        self._checked = True
        if has_temp:
            sweep_temp_files(self.folder)
        from_memory: dict[str, Note] = {}
        hits: list[int] = []
        keys: dict[str, int] = {}
        if loaded:
            if current == self._keys:  # None never equals a key
                self._problems, self._blocked, self._read_only_reason = [], set(), None
                return None  # nothing changed on disk since this store read or wrote it
            mine, old_keys = self._notes, self._keys
            assert mine is not None  # loaded
            pending: list[str] = []  # files not in memory as they are now
            for name, key in current.items():
                if key is not None and old_keys.get(name) == key:
                    from_memory[name] = mine[name[:-5]]
                    keys[name] = key
                else:
                    pending.append(name)
            cache = self._read_cache() if len(pending) > REWRITE_CACHE_AFTER else None
        else:
            # a search by chapter or kind alone reads the cache's head, not its texts
            cache = self._read_cache(body=query is None or bool(query[0]) or bool(query[1]))
            if current == cache.keys:
                hits = list(range(len(cache.keys)))
                pending = []
                keys = cast(dict[str, int], current)  # equal to the cache's: no None
            else:
                pending = list(current)
        fresh: list[Note] = []
        problems: list[FileProblem] = []
        for name in pending:
            key = current[name]
            if cache is not None and key is not None:
                i = cache.index.get(name)
                if i is not None and cache.keys[name] == key:
                    hits.append(i)
                    keys[name] = key
                    continue
            try:
                note = read_note_file(self.folder / name)
            except FileNotFoundError:
                continue  # deleted since the folder was listed
            except FileProblem as problem:
                problems.append(problem)
                continue
            fresh.append(note)
            if key is not None:
                keys[name] = key
        self._problems = problems
        self._blocked = {p.path.stem for p in problems if p.path is not None}
        newer = [p for p in problems if p.newer]
        self._read_only_reason = newer[0].message if newer else None
        rewrite = cache is not None and (
            len(fresh) + len(cache.keys) - len(hits) >= REWRITE_CACHE_AFTER
            or (not cache.keys and bool(fresh))
        )
        try:
            if query is not None and not loaded and not rewrite:
                assert cache is not None  # read above: nothing was loaded
                needle, tag_key, chapter, kind = query
                if not cache.has_body:
                    picked = [i for i in hits if cache.matches_head(i, chapter, kind)]
                    matches = self._from_head(cache, picked)
                    if matches is None:
                        return self._load_without_cache(query)
                    found = matches + [n for n in fresh if note_matches(n, "", None, chapter, kind)]
                    found.sort(key=_newest_first, reverse=True)
                    return found
                if needle and tag_key is None and chapter is None and kind is None:
                    texts, tags = cache.texts, cache.tags
                    found = [
                        cache.note(i)
                        for i in hits
                        if needle in texts[i].casefold()
                        or (tags[i] and contains(needle, texts[i], tags[i]))
                    ]
                else:
                    found = [
                        cache.note(i)
                        for i in hits
                        if cache.matches(i, needle, tag_key, chapter, kind)
                    ]
                found += [n for n in fresh if note_matches(n, needle, tag_key, chapter, kind)]
                found.sort(key=_newest_first, reverse=True)
                return found
            notes = {}
            if hits:
                assert cache is not None  # hits come from a cache that was read
                if not cache.has_body:  # a search that must load everything after all
                    head, cache = cache, self._read_cache()
                    if cache.keys != head.keys:  # rewritten meanwhile
                        return self._load_without_cache(query)
                for i in hits:
                    note = cache.note(i)
                    notes[note.id] = note
        except (IndexError, TypeError, ValueError, AttributeError):
            # A cache that passed its checksum but holds the wrong things: go without it.
            return self._load_without_cache(query)
        del cache
        for note in from_memory.values():
            notes[note.id] = note
        for note in fresh:
            notes[note.id] = note
        self._keys = keys
        self._set_notes(notes)
        if rewrite:
            self._write_cache()
        return None

    def _load_without_cache(self, query: Query | None) -> list[Note] | None:
        self._no_cache = True
        try:
            return self._load(query)
        finally:
            self._no_cache = False

    def _set_notes(self, notes: dict[str, Note]) -> None:
        self._notes = notes
        self._order = sorted(notes.values(), key=_newest_first, reverse=True)
        self._index = None

    def _resort(self) -> None:
        assert self._notes is not None
        self._set_notes(self._notes)

    def _read_cache(self, body: bool = True) -> NotesCache:
        if self._no_cache:
            return NotesCache.empty()
        return read_cache(self.book_dir, body)

    def _from_head(self, head: NotesCache, picked: list[int]) -> list[Note] | None:
        """The notes at ``picked`` of a cache read without its body: a few parsed from
        their files, many from the whole cache read again. None if that cache is not the
        one ``head`` came from (rewritten meanwhile)."""
        if len(picked) > REWRITE_CACHE_AFTER:
            whole = self._read_cache()
            return [whole.note(i) for i in picked] if whole.keys == head.keys else None
        found = []
        for i in picked:
            try:
                found.append(read_note_file(self.folder / head.names[i]))
            except FileNotFoundError:
                continue  # deleted since the folder was listed
            except FileProblem as problem:  # changed since: as if listed so
                self._problems.append(problem)
                if problem.path is not None:
                    self._blocked.add(problem.path.stem)
        return found

    def _write_cache(self) -> None:
        """Write the cache from the loaded notes (lock not needed: it is rebuildable)."""
        if self.folder.is_dir() and self._notes is not None:
            write_cache(self.book_dir, self._order, self._keys)

    def get(self, note_id: str) -> Note | None:
        """A note by id (reads only that file when nothing is loaded yet)."""
        if self._notes is not None:
            return self._notes.get(note_id)
        if not ID_RE.match(note_id):
            return None
        path = self._path(note_id)
        if not path.exists():
            return None
        return read_note_file(path)  # FileProblem (a StoreError) says what is wrong

    def resolve(self, prefix: str) -> Note:
        """The note whose id is ``prefix`` or uniquely starts with it; StoreError if none."""
        exact = self.get(prefix) if ID_RE.match(prefix) else None
        if exact is not None:
            return exact
        matches = [n for n in self.notes if n.id.startswith(prefix)] if prefix else []
        if len(matches) == 1:
            return matches[0]
        if prefix in self._blocked:
            problem = next(p for p in self._problems if p.path and p.path.stem == prefix)
            raise StoreError(problem.message, path=problem.path)
        if not matches:
            raise StoreError(
                f"no note has the id {prefix!r}. `companion note list` shows the ids.", exit_code=2
            )
        raise StoreError(
            f"{len(matches)} notes have ids starting with {prefix!r}: "
            f"{', '.join(n.id for n in matches[:5])}; give more of the id.",
            exit_code=2,
        )

    def search(
        self,
        query: str = "",
        tag: str | None = None,
        chapter: int | None = None,
        kind: str | None = None,
    ) -> list[Note]:
        """Notes (newest first) whose text or tags contain ``query`` (any case), of
        ``kind`` if given ("note", "prediction"). A word of the query written as a tag
        ("#seminar") asks for notes with that tag (or "#seminar" in their text).

        On a store that has loaded nothing yet this reads the folder but builds only the
        matching notes (``note list --search``); later calls search what is loaded."""
        rest, hashtags = split_hashtags(query)
        found = self._search(rest, tag, chapter, kind)
        return [n for n in found if all(has_tag(n, t) for t in hashtags)] if hashtags else found

    def _search(
        self, query: str, tag: str | None, chapter: int | None, kind: str | None
    ) -> list[Note]:
        needle = query.casefold()
        tag_key = tag_key_of(tag) if tag else None
        if self._notes is None:
            if kind not in (None, NOTE) and not needle and tag_key is None and chapter is None:
                of_kind = self._of_kind(kind)
                if of_kind is not None:
                    return of_kind
            found = self._load((needle, tag_key, chapter, kind))
            if found is not None:
                return found
        index = self._search_index()
        if tag_key is not None and not needle:
            found, tag_key = index.with_tag(tag_key), None
        else:
            found = index.hits(needle)
        if tag_key is None and chapter is None and kind is None:
            return found
        return [n for n in found if note_matches(n, "", tag_key, chapter, kind)]

    def _of_kind(self, kind: str) -> list[Note] | None:
        """The notes of ``kind`` (not plain notes) from their files, newest first, when
        the cache's first section says which they are: every file in the folder is as
        it was when the cache was written (the digests match). None otherwise. With
        10,000 notes this holds no more than a name at a time in memory."""
        few = None if self._no_cache else read_few(self.book_dir)
        if few is None:
            return None
        entries = self._folder_entries()
        digest = folder_digest(entry_hash(name, key) for name, key in entries)
        if entries.has_temp:
            sweep_temp_files(self.folder)
        if digest != few.digest:
            return None
        found = []
        for name, extra in few.notes.items():
            if extra.get("kind") == kind:
                try:
                    found.append(read_note_file(self.folder / name))
                except (FileNotFoundError, FileProblem):  # changed this very moment
                    return None
        self._checked = True  # every file was read into the cache: none is a problem
        self._problems, self._blocked, self._read_only_reason = [], set(), None
        found.sort(key=_newest_first, reverse=True)
        return found

    def _search_index(self) -> SearchIndex:
        """The index of ``_order`` as it is now (read once: a reload in another thread
        swaps the list, and an index of the old one is never used with the new)."""
        order = self._order
        index = self._index
        if index is None or index.order is not order:
            index = self._index = SearchIndex(order)
        return index

    # -- writing --

    def _path(self, note_id: str) -> Path:
        return self.folder / f"{note_id}.toml"

    def _check_writable(self) -> None:
        if self._checked and self._read_only_reason:
            raise StoreError(
                f"your notes are read-only: {self._read_only_reason}", path=self.folder
            )

    def _remember(self, note: Note) -> None:
        if self._notes is not None:
            self._notes[note.id] = note
            self._resort()

    def _note_written(self, note_id: str) -> None:
        """Remember the key of a file this store just wrote (lock held), so the next
        reload need not read it again."""
        if self._notes is None:
            return
        name = f"{note_id}.toml"
        try:
            st = os.stat(self.folder / name)
        except OSError:
            self._keys.pop(name, None)
        else:
            self._keys[name] = file_key(st)

    def add(
        self,
        text: str,
        chapter: int,
        tags: Iterable[str] = (),
        quote: str | None = None,
        *,
        conflict_of: str | None = None,
        note_id: str | None = None,
        created: datetime.datetime | None = None,
        updated: datetime.datetime | None = None,
        **extra: Any,
    ) -> Note:
        """Save a new note (a new file) and return it.

        ``note_id`` (for imports) keeps a given id; FileExistsError if it is taken.
        ``extra``: the keys of another kind of note (``kinds.py``), for example
        ``kind="prediction", revisit_at=9``; StoreError (exit code 2) if any is wrong.
        """
        if not isinstance(text, str):
            raise StoreError("a note's text must be a string")
        if type(chapter) is not int or chapter < 0:
            raise StoreError(f"a note's chapter must be 0 or more, not {chapter!r}", exit_code=2)
        if note_id is not None and not ID_RE.match(note_id):
            raise StoreError(f"{note_id!r} is not a valid note id (letters, digits, - or _)")
        check_note_size(text)
        extra = _checked_extra(extra, chapter)
        self._check_writable()
        stamp = now_utc()
        created = _placed(created or stamp, "created")
        note = Note(
            id=note_id or new_id(),
            text=text,
            chapter=chapter,
            tags=clean_tags(tags),
            quote=quote or None,
            created=created,
            updated=_placed(updated or created, "updated"),
            conflict_of=conflict_of,
            **extra,
        )
        data = encode_note(self._path(note.id), note)  # fails before any file is opened
        with book_lock(self.book_dir), self._memory:
            for _attempt in range(100):
                try:
                    write_bytes_atomic(self._path(note.id), data, exclusive=True)
                    self._note_written(note.id)
                    break
                except FileExistsError:
                    if note_id is not None:
                        raise
                    note = replace(note, id=new_id())
                    data = encode_note(self._path(note.id), note)
            self._remember(note)
        return note

    def update(
        self,
        note_id: str,
        *,
        text: str | None = None,
        chapter: int | None = None,
        tags: Iterable[str] | None = None,
        quote: str | None | EllipsisType = ...,
        **extra: Any,
    ) -> Note:
        """Change a note. Returns the saved note. ``extra`` sets keys of ``kinds.py``
        (None removes one), for example ``outcome="partly", answered_at=12``.

        If another process changed or deleted the note since this store read it, the
        other version stays and this edit is saved as a new note tagged ``conflict``
        (``conflict_of`` = ``note_id``), which is returned instead.
        """
        if text is not None:
            check_note_size(text)
        self._check_writable()
        base = self.get(note_id)
        if base is None:
            if note_id in self._blocked:
                self.resolve(note_id)  # raises the file's problem
            raise StoreError(f"no note has the id {note_id!r}.", exit_code=2)
        if chapter is not None and (type(chapter) is not int or chapter < 0):
            raise StoreError(f"a note's chapter must be 0 or more, not {chapter!r}", exit_code=2)
        edited = replace(
            base,
            text=base.text if text is None else text,
            chapter=base.chapter if chapter is None else chapter,
            tags=list(base.tags) if tags is None else clean_tags(tags),
            quote=base.quote if quote is ... else (quote or None),
        )
        fields = {**(extra_fields(base) or {}), **extra}
        if fields:  # checked again whatever changed: a new chapter may not suit revisit_at
            edited = replace(edited, **{**_blank_extra(), **_checked_extra(fields, edited.chapter)})
        if edited.same_content(base):
            return base
        edited.updated = max(now_utc(), base.updated + datetime.timedelta(microseconds=1))
        path = self._path(note_id)
        data = encode_note(path, edited)  # a lone surrogate fails here, nothing touched
        with book_lock(self.book_dir), self._memory:
            try:
                on_disk = read_note_file(path) if os.path.lexists(path) else None
            except FileProblem as problem:
                raise StoreError(
                    f"{problem.message} Your edit was not saved there; it is still open.", path=path
                ) from None
            if on_disk is not None and on_disk.updated == base.updated:
                write_bytes_atomic(path, data)
                self._note_written(note_id)
                saved = edited
            else:
                saved = self._conflict_copy(edited, note_id)
            if on_disk is not None and saved.id != note_id and self._notes is not None:
                self._notes[on_disk.id] = on_disk  # the other window's version of the original
            self._remember(saved)
        return saved

    def _conflict_copy(self, edited: Note, original_id: str) -> Note:
        """Write ``edited`` as a new note marking it as a conflict copy (lock held)."""
        tags = clean_tags([*edited.tags, CONFLICT_TAG])
        return self.add(
            edited.text,
            edited.chapter,
            tags,
            edited.quote,
            conflict_of=original_id,
            created=edited.created,
            updated=edited.updated,
            **(extra_fields(edited) or {}),
        )

    def delete(self, note_id: str) -> Note:
        """Delete a note: its file moves to ``backups/deleted/``. Returns it.

        Refuses (StoreError) if another process changed it since it was read.
        """
        self._check_writable()
        base = self.get(note_id)
        if base is None:
            raise StoreError(f"no note has the id {note_id!r}.", exit_code=2)
        path = self._path(note_id)
        with book_lock(self.book_dir), self._memory:
            self._delete_locked(base, path)
            if self._notes is not None:
                self._notes.pop(note_id, None)
                self._keys.pop(f"{note_id}.toml", None)
                self._resort()
        return base

    def _delete_locked(self, base: Note, path: Path) -> None:
        try:
            on_disk = read_note_file(path)
        except FileNotFoundError:
            return
        except FileProblem as problem:
            raise StoreError(f"{problem.message} The note was not deleted.", path=path) from None
        if on_disk.updated != base.updated:
            raise StoreError(
                f"note {base.id} was changed by another companion window since "
                f"it was read; it was not deleted. Look at it again and retry.",
                path=path,
            )
        trash = backups_dir(self.book_dir) / "deleted"
        stamp = now_utc().strftime("%Y%m%dT%H%M%S%f")
        try:
            trash.mkdir(parents=True, exist_ok=True)
            os.replace(path, trash / f"{base.id}-{stamp}.toml")
        except OSError as error:
            raise save_error(path, error) from None

    def delete_many(self, note_ids: Iterable[str]) -> tuple[list[Note], Path | None]:
        """Delete several notes after zipping all notes into ``backups/``."""
        ids = list(dict.fromkeys(note_ids))
        self._check_writable()
        notes = []
        for note_id in ids:
            note = self.get(note_id)
            if note is None:
                raise StoreError(
                    f"no note has the id {note_id!r}; nothing was deleted.", exit_code=2
                )
            notes.append(note)
        backup = None
        with book_lock(self.book_dir), self._memory:
            if len(notes) > 1:
                backup = make_backup(self.book_dir, "before-delete")
            for note in notes:
                self._delete_locked(note, self._path(note.id))
            if self._notes is not None:
                for note in notes:
                    self._notes.pop(note.id, None)
                self._resort()
        return notes, backup

    def merge_in(
        self, incoming: Iterable[Note], progress: Callable[[int], None] | None = None
    ) -> ImportResult:
        """Import notes: a known id with the same content adds nothing; a known id with
        different content becomes a conflict copy; anything else is added as it is.

        Linear in the number of notes: the folder is read once, files are written in
        batches (``bulk.py``) and the notes re-sorted once. ``progress(n)`` is called
        as each batch of ``n`` notes has been handled."""
        result = ImportResult()
        incoming = list(incoming)
        for note in incoming:  # refuse what cannot be stored before writing anything
            check_note_size(note.text)
        encoded = [encode_note(self._path(n.id), n) for n in incoming]
        with book_lock(self.book_dir), self._memory:
            self.reload()
            self._check_writable()
            assert self._notes is not None
            mine = self._notes
            copies: dict[str, list[Note]] = {}  # conflict_of -> the conflict copies
            for note in self._order:
                if note.conflict_of:
                    copies.setdefault(note.conflict_of, []).append(note)
            planned: dict[str, Note] = {}
            batch: list[tuple[Note, bytes, bool]] = []  # (note, file bytes, is a copy)
            handled = 0
            for note, data in zip(incoming, encoded):
                known = mine.get(note.id)
                if known is None and note.id not in self._blocked and note.id not in planned:
                    planned[note.id] = note
                    batch.append((note, data, False))
                elif known is not None and known.same_content(note):
                    result.unchanged.append(note.id)
                elif self._is_known_conflict(note, copies.get(note.id, ())):
                    result.unchanged.append(note.id)
                else:
                    copy = self._conflict_note(note, note.id, planned)
                    copies.setdefault(note.id, []).append(copy)
                    planned[copy.id] = copy
                    batch.append((copy, encode_note(self._path(copy.id), copy), True))
                handled += 1
                if len(batch) >= BULK_BATCH or (progress and handled >= BULK_BATCH):
                    self._write_batch(batch, result)
                    batch = []
                    if progress is not None:
                        progress(handled)
                    handled = 0
            self._write_batch(batch, result)
            if progress is not None and handled:
                progress(handled)
            self._set_notes(mine)
            if len(result.added) + len(result.conflicts) >= REWRITE_CACHE_AFTER:
                self._write_cache()
        return result

    def _write_batch(self, batch: list[tuple[Note, bytes, bool]], result: ImportResult) -> None:
        """Write one batch of new notes (lock held) and remember them."""
        from companion.store.notes.bulk import write_new_files

        if not batch:
            return
        taken = set(write_new_files(self.folder, [(f"{n.id}.toml", d) for n, d, _ in batch]))
        assert self._notes is not None
        for note, _, is_copy in batch:
            if f"{note.id}.toml" in taken:  # a file appeared under that name: keep both
                # a copy names its original; any other note is the original itself
                note = self._conflict_copy(note, (is_copy and note.conflict_of) or note.id)
                is_copy = True
            else:
                self._notes[note.id] = note
                self._note_written(note.id)
            (result.conflicts if is_copy else result.added).append(note)

    def _conflict_note(self, note: Note, original_id: str, planned: dict[str, Note]) -> Note:
        """``note`` as a conflict copy of ``original_id``, under a fresh id."""
        taken = self._notes or {}
        while True:
            copy_id = new_id()
            if copy_id not in taken and copy_id not in planned:
                break
        return replace(
            note,
            id=copy_id,
            tags=clean_tags([*note.tags, CONFLICT_TAG]),
            conflict_of=original_id,
        )

    @staticmethod
    def _is_known_conflict(note: Note, copies: Iterable[Note]) -> bool:
        """A conflict copy of this exact content exists already (import run twice)."""
        tagged = replace(note, tags=clean_tags([*note.tags, CONFLICT_TAG]))
        return any(n.same_content(tagged) for n in copies)


_BACKED_UP = (("progress.toml", "progress"), ("deck.toml", "deck"))


def _checked_extra(extra: Extra, chapter: int) -> Extra:
    unknown = sorted(set(extra) - EXTRA_KEYS.keys())
    if unknown:
        raise TypeError(f"a note has no key {unknown[0]!r}")
    try:
        return check_extra(extra, chapter)
    except ValueError as error:
        raise StoreError(f"the note was not saved: {error}", exit_code=2) from None


def _blank_extra() -> Extra:
    """Every key of kinds.py at its unset value (to replace a note's with others)."""
    return {key: (NOTE if key == "kind" else None) for key in EXTRA_KEYS}


def _placed(value: datetime.datetime, key: str) -> datetime.datetime:
    placed = placed_time(value)
    if placed is None:
        raise StoreError(
            f"a note's {key} time {value.isoformat()} cannot be placed in time "
            f"(it must fall between the years 2 and 9998)",
            exit_code=2,
        )
    return placed


def make_backup(book_dir: Path, label: str) -> Path:
    """Zip notes/, progress.toml, deck.toml and reviews/ into ``backups/<time>-<label>.zip``."""
    import io
    import zipfile

    book_dir = Path(book_dir)
    buffer = io.BytesIO()
    files = [(book_dir / name, name, kind) for name, kind in _BACKED_UP]
    for folder, inside, kind in (
        (notes_dir(book_dir), "notes", "note"),
        (book_dir / "reviews", "reviews", "reviews"),
    ):
        if folder.is_dir():
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                if entry.name.endswith(".toml") and not entry.name.startswith("."):
                    files.append((Path(entry.path), f"{inside}/{entry.name}", kind))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, name, kind in files:
            try:  # regular files within their limits only: a FIFO must not hang a backup
                raw = read_limited(path, kind, "")
            except StoreError:
                continue  # listed as a problem where it is read; never changed
            if raw is not None:
                archive.writestr(name, raw)
    stamp = now_utc().strftime("%Y%m%dT%H%M%S%f")
    path = backups_dir(book_dir) / f"{stamp}-{label}.zip"
    write_bytes_atomic(path, buffer.getvalue(), exclusive=True)
    return path


HASHTAG = re.compile(r"(?<!\S)#(\S+)")


def split_hashtags(query: str) -> tuple[str, list[str]]:
    """ "#seminar pencil" -> ("pencil", ["seminar"]): the words written as tags, apart."""
    tags = [key for word in HASHTAG.findall(query) if (key := tag_key_of(word))]
    return " ".join(HASHTAG.sub(" ", query).split()) if tags else query, tags


def has_tag(note: Note, key: str) -> bool:
    """Is ``note`` tagged ``key`` (a tag_key), or does its text say "#key"?"""
    return any(tag_key_of(t) == key for t in note.tags) or f"#{key}" in note.text.casefold()
