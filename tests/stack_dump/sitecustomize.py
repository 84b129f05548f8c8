"""Test only (on PYTHONPATH for an app the watchdog test starts): SIGUSR1 writes every
thread's Python stack to $COMPANION_TEST_STACKS, so a test that finds the app busy can
say where it is busy."""

import faulthandler
import os
import signal

_path = os.environ.get("COMPANION_TEST_STACKS")
if _path:
    faulthandler.register(signal.SIGUSR1, file=open(_path, "a"), all_threads=True)
