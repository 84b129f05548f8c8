"""A terminal reading companion for Kazuo Ishiguro's Never Let Me Go."""

__version__ = "0.1.0"
