"""Where a quotation is in the book, in words a reader with any edition can use."""

from __future__ import annotations

from companion.book.model import Quote


def quote_locator(quote: Quote) -> str:
    """ "Chapter 3, the passage beginning “Thinking back now…”", or "Chapter 3".

    Page numbers differ between editions; a chapter and the opening words do not.
    """
    where = f"Chapter {quote.chapter}"
    opening = " ".join(quote.passage.split()).rstrip(" .…,;:")
    if not opening:
        return where
    return f"{where}, the passage beginning \u201c{opening}\u2026\u201d"
