"""PLOVER event records as JSON Lines, in the manual's data model ("Data Fields": the PLOVER
JSON table, the entity, citation and location objects); plover.schema.json checks them.

One record per statement, in the history's order. Beside the manual's fields each record
carries the ledger's own (`meeting`, `kind`, `speaker`, `attribution`, `counted`,
`retracted_by`, `translation`), as the manual allows providers to add named fields.
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from diplo.dates import human_date
from diplo.exports import ReadsForExport, all_steps
from diplo.exports.coding import (
    QUAD,
    UNCODED_IN_PLOVER,
    Context,
    contexts,
    event_days,
    is_historical,
    plover_coding,
)
from diplo.exports.places import alpha3, place_country, side_code
from ledger.statement import Kind

CONTEXT = "diplomatic"
"""The manual's context for "formal diplomatic relations, negotiations, and interactions"."""
HISTORICAL = "historical"
"""Auxiliary mode for an event reported long after it happened; the manual ("Auxiliary
modes") puts auxiliary modes in `context`."""
CODER = "diplomatic-ledger"


def plover_records(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One PLOVER record per statement, in the history's order (none for a kind PLOVER has no
    event for: `UNCODED_IN_PLOVER`)."""
    pairs = zip(steps, contexts(steps), strict=True)
    return [
        plover_record(step, context)
        for step, context in pairs
        if Kind(step["kind"]) not in UNCODED_IN_PLOVER
    ]


def plover_record(step: dict[str, Any], context: Context) -> dict[str, Any]:
    """The PLOVER record of one statement in its context."""
    coding = plover_coding(step, context)
    first, last = event_days(step)
    record: dict[str, Any] = {"id": step["id"], "date": first.isoformat()}
    if last is not None:
        record["enddate"] = last.isoformat()
    record["actor"] = [entity(side) for side in coding.actor]
    if coding.recipient:
        record["recipient"] = [entity(side) for side in coding.recipient]
    record["event"] = [coding.event]
    record["mode"] = list(coding.modes) or None
    record["context"] = [CONTEXT, *([HISTORICAL] if is_historical(step) else [])]
    record["quad_code"] = QUAD[coding.event]
    record["event_text"] = [text for text in (step.get("quote"), step.get("summary")) if text]
    if coding.event == "CONSULT" and context.place:
        record["event_loc"] = location(context.place)
    record["cite_info"] = cite_info(step.get("source") or {})
    also = (step.get("sources") or [])[1:]
    if also:  # corroborated: the other outlets, in the same form (not in the manual's model)
        record["also_reported_by"] = [cite_info(source) for source in also]
    record["comment"] = comment(step)
    record.update(
        meeting=step["meeting"],
        kind=step["kind"],
        speaker=step["speaker"],
        attribution=step["attribution"],
        counted=bool(step.get("counted", True)),
        retracted_by=step.get("retracted_by"),
        translation=step.get("translation"),
    )
    return record


def entity(side: str) -> dict[str, str]:
    """An entity object: the side's code (ISO alpha-3, or UNO, EUR, IGO) and the side as
    written in the ledger."""
    return {"code": side_code(side, "plover"), "entity_text": side}


def location(place: str) -> dict[str, str]:
    """A location object: the place as given and, if the gazetteer knows it, its country."""
    found = {"extracted_place": place}
    country = alpha3(place_country(place))
    if country is not None:
        found["country_code"] = country
    return found


def cite_info(source: dict[str, Any]) -> dict[str, str]:
    """A citation object: url, title, ISO 639-1 language, publisher, and the coder."""
    found = {
        "url": source.get("url"),
        "title": source.get("title"),
        "language": iso639_1(source.get("language")),
        "publication": source.get("outlet"),
        "coder": CODER,
    }
    return {name: str(value) for name, value in found.items() if value}


def iso639_1(tag: str | None) -> str | None:
    """The two-letter ISO 639-1 code of a BCP 47 tag, or None if the language has none."""
    if not tag:
        return None
    import langcodes  # slow to import: only here

    language = str(langcodes.Language.get(tag).language or "")
    return language if len(language) == 2 else None


def comment(step: dict[str, Any]) -> str:
    """A line for people: who said what kind of thing when (dates in words)."""
    said = human_date(str(step["said_on"]))
    return f"{step['kind']}: {step['speaker']} ({step['side']}), {said}"


def write(reads: ReadsForExport, meetings: list[dict[str, Any]], stream: BinaryIO) -> None:
    """Write the meetings' records as JSON Lines (UTF-8)."""
    for record in plover_records(all_steps(reads, meetings)):
        stream.write((json.dumps(record, ensure_ascii=False) + "\n").encode())
