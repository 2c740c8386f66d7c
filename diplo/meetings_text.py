"""The meetings table: as many columns as the width allows, the slug never cut, no word
broken, streamed (`diplo.table_stream`) so that a ledger of 10,000 meetings lists in well
under a second; where not even its narrowest layout fits, one block per meeting."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from diplo.blocks import block
from diplo.render import (
    WIDE,
    console,
    stances_pieces,
    stances_text,
    status_pieces,
    status_text,
    styled,
    when,
)
from diplo.safety import safe
from diplo.table_stream import print_rows
from diplo.tables import fitted_widths
from diplo.wrapping import Pieces, joined, wrap_pieces

MEETING_LAYOUTS = (
    ("meeting", "status", "parties", "place", "planned for", "statements", "latest"),
    ("meeting", "status", "parties", "place", "planned for", "statements"),
    ("meeting", "status", "parties", "planned for", "count"),
    ("meeting", "status", "sides", "planned for", "count"),
    ("meeting", "status", "planned for", "count"),
)
"""The meetings table's columns, widest first: a narrow table drops the latest date, the
place, then each side's stance (keeping the sides), then the sides."""
HEADER = {"sides": "parties"}
"""Headers of the columns whose key is not their header (`count`: statements, narrower)."""


def render_meetings(rows: list[dict[str, Any]], wide: bool = False) -> None:
    """The meetings as a table that fits the width: the slug is never cut, words never broken;
    too narrow, it drops the latest date, the place, then the parties' stances and the parties,
    and then gives a block per meeting (diplo.blocks). `wide` keeps every column whatever the
    width."""
    out = console(WIDE if wide else None)
    if not rows:
        out.print("no meetings")
        return
    plain = out.color_system is None  # plain strings: no time spent on styles nobody sees
    cells = [_meeting_cells(row, plain) for row in rows]
    for columns in MEETING_LAYOUTS:
        headers = [HEADER.get(c, c) for c in columns]
        table_rows: list[list[str | Text]] = [[r[c] for c in columns] for r in cells]
        sizes = fitted_widths(headers, table_rows, out.width)
        if sizes is not None:
            print_rows(out, "Meetings", headers, sizes, table_rows)
            return
    lines = wrap_pieces(out, [("Meetings", "bold")], out.width)
    for row in rows:
        lines.extend(block(out, out.width, [(safe(row["meeting"]), "bold")], _details(row)))
    out.print_lines(lines)


def _details(row: dict[str, Any]) -> list[tuple[str, Pieces]]:
    """A meeting's details for a block, where no table fits: every column of the widest
    table."""
    return [
        ("status", status_pieces(row)),
        ("parties", stances_pieces(row["parties"])),
        ("place", [(safe(row["plan"]["place"]), "")]),
        ("planned for", [(when(row["plan"]["planned_for"]), "")]),
        ("statements", [(str(row["statement_count"]), "")]),
        ("latest", [(when(row["latest_said"]), "")]),
    ]


def _meeting_cells(row: dict[str, Any], plain: bool = False) -> dict[str, Any]:
    """A meeting's cells, as Rich text or (`plain`) as the same text without styles."""
    text: Any = safe if plain else (lambda value: styled(value, None))
    return {
        "meeting": text(row["meeting"]),
        "status": joined(status_pieces(row)) if plain else status_text(row),
        "parties": joined(stances_pieces(row["parties"]))
        if plain
        else stances_text(row["parties"]),
        "sides": text(", ".join(row["parties"])),
        "place": text(row["plan"]["place"]),
        "planned for": text(when(row["plan"]["planned_for"])),
        "statements": str(row["statement_count"]),
        "count": str(row["statement_count"]),
        "latest": text(when(row["latest_said"])),
    }
