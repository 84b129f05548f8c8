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
import sys
import threading

SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
SAVE_WAIT = 1.0  # seconds the watchdog waits for the drafts to be saved
GRACE = 0.5  # then this long for Textual's own exit (which puts the terminal back)


# what Textual's exit undoes, written by the watchdog when that exit hangs: the main
# screen back, the cursor shown, mouse and bracketed paste reports off
RESET = b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?2004l\x1b[?25h\x1b[?1049l"


def app_closing(app) -> bool:
    """The app is ending: asked to exit (its return code is set at once), or past its
    message loop. From then on it removes widgets, deepest first, and a widget or
    screen whose Mount comes late finds its children gone, or only the lists inside
    them, or itself already out of the DOM: its on_mount has nothing to fill."""
    return app.return_code is not None or not app.is_running


def install(app) -> None:
    """Handle SIGTERM and SIGHUP for ``app`` (the real app, from the main thread,
    before ``app.run()``: the terminal's settings are kept now to put back)."""
    if threading.current_thread() is not threading.main_thread():
        return
    terminal = _terminal_settings()

    def handler(signum: int, frame) -> None:
        saved = threading.Event()
        threading.Thread(
            target=_watchdog,
            args=(saved, 128 + signum, terminal),
            name="companion-exit",
            daemon=True,
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


def _terminal_settings():
    """(fd, termios settings) of the terminal as it is before the app starts, or None."""
    try:
        import termios
    except ImportError:
        return None
    try:
        if sys.__stdin__ is None:  # started without a standard input
            return None
        fd = sys.__stdin__.fileno()
        return fd, termios.tcgetattr(fd)
    except (OSError, ValueError, termios.error):  # not a terminal (a pipe: served)
        return None


def _put_back(terminal) -> None:
    """Put the terminal back as it was (a hung exit never did). In a thread of its own:
    a terminal that stopped reading could block this write for ever."""
    try:
        import termios
    except ImportError:
        return
    try:
        if sys.__stdout__ is not None:  # else no terminal to write to
            os.write(sys.__stdout__.fileno(), RESET)
        if terminal is not None:
            termios.tcsetattr(terminal[0], termios.TCSANOW, terminal[1])
    except (OSError, ValueError, termios.error):
        pass  # the terminal is gone (SIGHUP): nothing to put back


def _watchdog(saved: threading.Event, code: int, terminal) -> None:
    saved.wait(SAVE_WAIT)
    # a normal exit ends the process (this thread is a daemon) before the grace is over
    threading.Event().wait(GRACE)
    restore = threading.Thread(target=_put_back, args=(terminal,), daemon=True)
    restore.start()
    restore.join(0.3)
    os._exit(code)
