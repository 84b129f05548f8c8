"""Containers drawn as their background only: one blank line, repeated.

A container's own lines (the screen, the pane switcher, a pane, a row of columns) are
covered by its children, yet Textual draws and keeps each of them, and cuts each at
every edge of the widgets above it, once per layout of the screen; with every pane
drawn ahead that was about 5,000 kept strips (10 MB with 10,000 notes, measured with
benchmarks/first_paint.py). Here the container's lines are one blank strip of its
background, made when asked (``render_lines``, public API): the same cells, nothing
kept. A container with a border or an outline is drawn by Textual as usual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:  # to a type checker the mixin is a Widget (its self and super())
    _MixedIntoWidget = Widget
else:
    _MixedIntoWidget = object


class Backdrop(_MixedIntoWidget):
    """Mixed into a widget class (first): its own lines are only its background.
    Not a Widget itself: Textual's CSS follows a widget class's first Widget base."""

    def render_lines(self, crop: Region) -> list[Strip]:
        styles = self.styles
        if any(kind for kind, _ in styles.border) or any(kind for kind, _ in styles.outline):
            return super().render_lines(crop)
        return [Strip.blank(crop.width, Style(bgcolor=self.rich_style.bgcolor))] * crop.height


class Row(Backdrop, Horizontal):
    """A Horizontal drawn as its background only."""


class Column(Backdrop, Vertical):
    """A Vertical drawn as its background only."""
