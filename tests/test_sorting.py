"""Terms sort ignoring a leading "the"/"a"/"an", the same in the app and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_companion

from companion.book.sorting import sort_key
from companion.tui.screenshots import sample_app
from tests.pane_helpers import open_pane, settle


def test_sort_key_sets_a_leading_article_aside():
    words = ["the Cottages", "Hailsham", "A carer", "an exchange", "collection", "The", "them"]
    assert sorted(words, key=sort_key) == [
        "A carer",
        "collection",
        "the Cottages",
        "an exchange",
        "Hailsham",
        "The",
        "them",
    ]


async def test_glossary_order_is_the_same_in_the_app_and_the_cli(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    assert run_companion("progress", "23", data_dir=data).returncode == 0
    guide = run_companion("guide", "--format", "json", data_dir=data)
    assert guide.returncode == 0, guide.stderr
    cli_terms = [t["term"] for t in json.loads(guide.stdout)["glossary"]]
    assert cli_terms == sorted(cli_terms, key=sort_key)
    assert cli_terms.index("the Cottages") < cli_terms.index("deferral")
    app = sample_app(tmp_path / "app", progress=23)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pane = await open_pane(pilot, "glossary")
        app_terms = [e.id.removeprefix("term:") for e in pane.entries() if not e.heading]
    ids = [t["id"] for t in json.loads(guide.stdout)["glossary"]]
    assert app_terms == ids
