"""CAMEO-coded CSV rows (Conflict and Mediation Event Observations, version 1.1b3): one row
per statement, three-digit codes with the codebook's labels."""

from __future__ import annotations

import csv
import io
from typing import Any, BinaryIO, TextIO

from diplo.exports import ReadsForExport, all_steps
from diplo.exports.coding import CAMEO_LABELS, codings, words

CAMEO_COLUMNS = (
    "id",
    "date",
    "actor",
    "recipient",
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
    """One CAMEO-coded row per statement, with the columns of `CAMEO_COLUMNS`."""
    rows = []
    for step, coding in zip(steps, codings(steps), strict=True):
        source = step.get("source") or {}
        rows.append(
            {
                "id": str(step["id"]),
                "date": str(step["effective_on"]),
                "actor": coding.cameo_roles.actor,
                "recipient": ";".join(coding.cameo_roles.recipient),
                "cameo": coding.cameo,
                "cameo_label": CAMEO_LABELS[coding.cameo],
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

    Open a file for it with `newline=""`.
    """
    writer = csv.DictWriter(stream, fieldnames=CAMEO_COLUMNS)
    writer.writeheader()
    writer.writerows(cameo_rows(steps))


def write(reads: ReadsForExport, meetings: list[dict[str, Any]], stream: BinaryIO) -> None:
    """Write the meetings' rows as CSV (UTF-8)."""
    text = io.StringIO()
    write_cameo_csv(all_steps(reads, meetings), text)
    stream.write(text.getvalue().encode())
