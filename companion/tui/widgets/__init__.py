"""Reusable widgets of the companion."""
