"""Showing a user's text inside a one-line message."""

from __future__ import annotations


def shown(text: str) -> str:
    """`text` with every character that is not printable written as its Python escape
    (a newline as \\n, ESC as \\x1b, U+202E as \\u202e): a message quoting it stays one line
    and shows what was given."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
