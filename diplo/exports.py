"""Exports for analysts: PLOVER event records, CAMEO-coded CSV rows, an iCalendar of meetings.

Input is the read side's plain data: `ReadSide.history(slug)` steps for the event exports,
`ReadSide.meetings()` (or `status`) dicts for the calendar. Every choice of code is a table
here and in README.md ("Standard exports"):

- PLOVER (Open Event Data Alliance, "Political Language Ontology for Verifiable Event
  Records"): `event_type`, `mode` and `context` take values from the PLOVER manual's tables.
- CAMEO (Conflict and Mediation Event Observations, version 1.1b3): three-digit codes with
  the codebook's labels.

One statement gives one record or row. The actor is the side that made the statement, except
for `held`, where the event is the meeting itself and the actor is one of its parties (the
visitor where there is a host).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, BinaryIO, Protocol, TextIO

from icalendar import Calendar, Event

from ledger.dates import DateError, date_bounds

Step = Mapping[str, Any]

SUPPORTIVE = frozenset({"announced", "confirmed", "rescheduled", "held"})
"""Kinds that say the meeting is (or was) on: walking one back rejects the meeting. Walking
back any other kind (denied, postponed, cancelled) expresses intent to meet again."""

PLOVER_CONTEXT = ["diplomatic"]
PLOVER_OF_KIND: dict[str, tuple[str, str | None]] = {
    "announced": ("AGREE", None),
    "confirmed": ("AGREE", None),
    "rescheduled": ("AGREE", None),
    "denied": ("REJECT", "meet"),
    "cancelled": ("SANCTION", "cancel"),
    "postponed": ("SANCTION", None),
}
"""PLOVER event type and mode per kind (`held` and `walked_back` depend on more)."""
PLOVER_REJECT_MEETING = ("REJECT", "meet")
PLOVER_AGREE = ("AGREE", None)

CAMEO_LABELS: dict[str, str] = {
    "036": "Express intent to meet or negotiate",
    "040": "Consult, not specified below",
    "042": "Make a visit",
    "043": "Host a visit",
    "044": "Meet at a 'third' location",
    "125": "Reject proposal to meet, discuss, or negotiate",
    "164": "Halt negotiations",
}
CAMEO_OF_KIND: dict[str, str] = {
    "announced": "036",
    "confirmed": "036",
    "rescheduled": "036",
    "denied": "125",
    "cancelled": "164",
    "postponed": "164",
}
"""CAMEO code per kind (`held` and `walked_back` depend on more)."""
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

PLACE_COUNTRIES: tuple[tuple[str, str], ...] = (
    ("st. petersburg", "RU"),
    ("saint petersburg", "RU"),
    ("st. peter", "VA"),
    ("vatican", "VA"),
    ("white house", "US"),
    ("oval office", "US"),
    ("camp david", "US"),
    ("mar-a-lago", "US"),
    ("washington", "US"),
    ("new york", "US"),
    ("anchorage", "US"),
    ("alaska", "US"),
    ("kremlin", "RU"),
    ("moscow", "RU"),
    ("sochi", "RU"),
    ("kyiv", "UA"),
    ("kiev", "UA"),
    ("élysée", "FR"),
    ("elysee", "FR"),
    ("paris", "FR"),
    ("berlin", "DE"),
    ("london", "GB"),
    ("beijing", "CN"),
    ("helsinki", "FI"),
    ("geneva", "CH"),
    ("rome", "IT"),
    ("minsk", "BY"),
    ("ankara", "TR"),
    ("istanbul", "TR"),
    ("brussels", "BE"),
    ("warsaw", "PL"),
    ("budapest", "HU"),
    ("vienna", "AT"),
    ("tokyo", "JP"),
    ("seoul", "KR"),
    ("pyongyang", "KP"),
    ("riyadh", "SA"),
    ("jeddah", "SA"),
    ("doha", "QA"),
    ("abu dhabi", "AE"),
)
"""A small gazetteer: a text found in `place` (lower case), and its country. First match wins,
so the more specific names come first. A place it does not know counts as a third location."""

ICAL_STATUS: dict[str, str] = {
    "unannounced": "TENTATIVE",
    "proposed": "TENTATIVE",
    "postponed": "TENTATIVE",
    "agreed": "CONFIRMED",
    "held": "CONFIRMED",
    "cancelled": "CANCELLED",
}
ICAL_PRODID = "-//diplomatic-ledger//planned meetings//EN"
UID_DOMAIN = "diplomatic-ledger"


# --- the context of each statement ----------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """The meeting's parties and place as a statement is coded (its own values first)."""

    parties: tuple[str, ...]
    place: str | None


