"""Planned meetings as an iCalendar (RFC 5545): one all-day VEVENT per meeting with a date."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any, BinaryIO

from icalendar import Calendar, Event

from diplo.exports import ReadsForExport
from ledger.dates import DateError, date_bounds
from projections.vocabulary import Status

ICAL_STATUS: dict[Status, str] = {
    Status.UNANNOUNCED: "TENTATIVE",
    Status.PROPOSED: "TENTATIVE",
    Status.POSTPONED: "TENTATIVE",
    Status.AGREED: "CONFIRMED",
    Status.HELD: "CONFIRMED",
    Status.CANCELLED: "CANCELLED",
}
ICAL_PRODID = "-//diplomatic-ledger//planned meetings//EN"
UID_DOMAIN = "diplomatic-ledger"


def ical_calendar(meetings: list[dict[str, Any]], stamp: datetime | None = None) -> bytes:
    """An iCalendar with one all-day VEVENT per meeting that has a planned date.

    The event spans every day `planned_for` can mean (`2018-23`, autumn 2018, spans
    September to November). `stamp` is the DTSTAMP (default: now, UTC).
    """
    calendar = Calendar()
    calendar.add("prodid", ICAL_PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Planned meetings (diplomatic-ledger)")
    moment = (stamp or datetime.now(UTC)).astimezone(UTC)
    for meeting in sorted(meetings, key=lambda m: str(m["meeting"])):
        event = meeting_event(meeting, moment)
        if event is not None:
            calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def meeting_event(meeting: Mapping[str, Any], stamp: datetime) -> Event | None:
    """The VEVENT of one meeting, or None if it has no (parseable) planned date."""
    plan = meeting.get("plan") or {}
    planned = plan.get("planned_for")
    if not planned:
        return None
    try:
        first, last = date_bounds(str(planned))
    except DateError:
        return None
    status = Status(meeting.get("status") or Status.UNANNOUNCED)
    event = Event()
    event.add("uid", f"{meeting['meeting']}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", event_summary(meeting))
    event.add("dtstart", first)
    event.add("dtend", last + timedelta(days=1))
    if plan.get("place"):
        event.add("location", str(plan["place"]))
    event.add("status", ICAL_STATUS[status])
    event.add("description", event_description(meeting, first, last))
    event.add("categories", ["diplomatic meeting", status.value])
    return event


def event_summary(meeting: Mapping[str, Any]) -> str:
    plan = meeting.get("plan") or {}
    names = list(plan.get("participants") or []) or list(plan.get("parties") or [])
    parties = "–".join(plan.get("parties") or [])
    return f"{' – '.join(names)} ({parties}): {meeting.get('status')}"


def event_description(meeting: Mapping[str, Any], first: date, last: date) -> str:
    plan = meeting.get("plan") or {}
    stances = meeting.get("parties") or {}
    status = str(meeting.get("status"))
    if meeting.get("disputed"):
        status += " (disputed)"
    planned = str(plan.get("planned_for"))
    if first != last:
        planned += f" (any day from {first} to {last})"
    lines = [
        f"Meeting: {meeting['meeting']}",
        f"Status: {status}",
        "Parties: " + (", ".join(f"{side} {stance}" for side, stance in stances.items()) or "-"),
        "Participants: " + (", ".join(plan.get("participants") or []) or "-"),
        f"Planned for: {planned}",
    ]
    if meeting.get("statement_count") is not None:
        lines.append(
            f"Statements: {meeting['statement_count']}"
            f" (first {meeting.get('first_said')}, latest {meeting.get('latest_said')})"
        )
    return "\n".join(lines)


def write(reads: ReadsForExport, meetings: list[dict[str, Any]], stream: BinaryIO) -> None:
    """Write the meetings as one calendar."""
    stream.write(ical_calendar(meetings))
