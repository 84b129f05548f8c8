"""The notes store, on real files in temporary folders."""

from __future__ import annotations

import errno
import os
import re
import zipfile
from pathlib import Path

import pytest
from conftest import later_by_hand, run_companion

from companion.store import atomic
from companion.store.errors import StoreError
from companion.store.notes import CONFLICT_TAG, NoteStore

NASTY = [
    "[/]",
    "[/",
    "[@click=app.quit]x[/]",
    "[link=x]y",
    "nul\x00byte",
    "esc \x1b[31mred\x1b[0m and OSC 52 \x1b]52;c;aGk=\x07",
    "crlf\r\nline\r\n",
    "line\u2028separator\u2029para",
    "emoji 😀👩‍👩‍👧 and RTL \u202eevil",
    "  leading and trailing spaces  \n\n",
    "'''\"\"\" quotes \\ backslash",
    "",
]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_round_trip_nasty_texts(tmp_path: Path):
    store = NoteStore(tmp_path)
    ids = {store.add(text, 1, ["t"]).id: text for text in NASTY}
    big = "x" * 50_000 + "\x1b😀\r\n" + "y" * 50_000  # just under the 100 KB maximum
    ids[store.add(big, 5).id] = big
    fresh = NoteStore(tmp_path)
    assert fresh.problems == []
    for note_id, text in ids.items():
        assert fresh.get(note_id).text == text
    # again through the cache
    again = NoteStore(tmp_path)
    again.reload()
    assert {n.id: n.text for n in again.notes} == ids


def test_lone_surrogate_refused_nothing_changes(tmp_path: Path):
    store = NoteStore(tmp_path)
    note = store.add("fine", 1)
    before = snapshot(tmp_path)
    with pytest.raises(StoreError) as info:
        store.add("broken \ud800 paste", 1)
    assert "U+D800" in info.value.message and "Nothing on disk was changed" in info.value.message
    with pytest.raises(StoreError):
        store.update(note.id, text="also \udfff broken")
    assert snapshot(tmp_path) == before
    assert NoteStore(tmp_path).get(note.id).text == "fine"


def test_add_list_search_update_delete(tmp_path: Path):
    store = NoteStore(tmp_path)
    a = store.add("Kathy remembers Hailsham", 1, ["#memory", "hail sham"])
    b = store.add("Tommy's tantrums", 2, ["tommy"], quote="q-tommy")
    assert a.tags == ["memory", "hail-sham"]
    assert [n.id for n in store.notes] == [b.id, a.id]  # newest first
    assert [n.id for n in store.search("HAILSHAM")] == [a.id]
    assert [n.id for n in store.search("memory")] == [a.id]  # tags are searched
    assert [n.id for n in store.search(tag="TOMMY")] == [b.id]
    assert [n.id for n in store.search(chapter=1)] == [a.id]
    edited = store.update(a.id, text="Kathy remembers", chapter=3, quote="q1")
    assert edited.id == a.id and edited.updated > a.updated
    reread = NoteStore(tmp_path).get(a.id)
    assert (reread.text, reread.chapter, reread.quote) == ("Kathy remembers", 3, "q1")
    store.delete(b.id)
    assert NoteStore(tmp_path).get(b.id) is None
    assert list((tmp_path / "backups" / "deleted").glob(f"{b.id}-*.toml"))


def test_prefix_resolution(tmp_path: Path):
    store = NoteStore(tmp_path)
    note = store.add("x", 1)
    assert store.resolve(note.id[:5]).id == note.id
    with pytest.raises(StoreError):
        store.resolve("zzzz")


def test_same_note_edited_by_two_stores_keeps_both(tmp_path: Path):
    NoteStore(tmp_path).add("original", 4, ["a"])
    first, second = NoteStore(tmp_path), NoteStore(tmp_path)
    note_id = first.notes[0].id
    second.notes
    assert first.update(note_id, text="first edit").id == note_id
    copy = second.update(note_id, text="second edit")
    assert copy.id != note_id
    assert copy.conflict_of == note_id and CONFLICT_TAG in copy.tags
    texts = {n.id: n.text for n in NoteStore(tmp_path).notes}
    assert texts == {note_id: "first edit", copy.id: "second edit"}