@dataclass(frozen=True)
class Roles:
    """Who did something to whom."""

    actor: str
    recipient: tuple[str, ...]


@dataclass(frozen=True)
class Coding:
    """One statement coded in CAMEO and in PLOVER (their actors differ for a hosted visit)."""

    cameo: str
    cameo_roles: Roles
    plover_event: str
    plover_mode: str | None
    plover_roles: Roles


def contexts(steps: Sequence[Step]) -> list[Context]:
    """The context of each step; steps of several meetings are taken meeting by meeting."""
    positions: dict[str, list[int]] = {}
    for index, step in enumerate(steps):
        positions.setdefault(str(step["meeting"]), []).append(index)
    found: dict[int, Context] = {}
    for indexes in positions.values():
        meeting = meeting_contexts([steps[index] for index in indexes])
        found.update(zip(indexes, meeting, strict=True))
    return [found[index] for index in range(len(steps))]


def meeting_contexts(steps: Sequence[Step]) -> list[Context]:
    """For each step of one meeting: its own parties and place, else the plan's so far, else
    the final plan's.

    The place of a meeting is a fact about the meeting, so a statement that names none (a
    `held` said before the report that gives the place) takes the one the history gives last.
    """
    parties: tuple[str, ...] = ()
    place: str | None = None
    so_far: list[tuple[tuple[str, ...], str | None]] = []
    for step in steps:
        for change in step.get("changes") or []:
            if change["field"] == "plan.parties" and change["after"]:
                parties = tuple(str(side) for side in change["after"])
            elif change["field"] == "plan.place" and change["after"]:
                place = str(change["after"])
        given = step.get("plan_given") or {}
        own_parties = tuple(str(side) for side in given.get("parties") or ())
        so_far.append((own_parties or parties, given.get("place") or place))
    final_parties = parties or next((p for p, _ in reversed(so_far) if p), ())
    final_place = place or next((q for _, q in reversed(so_far) if q), None)
    return [Context(p or final_parties, q or final_place) for p, q in so_far]


def place_country(place: str | None) -> str | None:
    """The country of a place, by the gazetteer, or None if it does not know the place."""
    if not place:
        return None
    text = place.lower()
    for name, country in PLACE_COUNTRIES:
        if name in text:
            return country
    return None


def others(parties: Sequence[str], actor: str) -> tuple[str, ...]:
    return tuple(side for side in parties if side != actor)


def speaking_party(side: str, parties: Sequence[str]) -> str:
    """The speaker's side if it is a party, else the first party (or the side, if none)."""
    return side if side in parties or not parties else parties[0]


# --- coding ---------------------------------------------------------------------------------


def supports_meeting(step: Step, by_id: Mapping[tuple[str, str], Step], depth: int = 0) -> bool:
    """Whether a statement says the meeting is on (a walk-back: the opposite of its target).

    A walk-back whose target is unknown is read as withdrawing support, the common case.
    """
    kind = str(step["kind"])
    if kind != "walked_back":
        return kind in SUPPORTIVE
    target = by_id.get((str(step["meeting"]), str(step.get("retracts"))))
    if target is None or depth > len(by_id):
        return False
    return not supports_meeting(target, by_id, depth + 1)


def host_of(context: Context) -> str | None:
    """The party in whose country the meeting is (was) held, if the gazetteer knows it."""
    country = place_country(context.place)
    return country if country in context.parties else None


