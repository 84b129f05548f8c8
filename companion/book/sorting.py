"""How titles, terms and names sort, in the app and the CLI alike."""

from __future__ import annotations

ARTICLES = ("the ", "a ", "an ")


def sort_key(title: str) -> tuple[str, str]:
    """In any case, with a leading "the", "a" or "an" set aside: "the Cottages"
    sorts under C, "A carer" under c; "The" alone stays under T."""
    words = " ".join(title.split()).casefold()
    for article in ARTICLES:
        if words.startswith(article) and len(words) > len(article):
            return words[len(article) :], words
    return words, words
