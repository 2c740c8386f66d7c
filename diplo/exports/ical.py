"""Planned meetings as an iCalendar (RFC 5545): one all-day VEVENT per meeting with a date.

The same ledger always gives the same bytes: DTSTAMP and LAST-MODIFIED are the meeting's
latest recorded moment (section 3.8.7.2: without METHOD, DTSTAMP is when the information was
last revised), SEQUENCE counts the changes of its date, place or status (3.8.7.4). A fuzzy
plan spans every day it can mean, is TRANSPARENT (3.8.2.7: it blocks no time) and keeps its
EDTF string in X-DIPLO-EDTF (3.8.8.2). Meetings with no definite date are left out, and named
in a note for the command to give (on standard error).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any, BinaryIO

from icalendar import Calendar, Event

from diplo.exports import ReadsForExport, histories
from diplo.exports.coding import definite_days
from diplo.exports.meetings import description, last_recorded, revisions, title
from diplo.render import count
from ledger.dates import ISO_DAY
from projections.vocabulary import Status

CONFIRMED_STATUSES = frozenset({Status.AGREED, Status.HELD})
"""The statuses whose VEVENT is CONFIRMED (RFC 5545 3.8.1.11); cancelled is CANCELLED, and
every other status (unannounced, proposed, postponed) TENTATIVE."""
ICAL_PRODID = "-//diplomatic-ledger//planned meetings//EN"
UID_DOMAIN = "diplomatic-ledger"
EDTF_PROPERTY = "X-DIPLO-EDTF"


def ical_status(status: Status) -> str:
    """The VEVENT STATUS of a meeting's status: only agreed and held meetings are confirmed."""
    if status is Status.CANCELLED:
        return "CANCELLED"
    return "CONFIRMED" if status in CONFIRMED_STATUSES else "TENTATIVE"


def ical_calendar(
    meetings: Sequence[Mapping[str, Any]], histories: Mapping[str, Sequence[Mapping[str, Any]]]
) -> bytes:
    """An iCalendar with one VEVENT per meeting that has a definite planned date."""
    calendar = Calendar()
    calendar.add("prodid", ICAL_PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Planned meetings (diplomatic-ledger)")
    for meeting in sorted(meetings, key=lambda m: str(m["meeting"])):
        event = meeting_event(meeting, histories[str(meeting["meeting"])])
        if event is not None:
            calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def planned_days(meeting: Mapping[str, Any]) -> tuple[date, date] | None:
    """The first and last day of the meeting's plan; an open interval gives its one known
    day (`../2018-05-31`: 31 May; `2018-11-20/..`: 20 Nov); None with no definite date."""
    return definite_days((meeting.get("plan") or {}).get("planned_for"), known_end=True)


def meeting_event(meeting: Mapping[str, Any], history: Sequence[Mapping[str, Any]]) -> Event | None:
    """The VEVENT of one meeting, or None if it has no definite planned date."""
    days = planned_days(meeting)
    if days is None or not history:
        return None
    planned = str((meeting.get("plan") or {}).get("planned_for"))
    status = Status(meeting.get("status") or Status.UNANNOUNCED)
    moment = last_recorded(history).replace(microsecond=0)  # RFC 5545: whole seconds
    event = Event()
    event.add("uid", f"{meeting['meeting']}@{UID_DOMAIN}")
    event.add("dtstamp", moment)
    event.add("last-modified", moment)
    event.add("sequence", revisions(history))
    event.add("summary", title(meeting))
    event.add("dtstart", days[0])
    event.add("dtend", days[1] + timedelta(days=1))
    place = (meeting.get("plan") or {}).get("place")
    if place:
        event.add("location", str(place))
    event.add("status", ical_status(status))
    if not ISO_DAY.match(planned):
        event.add("transp", "TRANSPARENT")
        event.add(EDTF_PROPERTY, planned)
    event.add("description", "\n".join(description(meeting, history, days)))
    event.add("categories", ["diplomatic meeting", status.value])
    return event


def undated(meetings: Sequence[Mapping[str, Any]]) -> list[str]:
    """The meetings a calendar leaves out: those with no definite planned date."""
    return sorted(str(m["meeting"]) for m in meetings if planned_days(m) is None)


def write(reads: ReadsForExport, meetings: list[dict[str, Any]], stream: BinaryIO) -> list[str]:
    """Write the meetings as one calendar; returns the note naming those left out (none if
    every meeting is in it)."""
    stream.write(ical_calendar(meetings, histories(reads, meetings)))
    return left_out_note(meetings)


def left_out_note(meetings: Sequence[Mapping[str, Any]]) -> list[str]:
    """`ical: 2 meetings with no planned date left out: a, b`, or nothing."""
    left_out = undated(meetings)
    if not left_out:
        return []
    return [
        f"ical: {count(len(left_out), 'meeting')} with no planned date left out: "
        + ", ".join(left_out)
    ]
