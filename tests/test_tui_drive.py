"""The tests' ``press`` and ``quiet`` (companion/tui/drive.py): after them, what a key
set going has finished, however many widgets and workers it passed through, and
however starved the process is (they read the app's queues, not its CPU time)."""

from __future__ import annotations

import string
import time

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from companion.tui.drive import press, quiet
from tests.pane_helpers import SIZE, make_app

HOPS = 8


class Relay(Static, can_focus=True):
    """Passes a message on to the next relay, one queue at a time."""

    class Hop(Message):
        def __init__(self, left: int) -> None:
            super().__init__()
            self.left = left

    def on_key(self, event: events.Key) -> None:
        if event.key == "h":
            self.app.query_one("#r0", Relay).post_message(self.Hop(HOPS))

    def on_relay_hop(self, message: Hop) -> None:
        message.stop()
        if message.left:
            nxt = self.screen.query_one(f"#r{HOPS - message.left + 1}", Relay)
            nxt.post_message(self.Hop(message.left - 1))
        else:
            self.screen.query_one("#out", Label).update("chain done")


class Dialog(ModalScreen[None]):
    def compose(self) -> ComposeResult:
        yield Label("a dialog", id="dialog")

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            self.dismiss()
        if event.key == "h":  # a chain of messages on the screen below
            self.app.screen_stack[0].query_one("#r0", Relay).post_message(Relay.Hop(HOPS))


class Below(Screen):
    """The app's first screen, counting its Idle events (one after each thing it
    handles)."""

    def __init__(self) -> None:
        super().__init__()
        self.idles = 0

    def on_idle(self) -> None:
        self.idles += 1


class Keys(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, str | None]] = []

    def compose(self) -> ComposeResult:
        for i in range(HOPS + 1):
            yield Relay(f"relay {i}", id=f"r{i}")
        yield Label("", id="out")

    def get_default_screen(self) -> Screen:
        return Below()

    def on_mount(self) -> None:
        self.query_one("#r0", Relay).focus()

    def on_key(self, event: events.Key) -> None:
        self.seen.append((event.key, event.character))
        if event.key == "w":  # a worker whose result is shown through a message
            self.run_worker(self.slow_read, thread=True)
        if event.key == "d":
            self.push_screen(Dialog())
        if event.key == "r":  # as a pane shown starts its read: after its first frame
            self.query_one("#out", Label).update("shown")
            self.call_after_refresh(self.run_worker, self.slow_read, thread=True)

    def slow_read(self) -> None:
        time.sleep(0.3)
        self.call_from_thread(self.query_one("#out", Label).update, "read done")


def shown(app: App) -> str:
    return str(app.query_one("#out", Label).render())


@pytest.mark.parametrize(
    ("key", "result"),
    [
        ("h", "chain done"),  # a chain of messages through many widgets
        ("w", "read done"),  # a worker, and what it posts
        ("r", "read done"),  # a worker started after a refresh
    ],
    ids=["message-chain", "worker", "worker-after-refresh"],
)
async def test_press_waits_for_what_the_key_set_going(key, result):
    app = Keys()
    async with app.run_test(size=SIZE) as pilot:
        await quiet(app)
        await press(pilot, key)
        assert shown(app) == result


async def test_a_key_that_opens_a_dialog_and_one_that_closes_it():
    app = Keys()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "d")
        assert isinstance(app.screen, Dialog) and app.screen.query_one("#dialog").region
        await press(pilot, "escape")  # the dialog's widgets are gone: no wait for them
        assert not isinstance(app.screen, Dialog)


async def test_in_a_dialog_press_leaves_the_screen_below_alone_yet_waits_for_it():
    # A screen seen through a dialog's translucent background repaints in full, and
    # the dialog with it, after each thing it handles (Textual 8.2): waiting must send
    # it nothing. What a key in the dialog sets going down there is still waited for.
    app = Keys()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "d")
        below = app.screen_stack[0]
        assert isinstance(app.screen, Dialog) and isinstance(below, Below)
        idles = below.idles
        for key in "xyz":
            await press(pilot, key)
        assert below.idles == idles
        await press(pilot, "h")
        assert str(below.query_one("#out", Label).render()) == "chain done"


async def test_keys_arrive_as_pilot_sends_them():
    """The same key names and characters as Textual's own Pilot.press: if Textual
    changes how a key is named, this fails (and press must follow)."""
    keys = [*string.ascii_letters, *string.digits, *string.punctuation, "space", "enter"]
    keys += ["escape", "tab", "shift+tab", "up", "down", "home", "pagedown", "ctrl+s"]
    keys += ["backspace", "delete", "f1", "é"]
    ours, pilots = Keys(), Keys()
    async with ours.run_test(size=SIZE) as pilot:
        for key in keys:
            await press(pilot, key)
    async with pilots.run_test(size=SIZE) as pilot:
        for key in keys:
            await pilot.press(key)
    assert ours.seen == pilots.seen
    assert len(ours.seen) >= len(keys)


async def test_quiet_returns_when_the_app_has_quit(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "q")
        await quiet(app)
        assert not app.is_running