def test_edit_of_note_deleted_elsewhere_is_kept(tmp_path: Path):
    NoteStore(tmp_path).add("original", 4)
    first, second = NoteStore(tmp_path), NoteStore(tmp_path)
    note_id = first.notes[0].id
    second.notes
    first.delete(note_id)
    kept = second.update(note_id, text="my edit")
    assert NoteStore(tmp_path).get(kept.id).text == "my edit"


def test_delete_refused_if_changed_elsewhere(tmp_path: Path):
    NoteStore(tmp_path).add("original", 4)
    first, second = NoteStore(tmp_path), NoteStore(tmp_path)
    note_id = first.notes[0].id
    second.notes
    first.update(note_id, text="newer")
    with pytest.raises(StoreError) as info:
        second.delete(note_id)
    assert "changed by another" in info.value.message
    assert NoteStore(tmp_path).get(note_id).text == "newer"


def test_delete_many_backs_up_first(tmp_path: Path):
    store = NoteStore(tmp_path)
    ids = [store.add(f"note {i}", 1).id for i in range(5)]
    removed, backup = store.delete_many(ids[:3])
    assert len(removed) == 3 and backup is not None
    with zipfile.ZipFile(backup) as archive:
        assert sorted(archive.namelist()) == sorted(f"notes/{i}.toml" for i in ids)
    assert {n.id for n in NoteStore(tmp_path).notes} == set(ids[3:])


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"\xef\xbb\xbfschema_version = 1\n", "byte-order mark"),
        (b"", "empty"),
        (b"\n  \n", "blanks"),
        (b"schema_version = 1\nid = 'badf'\ntext = \"\xff\"\n", "not valid UTF-8"),
        (
            b"schema_version = 1\nid = 'badf'\ntext = 5\nchapter = 1\ntags = []\n"
            b"created = 2025-01-01T00:00:00Z\nupdated = 2025-01-01T00:00:00Z\n",
            "text should be",
        ),
        (
            b"schema_version = 1\nid = 'badf'\ntext = 'x'\nchapter = 'one'\ntags = []\n"
            b"created = 2025-01-01T00:00:00Z\nupdated = 2025-01-01T00:00:00Z\n",
            "chapter should be",
        ),
        (
            b"schema_version = 1\nid = 'badf'\ntext = 'x'\nchapter = 1\ntags = [1]\n"
            b"created = 2025-01-01T00:00:00Z\nupdated = 2025-01-01T00:00:00Z\n",
            "tags should be",
        ),
        (b"schema_version = 1\nid = 'badf'\ntext = 'x'\nchapter = 1\n", "has no created"),
        (b"schema_version = 'one'\n", "schema_version must be"),
        (b"text = 'no version'\n", "no schema_version"),
    ],
)
def test_bad_note_files(tmp_path: Path, raw: bytes, reason: str):
    check_bad_note_file(tmp_path, raw, reason)


def check_bad_note_file(tmp_path: Path, raw: bytes, reason: str) -> None:
    """A note file holding ``raw`` is a problem naming it and ``reason``, left as it is;
    the other notes and writing still work."""
    store = NoteStore(tmp_path)
    good = store.add("good", 1)
    bad = tmp_path / "notes" / "badf.toml"
    bad.write_bytes(raw)
    fresh = NoteStore(tmp_path)
    assert [n.id for n in fresh.notes] == [good.id]
    [problem] = fresh.problems
    assert reason in problem.message and str(bad) in problem.message
    assert not fresh.read_only
    fresh.add("still writable", 1)
    assert bad.read_bytes() == raw


def test_duplicate_id(tmp_path: Path):
    store = NoteStore(tmp_path)
    note = store.add("original", 1)
    path = tmp_path / "notes" / f"{note.id}.toml"
    copy = path.with_name(f"{note.id} (conflicted copy).toml")
    raw = path.read_bytes().replace(b"original", b"synced copy")
    copy.write_bytes(raw)
    fresh = NoteStore(tmp_path)
    assert [n.text for n in fresh.notes] == ["original"]
    [problem] = fresh.problems
    assert problem.path == copy and "does not match its file name" in problem.message
    assert f"{note.id}.toml" in problem.message
    fresh.update(note.id, text="edited")
    assert copy.read_bytes() == raw


