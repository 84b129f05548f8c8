"""`companion predict`, `progress` telling of ready predictions, and predictions in the
notes exports, run through the real CLI against a temporary data dir."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from conftest import run_companion

from companion.cli import main

BOOK = "never-let-me-go"


@pytest.fixture
def cli(data_dir: Path, capsys):
    """Run `companion --data-dir DATA ARGS` in this process: (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data_dir), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def predict(cli, *args: str) -> str:
    code, out, err = cli("predict", *args)
    assert code == 0, err
    return out.strip()


def note_file(data_dir: Path, note_id: str) -> dict:
    return tomllib.loads((data_dir / BOOK / "notes" / f"{note_id}.toml").read_text("utf-8"))


def listed(cli) -> dict:
    code, out, _err = cli("predict", "--list", "--json")
    assert code == 0
    return json.loads(out)


@pytest.mark.parametrize(
    "progress, revisit", [(0, 9), (2, 9), (8, 9), (9, 17), (10, 17), (17, 23), (22, 23)]
)
def test_a_prediction_is_looked_back_on_at_the_end_of_the_part_being_read(
    cli, data_dir: Path, progress: int, revisit: int
):
    assert cli("progress", str(progress))[0] == 0
    note_id = predict(cli, "Donations are something medical")
    on_disk = note_file(data_dir, note_id)
    assert (on_disk["kind"], on_disk["chapter"], on_disk["revisit_at"]) == (
        "prediction",
        progress,
        revisit,
    )
    assert on_disk["schema_version"] == 2


@pytest.mark.parametrize(
    "progress, args, words",
    [
        (2, ["--revisit", "2"], "--revisit 2 is not a chapter ahead of you: give 3..23"),
        (2, ["--revisit", "1"], "--revisit 1 is not a chapter ahead of you"),
        (2, ["--revisit", "24"], "--revisit 24 is not a chapter ahead of you: give 3..23"),
        (23, [], "you have finished all 23 chapters"),
        (2, ["  "], "the prediction is empty"),
    ],
)
def test_a_revisit_out_of_reach_saves_nothing(cli, data_dir, progress, args, words):
    cli("progress", str(progress))
    text = [] if args == ["  "] else ["Ruth will leave the Cottages"]
    code, out, err = cli("predict", *text, *args)
    assert code == 2 and words in err and "nothing was saved" in err and out == ""
    assert not (data_dir / BOOK / "notes").exists()


def test_the_loop_from_the_command_line(cli, data_dir: Path):
    cli("progress", "2")
    soon = predict(cli, "Ruth's horses mean something", "--revisit", "4")
    later = predict(cli, "Madame is afraid of us")
    assert {p["id"]: p["state"] for p in listed(cli)["predictions"]} == {
        soon: "waiting",
        later: "waiting",
    }
    code, _out, err = cli("predict", "mark", soon, "came-true")
    assert code == 2 and "finished chapter 4, and you have finished 2" in err and "--now" in err
    assert "outcome" not in note_file(data_dir, soon)

    code, out, err = cli("progress", "3")
    assert "ready to look back on" not in err
    code, out, err = cli("progress", "4")
    assert out == "chapter 4 of 23 (Part One)\n"
    assert err == "1 prediction is ready to look back on: companion predict --list\n"
    code, out, _err = cli("predict", "--list")
    lines = out.splitlines()
    assert lines[0].startswith("Ready to look back on (1)")
    assert lines[1].split() == [
        soon,
        "made",
        "at",
        "2,",
        "revisit",
        "at",
        "4",
        *"Ruth's horses mean something".split(),
    ]
    assert lines[2] == "Waiting (1):" and lines[3].split()[0] == later

    code, out, _err = cli("predict", "mark", soon[:5], "partly", "--reflection", " not horses ")
    assert code == 0 and out == f"marked {soon}: partly (at chapter 4)\n"
    on_disk = note_file(data_dir, soon)
    assert (on_disk["outcome"], on_disk["reflection"], on_disk["answered_at"]) == (
        "partly",
        "not horses",
        4,
    )
    code, out, _err = cli("predict", "--list")
    assert "Marked (1):" in out and "“not horses”" in out and "partly at 4" in out
    shown = cli("note", "show", soon)[1].splitlines()
    assert "prediction: look back at chapter 4" in shown
    assert "outcome: partly (marked at chapter 4)" in shown and "reflection: not horses" in shown
    # going back and forward over a chapter already passed tells again only what is unmarked
    cli("progress", "--back")
    assert cli("progress", "--next")[2] == ""
    # marking early needs --now, and records the chapter the reader had finished
    code, out, _err = cli("predict", "mark", later, "wrong", "--now")
    assert code == 0 and note_file(data_dir, later)["answered_at"] == 4


def test_the_summary_at_the_end_of_the_book(cli, data_dir: Path):
    guesses = [
        (1, "Tommy will be left out for good", "wrong"),
        (2, "The Gallery judges something", "partly"),
        (3, "Hailsham is not an ordinary school", "came-true"),
        (5, "Ruth and Kathy stay friends", None),
    ]
    ids = {}
    for progress, text, _outcome in guesses:
        cli("progress", str(progress))
        ids[text] = predict(cli, text, "--revisit", str(progress + 4))
    cli("progress", "12")
    for _progress, text, outcome in guesses[:3]:
        assert cli("predict", "mark", ids[text], outcome)[0] == 0
    code, out, err = cli("progress", "23")
    assert out == "chapter 23 of 23 (Part Three)\n"
    assert err.splitlines() == [
        "1 prediction is ready to look back on: companion predict --list",
        "You have finished the book. 4 predictions: 1 came true, 1 partly, 1 wrong, "
        "1 not marked: companion predict --list",
    ]
    code, out, _err = cli("predict", "--list")
    lines = out.splitlines()
    assert lines[0] == (
        "You have finished the book. 4 predictions: 1 came true, 1 partly, 1 wrong, 1 not marked."
    )
    # each beside the chapter where the book answered it: marked at 12, or its revisit (9)
    assert [line.split()[:3] for line in lines[1:]] == [
        ["chapter", "9", "not"],
        ["chapter", "12", "wrong"],
        ["chapter", "12", "partly"],
        ["chapter", "12", "came"],
    ]
    summary = listed(cli)
    assert summary["finished_book"] is True
    assert summary["summary"] == {
        "total": 4,
        "came-true": 1,
        "partly": 1,
        "wrong": 1,
        "not marked": 1,
    }


