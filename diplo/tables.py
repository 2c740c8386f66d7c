"""Tables that fit: column widths chosen so that no word is broken and nothing is cut.

Rich shrinks the widest columns first when a table is too wide, folding words in the middle
(`anticipate d`) or cutting them (`trump-p…`). Here each column gets at least its longest word
and the room left is shared by what the columns could use, so text wraps only between words.
A table whose longest words alone do not fit does not fit: the caller then drops a column or
lays the rows out another way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

DEFAULT_WIDTH = 100
"""Width of text written to a pipe or file when `COLUMNS` does not say."""


def output_width() -> int | None:
    """The width to lay text out in: the terminal's (None: Rich asks it), else `COLUMNS`,
    else DEFAULT_WIDTH."""
    if Console().is_terminal:
        return None
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else DEFAULT_WIDTH


@dataclass(frozen=True)
class Extent:
    """The narrowest a column can be without breaking a word, and the widest it needs."""

    minimum: int
    maximum: int


SAMPLE = 200
"""Rows measured first when there are more: if they alone do not fit, none do."""


def extent(cells: list[str]) -> Extent:
    """The extent of a column holding these cells (its header among them)."""
    minimum = maximum = 0
    for cell in cells:
        if cell.isascii() and cell.isprintable():  # one line, a cell per character: quick
            words = cell.split()
            minimum = max(minimum, max(map(len, words)) if words else 0)
            maximum = max(maximum, len(cell))
            continue
        for line in cell.splitlines():
            maximum = max(maximum, cell_len(line))
            minimum = max(minimum, max((cell_len(word) for word in line.split()), default=0))
    return Extent(minimum, maximum)


def plain(cell: str | Text) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def overhead(columns: int) -> int:
    """Characters a boxed table spends on borders and padding: one space each side of each
    cell and a rule between and around the columns."""
    return 3 * columns + 1


def widths(extents: list[Extent], width: int) -> list[int] | None:
    """Column widths within `width` that break no word, or None if none exist.

    Each column gets its minimum; the room left is poured in evenly, so a column that wants
    little more (a date, a count) gets all it wants and the long texts share the rest."""
    room = width - overhead(len(extents)) - sum(e.minimum for e in extents)
    if room < 0:
        return None
    given = [e.minimum for e in extents]
    wanting = [i for i, e in enumerate(extents) if e.maximum > e.minimum]
    while room > 0 and wanting:
        share = max(room // len(wanting), 1)
        for index in sorted(wanting, key=lambda i: extents[i].maximum - given[i]):
            more = min(share, extents[index].maximum - given[index], room)
            given[index] += more
            room -= more
        wanting = [i for i in wanting if given[i] < extents[i].maximum]
    return given


def fitted_widths(
    headers: list[str],
    rows: list[list[str | Text]],
    width: int,
    unbroken: frozenset[str] = frozenset(),
) -> list[int] | None:
    """The widths of columns laying these rows out within `width` with no word broken (the
    columns named in `unbroken`, short phrases such as dates, not wrapped at all), or None if
    the rows do not fit: known as soon as the columns measured so far cannot (the rest are not
    measured)."""
    if len(rows) > SAMPLE and _extents(headers, rows[:SAMPLE], width, unbroken) is None:
        return None  # (the first rows alone need more: a column only widens with more rows)
    extents = _extents(headers, rows, width, unbroken)
    return None if extents is None else widths(extents, width)


def _extents(
    headers: list[str], rows: list[list[str | Text]], width: int, unbroken: frozenset[str]
) -> list[Extent] | None:
    """Each column's extent over these rows, or None as soon as the columns measured so far
    need more than `width`."""
    extents: list[Extent] = []
    least = overhead(len(headers))
    for index, header in enumerate(headers):
        found = extent([header, *(plain(row[index]) for row in rows)])
        if header in unbroken:
            found = Extent(found.maximum, found.maximum)
        least += found.minimum
        if least > width:
            return None
        extents.append(found)
    return extents


def table_of(
    title: str | None,
    headers: list[str],
    sizes: list[int],
    rows: list[list[str | Text]],
    show_lines: bool = False,
) -> Table:
    """A Rich table of these rows with columns of these widths (folding any longer word)."""
    table = Table(title=title, show_lines=show_lines, show_header=bool(headers))
    for header, size in zip(headers or [""] * len(sizes), sizes, strict=True):
        table.add_column(header, width=size, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table
