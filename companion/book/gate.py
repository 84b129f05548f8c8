"""The spoiler gate: the one rule every surface goes through.

Progress is the number of chapters the reader has finished (0..chapter count).
An item unlocks once the reader has finished its unlock chapter.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar


class Unlockable(Protocol):
    @property
    def unlock(self) -> int: ...


T = TypeVar("T", bound=Unlockable)


def is_visible(item: Unlockable | int, progress: int) -> bool:
    """True when ``item`` (or an unlock chapter) may be shown at ``progress``."""
    unlock = item if isinstance(item, int) else item.unlock
    return progress >= unlock


def visible(items: Iterable[T], progress: int) -> list[T]:
    return [item for item in items if is_visible(item, progress)]


def locked(items: Iterable[T], progress: int) -> list[T]:
    return [item for item in items if not is_visible(item, progress)]