@pytest.mark.parametrize(
    "args, words",
    [
        (["mark", "{id}", "maybe"], "OUTCOME should be came-true, partly or wrong, not 'maybe'"),
        (["mark", "{plain}", "wrong"], "is not a prediction"),
        (["mark", "ffffffff", "wrong"], "no note has the id 'ffffffff'"),
        (["mark", "{id}", "wrong", "--reflection", "two\nlines"], "reflection should be one line"),
        (["mark", "{id}"], "give the prediction's ID and OUTCOME"),
        (["mark"], "give the prediction's ID and OUTCOME"),
        (["two", "words"], "give the prediction as one TEXT, in quotes"),
        ([], "say what you predict"),
        (["--list", "--revisit", "3"], "--revisit does not go with --list"),
        (["mark", "{id}", "wrong", "--revisit", "3"], "--revisit does not go with mark"),
        (["text", "--now"], "--now does not go with a new prediction"),
    ],
)
def test_wrong_use_exits_2_and_changes_nothing(cli, data_dir: Path, args, words):
    cli("progress", "9")
    note_id = predict(cli, "Miss Lucy will leave", "--revisit", "10")
    code, plain, _ = cli("note", "add", "a plain note")
    cli("progress", "10")
    before = {p.name: p.read_bytes() for p in (data_dir / BOOK / "notes").iterdir()}
    args = [a.format(id=note_id, plain=plain.strip()) for a in args]
    code, _out, err = cli("predict", *args)
    assert code == 2 and words in err
    assert {p.name: p.read_bytes() for p in (data_dir / BOOK / "notes").iterdir()} == before


def test_predictions_in_note_list_and_from_stdin(data_dir: Path):
    run_companion("progress", "3", data_dir=data_dir)
    made = run_companion(
        "predict", "-", data_dir=data_dir, input="evil \x1b]52;c;aGk=\x07 guess\nsecond line\n"
    )
    assert made.returncode == 0, made.stderr
    note_id = made.stdout.strip()
    listing = run_companion("note", "list", data_dir=data_dir).stdout
    assert (
        listing.startswith(f"{note_id}  ch  3")
        and "(prediction) evil ␛]52;c;aGk=␇ guess" in listing
    )
    shown = run_companion("predict", "--list", data_dir=data_dir).stdout
    assert "\x1b" not in shown and "␛]52;c;aGk=␇ guess" in shown
    assert (
        json.loads(run_companion("note", "list", "--json", data_dir=data_dir).stdout)["notes"][0][
            "text"
        ]
        == "evil \x1b]52;c;aGk=\x07 guess\nsecond line"
    )


def test_exports_carry_predictions_and_import_takes_them_back(cli, data_dir: Path, tmp_path):
    cli("note", "add", "Kathy's voice is calm", "--chapter", "1")
    cli("progress", "2")
    early = predict(cli, "Donations are organs")
    cli("progress", "11")
    late = predict(cli, "Ruth's possible is not her")
    cli("predict", "mark", early, "came-true", "--reflection", "as I feared")
    code, markdown, _err = cli("export", "notes")
    part_one = markdown[markdown.index("## Part One") : markdown.index("## Part Two")]
    part_two = markdown[markdown.index("## Part Two") :]
    assert part_one.index("### Chapter 1") < part_one.index("### Predictions")
    assert "made at chapter 2 · revisit at chapter 9 · came true (marked at chapter 11)" in part_one
    assert "Donations are organs" in part_one and "*Looking back:* as I feared" in part_one
    assert "### Predictions" in part_two and "not marked yet" in part_two
    assert "Ruth's possible" in part_two and "Ruth's possible" not in part_one

    out = tmp_path / "notes.json"
    assert cli("export", "notes", "--format", "json", "-o", str(out))[0] == 0
    doc = json.loads(out.read_text("utf-8"))
    assert doc["schema_version"] == 2
    by_id = {n["id"]: n for n in doc["notes"]}
    assert {
        k: by_id[early][k] for k in ("kind", "made_at", "revisit_at", "outcome", "reflection")
    } == {
        "kind": "prediction",
        "made_at": 2,
        "revisit_at": 9,
        "outcome": "came-true",
        "reflection": "as I feared",
    }
    assert by_id[late]["outcome"] is None and by_id[late]["revisit_at"] == 17

    elsewhere = tmp_path / "elsewhere"
    assert main(["--data-dir", str(elsewhere), "import", "notes", str(out)]) == 0
    back = note_files(elsewhere)
    assert back[early]["outcome"] == "came-true" and back[late]["kind"] == "prediction"
    assert main(["--data-dir", str(elsewhere), "import", "notes", str(out)]) == 0
    assert note_files(elsewhere) == back  # importing twice adds nothing


def note_files(data_dir: Path) -> dict:
    folder = data_dir / BOOK / "notes"
    return {p.stem: tomllib.loads(p.read_text("utf-8")) for p in folder.glob("*.toml")}
