"""Styled text wrapped to a width as Rich wraps it (`Text.wrap`, words too long folded), without
building Rich's objects for the common case: plain one-cell characters, words one space apart.

Text is handled as pieces, `(text, style)` pairs: a wrapped line is the pieces of its part of
the text. Plain output joins them; a styled terminal gets `Text.assemble` of each line. A line of
text this module does not wrap exactly as Rich does (a tab, a character not one cell wide, a
space other than the ASCII one, two spaces together or at an end, a word longer than the line)
is wrapped by Rich itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import cell_len, get_character_cell_size
from rich.console import Console
from rich.control import strip_control_codes
from rich.text import Text

Pieces = list[tuple[str, str]]
"""Text in pieces, each with its style ("" for none)."""


def joined(pieces: Pieces) -> str:
    """Pieces as plain text."""
    if len(pieces) == 1:
        return pieces[0][0]
    return "".join([piece for piece, _ in pieces])


def piece(text: str, style: str = "") -> tuple[str, str]:
    """A piece of text, its control codes dropped as `Text` drops them."""
    return (text if text.isprintable() else strip_control_codes(text), style)


def with_style(pieces: Pieces, style: str) -> Pieces:
    """The pieces with `style` under their own (as a `Text` of that style shows them)."""
    return [(text, f"{style} {own}" if own else style) for text, own in pieces]


def greedy_lines(text: str, width: int) -> list[str] | None:
    """The lines Rich wraps one line of text into at `width`, or None where this does not know
    them: anything but printable characters one cell wide each (the ASCII space the only
    space), words one space apart with none at either end, none longer than `width`."""
    if not text.isprintable() or not (text.isascii() or _one_cell_each(text)):
        return None
    if "  " in text or text != text.strip(" "):
        return None
    if len(text) <= width:
        return [text]
    lines: list[str] = _line_pattern(width).findall(text)
    if sum(map(len, lines)) + len(lines) - 1 != len(text):
        return None  # a word longer than the line: the lines found do not cover the text
    return lines


def _one_cell_each(text: str) -> bool:
    """Whether every character takes one cell (wide and zero-width ones may balance out in a
    total)."""
    return all(get_character_cell_size(character) == 1 for character in text)


@lru_cache(maxsize=64)
def _line_pattern(width: int) -> re.Pattern[str]:
    """A line: the longest run of up to `width` characters from a word's start that a space
    or the end follows (the space after it is the break)."""
    return re.compile(rf"(\S.{{0,{max(width - 1, 0)}}})(?: |$)")


def wrap_pieces(out: Console, pieces: Pieces, width: int) -> list[Pieces]:
    """The pieces' lines: split at each newline, each wrapped to `width` (Rich's `Text.wrap`
    with words too long folded) unless it fits; control codes dropped as `Text` drops them."""
    plain = joined(pieces)
    if not plain.isprintable():
        pieces = [piece(text, style) for text, style in pieces]
        plain = joined(pieces)
    if "\t" in plain:  # (expanded by Rich, which then wraps what it made)
        return _wrapped_by_rich(out, pieces, width)
    if "\n" not in plain and cell_len(plain) <= width:
        return [pieces]
    lines: list[Pieces] = []
    start = 0
    for line in plain.split("\n"):
        end = start + len(line)
        if cell_len(line) <= width:
            lines.append(_sliced(pieces, start, end))
        elif (parts := greedy_lines(line, width)) is not None:
            lines.extend(_sliced(pieces, a, b) for a, b in _ranges(parts, start, end, width))
        else:
            lines.extend(_wrapped_by_rich(out, _sliced(pieces, start, end), width))
        start = end + 1
    return lines


def _ranges(parts: list[str], start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Where each of the parts a line from `start` to `end` was wrapped into starts and ends in
    the text, with the space after it where it fits, as Rich keeps it."""
    found: list[tuple[int, int]] = []
    for part in parts:
        stop = start + len(part)
        found.append((start, stop + 1 if len(part) < width and stop < end else stop))
        start = stop + 1
    return found


def _wrapped_by_rich(out: Console, pieces: Pieces, width: int) -> list[Pieces]:
    wrapped = text_of(pieces).wrap(out, width, overflow="fold")
    return [_pieces_of(out, line) for line in wrapped]


def _sliced(pieces: Pieces, start: int, end: int) -> Pieces:
    """The part of the pieces from character `start` to `end` of their joined text."""
    if len(pieces) == 1:
        text, style = pieces[0]
        return [(text[start:end], style)]
    found: Pieces = []
    offset = 0
    for text, style in pieces:
        low, high = max(start - offset, 0), min(end - offset, len(text))
        if low < high:
            found.append((text[low:high], style))
        offset += len(text)
    return found


def _pieces_of(out: Console, line: Text) -> Pieces:
    """A line Rich wrapped, back in pieces (each segment with its style's name)."""
    return [
        (segment.text, str(segment.style) if segment.style else "") for segment in line.render(out)
    ]


def text_of(pieces: Pieces, style: str = "") -> Text:
    """The pieces as one `Text`, of `style` throughout (padding included, in a table)."""
    return Text.assemble(*pieces, style=style)