def test_newer_schema_makes_notes_read_only(tmp_path: Path):
    store = NoteStore(tmp_path)
    note = store.add("mine", 1)
    newer = tmp_path / "notes" / "fromfuture.toml"
    newer.write_bytes(b"schema_version = 3\nid = 'fromfuture'\n")
    fresh = NoteStore(tmp_path)
    assert fresh.read_only and "newer version" in fresh.read_only_reason
    assert str(newer) in fresh.read_only_reason
    before = snapshot(tmp_path / "notes")
    with pytest.raises(StoreError) as info:
        fresh.add("new", 1)
    assert "read-only" in info.value.message
    with pytest.raises(StoreError):
        fresh.update(note.id, text="changed")
    assert snapshot(tmp_path / "notes") == before
    assert [n.text for n in fresh.notes] == ["mine"]


@pytest.mark.parametrize(
    "code, words",
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EROFS, "read-only"),
        (errno.EACCES, "permission denied"),
    ],
)
def test_write_failures_lose_nothing(tmp_path: Path, monkeypatch, code: int, words: str):
    store = NoteStore(tmp_path)
    note = store.add("before", 1)
    store.notes
    before = snapshot(tmp_path / "notes")

    def fail_write(fd, data):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic.os, "write", fail_write)
    with pytest.raises(StoreError) as info:
        store.update(note.id, text="after")
    assert words in info.value.message and str(tmp_path / "notes") in info.value.message
    assert "Nothing on disk was changed" in info.value.message
    with pytest.raises(StoreError):
        store.add("new", 1)
    monkeypatch.undo()
    assert snapshot(tmp_path / "notes") == before  # no temp files left either
    # the edit can be retried once the disk is back
    assert store.update(note.id, text="after").text == "after"


def test_replace_failure_leaves_old_file(tmp_path: Path, monkeypatch):
    store = NoteStore(tmp_path)
    note = store.add("before", 1)
    before = snapshot(tmp_path / "notes")

    def fail_replace(src, dst):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(atomic.os, "replace", fail_replace)
    with pytest.raises(StoreError) as info:
        store.update(note.id, text="after")
    assert "read-only" in info.value.message
    monkeypatch.undo()
    assert snapshot(tmp_path / "notes") == before


def test_symlinked_note_inside_its_folder_keeps_its_target(tmp_path: Path):
    store = NoteStore(tmp_path / "book")
    note = store.add("linked", 1)
    path = tmp_path / "book" / "notes" / f"{note.id}.toml"
    inside = tmp_path / "book" / "notes" / "kept" / path.name
    inside.parent.mkdir()
    path.rename(inside)
    path.symlink_to(inside)
    NoteStore(tmp_path / "book").update(note.id, text="edited through the link")
    assert path.is_symlink()
    assert "edited through the link" in inside.read_text()


def test_note_linked_out_of_its_folder_is_refused(tmp_path: Path):
    store = NoteStore(tmp_path / "book")
    note = store.add("linked", 1)
    path = tmp_path / "book" / "notes" / f"{note.id}.toml"
    elsewhere = tmp_path / "synced" / path.name
    elsewhere.parent.mkdir()
    path.rename(elsewhere)
    path.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    fresh = NoteStore(tmp_path / "book")
    [problem] = fresh.problems
    assert str(path) in problem.message and "outside its folder" in problem.message
    with pytest.raises(StoreError):
        fresh.update(note.id, text="must not reach the synced folder")
    assert elsewhere.read_bytes() == before and path.is_symlink()


def test_a_notes_folder_linked_to_a_synced_folder_works(tmp_path: Path):
    synced = tmp_path / "synced-notes"
    synced.mkdir()
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "notes").symlink_to(synced)
    note = NoteStore(tmp_path / "book").add("lives in the synced folder", 1)
    NoteStore(tmp_path / "book").update(note.id, text="edited there")
    assert "edited there" in (synced / f"{note.id}.toml").read_text()


