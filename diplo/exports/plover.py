"""PLOVER event records (Open Event Data Alliance, "Political Language Ontology for Verifiable
Event Records") as JSON Lines: one record per statement, in the history's order."""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from diplo.exports import ReadsForExport, all_steps
from diplo.exports.coding import codings, contexts

PLOVER_CONTEXT = ["diplomatic"]


def plover_records(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One PLOVER-style event record per statement, in the history's order."""
    records = []
    for step, context, coding in zip(steps, contexts(steps), codings(steps), strict=True):
        source = step.get("source") or {}
        record: dict[str, Any] = {
            "id": step["id"],
            "date": step["effective_on"],
            "event_type": coding.plover_event,
            "mode": coding.plover_mode,
            "context": list(PLOVER_CONTEXT),
            "actor": coding.plover_roles.actor,
            "recipient": list(coding.plover_roles.recipient),
            "meeting": step["meeting"],
            "kind": step["kind"],
            "speaker": step["speaker"],
            "attribution": step["attribution"],
            "counted": bool(step.get("counted", True)),
            "retracted_by": step.get("retracted_by"),
            "text": step.get("quote") or step.get("summary"),
            "translation": step.get("translation"),
            "cite_info": {
                "url": source.get("url"),
                "publication": source.get("outlet"),
                "published": source.get("published"),
                "title": source.get("title"),
                "language": source.get("language"),
            },
        }
        if coding.plover_event == "CONSULT" and context.place:
            record["event_loc"] = {"name": context.place}
        records.append(record)
    return records


def write(reads: ReadsForExport, meetings: list[dict[str, Any]], stream: BinaryIO) -> None:
    """Write the meetings' records as JSON Lines (UTF-8)."""
    for record in plover_records(all_steps(reads, meetings)):
        stream.write((json.dumps(record, ensure_ascii=False) + "\n").encode())
