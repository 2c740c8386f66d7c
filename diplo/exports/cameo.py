"""CAMEO-coded CSV rows (Conflict and Mediation Event Observations, codebook 1.1b3): one row
per event, each with one source and one target actor (CAMEO's dyads), actor codes by CAMEO
(ISO alpha-3 for states, IGO codes for organisations), three-digit codes with their labels."""

from __future__ import annotations

import csv
import io
from typing import Any, BinaryIO, TextIO

from diplo.exports import ReadsForExport, all_steps
from diplo.exports.coding import CAMEO_LABELS, cameo_dyads, contexts, event_days, words
from diplo.exports.places import side_code
from diplo.safety import neutral_cell

CAMEO_COLUMNS = (
    "statement",
    "date",
    "source",
    "target",
    "cameo",
    "cameo_label",
    "meeting",
    "speaker",
    "quote_or_summary",
    "source_url",
    "outlet",
    "kind",
    "attribution",
    "counted",
)


def cameo_rows(steps: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The CAMEO rows of each statement in the history's order, with `CAMEO_COLUMNS`."""
    rows = []
    for step, context in zip(steps, contexts(steps), strict=True):
        source = step.get("source") or {}
        day, _ = event_days(step)
        for dyad in cameo_dyads(step, context):
            rows.append(
                {
                    "statement": str(step["id"]),
                    "date": day.isoformat(),
                    "source": side_code(dyad.source, "cameo"),
                    "target": side_code(dyad.target, "cameo") if dyad.target else "",
                    "cameo": dyad.code,
                    "cameo_label": CAMEO_LABELS[dyad.code],
                    "meeting": str(step["meeting"]),
                    "speaker": str(step["speaker"]),
                    "quote_or_summary": words(step),
                    "source_url": str(source.get("url") or ""),
                    "outlet": str(source.get("outlet") or ""),
                    "kind": str(step["kind"]),
                    "attribution": str(step["attribution"]),
                    "counted": "yes" if step.get("counted", True) else "no",
                }
            )
    return rows


def write_cameo_csv(steps: list[dict[str, Any]], stream: TextIO) -> None:
    """Write the CAMEO rows as CSV (RFC 4180: a header, CRLF line ends, quotes where needed).

    Cells a spreadsheet would read as formulas are neutralised (diplo.safety.neutral_cell).
    Open a file for it with `newline=""`.
    """
    writer = csv.DictWriter(stream, fieldnames=CAMEO_COLUMNS)
    writer.writeheader()
    for row in cameo_rows(steps):
        writer.writerow({name: neutral_cell(value) for name, value in row.items()})


def write(reads: ReadsForExport, meetings: list[dict[str, Any]], stream: BinaryIO) -> None:
    """Write the meetings' rows as CSV (UTF-8)."""
    text = io.StringIO()
    write_cameo_csv(all_steps(reads, meetings), text)
    stream.write(text.getvalue().encode())