def code_held(side: str, context: Context) -> Coding:
    """A held meeting, coded by its place against its parties (see the module docs).

    CAMEO: 043 from the host when the speaker's side hosts, 042 from the visitor (the
    speaker's side, or the first other party) to the host, 044 elsewhere, 040 with no place.
    PLOVER: CONSULT, mode `multilateral` with three or more parties, else `visit` (actor
    always the visitor, recipient the host), `third-party`, or none with no place.
    """
    parties = context.parties
    host = host_of(context)
    speaker = speaking_party(side, parties)
    around = Roles(speaker, others(parties, speaker))
    if host is None:
        cameo = "044" if context.place else "040"
        mode = "third-party" if context.place else None
        if len(parties) > 2:
            mode = "multilateral"
        return Coding(cameo, around, "CONSULT", mode, around)
    visitor = side if side in parties and side != host else next(iter(others(parties, host)), side)
    visit = Roles(visitor, (host,))
    plover = ("multilateral", around) if len(parties) > 2 else ("visit", visit)
    if side == host:
        return Coding("043", Roles(host, others(parties, host)), "CONSULT", *plover)
    return Coding("042", visit, "CONSULT", *plover)


def code_step(step: Step, context: Context, by_id: Mapping[tuple[str, str], Step]) -> Coding:
    """The CAMEO and PLOVER coding of one statement."""
    kind, side = str(step["kind"]), str(step["side"])
    if kind == "held":
        return code_held(side, context)
    roles = Roles(side, others(context.parties, side))
    if kind == "walked_back":
        on = supports_meeting(step, by_id)
        event, mode = PLOVER_AGREE if on else PLOVER_REJECT_MEETING
        return Coding("036" if on else "125", roles, event, mode, roles)
    event, mode = PLOVER_OF_KIND[kind]
    return Coding(CAMEO_OF_KIND[kind], roles, event, mode, roles)


def codings(steps: Sequence[Step]) -> list[Coding]:
    """The coding of each step (of one meeting or several)."""
    by_id = {(str(step["meeting"]), str(step["id"])): step for step in steps}
    return [
        code_step(step, context, by_id)
        for step, context in zip(steps, contexts(steps), strict=True)
    ]


def words(step: Step) -> str:
    """The quote (with its English translation in brackets), else the summary."""
    quote, translation = step.get("quote"), step.get("translation")
    if quote:
        return f"{quote} [{translation}]" if translation else str(quote)
    return str(step.get("summary") or "")


# --- PLOVER ---------------------------------------------------------------------------------


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


# --- CAMEO ----------------------------------------------------------------------------------


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


# --- iCalendar ------------------------------------------------------------------------------


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
    status = str(meeting.get("status") or "unannounced")
    event = Event()
    event.add("uid", f"{meeting['meeting']}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", event_summary(meeting))
    event.add("dtstart", first)
    event.add("dtend", last + timedelta(days=1))
    if plan.get("place"):
        event.add("location", str(plan["place"]))
    event.add("status", ICAL_STATUS.get(status, "TENTATIVE"))
    event.add("description", event_description(meeting, first, last))
    event.add("categories", ["diplomatic meeting", status])
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


FORMATS: dict[str, str] = {
    "plover": "PLOVER JSON Lines",
    "cameo": "CSV with CAMEO codes",
    "ical": "planned meetings as an iCalendar file",
}
"""The export formats besides the re-importable jsonl, with a few words on each."""


class ReadsForExport(Protocol):
    def meetings(self) -> list[dict[str, Any]]: ...

    def history(self, slug: str) -> list[dict[str, Any]] | None: ...


class UnknownMeeting(ValueError):
    """An export asked for a meeting the ledger does not have."""


def write_export(fmt: str, reads: ReadsForExport, meeting: str | None, stream: BinaryIO) -> None:
    """Write the ledger (or one meeting) in one of `FORMATS` to a binary stream."""
    rows = [m for m in reads.meetings() if meeting is None or m["meeting"] == meeting]
    if meeting is not None and not rows:
        raise UnknownMeeting(f"no meeting '{meeting}' in the ledger")
    if fmt == "ical":
        stream.write(ical_calendar(rows))
        return
    steps = [step for row in rows for step in reads.history(row["meeting"]) or []]
    if fmt == "plover":
        for record in plover_records(steps):
            stream.write((json.dumps(record, ensure_ascii=False) + "\n").encode())
        return
    text = io.StringIO()
    write_cameo_csv(steps, text)
    stream.write(text.getvalue().encode())
