"""The foundation commands, run as a user runs them, in temporary data dirs (the real
command line; the first test starts `python -m companion` itself)."""

from __future__ import annotations

import datetime
import json
import tomllib

from conftest import MINI, ROOT, run_companion


def test_version_and_help_on_every_command(data_dir):
    assert run_companion("--version", process=True).stdout.startswith("companion ")
    top = run_companion("--help", process=True)
    assert top.returncode == 0
    for command in ["progress", "guide", "validate", "note", "export", "import", "deck", "where"]:
        assert command in top.stdout
        result = run_companion(command, "--help")
        assert result.returncode == 0, (command, result.stderr)
        assert "usage: companion" in result.stdout


def test_progress_show_set_next_back_and_dates(data_dir):
    first = run_companion("progress", data_dir=data_dir)
    assert first.stdout.strip() == "not started: chapter 0 of 23"
    assert (
        run_companion("progress", "7", data_dir=data_dir).stdout.strip()
        == "chapter 7 of 23 (Part One)"
    )
    assert (
        run_companion("progress", "--next", data_dir=data_dir).stdout.strip()
        == "chapter 8 of 23 (Part One)"
    )
    assert run_companion("progress", "--back", "--back", data_dir=data_dir).returncode == 0
    shown = run_companion("progress", data_dir=data_dir).stdout.strip()
    assert shown == "chapter 7 of 23 (Part One)"  # --back twice is still one step
    saved = tomllib.loads((data_dir / "never-let-me-go" / "progress.toml").read_text())
    assert saved["schema_version"] == 1
    assert saved["finished"] == 7
    today = datetime.date.today()
    assert sorted(int(k) for k in saved["finished_on"]) == list(range(1, 8))
    assert all(v == today for v in saved["finished_on"].values())


def test_progress_out_of_range_is_a_clear_error(data_dir):
    for value in ("24", "-1"):
        result = (
            run_companion("progress", "--", value, data_dir=data_dir)
            if value == "-1"
            else run_companion("progress", value, data_dir=data_dir)
        )
        assert result.returncode == 2
        assert "out of range: give 0..23" in result.stderr
        assert "Traceback" not in result.stderr
    assert run_companion("progress", "--back", data_dir=data_dir).returncode == 2
    assert not (data_dir / "never-let-me-go" / "progress.toml").exists()


def test_data_dir_from_environment(tmp_path):
    env_dir = tmp_path / "from-env"
    result = run_companion("progress", "3", env={"COMPANION_DATA_DIR": str(env_dir)})
    # run_companion drops COMPANION_DATA_DIR from the inherited env only; ours is passed.
    assert result.returncode == 0
    assert (env_dir / "never-let-me-go" / "progress.toml").exists()


def test_guide_json_shape_and_gate(data_dir):
    result = run_companion(
        "--book", str(MINI), "guide", "--upto", "2", "--format", "json", data_dir=data_dir
    )
    assert result.returncode == 0, result.stderr
    guide = json.loads(result.stdout)
    assert guide["book"]["id"] == "mini" and guide["progress"] == 2
    assert [c["number"] for c in guide["chapters"]] == [1, 2]
    assert [s["id"] for s in guide["sections"]] == ["arrival"]
    assert {q["id"] for q in guide["quotes"]} == {"sea", "not-said"}
    assert set(guide["quotes"][0]) >= {
        "id",
        "text",
        "speaker",
        "chapter",
        "provenance",
        "context",
        "significance",
        "themes",
    }
    ann = next(c for c in guide["characters"] if c["name"] == "Ann")
    assert [f["chapter"] for f in ann["facts"]] == [1]
    assert guide["glossary"][0]["meanings"] == [{"chapter": 2, "text": "An old letter Ann finds."}]
    assert guide["locked"]["quotes"] == 1 and guide["locked"]["articles"] == 1
    assert "grandmother" not in result.stdout.lower()


def test_guide_defaults_to_saved_progress_and_lists_only_counts(data_dir):
    run_companion("--book", str(MINI), "progress", "1", data_dir=data_dir)
    text = run_companion("--book", str(MINI), "guide", data_dir=data_dir).stdout
    assert "Ann arrives at the house by the sea." in text
    assert "letter" not in text.lower().replace("letters never lie", "")
    assert "3 chapters unlock later" in text
    assert "Reading the ending" not in text  # a locked title is never shown
    markdown = run_companion(
        "--book", str(MINI), "guide", "--format", "markdown", data_dir=data_dir
    ).stdout
    assert markdown.startswith("# The Little Test Book: a reading guide")
    assert "## Still to come" in markdown


def test_guide_upto_zero_on_the_bundled_book_holds_no_chapter_material(data_dir):
    result = run_companion("guide", "--upto", "0", "--format", "json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    guide = json.loads(result.stdout)
    assert guide["chapters"] == [] and guide["sections"] == [] and guide["quotes"] == []
    assert guide["locked"]["chapters"] == 23
    for character in guide["characters"]:
        assert character["facts"] == []


def test_guide_upto_out_of_range(data_dir):
    result = run_companion("guide", "--upto", "40", data_dir=data_dir)
    assert result.returncode == 2 and "--upto 40 is out of range" in result.stderr


def test_validate_bundled_and_broken(tmp_path):
    good = run_companion("validate")
    assert good.returncode == 0, good.stdout
    assert good.stdout.count("\n") == 1 and "valid" in good.stdout
    broken = tmp_path / "broken"
    import shutil

    shutil.copytree(MINI, broken)
    (broken / "quotes.toml").write_text(
        (broken / "quotes.toml").read_text().replace('speaker = "Ann"', 'speeker = "Ann"', 1)
    )
    result = run_companion("validate", str(broken))
    assert result.returncode == 1
    assert "quotes.toml:4: quote 'sea': unknown key 'speeker'" in result.stdout
    assert "problems; the pack is not valid" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_unknown_book_is_a_clear_error(data_dir):
    result = run_companion("--book", "no-such-book", "guide", data_dir=data_dir)
    assert result.returncode == 2
    assert "no book 'no-such-book'" in result.stderr and "never-let-me-go" in result.stderr


def test_global_options_work_after_the_command_too(data_dir):
    result = run_companion("progress", "--book", str(MINI), "--data-dir", str(data_dir), "2")
    assert result.stdout.strip() == "chapter 2 of 4 (Part One)"
    assert (data_dir / "mini" / "progress.toml").exists()


def test_cli_commands_do_not_import_textual(data_dir):
    code = (
        f"import sys; from companion.cli import main; main(['--data-dir', {str(data_dir)!r}, "
        "'progress']); print('textual' in sys.modules)"
    )
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT
    ).stdout
    assert out.strip().endswith("False")
