"""Meetings as schema.org `Event`s in JSON-LD: one graph, one Event per meeting.

The context is written out (`@vocab` schema.org) rather than fetched, so the file is
read the same way offline. `eventStatus` is EventScheduled, EventRescheduled (a new date
after an earlier one), EventPostponed or EventCancelled; `previousStartDate` lists every
earlier planned date; a fuzzy plan gives `startDate` and `endDate` as the first and last
day it can mean (schema.org has no fuzzy dates; the description says it in words).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, BinaryIO

from diplo.exports import ReadsForExport, histories
from diplo.exports.ical import planned_days
from diplo.exports.meetings import description, earlier_dates, title
from diplo.exports.places import place_country, side_name
from ledger.dates import DateError, date_bounds
from projections.vocabulary import Status

SCHEMA = "https://schema.org/"
CONTEXT = {"@vocab": SCHEMA, "eventStatus": {"@type": "@id"}}
"""schema.org terms, with `eventStatus` values read as IRIs."""
EVENT_STATUS: dict[Status, str] = {
    Status.POSTPONED: "EventPostponed",
    Status.CANCELLED: "EventCancelled",
}
"""Statuses with their own EventStatusType; the others are scheduled (or rescheduled)."""
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://schema.org/Event#diplomatic-ledger")


def event_status(meeting: Mapping[str, Any], earlier: Sequence[str]) -> str:
    """The EventStatusType IRI of a meeting: rescheduled if its date was ever moved outside
    an earlier one (narrowing `2018-11` to `2018-11-11` is no new date)."""
    status = Status(meeting.get("status") or Status.UNANNOUNCED)
    current = (meeting.get("plan") or {}).get("planned_for")
    moved = any(not within(str(current), value) for value in earlier) if current else False
    return SCHEMA + EVENT_STATUS.get(status, "EventRescheduled" if moved else "EventScheduled")


def within(inner: str, outer: str) -> bool:
    """Whether every day `inner` can mean is a day `outer` can mean."""
    try:
        first, last = date_bounds(inner)
        start, end = date_bounds(outer)
    except DateError:
        return False
    return start <= first and last <= end


def party(side: str) -> dict[str, str]:
    """A party as an Organization (schema.org has no type for a state as an actor)."""
    return {"@type": "Organization", "name": side_name(side), "identifier": side}


def meeting_event(
    meeting: Mapping[str, Any], history: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """The schema.org Event of one meeting."""
    plan = meeting.get("plan") or {}
    slug = str(meeting["meeting"])
    earlier = earlier_dates(history, plan.get("planned_for"))
    days = planned_days(meeting)
    event: dict[str, Any] = {
        "@id": f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, slug)}",
        "@type": "Event",
        "identifier": slug,
        "name": title(meeting),
        "description": "\n".join(description(meeting, history, days)),
        "eventStatus": event_status(meeting, earlier),
    }
    if days is not None:
        event["startDate"] = days[0].isoformat()
        event["endDate"] = days[1].isoformat()
    starts = [first_day(value) for value in earlier]
    if starts:
        event["previousStartDate"] = [day for day in starts if day]
    if plan.get("place"):
        event["location"] = place(str(plan["place"]))
    host = place_country(plan.get("place"))
    if host in (plan.get("parties") or []):
        event["organizer"] = party(str(host))
    people = [{"@type": "Person", "name": name} for name in plan.get("participants") or []]
    event["attendee"] = people or [party(str(side)) for side in plan.get("parties") or []]
    return event


def place(name: str) -> dict[str, Any]:
    """A Place, with its country where the gazetteer knows it."""
    found: dict[str, Any] = {"@type": "Place", "name": name}
    country = place_country(name)
    if country is not None:
        found["address"] = {"@type": "PostalAddress", "addressCountry": country}
    return found


def first_day(edtf: str) -> str | None:
    """The first definite day of an EDTF date, ISO 8601, or None."""
    try:
        first, last = date_bounds(edtf)
    except DateError:
        return None
    day = first if first.year > 1 else last
    return day.isoformat()


def graph(
    meetings: Sequence[Mapping[str, Any]], histories: Mapping[str, Sequence[Mapping[str, Any]]]
) -> dict[str, Any]:
    """The JSON-LD document: every meeting's Event, in slug order."""
    ordered = sorted(meetings, key=lambda m: str(m["meeting"]))
    return {
        "@context": CONTEXT,
        "@graph": [meeting_event(m, histories[str(m["meeting"])]) for m in ordered],
    }


def write(reads: ReadsForExport, meetings: list[dict[str, Any]], stream: BinaryIO) -> None:
    """Write the meetings as one JSON-LD document (UTF-8)."""
    text = json.dumps(graph(meetings, histories(reads, meetings)), ensure_ascii=False, indent=2)
    stream.write((text + "\n").encode())
