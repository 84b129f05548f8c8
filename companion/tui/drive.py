"""Drive the app from a script (the tests, the screenshot script) and wait until it is
quiet: every message handled, every worker done, the screen drawn. Public API only.

Pilot's own ``press`` and ``pause`` decide the app is done when the process looks idle
(its CPU time stops rising for 20 ms). A starved process looks idle too, and every
look sleeps at least 20 ms. Here "quiet" is a fact read from the app: each message
pump's queue is empty after a callback queued behind what was there has run (on the
pumps that had something queued, and on the app, the screen in view and the focused
widget).
"""

from __future__ import annotations

import asyncio
import time
import unicodedata
from typing import TYPE_CHECKING

from textual import events
from textual.keys import KEY_NAME_REPLACEMENTS, key_to_character
from textual.worker import WorkerCancelled

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump
    from textual.pilot import Pilot

QUIET_WITHIN = 60.0  # seconds: only bounds how long a failure takes on a loaded machine


def _pumps(app: App) -> list[MessagePump]:
    """The app and every widget of every screen in its stack."""
    pumps: list[MessagePump] = [app]
    for screen in app.screen_stack:
        pumps.extend(screen.walk_children(with_self=True))
    return pumps


async def _round(app: App, active: set[int]) -> None:
    """Wait until each pump that may have work has handled what was queued on it when
    this was called (or has closed meanwhile: a dialog dismissed, a widget removed).

    A pump may have work if something is queued on it now or was at an earlier look
    of this wait (``active``: its handler may still be running), or if it is the app,
    the screen in view or the focused widget (where keys and actions run). The others,
    most of the ~75 widgets of an app with its panes mounted, had nothing to handle: a
    callback through each cost about 60 us, a quarter of a pane switch's CPU in a test.
    Not the screens under a dialog either: in Textual 8.2 a screen seen through a
    dialog's translucent background repaints itself, and the whole dialog over it,
    each time it has handled something (its ``_repaint_required`` is set again by
    that repaint), so a callback to it made every key in the note editor cost 12 ms
    of CPU instead of 5 ms.
    """
    screen = app.screen if app.screen_stack else None
    focused = app.focused if screen is not None else None
    pumps = _pumps(app)
    _note_busy(pumps, active)
    chosen = [
        pump
        for pump in pumps
        if id(pump) in active or pump is app or pump is screen or pump is focused
    ]
    left: dict[int, MessagePump] = {}
    all_done = asyncio.Event()

    def handled(key: int) -> None:
        left.pop(key, None)
        if not left:
            all_done.set()

    for pump in chosen:
        if pump.call_later(handled, id(pump)):
            left[id(pump)] = pump
    while left:
        try:
            await asyncio.wait_for(all_done.wait(), 0.05)
        except TimeoutError:
            for key, pump in list(left.items()):
                if _gone(pump):
                    handled(key)


def _gone(pump: MessagePump) -> bool:
    """Will never handle its queue: stopped and out of the DOM (a widget about to
    start is not running yet, but it is attached)."""
    if pump is pump.app:
        return not pump.is_running
    return not (pump.is_running or pump.is_attached)


async def workers_done(app: App) -> None:
    """Wait for every worker. A worker cancelled meanwhile (an exclusive one replaced
    by a newer read) is not a failure: wait for the others and the newer one."""
    while True:
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            await asyncio.sleep(0)  # its done-callback takes it off the app's list


async def _drawn(app: App) -> None:
    """Wait for the screen's next refresh (or for the app or screen to go away)."""
    screen = app.screen
    task = asyncio.ensure_future(screen.wait_for_refresh())
    while not task.done():
        await asyncio.wait([task], timeout=0.05)
        if not (app.is_running and screen.is_running and screen is app.screen):
            task.cancel()
            return


def _note_busy(pumps: list[MessagePump], active: set[int]) -> bool:
    """Note in ``active`` each pump with something queued; whether there was one."""
    busy = {id(pump) for pump in pumps if pump.message_queue_size}
    active.update(busy)
    return bool(busy)


def _queues_empty(app: App, active: set[int]) -> bool:
    """Nothing queued anywhere (a pump with something queued is noted in ``active``)."""
    return not _note_busy(_pumps(app), active)


async def _settled(app: App, active: set[int]) -> bool:
    """Drawn twice with nothing queued (what ran after the first refresh may have asked
    for one more), and nothing left going by what ran after a refresh: a
    call_after_refresh may start a worker, or a scroll that glides (scroll_end)."""
    for _ in range(2):
        if not _queues_empty(app, active):
            return False
        await _drawn(app)
    if not _queues_empty(app, active) or any(not worker.is_finished for worker in app.workers):
        return False
    await app.animator.wait_until_complete()
    await _drawn(app)
    return _queues_empty(app, active)


async def quiet(app: App) -> None:
    """Wait until the app has handled everything it was given, and everything that
    handling asked for (messages to other widgets, workers and what their results
    post, any animation), and has drawn the result; or has ended. Timers still to
    fire are not waited for."""
    end = time.monotonic() + QUIET_WITHIN
    active: set[int] = set()  # pumps seen with something queued during this wait
    while app.is_running and app.return_code is None:  # (set as it exits, or crashes)
        await _round(app, active)
        if any(not worker.is_finished for worker in app.workers):
            await workers_done(app)
            continue
        await app.animator.wait_until_complete()  # a scroll by page glides
        if await _settled(app, active):
            return
        if time.monotonic() > end:
            raise TimeoutError(f"the app was still busy after {QUIET_WITHIN:.0f} s")


def key_event(key: str) -> events.Key:
    """The event a terminal's key press becomes, as Pilot builds it: a single
    non-alphanumeric character is named ("/" is "slash")."""
    if len(key) == 1:
        if key.isalnum():
            return events.Key(key, key)
        name = unicodedata.name(key, key).lower().replace("-", "_").replace(" ", "_")
        return events.Key(KEY_NAME_REPLACEMENTS.get(name, name), key)
    return events.Key(key, key_to_character(key))


async def press(pilot: Pilot, *keys: str) -> None:
    """Press each key as a terminal would send it, waiting after each until the app is
    quiet."""
    app = pilot.app
    for key in keys:
        app.post_message(key_event(key))
        await quiet(app)
