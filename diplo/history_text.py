"""A meeting's history for people: a table when it fits the width, else one block per
statement; statements a time filter leaves out are marked, every source is listed.

Each cell is built once, as pieces of styled text (diplo.wrapping): a table that fits is made
of them (a Rich `Text` a cell); else each block's lines are cut from them, made into Rich's
`Text` only on a styled terminal (a pipe gets the plain lines: 74,000 of them for a meeting of
10,000 statements)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from diplo.blocks import block
from diplo.render import STATUS_STYLE, _corrected, _short, console, sources_text, when
from diplo.safety import safe
from diplo.tables import fitted_widths, table_of
from diplo.wrapping import Pieces, joined, piece, text_of, with_style, wrap_pieces

HEADERS = ["said on", "statement", "words", "sources", "status", "changed"]
CELL_STYLE = {"statement": "bold"}
"""A column styled throughout in a table, its padding included."""
OPTION = {"as_of": "--as-of", "known_by": "--known-by", "recorded_by": "--recorded-by"}


def render_history(meeting: str, steps: list[dict[str, Any]]) -> None:
    """The history as a table with no word broken, or as blocks where it does not fit."""
    out = console()
    width = out.width  # (Rich works it out again on every ask)
    title = f"History of {safe(meeting)}"
    rows = [_cells(step) for step in steps]
    sizes = fitted_widths(
        HEADERS, [[joined(cell) for cell in row] for row in rows], width, frozenset({"said on"})
    )
    if sizes is not None:
        styles = [CELL_STYLE.get(header, "") for header in HEADERS]
        texts: list[list[str | Text]] = [
            [text_of(cell, style) for cell, style in zip(row, styles, strict=True)] for row in rows
        ]
        out.print(table_of(title, HEADERS, sizes, texts, show_lines=True))
        return
    lines = wrap_pieces(out, [(title, "bold")], width)
    for step, cells in zip(steps, rows, strict=True):
        lines.extend(_block(out, width, step, cells))
    out.print_lines(lines)


def _block(out: Console, width: int, step: dict[str, Any], cells: list[Pieces]) -> list[Pieces]:
    """One statement as a block (diplo.blocks): its day, kind, speaker and id, then its words,
    sources, status and changes."""
    said_on, _, *details = cells
    who = with_style(_who(step, sep="  "), CELL_STYLE["statement"])
    heading = [(f"{joined(said_on)}  ", ""), *who]
    return block(out, width, heading, list(zip(HEADERS[2:], details, strict=True)))


def _cells(step: dict[str, Any]) -> list[Pieces]:
    """The table's cells of a statement, control codes dropped (as `Text` drops them)."""
    status_after = step["status_after"]
    cells = [
        [(when(step["said_on"]), "")],
        _who(step, sep="\n"),
        _words(step),
        [(sources_text(step.get("sources") or [step["source"]]), "")],
        [
            (f"{step['status_before'] or '-'} -> ", ""),
            (status_after, STATUS_STYLE.get(status_after, "")),
        ],
        [(_changes_text(step), "")],
    ]
    return [[piece(text, style) for text, style in cell] for cell in cells]


def _who(step: dict[str, Any], sep: str) -> Pieces:
    """Kind, speaker and side, attribution, id (dim): `sep` apart. Shown in bold
    (CELL_STYLE)."""
    who = f"{step['kind']}{sep}{safe(step['speaker'])} ({safe(step['side'])})"
    if step["attribution"] != "on_record":
        via = f" via {safe(step['via'])}" if step["via"] else ""
        who += f"{sep}{step['attribution']}{via}"
    return [(who, ""), (f"{sep}{safe(step['id'])}", "dim")]


def _words(step: dict[str, Any]) -> Pieces:
    words = [(safe(step["quote"] or step["summary"]), "")]
    if step["translation"]:
        words.append((f"\n[{safe(step['translation'])}]", "italic"))
    return words


def _changes_text(step: dict[str, Any]) -> str:
    lines = []
    if step.get("left_out"):
        options = ", ".join(OPTION.get(name, name) for name in step["left_out"])
        lines.append(f"LEFT OUT by {options}: counts for nothing here")
    lines.extend(
        f"{c['field']}: {_short(c['before'], c['field'])} -> {_short(c['after'], c['field'])}"
        for c in step["changes"]
    )
    if step["note"] and not step.get("left_out"):
        lines.append(f"({safe(step['note'])})")
    if step["retracted_by"]:
        lines.append(f"(later retracted by {safe(step['retracted_by'])})")
    lines.extend(f"erratum: {_corrected(e)} ({safe(e['reason'])})" for e in step["errata"])
    return "\n".join(lines) or "-"
