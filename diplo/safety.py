"""Output that cannot act on its reader: text for a terminal with its control characters shown
escaped, CSV cells a spreadsheet cannot run, JSON with no raw C1 or bidirectional controls."""

from __future__ import annotations

import re
from typing import Any

CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)"
)
"""What a terminal must never receive raw from a user's text: C0 controls but tab, newline and
a line-ending CR LF (ESC starts every escape sequence), DEL, the C1 controls (U+009B is a
one-byte CSI), and the bidirectional marks, embeddings, overrides and isolates (U+202E
reverses the text that follows it)."""
JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""What JSON (which escapes C0 itself) would otherwise leave raw: DEL, C1 and bidi controls."""
NOT_XML = re.compile(r"[\ud800-\udfff\ufffe\uffff]")
"""Characters XML cannot hold that `CONTROL` leaves: surrogates, U+FFFE and U+FFFF."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a CSV cell as a formula (OWASP, CSV
injection): such a cell is written with a single quote in front."""


def safe(text: str | None) -> str:
    """Text with terminal control characters shown escaped (\\x1b, \\x9b, \\u202e), never
    sent raw (see CONTROL)."""
    if text is None:
        return ""
    if text.isascii() and text.isprintable():  # (no control at all: the usual text, quickly)
        return text
    return CONTROL.sub(_escaped, text)


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_json(text: str) -> str:
    """JSON text with DEL, C1 and bidi controls written as \\u escapes: the same JSON value,
    but nothing a terminal acts on."""
    return JSON_UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def neutral_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet cannot run: text starting with = + - @, tab or CR gets a
    single quote in front (OWASP's advice for CSV injection); anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_data(value: Any) -> Any:
    """Plain data (dicts, lists, tuples) with every string `safe`: what a picture draws, whose
    text must hold no control character (SVG is XML, which cannot carry most of them)."""
    if isinstance(value, str):
        shown = safe(value)
        return shown if shown.isascii() else NOT_XML.sub(_escaped, shown)
    if isinstance(value, dict):
        return {key: safe_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(safe_data(item) for item in value)
    return value
