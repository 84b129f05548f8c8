"""The Notes pane's preview: its line about the note (chapter, date, tags) is muted, the
note's own text is not."""

from __future__ import annotations

from companion.store.notes import NoteStore
from tests.pane_helpers import SIZE, make_app, notes_pane, screen_cells, state_at


async def test_preview_meta_line_is_muted(tmp_path):
    state = state_at(tmp_path, 3)
    NoteStore(state.data_dir).add("Ruth lies about the pencil case", 2, tags=["hailsham"])
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await notes_pane(pilot)
        cells = screen_cells(app)
        lines = ["".join(c[0] for c in row) for row in cells]
        y = next(y for y, line in enumerate(lines) if "chapter 2 · written" in line)
        x = lines[y].index("chapter 2")
        assert lines[y + 1][x:].startswith("Ruth lies")  # the note's text, under it
        meta = {cells[y][x + i][1] for i in range(len("chapter"))}
        text = {cells[y + 1][x + i][1] for i in range(len("Ruth"))}
        assert len(meta) == 1 and len(text) == 1, (meta, text)
        # drawn as plain as the text before: the muted style was a str Textual
        # could not parse
        assert meta != text
