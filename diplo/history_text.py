"""A meeting's history for people: a table when it fits the width, else one block per
statement; statements a time filter leaves out are marked, every source is listed."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from diplo.render import STATUS_STYLE, _corrected, _short, console, sources_text, when
from diplo.safety import safe
from diplo.tables import fitted_table

HEADERS = ["said on", "statement", "words", "sources", "status", "changed"]
INDENT = "  "
"""Where a statement's details start, under its heading."""
OPTION = {"as_of": "--as-of", "known_by": "--known-by", "recorded_by": "--recorded-by"}


def render_history(meeting: str, steps: list[dict[str, Any]]) -> None:
    """The history as a table with no word broken, or as blocks where it does not fit."""
    out = console()
    rows = [_cells(step) for step in steps]
    table = fitted_table(
        f"History of {safe(meeting)}",
        HEADERS,
        rows,
        out.width,
        show_lines=True,
        unbroken=frozenset({"said on"}),
    )
    if table is not None:
        out.print(table)
        return
    width = out.width  # (Rich works it out again on every ask)
    lines = _wrapped(out, Text(f"History of {safe(meeting)}", style="bold"), width)
    for step, cells in zip(steps, rows, strict=True):
        lines.extend(_block(out, width, step, cells))
    out.print_lines(lines)


def _block(out: Console, width: int, step: dict[str, Any], cells: list[str | Text]) -> list[Text]:
    """One statement as a blank line, a heading line and its details indented under it, each
    label's text wrapped beside it (words too long for the line folded)."""
    heading = Text(f"{when(step['said_on'])}  ")
    heading.append_text(_who(step, sep="  "))
    details = [
        (f"{label}:", cell if isinstance(cell, Text) else Text(cell))
        for label, cell in zip(HEADERS[2:], cells[2:], strict=True)
    ]
    shown = [(label, text) for label, text in details if text.plain and text.plain != "-"]
    room = max((len(label) for label, _ in shown), default=0)
    lines = [Text(), *_wrapped(out, heading, width)]
    for label, text in shown:
        for number, line in enumerate(_wrapped(out, text, max(width - room - 3, 1))):
            margin = Text(INDENT)
            margin.append(label.ljust(room) if number == 0 else " " * room, style="bold")
            margin.append(" ")
            lines.append(margin + line)
    return lines


def _wrapped(out: Console, text: Text, width: int) -> list[Text]:
    """The text's lines wrapped to `width` (words too long for a line folded); a line that fits
    is given as it is (Rich's wrapping takes a tenth of a millisecond a call)."""
    if "\t" in text.plain:  # (laid out by Rich, which expands tabs)
        return list(text.wrap(out, width, overflow="fold"))
    if "\n" not in text.plain and cell_len(text.plain) <= width:
        return [text]
    found: list[Text] = []
    for line in text.split("\n", allow_blank=True) if "\n" in text.plain else [text]:
        fits = cell_len(line.plain) <= width
        found.extend([line] if fits else line.wrap(out, width, overflow="fold"))
    return found


def _cells(step: dict[str, Any]) -> list[str | Text]:
    status = Text(f"{step['status_before'] or '-'} -> ")
    status.append(step["status_after"], style=STATUS_STYLE.get(step["status_after"], ""))
    return [
        when(step["said_on"]),
        _who(step, sep="\n"),
        _words(step),
        Text(sources_text(step.get("sources") or [step["source"]])),
        status,
        Text(_changes_text(step)),
    ]


def _who(step: dict[str, Any], sep: str) -> Text:
    who = Text(f"{step['kind']}{sep}", style="bold")
    who.append(f"{safe(step['speaker'])} ({safe(step['side'])})")
    if step["attribution"] != "on_record":
        via = f" via {safe(step['via'])}" if step["via"] else ""
        who.append(f"{sep}{step['attribution']}{via}")
    who.append(f"{sep}{safe(step['id'])}", style="dim")
    return who


def _words(step: dict[str, Any]) -> Text:
    words = Text(safe(step["quote"] or step["summary"]))
    if step["translation"]:
        words.append(f"\n[{safe(step['translation'])}]", style="italic")
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
