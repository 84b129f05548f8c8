"""Textual's Strip (one line of segments), with its caches made when first used.

Textual 8.2.8 gives every Strip seven small caches (a FIFOCache and its dict each)
as it is made. A frame makes thousands of strips, most of which never use one: the
making cost more than the strip itself, and the ones kept (each widget's drawn
lines and the strips cut from them) held 12-15 MB of empty caches once every pane
was drawn. Here a cache is made the first time a strip asks for it; Textual's own
code is unchanged. Textual's Content already makes its caches that way.

Applied only to a Strip with exactly the slots of the Textual this project pins
(8.2.8): another version's Strip may work differently, and is left alone.
"""

from __future__ import annotations

from textual.cache import FIFOCache
from textual.strip import Strip

SIZES = {  # as Strip.__init__ makes them
    "_divide_cache": 4,
    "_crop_cache": 16,
    "_style_cache": 16,
    "_filter_cache": 4,
    "_line_length_cache": 4,
    "_crop_extend_cache": 4,
    "_offsets_cache": 4,
}


def _init(self, segments, cell_length: int | None = None) -> None:
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def _getattr(self, name: str):
    # only reached for a slot not set yet: a cache asked for the first time
    size = SIZES.get(name)
    if size is None:
        raise AttributeError(name)
    cache = FIFOCache(size)
    setattr(self, name, cache)
    return cache


SLOTS = {"_segments", "_cell_length", "_render_cache", "_link_ids", "_cell_count", *SIZES}


def lighten_strips() -> bool:
    """Make Strip's caches lazy (once); False when Strip is not the one known."""
    if Strip.__init__ is _init:
        return True
    if set(Strip.__slots__) != SLOTS or hasattr(Strip, "__getattr__"):
        return False
    Strip.__init__ = _init
    Strip.__getattr__ = _getattr
    return True


def forget_cuts(widgets) -> None:
    """Drop the pieces the widgets' drawn lines keep of their last frame (cuts,
    crops, styled copies): a pane drawn ahead, under another, was cut for that
    screen, never for the one it is shown on. Its lines themselves are kept."""
    if Strip.__init__ is not _init:
        return
    for widget in widgets:
        for strip in widget._styles_cache._cache.values():
            for name in SIZES:
                try:
                    delattr(strip, name)
                except AttributeError:
                    pass