def test_stale_temp_files_swept(tmp_path: Path):
    store = NoteStore(tmp_path)
    store.add("x", 1)
    dead = tmp_path / "notes" / ".abc.toml.999999999.0badc0de.tmp"
    dead.write_text("half a fi")
    live = tmp_path / "notes" / f".abc.toml.{os.getpid()}.0badc0de.tmp"
    live.write_text("being written")
    assert len(NoteStore(tmp_path).notes) == 1
    assert not dead.exists() and live.exists()


def test_cache_notices_in_place_edits_and_damage(tmp_path: Path):
    store = NoteStore(tmp_path)
    notes = [store.add(f"note {i}", 1) for i in range(100)]
    NoteStore(tmp_path).notes  # writes the cache
    cache = tmp_path / ".notes-cache"
    assert cache.exists()
    path = tmp_path / "notes" / f"{notes[0].id}.toml"
    with open(path, "r+b") as f:  # an in-place edit by hand, same size
        data = f.read().replace(b"note 0", b"NOTE 0")
        f.seek(0)
        f.write(data)
    assert NoteStore(tmp_path).get(notes[0].id) is not None
    fresh = NoteStore(tmp_path)
    assert any(n.text == "NOTE 0" for n in fresh.notes)
    cache.write_bytes(cache.read_bytes()[:-10] + b"garbage!!!")
    assert len(NoteStore(tmp_path).notes) == 100


def _chattr(flag: str, path: Path) -> bool:
    import shutil
    import subprocess

    if not shutil.which("chattr"):
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


def test_really_read_only_folder(tmp_path: Path):
    """An immutable notes folder (chattr +i works even for root): clear error, nothing lost."""
    store = NoteStore(tmp_path)
    note = store.add("before", 1)
    folder = tmp_path / "notes"
    before = snapshot(folder)
    if not _chattr("+i", folder):
        pytest.skip("chattr +i is not available here")
    try:
        with pytest.raises(StoreError) as info:
            store.add("new note", 1)
        assert "could not save" in info.value.message and str(folder) in info.value.message
        assert "--data-dir" in info.value.message
        with pytest.raises(StoreError):
            store.update(note.id, text="after")
        assert NoteStore(tmp_path).get(note.id).text == "before"
    finally:
        _chattr("-i", folder)
    assert snapshot(folder) == before


def _many(tmp_path: Path, count: int = 150) -> list:
    store = NoteStore(tmp_path)
    tags = [[], ["Hailsham"], ["ruth", "memory"], ["conflict"]]
    return [
        store.add(
            f"note {i} about {'Norfolk' if i % 3 else 'the pond'}\nline two", i % 5, tags[i % 4]
        )
        for i in range(count)
    ]


@pytest.mark.parametrize("cached", [False, True])
def test_one_shot_search_matches_a_loaded_search(tmp_path: Path, cached: bool):
    """`note list --search` builds only the matches; it must find what a full load finds."""
    _many(tmp_path)
    (tmp_path / "notes" / "badfile.toml").write_bytes(b"not = [toml")
    if cached:
        NoteStore(tmp_path).reload()  # writes the cache
        assert (tmp_path / ".notes-cache").exists()
    queries = [
        ("", None, None),
        ("norfolk", None, None),
        ("NORFOLK", "hailsham", None),
        ("", "#Memory", 2),
        ("two\nruth", None, None),
        ("hailsham", None, None),
        ("nothing like it", None, None),
        ("pond", None, 3),
    ]
    full = NoteStore(tmp_path)
    full.reload()
    for query, tag, chapter in queries:
        one_shot = NoteStore(tmp_path)
        found = one_shot.search(query, tag=tag, chapter=chapter)
        assert one_shot._notes is None  # nothing but the matches was built
        assert [n.id for n in found] == [n.id for n in full.search(query, tag, chapter)]
        assert found == full.search(query, tag, chapter)
        assert [p.path.name for p in one_shot.problems] == ["badfile.toml"]
        assert one_shot._notes is None  # problems known without a second load
    assert len(full.search("two\nruth")) == len([n for n in full.notes if "ruth" in n.tags])


