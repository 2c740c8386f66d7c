"""Records laid out as blocks, for a screen too narrow for their table: a heading line, then
each detail's text wrapped beside its label (labels padded to the longest), or under it where
fewer than NARROWEST columns are left beside it. Used by `history` and `meetings`."""

from __future__ import annotations

from rich.console import Console

from diplo.wrapping import Pieces, joined, wrap_pieces

INDENT = "  "
"""Where a record's details start, under its heading."""
NARROWEST = 16
"""The narrowest column a detail's text is wrapped in beside its label; on a narrower screen
each text goes under its label."""


def block(
    out: Console, width: int, heading: Pieces, details: list[tuple[str, Pieces]]
) -> list[Pieces]:
    """One record as a blank line, its heading and its details (label, text) indented under
    it; a detail with no text, or only "-", is left out. Words too long for a line are
    folded."""
    shown = [(f"{label}:", pieces) for label, pieces in details if joined(pieces) not in ("", "-")]
    room = max((len(label) for label, _ in shown), default=0)
    lines: list[Pieces] = [[], *wrap_pieces(out, heading, width)]
    beside = width - len(INDENT) - room - 1
    for label, pieces in shown:
        if beside < NARROWEST:  # each text under its label, indented once more
            lines.append([(INDENT, ""), (label, "bold")])
            under = wrap_pieces(out, pieces, max(width - 2 * len(INDENT), 1))
            lines.extend([(2 * INDENT, ""), *line] for line in under)
            continue
        for number, line in enumerate(wrap_pieces(out, pieces, beside)):
            name = label.ljust(room) if number == 0 else " " * room
            lines.append([(INDENT, ""), (name, "bold"), (" ", ""), *line])
    return lines
