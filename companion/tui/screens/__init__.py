"""Screens: the modal dialogs (confirm, help, peek, filter choices), the note editor
and the quote drill. Panes live in ``panes/``, reusable widgets in ``widgets/``."""
