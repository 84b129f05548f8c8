"""Hostile notes and a hostile pack through the app, captured raw (issue 14).

The app runs in tmux; ``pipe-pane`` records every byte it writes to the terminal while
every pane is opened. Apart from the app's own drawing (CSI sequences, and the pointer
shape Textual sets with OSC 22) nothing may reach the terminal: no OSC 52 (clipboard),
no title change, no BEL, no C1 control, no bidi override from a note or the pack.

The pack loader refuses control characters in pack text (``validate`` says so), so the
hostile pack is made the way a loader that missed one would leave it: every text of
the loaded book gets the payload, and the app has to sanitise it anyway.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from companion.store.notes import NoteStore
from tests.pane_helpers import MINI, ROOT
from tests.test_tui_draft_sigterm import NEEDS_TMUX, Terminal

pytestmark = NEEDS_TMUX

PAYLOAD = "\x1b]52;c;aGk=\x07\x1b]0;pwned\x07\x9b31m\u202eevil\u2066\x07\x85\x1bP1$qm\x1b\\"

HOSTILE_APP = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from companion.context import Context
from companion.tui.app import CompanionApp
from companion.tui.stopping import install

PAYLOAD = {payload!r}
TEXTS = ("title", "label", "summary", "text", "name", "speaker", "context", "significance",
         "term", "meaning")

def spoil(item):
    names = getattr(type(item), "_fields", None)  # the content classes (model.Frozen)
    if not names:
        return item
    values = {{name: getattr(item, name) for name in names}}
    for name, value in values.items():
        if name in TEXTS and isinstance(value, str):
            values[name] = value + PAYLOAD
        elif isinstance(value, (list, tuple)):
            values[name] = type(value)(spoil(v) for v in value)
    return type(item)(**values)

ctx = Context(book_arg={book!r}, data_override=Path({data!r}))
book = ctx.book
for name in ("chapters", "sections", "quotes", "characters", "themes", "glossary",
             "questions", "articles", "parts"):
    setattr(book, name, [spoil(item) for item in getattr(book, name)])
book.title = book.title + PAYLOAD
app = CompanionApp(ctx, freeze=True)
install(app)
app.run()
"""

# something each pane shows once open (pane 1 to 8)
PANE_TEXT = ["chapters", "Plot", "Quotes", "Search your notes", "People", "Themes"]
PANE_TEXT += ["Glossary", "Seminar"]
OWN_OSC = re.compile(rb"\x1b\]22;[a-z-]*\x07")  # Textual's pointer shape


class HostileTerminal(Terminal):
    def start(self) -> int:
        script = Path(self.socket).with_name("hostile.py")
        script.write_text(
            HOSTILE_APP.format(root=str(ROOT), book=str(MINI), data=str(self.data), payload=PAYLOAD)
        )
        self.capture = Path(self.socket).with_name("raw.bin")
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", self.session, "-x", "120")
        self.tmux("set-option", "-t", self.session, "remain-on-exit", "on")
        self.tmux("pipe-pane", "-o", "-t", self.session, f"cat >> {self.capture}")
        self.tmux(
            "respawn-pane",
            "-k",
            "-t",
            self.session,
            f"exec env TERM=xterm-256color PYTHONPATH={ROOT} {sys.executable} {script}",
        )
        return 0


def bad_bytes(raw: bytes) -> list[bytes]:
    """What in ``raw`` is not the app's own drawing."""
    rest = OWN_OSC.sub(b"", raw)
    rest = re.sub(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]", b"", rest)  # CSI: cursor, colour, modes
    found = [m.group() for m in re.finditer(rb"\x1b.{0,8}|\x07", rest, re.S)]
    text = rest.decode("utf-8", "replace")
    found += [ch.encode() for ch in text if 0x80 <= ord(ch) <= 0x9F]  # C1
    found += [ch.encode() for ch in text if ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067"]
    found += [ch.encode() for ch in text if ch in "\u2068\u2069"]
    return found


def test_hostile_notes_and_pack_send_no_escape_to_the_terminal(tmp_path):
    data = tmp_path / "data"
    notes = NoteStore(data / "mini")
    for chapter in (0, 1):
        notes.add(f"note {chapter} {PAYLOAD} end", chapter, tags=["t"], quote="sea")
    from companion.store.progress import Progress, save_progress

    save_progress(data / "mini", Progress(4))
    term = HostileTerminal(tmp_path, data)
    try:
        term.start()
        term.wait_for("Progress")
        for key, shows in zip("12345678", PANE_TEXT):  # every pane, a few items in each
            term.keys(key)
            term.wait_for(shows)
            term.keys("Down", "Down")
            time.sleep(0.3)
        term.keys("4")
        term.wait_for("note 1")
        term.keys("e")  # the editor on a hostile note
        term.wait_for("Edit")
        time.sleep(0.5)
        term.keys("Escape")
        time.sleep(0.5)
        raw = term.capture.read_bytes()
        assert "␛]52".encode() in raw  # the payload was drawn, as visible stand-ins
        assert bad_bytes(raw) == []
    finally:
        term.close()
