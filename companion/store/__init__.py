"""The reader's data: paths, crash-safe writes, lock, progress, notes, deck, drafts.

Pure Python: never imports Textual, companion.tui or companion.study.
"""
