"""Long tables, streamed: the same lines Rich prints for the whole table, written a few
hundred rows at a time, and in plain text without Rich laying out every cell (which takes
about a millisecond a row: 10,000 meetings took over 10 s).

Rich draws what it is best at, the title, the borders and the header, from a table of the
first row alone. The rows follow in chunks: on a styled terminal each chunk is Rich's table of
those rows without its top and bottom edges (the first screen shows at once; the rows are laid
out in the same columns, so the lines are those of the whole table); in plain text (a pipe, a
file, NO_COLOR) each row is written here, the words of each cell wrapped greedily at spaces as
Rich wraps them and each line padded to its column. A cell this module does not lay out exactly
as Rich does (a wide or combining character, a space other than the ASCII one, two spaces
together, a word to fold) has its row laid out by Rich; and if the first row, written both
ways, differs from Rich's, the whole table is Rich's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import cast

from rich.box import Box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from diplo.tables import plain, table_of
from diplo.wrapping import greedy_lines

Row = Sequence[str | Text]
CHUNK = 200
"""Rows written at a time."""


def print_rows(
    out: Console, title: str | None, headers: list[str], sizes: list[int], rows: Sequence[Row]
) -> None:
    """Print the table of these rows, with columns of these widths, as Rich prints it, the
    lines without trailing spaces."""
    box = _box(out)
    if not rows or box is None:
        _write(out, _lines(out, table_of(title, headers, sizes, _texts(rows))))
        return
    body = _plain_body if out.color_system is None else _rich_body
    framed = _lines(out, table_of(title, headers, sizes, _texts(rows[:1])))
    first = body(out, rows[:1], sizes, box)
    if framed[-1 - len(first) : -1] != first:
        _write(out, _lines(out, table_of(title, headers, sizes, _texts(rows))))
        return
    _write(out, framed[:-1])
    for chunk in _chunks(rows[1:], CHUNK):
        _write(out, body(out, chunk, sizes, box))
    _write(out, framed[-1:])


def _rich_body(out: Console, rows: Sequence[Row], sizes: list[int], box: Box) -> list[str]:
    """The lines of these rows as Rich lays them out in these columns (no edges)."""
    return _lines(out, table_of(None, [], sizes, _texts(rows)))[1:-1]


def _plain_body(out: Console, rows: Sequence[Row], sizes: list[int], box: Box) -> list[str]:
    """The lines of these rows in plain text, laid out here where that gives Rich's lines."""
    return [line for row in rows for line in _row_lines(out, row, sizes, box)]


def _chunks(rows: Sequence[Row], size: int) -> Iterator[Sequence[Row]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _box(out: Console) -> Box | None:
    """The box Rich draws a default table with on this console (None if not known)."""
    box = Table().box
    return box.substitute(out.options) if box is not None else None


def _row_lines(out: Console, row: Row, sizes: list[int], box: Box) -> list[str]:
    """One body row's lines: each cell wrapped at its spaces and padded to its width."""
    columns = [greedy_lines(plain(cell), size) for cell, size in zip(row, sizes, strict=True)]
    if None in columns:
        return _rich_body(out, [row], sizes, box)
    padded = [
        [line.ljust(size) for line in lines]
        for lines, size in zip(cast(list[list[str]], columns), sizes, strict=True)
    ]
    height = max(map(len, padded))
    for lines, size in zip(padded, sizes, strict=True):
        lines.extend([" " * size] * (height - len(lines)))
    left, middle, right = f"{box.mid_left} ", f" {box.mid_vertical} ", f" {box.mid_right}"
    return [
        (left + middle.join(lines[index] for lines in padded) + right).rstrip()
        for index in range(height)
    ]


def _texts(rows: Sequence[Row]) -> list[list[str | Text]]:
    """Rows for Rich, plain strings made Text (which Rich prints as given: a string would be
    read for emoji codes)."""
    return [[Text(cell) if isinstance(cell, str) else cell for cell in row] for row in rows]


def _lines(out: Console, table: Table) -> list[str]:
    """The lines Rich prints for a table on this console, without trailing spaces."""
    with out.capture() as captured:
        Console.print(out, table)
    return [line.rstrip() for line in captured.get().splitlines()]


def _write(out: Console, lines: list[str]) -> None:
    out.file.write("".join(f"{line}\n" for line in lines))
    out.file.flush()