def test_reload_of_a_loaded_store_sees_every_change(tmp_path: Path):
    notes = _many(tmp_path, 80)
    mine = NoteStore(tmp_path)
    before = mine.notes
    mine.reload()
    assert mine.notes == before and mine.problems == []
    other = NoteStore(tmp_path)
    added = other.add("from another window", 1)
    other.update(notes[1].id, text="changed elsewhere")
    other.delete(notes[2].id)
    path = tmp_path / "notes" / f"{notes[3].id}.toml"
    with open(path, "r+b") as f:  # an in-place edit by hand, same size
        data = f.read().replace(b"note 3 ", b"NOTE 3 ")
        f.seek(0)
        f.write(data)
    later_by_hand(path)
    (tmp_path / "notes" / f"{notes[4].id}.toml").write_bytes(b"\xef\xbb\xbfbroken")
    mine.reload()
    by_id = {n.id: n for n in mine.notes}
    assert added.id in by_id and by_id[notes[1].id].text == "changed elsewhere"
    assert notes[2].id not in by_id and notes[4].id not in by_id
    assert by_id[notes[3].id].text.startswith("NOTE 3 ")
    assert [p.path.name for p in mine.problems] == [f"{notes[4].id}.toml"]
    # its own writes are known: an edit, then a reload, keeps the list as it was
    mine.update(notes[5].id, text="mine")
    own = mine.add("also mine", 2)
    (tmp_path / "notes" / f"{notes[4].id}.toml").unlink()
    mine.reload()
    assert mine.get(notes[5].id).text == "mine" and mine.get(own.id) is not None
    assert mine.problems == [] and len(mine.notes) == 80 - 2 + 2
    assert mine.notes == NoteStore(tmp_path).notes


def test_search_index_agrees_with_the_plain_definition(tmp_path: Path):
    import random

    rng = random.Random(3)
    alphabet = ["a", "b", "A", "\n", "\0", "ß", "SS", "#", " "]
    store = NoteStore(tmp_path)
    for i in range(60):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        store.add(text, i % 3, rng.sample(["ab", "Bb", "ss"], rng.randint(0, 2)))
    store.add("", 1)
    loaded = NoteStore(tmp_path)
    loaded.reload()
    needles = ["a", "ab", "\n", "\0", "ss", "b\nab", "a\0", "\0a", "ßs", "#a", "zzz", " "]
    needles += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(80)]
    # a word written as a tag ("#ab") asks for a tag: tests/test_tags.py
    needles = [n for n in needles if not re.search(r"(?<!\S)#\S", n)]
    for needle in needles:
        for chapter in (None, 1):
            want = [
                n.id
                for n in loaded.notes
                if (chapter is None or n.chapter == chapter)
                and needle.casefold() in "\n".join([n.text, *n.tags]).casefold()
            ]
            assert [n.id for n in loaded.search(needle, chapter=chapter)] == want, needle
            assert [n.id for n in NoteStore(tmp_path).search(needle, chapter=chapter)] == want
    # a tag alone is answered from the index's tag lists: the same notes, same order
    store.add("sharp s", 2, ["ß"])
    loaded.reload()
    for tag in ["ab", "AB", "#bb", "ss", "SS", "ß", "a", "none"]:
        for needle in ("", "a"):
            for chapter in (None, 2):
                want = [
                    n.id
                    for n in loaded.notes
                    if (chapter is None or n.chapter == chapter)
                    and tag.lstrip("#").casefold() in [t.casefold() for t in n.tags]
                    and needle in "\n".join([n.text, *n.tags]).casefold()
                ]
                assert [n.id for n in loaded.search(needle, tag, chapter)] == want, tag
    assert len(loaded.search(tag="ss")) == len(loaded.search(tag="ß")) > 1


