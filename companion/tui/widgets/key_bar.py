"""The footer: the keys that work now, drawn as one line of text.

Textual's Footer recomposes a widget per key whenever focus moves, which cost a
pane switch 20-60 ms of mounting and styling (measured, benchmarks/interaction.py).
This bar reads the same ``screen.active_bindings`` but only repaints: one widget,
one Text. It keeps what a reader relies on: each shown key with its description,
one entry per action, dimmed when disabled, the command palette key on the right,
a click on an entry presses its key, and a key that does not fit whole is left
out rather than cut at the edge.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from companion.tui.actions import DescribesKeys
from companion.tui.widgets.span_bar import SpanBar

DIM = Style(dim=True)


class KeyBar(SpanBar[tuple[str, bool]]):
    _drawn: tuple = ()  # entries() as last drawn
    _known: tuple | None = None  # entries() as of the last bindings signal (None: unknown)
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--hover"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--hover { background: $block-hover-background; }
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def refresh_keys(self) -> None:
        """Draw the keys of the focus as it is now."""
        self._known = self.entries()
        self.refresh()

    def _bindings_changed(self, _screen) -> None:
        # active_bindings walks the focus chain: worked out once per change, here,
        # and drawn from (render is called for every repaint, hover included)
        entries = self.entries()
        if entries == self._known:
            return  # drawn already, or a refresh is on its way (refresh_keys in a switch)
        self._known = entries
        if entries != self._drawn:  # focus moved within a pane: often the same keys
            self.refresh()

    def entries(self) -> tuple[list[tuple], tuple | None]:
        """The keys the bar offers, each (key, shown key, description, enabled), in
        order; and the command palette's, drawn on the right (None if it has none)."""
        app = self.app
        active = self.screen.active_bindings
        palette_key = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        seen: set[str] = set()
        out = []
        for key, (node, binding, enabled, _tip) in active.items():
            if not binding.show or binding.action in seen or key == palette_key:
                continue
            seen.add(binding.action)
            description = binding.description
            if isinstance(node, DescribesKeys):  # a description that follows the state
                description = node.key_description(binding.id) or description
            out.append((binding.key, app.get_key_display(binding), description, enabled))
        palette = None
        if palette_key in active:
            _node, binding, enabled, _tip = active[palette_key]
            palette = (binding.key, app.get_key_display(binding), binding.description, enabled)
        return out, palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        desc_style = self.get_component_rich_style("key-bar--description")
        hover_style = self.get_component_rich_style("key-bar--hover")
        width = self.size.width
        self._drawn = entries, palette = self._known or self.entries()
        entries = list(entries)
        right = cell_len(self._label(palette)) + 1 if palette else 0
        text = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, tuple[str, bool]]] = []
        # two spaces between entries when they all fit so ("chapter  ? Help"), else one
        labels = [cell_len(self._label(entry)) for entry in entries]
        gap = 2 if sum(labels) + 2 * len(labels) <= width - right else 1
        for entry, label_len in zip(entries, labels):
            start = text.cell_len + (gap if text else 0)
            if start + label_len > width - right:
                break  # left out whole rather than cut at the edge
            if text:
                text.append(" " * gap)
            value = (entry[0], entry[3])
            self._append(
                text, entry, key_style, desc_style, hover_style if self._hover == value else None
            )
            spans.append((start, start + label_len, value))
        if palette and text.cell_len + right <= width:
            text.append(" " * (width - text.cell_len - right + 1))
            start = text.cell_len
            value = (palette[0], palette[3])
            self._append(
                text, palette, key_style, desc_style, hover_style if self._hover == value else None
            )
            spans.append((start, start + right - 1, value))
        self._spans = spans
        return text

    @staticmethod
    def _label(entry) -> str:
        _key, shown, description, _enabled = entry
        return f"{shown} {description}" if description else shown

    @staticmethod
    def _append(text: Text, entry, key_style, desc_style, hover) -> None:
        _key, shown, description, enabled = entry
        key, desc = key_style, desc_style
        if hover is not None:
            key, desc = key + hover, desc + hover
        if not enabled:
            key, desc = key + DIM, desc + DIM
        text.append(shown, key)
        if description:
            text.append(" " + description, desc)

    def span_clicked(self, value: tuple[str, bool]) -> None:
        key, enabled = value
        if enabled:
            self.app.simulate_key(key)
        else:
            self.app.bell()

    def shown_keys(self) -> list[tuple[str, str, int, int]]:
        """(key, description text, first column, end column) of each entry drawn now."""
        self.render()
        entries, palette = self.entries()
        labels = {e[0]: self._label(e) for e in entries + ([palette] if palette else [])}
        return [
            (key, labels.get(key, ""), start, end) for start, end, (key, _enabled) in self._spans
        ]
