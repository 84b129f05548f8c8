"""Highlights from an e-reader, brought in as notes (issue 17 §2). Pure: no Textual.

``formats``: reads a file and tells Kindle's ``My Clippings.txt``, a KOReader JSON
export and a Readwise CSV apart; ``kindle``, ``koreader`` and ``readwise`` parse one
each into :class:`~.entries.Entry` records; ``titles`` decides which entries are this
book's and reads chapter titles; ``match`` links entries to quote cards and places
them in a chapter; ``plan`` compares them with the notes already saved.
"""
