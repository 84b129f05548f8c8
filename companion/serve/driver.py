"""Textual's web driver, plus: a served app always ends once its page is gone.

Textual's ``WebDriver`` leaves an app running when its input ends (the server
died: the app sits there for ever), and turns SIGTERM into a quit message that an
app already quitting, or blocked writing a frame, never acts on. Here:

* the input ending, or the server's quit, asks the app to exit, and if it has
  not after ``EXIT_WAIT`` seconds, sends its own main thread SIGTERM;
* SIGTERM and SIGHUP ask the app to exit, and end the process after
  ``TERM_WAIT`` seconds whatever it is doing. While the note editor is open its
  handler runs first and saves the draft (``widgets/note_editor.py``): a Python
  signal handler runs in the main thread even when the event loop is stuck.

Chosen by the server through ``TEXTUAL_DRIVER``; the terminal app never loads it.
"""

from __future__ import annotations

import os
import signal
import threading

from textual import messages
from textual.drivers.web_driver import WebDriver

EXIT_WAIT = 1.0
TERM_WAIT = 1.0
SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class ServedDriver(WebDriver):
    _exit_asked = False
    _signalled = False

    def start_application_mode(self) -> None:
        super().start_application_mode()
        main = threading.main_thread().ident
        assert main is not None  # only a thread not yet started has no ident
        self._main_thread = main
        for sig in SIGNALS:
            # after the loop's own handler: the loop still hears the signal through
            # its wakeup file, and this one runs even when the loop does not
            signal.signal(sig, self._on_signal)

    def run_input_thread(self) -> None:
        try:
            super().run_input_thread()
        finally:  # the server quit, or died (the input ended)
            self._ask_exit()

    def on_meta(self, packet_type: str, payload: dict[str, object]) -> None:
        super().on_meta(packet_type, payload)
        if packet_type == "quit":
            self._ask_exit()

    def _ask_exit(self) -> None:
        if self._exit_asked:
            return
        self._exit_asked = True
        self._app.post_message(messages.ExitApp())
        _later(EXIT_WAIT, self._term_self)

    def _term_self(self) -> None:
        signal.pthread_kill(self._main_thread, signal.SIGTERM)

    def _on_signal(self, signum: int, frame) -> None:
        if self._signalled:
            return
        self._signalled = True
        self._exit_asked = True
        self._app.post_message(messages.ExitApp())
        _later(TERM_WAIT, os._exit, 128 + signum)


def _later(seconds: float, function, *args) -> None:
    timer = threading.Timer(seconds, function, args)
    timer.daemon = True
    timer.start()
