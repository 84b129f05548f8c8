"""SIGTERM and SIGHUP (the terminal closed) always end the app, with every draft saved.

The app's handler saves the draft of each open note editor, asks the app to exit and
starts a watchdog thread: if the process still lives shortly after the drafts are
saved, the watchdog ends it with ``os._exit``. Textual's own shutdown can hang for
ever: 4 of 24 closed terminals left the main thread in ``WriterThread.stop``, waiting
for room in a full output queue that its writer, waiting for an item, never emptied
(a lost wake-up after the signal handler ran inside the main thread's ``put``). With
the terminal gone nothing more can be drawn anyway; the drafts are on disk first.

The note editor installs its own handlers while it is open (they save its draft and
then call this one).
"""

from __future__ import annotations

import os
import signal
import threading

SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
SAVE_WAIT = 1.0  # seconds the watchdog waits for the drafts to be saved
GRACE = 0.5  # then this long for Textual's own exit (which puts the terminal back)


def install(app) -> None:
    """Handle SIGTERM and SIGHUP for ``app`` (the real app, from the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return

    def handler(signum: int, frame) -> None:
        saved = threading.Event()
        threading.Thread(
            target=_watchdog, args=(saved, 128 + signum), name="companion-exit", daemon=True
        ).start()
        try:
            save_drafts(app)
        finally:
            saved.set()
        app.exit(return_code=128 + signum)

    for sig in SIGNALS:
        try:
            signal.signal(sig, handler)
        except (ValueError, OSError):
            pass


def save_drafts(app) -> None:
    """Save the draft of every note editor on the app's screens now."""
    from companion.tui.screens.note_editor import NoteEditorScreen

    for screen in list(app.screen_stack):
        if isinstance(screen, NoteEditorScreen):
            screen.save_draft_now()  # says (or logs) a draft it could not save


def _watchdog(saved: threading.Event, code: int) -> None:
    saved.wait(SAVE_WAIT)
    # a normal exit ends the process (this thread is a daemon) before the grace is over
    threading.Event().wait(GRACE)
    os._exit(code)
