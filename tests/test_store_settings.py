"""settings.toml: saved as a merge (two windows, a hand edit), the keymap, bad files."""

from __future__ import annotations

from pathlib import Path

from companion.store.settings import load_settings, save_settings, settings_path


def test_two_windows_keep_each_others_changes(tmp_path: Path):
    left, right = load_settings(tmp_path), load_settings(tmp_path)
    left.theme = "textual-light"
    assert save_settings(tmp_path, left)
    right.pane = "notes"  # right still holds the old theme
    assert save_settings(tmp_path, right)
    saved = load_settings(tmp_path)
    assert (saved.theme, saved.pane) == ("textual-light", "notes")


def test_unknown_tables_and_the_keymap_are_kept(tmp_path: Path):
    settings_path(tmp_path).write_text(
        'schema_version = 1\ntheme = "nord"\n\n[keymap]\n"quotes.flip" = "f,space"\n\n'
        "[future]\nwidth = 3\n"
    )
    settings = load_settings(tmp_path)
    assert settings.keymap == {"quotes.flip": "f,space"} and settings.problem is None
    settings.pane = "plot"
    assert save_settings(tmp_path, settings)
    text = settings_path(tmp_path).read_text()
    assert "[future]" in text and "width = 3" in text and '"quotes.flip" = "f,space"' in text
    assert 'theme = "nord"' in text and 'pane = "plot"' in text


def test_keymap_changes_merge_by_binding(tmp_path: Path):
    left, right = load_settings(tmp_path), load_settings(tmp_path)
    left.keymap["quotes.flip"] = "g"
    right.keymap["notes.add"] = "A"
    assert save_settings(tmp_path, left) and save_settings(tmp_path, right)
    assert load_settings(tmp_path).keymap == {"quotes.flip": "g", "notes.add": "A"}
    left = load_settings(tmp_path)
    del left.keymap["quotes.flip"]
    assert save_settings(tmp_path, left)
    assert load_settings(tmp_path).keymap == {"notes.add": "A"}


def test_a_bad_keymap_entry_is_named_and_the_rest_works(tmp_path: Path):
    settings_path(tmp_path).write_text(
        'schema_version = 1\n[keymap]\n"quotes.flip" = 3\n"notes.add" = "A"\n"x.y" = ""\n'
    )
    settings = load_settings(tmp_path)
    assert settings.problem is None
    assert settings.keymap == {"notes.add": "A"}
    assert len(settings.keymap_problems) == 2
    assert "quotes.flip" in settings.keymap_problems[0]
    assert str(settings_path(tmp_path)) in settings.keymap_problems[0]


def test_a_bad_settings_file_is_reported_and_never_overwritten(tmp_path: Path):
    raw = b"schema_version = 1\ntheme = \n"
    settings_path(tmp_path).write_bytes(raw)
    settings = load_settings(tmp_path)
    assert settings.problem and str(settings_path(tmp_path)) in settings.problem
    settings.theme = "nord"
    assert not save_settings(tmp_path, settings)
    assert "not saved" in settings.problem
    assert settings_path(tmp_path).read_bytes() == raw


def test_quotes_seen_in_two_windows_are_merged_and_the_export_folder_kept(tmp_path):
    from companion.store.settings import load_settings, save_settings

    one, two = load_settings(tmp_path), load_settings(tmp_path)
    one.seen_quotes = ["a", "b"]
    one.export_dir = "/somewhere"
    assert save_settings(tmp_path, one)
    two.seen_quotes = ["c"]
    assert save_settings(tmp_path, two)
    saved = load_settings(tmp_path)
    assert saved.seen_quotes == ["a", "b", "c"] and saved.export_dir == "/somewhere"
