"""The store is pure: importing it (and the note commands) never imports Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_store_does_not_import_textual():
    code = (
        "import sys\n"
        "import companion.store.paths, companion.store.atomic, companion.store.lock\n"
        "import companion.store.progress, companion.store.notes, companion.store.deck\n"
        "import companion.store.drafts, companion.store.notes_io, companion.store.display\n"
        "import companion.commands.notes, companion.commands.where\n"
        "import companion.commands.export_notes, companion.commands.import_\n"
        "bad = [m for m in sys.modules if m.split('.')[0] == 'textual'\n"
        "       or m.startswith(('companion.tui', 'companion.study'))]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