def test_typing_and_backspacing_find_what_a_fresh_search_finds(tmp_path: Path):
    """Searches narrow the last query's hits and reuse kept ones: the results must be
    exactly those of a plain scan, for every prefix typed, backspaced and retyped."""
    import random

    rng = random.Random(11)
    alphabet = ["a", "b", "A", "ß", "s", "\n", " "]
    store = NoteStore(tmp_path)
    for i in range(80):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        store.add(text, i % 4, rng.sample(["ab", "SS", "ba"], rng.randint(0, 2)))

    def plain(needle: str, notes) -> list[str]:
        return [n.id for n in notes if needle.casefold() in "\n".join([n.text, *n.tags]).casefold()]

    typist = NoteStore(tmp_path)
    typist.reload()
    notes = typist.notes
    for _ in range(30):
        word = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7)))
        typed = [word[:i] for i in range(1, len(word) + 1)]
        back = rng.randint(1, len(word))
        retyped = word[: len(word) - back] + rng.choice(alphabet)
        for query in typed + typed[::-1][1 : back + 1] + [retyped, ""]:
            assert [n.id for n in typist.search(query)] == plain(query, notes), query
            assert [n.id for n in typist.search(query, chapter=1)] == [
                n.id for n in notes if n.chapter == 1 and n.id in plain(query, notes)
            ]
    # a note written, edited or deleted shows in the next search of a kept query
    typist.search("ab")
    added = typist.add("one more ab", 2)
    assert added.id in [n.id for n in typist.search("ab")]
    typist.update(added.id, text="no longer")
    assert added.id not in [n.id for n in typist.search("ab")]
    assert added.id in [n.id for n in typist.search("longer")]
    typist.delete(added.id)
    assert typist.search("longer") == []


@pytest.mark.parametrize("kind", ["file", "dangling link"])
def test_a_notes_folder_that_is_not_a_folder_fails_loudly(tmp_path: Path, kind: str):
    book = tmp_path / "book"
    book.mkdir()
    if kind == "file":
        (book / "notes").write_text("not a folder")
        expected = "is a file, not a folder"
    else:
        (book / "notes").symlink_to(tmp_path / "unmounted" / "notes")
        expected = "which does not exist"
    with pytest.raises(StoreError) as info:
        NoteStore(book).add("words that must not vanish", 1)
    assert expected in info.value.message and "permission" not in info.value.message
    with pytest.raises(StoreError) as info:
        NoteStore(book).notes
    assert expected in info.value.message
    assert not (tmp_path / "unmounted").exists()
    done = run_companion("note", "add", "from the command line", data_dir=tmp_path / "cli")
    assert done.returncode == 0  # a sane folder works
    cli_book = next((tmp_path / "cli").iterdir())
    for entry in (cli_book / "notes").iterdir():
        entry.unlink()
    (cli_book / "notes").rmdir()
    (cli_book / "notes").write_text("not a folder")
    done = run_companion("note", "add", "lost?", data_dir=tmp_path / "cli")
    assert done.returncode != 0 and done.stdout == ""
    assert "is a file, not a folder" in done.stderr


def test_the_maximum_note_size(tmp_path: Path):
    from companion.store.notes import MAX_NOTE_BYTES

    store = NoteStore(tmp_path)
    at_max = "é" * (MAX_NOTE_BYTES // 2)  # two bytes each: exactly the maximum
    note = store.add(at_max, 1)
    assert NoteStore(tmp_path).get(note.id).text == at_max
    before = snapshot(tmp_path)
    with pytest.raises(StoreError) as info:
        store.add(at_max + "x", 1)
    assert "100 KB" in info.value.message and info.value.exit_code == 2
    with pytest.raises(StoreError):
        store.update(note.id, text="😀" * (MAX_NOTE_BYTES // 4 + 1))
    assert snapshot(tmp_path) == before


def test_an_oversized_note_file_is_a_problem_not_a_hang(tmp_path: Path):
    store = NoteStore(tmp_path)
    store.add("a good note", 1)
    big = tmp_path / "notes" / "huge.toml"
    with open(big, "wb") as f:
        f.truncate(20 * 1024 * 1024)  # 20 MB
    fresh = NoteStore(tmp_path)
    assert [n.text for n in fresh.notes] == ["a good note"]
    [problem] = fresh.problems
    assert problem.path == big and "MB" in problem.message
