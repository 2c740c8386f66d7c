"""Integrity: verify the hash chains, export the ledger with its hashes, restore an export.

Each meeting's events form a hash chain: an event's `hash` covers its canonical content (kind,
statement or erratum, meeting id, version, timestamp) and the previous event's hash. `verify`
recomputes every chain from the stored rows and replays it by the meeting's rules; an export
carries the stored JSON and hashes, so anyone can verify a copy, and re-importing it gives back
the same events, byte for byte, each checked as a new statement or correction would be.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast
from uuid import UUID

import orjson
from eventsourcing.persistence import Notification, StoredEvent
from pydantic import ValidationError

from ledger.application import InputRejected, Ledger, RecordResult, rejected_by_validation
from ledger.events import (
    EVENT_CLASSES,
    GENESIS_HASH,
    MeetingEvent,
    StatementCorrected,
    StatementRecorded,
    UnreadableEvent,
    apply_correction,
    event_name,
    meeting_id,
    slug_of,
    topic_of,
    warn_skipped,
)
from ledger.file_check import file_problems
from ledger.meeting import Meeting
from ledger.move_links import MoveLinks
from ledger.statement import FieldError, Statement
from ledger.storage import DamagedRow, PydanticMapper, notification_batches
from ledger.summary import MeetingSummary
from ledger.summary_store import StoredSummaries, summary_problem
from ledger.writer import WriteTransaction


@dataclass
class Problem:
    meeting: str
    version: int | str
    statement_id: str
    what: str

    def __str__(self) -> str:
        return f"{self.meeting} version {self.version} ({self.statement_id}): {self.what}"


@dataclass
class VerifyReport:
    events: int = 0
    meetings: int = 0
    problems: list[Problem] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)
    """What SQLite's check of the whole file finds (`ledger.file_check`)."""


def notifications(app: Ledger) -> Iterator[Notification]:
    """Every stored event in recorded order, read in batches by the library's log reader."""
    for batch in notification_batches(app.recorder):
        yield from batch


def meeting_ids(app: Ledger) -> list[UUID | str]:
    """Every meeting in the ledger, in the order first recorded (a damaged id as it is)."""
    return list(dict.fromkeys(n.originator_id for n in notifications(app)))


def mapper_of(app: Ledger) -> PydanticMapper:
    return cast(PydanticMapper, app.mapper)


def verify(app: Ledger, slug: str | None = None) -> VerifyReport:
    """Recompute every chain (or one meeting's) and replay it by the meeting's rules: report
    each event that no longer matches, does not decode, or does not apply; the whole ledger's
    file is checked first, as SQLite checks it."""
    report = VerifyReport(file_problems=[] if slug else file_problems(app))
    summaries = StoredSummaries(app.recorder)
    links = MoveLinks()
    for meeting in [meeting_id(slug)] if slug else meeting_ids(app):
        stored = app.recorder.select_events(meeting)
        if not stored:
            continue
        report.meetings += 1
        report.events += len(stored)
        events = [mapper_of(app).to_domain_event(row) for row in stored]
        report.problems.extend(_check_chain(stored, events))
        row = summaries.row(meeting.hex if isinstance(meeting, UUID) else str(meeting))
        if row is not None:
            report.problems.extend(_check_summary(stored, events, row))
        links.add(slug_of(events) or str(meeting), events)
    for partner in links.partners(slug) - {slug} if slug else ():  # the other half of its moves
        stored = app.recorder.select_events(meeting_id(partner))
        links.add(partner, [mapper_of(app).to_domain_event(row) for row in stored])
    report.problems.extend(Problem(*found) for found in links.problems([slug] if slug else None))
    return report


def _check_summary(
    stored: Sequence[StoredEvent], decoded: Sequence[MeetingEvent], row: tuple[int, object]
) -> Iterator[Problem]:
    """The meeting's stored summary against the summary its events give as of its version
    (not checked past a damaged event: the chain's problems say what is wrong there)."""
    version = row[0]
    if not isinstance(version, int) or isinstance(version, bool):
        slug = slug_of(decoded)
        yield Problem(
            slug or str(stored[0].originator_id),
            "-",
            "-",
            f"its stored summary's version '{str(version)[:20]}' is not a number: "
            "`diplo rebuild` clears the summaries (the next import writes them again)",
        )
        return
    events = [
        event
        for s, event in zip(stored, decoded, strict=True)
        if isinstance(s.originator_version, int) and s.originator_version <= version
    ]
    if any(isinstance(event, UnreadableEvent) for event in events):
        return
    slug = slug_of(events)
    meeting = Meeting(slug or str(stored[0].originator_id))
    for event in events:
        meeting.apply(event)
    problem = summary_problem(MeetingSummary.of(meeting), row)
    if problem is not None:
        yield Problem(meeting.slug, row[0], "-", problem)


def _check_chain(
    stored: Sequence[StoredEvent], decoded: Sequence[MeetingEvent]
) -> Iterator[Problem]:
    states = [_state(row) for row in stored]
    slug = next(
        (s["statement"]["meeting"] for s in states if _slug_in(s)), str(stored[0].originator_id)
    )
    previous_hash = GENESIS_HASH
    expected_version = 1
    meeting = Meeting(slug)
    later_than_any_clock = datetime.now(UTC) + timedelta(days=1)
    for row, state, event in zip(stored, states, decoded, strict=True):
        statement_id = statement_id_of(state)
        version = row.originator_version
        if isinstance(version, int) and version != expected_version:
            yield Problem(
                slug, expected_version, "?", f"missing: the next stored version is {version}"
            )
        expected_version = version + 1 if isinstance(version, int) else expected_version + 1
        stored_hash = str(state.get("hash", ""))
        if isinstance(event, UnreadableEvent):
            yield Problem(slug, version, statement_id, f"does not decode: {event.problem}")
        else:
            if event.content_hash(previous_hash) != stored_hash:
                yield Problem(
                    slug,
                    version,
                    statement_id,
                    "hash does not match its content and the previous event's hash",
                )
            problem = _unappliable(meeting.statements, event)
            if problem is not None:  # passed over, as every reader passes over it
                yield Problem(slug, version, statement_id, f"does not apply: {problem}")
            elif (broken := _admitted(meeting, event, later_than_any_clock)) is not None:
                yield Problem(slug, version, statement_id, broken)
        previous_hash = stored_hash


def _unappliable(statements: dict[str, Statement], event: MeetingEvent) -> str | None:
    """Why a decoded event cannot apply to the meeting's statements, if it cannot."""
    if isinstance(event, StatementCorrected):  # tried on a copy: the meeting applies it
        return apply_correction(dict(statements), event)
    if isinstance(event, StatementRecorded) and event.statement.id in statements:
        return f"it records '{event.statement.id[:60]}' a second time"  # (no rule lets it)
    return None


def _admitted(meeting: Meeting, event: MeetingEvent, latest: datetime) -> str | None:
    """Admit the event to the meeting by the rules a new one obeys, as of the day it was
    recorded (a day's grace: the recorder's own day may be ahead of UTC's); why it cannot be,
    if it cannot (recorded at a moment still to come, or breaking a rule). It is applied either
    way: later events are judged by the log as it is."""
    if event.timestamp > latest:
        broken = f"recorded at {event.timestamp.isoformat()}, still to come"
    else:
        recorded_on = event.timestamp.astimezone(UTC).date() + timedelta(days=1)
        try:
            meeting.admit(event, recorded_on)
        except FieldError as error:
            broken = f"breaks a rule: {error.field}: {error.message}"
        except ValueError as error:  # pydantic's ValidationError, DateError
            broken = "breaks a rule: " + " ".join(str(error).split())[:160]
        else:
            return None
    meeting.apply(event)
    return broken


def _state(row: StoredEvent) -> dict[str, Any]:
    try:
        value = orjson.loads(row.state)
    except (orjson.JSONDecodeError, TypeError):
        return {}
    return value if isinstance(value, dict) else {}


def _slug_in(state: dict[str, Any]) -> bool:
    statement = state.get("statement")
    return isinstance(statement, dict) and isinstance(statement.get("meeting"), str)


def statement_id_of(state: dict[str, Any]) -> str:
    statement = state.get("statement")
    if isinstance(statement, dict) and isinstance(statement.get("id"), str):
        return str(statement["id"])
    return str(state.get("statement_id", "?"))


# Export and restore -------------------------------------------------------------------------


def export_lines(app: Ledger, slug: str | None = None) -> Iterator[dict[str, Any]]:
    """Every stored event as one JSON object, in recorded order, with its hash; a damaged row
    is left out with a warning."""
    wanted = meeting_id(slug) if slug else None
    slugs: dict[UUID | str, str] = {}
    for notification in notifications(app):
        meeting = notification.originator_id
        if wanted is not None and meeting != wanted:
            continue
        state = _state(notification)
        if _slug_in(state):
            slugs.setdefault(meeting, state["statement"]["meeting"])
        try:
            mapper_of(app).decode(notification)
        except DamagedRow as error:
            warn_skipped(slugs.get(meeting, meeting), notification.originator_version, str(error))
            continue
        yield {
            "meeting": slugs.get(meeting, str(meeting)),
            "version": notification.originator_version,
            "event": event_name(notification.topic),
            "hash": state.get("hash"),
            "state": state,
        }


def is_export_line(data: dict[str, Any]) -> bool:
    return {"meeting", "version", "event", "state"} <= set(data)


@dataclass(frozen=True)
class LocatedEvent:
    where: str
    line: dict[str, Any]


def restore(app: Ledger, lines: Sequence[LocatedEvent]) -> RecordResult:
    """Re-import exported events verbatim (same bytes, timestamps, hashes): all or nothing.

    Each event must continue its meeting's chain in the target and obey the meeting's rules
    as a new statement or correction would; an event already there with the same content is
    counted as present.
    """
    result = RecordResult()
    with app.transaction() as transaction:
        _restore_into(app, transaction, lines, result)
    return result


def _restore_into(
    app: Ledger, transaction: WriteTransaction, lines: Sequence[LocatedEvent], result: RecordResult
) -> None:
    """Check each exported event inside the transaction (its place in its meeting's chain,
    its hash, its content, the meeting's rules) and add it."""
    mapper = mapper_of(app)
    today = app.today()
    meetings: dict[UUID, tuple[Meeting, dict[int, bytes]]] = {}
    for item in lines:
        row = stored_from_line(item)
        key = cast(UUID, row.originator_id)
        if key not in meetings:
            meeting = Meeting(item.line["meeting"])
            existing = transaction.events_of(key)
            for stored in existing:
                meeting.apply(mapper.to_domain_event(stored))
            meetings[key] = (meeting, {e.originator_version: e.state for e in existing})
        meeting, present = meetings[key]
        version = row.originator_version
        if version in present:
            if present[version] != row.state:
                raise InputRejected(
                    item.where,
                    "state",
                    f"differs from the event already recorded as version {version}",
                )
            result.count(statement_id_of(item.line["state"]), is_new=False)
            continue
        if version != meeting.version + 1:
            raise InputRejected(
                item.where,
                "version",
                f"expected version {meeting.version + 1} of "
                f"meeting '{item.line['meeting']}', got {version}",
            )
        admit(mapper, meeting, row, item.where, today)
        present[version] = row.state
        transaction.add([row])
        result.count(statement_id_of(item.line["state"]), is_new=True)


def admit(
    mapper: PydanticMapper,
    meeting: Meeting,
    row: StoredEvent,
    where: str,
    today: date,
    origin: str = "the export",
) -> None:
    """Decode an arriving stored event, check its hash, and admit it to its meeting by the
    meeting's rules; anything wrong is refused as the input's fault, naming where."""
    try:
        event = mapper.decode(row)
    except DamagedRow as error:
        raise InputRejected(where, "state", str(error)) from None
    if event.content_hash(meeting.last_hash) != event.hash:
        raise InputRejected(
            where,
            "hash",
            "does not match the event's content and "
            f"the previous event's hash: {origin} was altered",
        )
    try:
        meeting.admit(event, today)
    except ValidationError as error:
        raise rejected_by_validation(where, error) from None
    except FieldError as error:
        raise InputRejected(where, error.field, error.message) from None


def stored_from_line(item: LocatedEvent) -> StoredEvent:
    line = item.line
    name, state, version = line.get("event"), line.get("state"), line.get("version")
    if not isinstance(name, str) or name not in EVENT_CLASSES:
        raise InputRejected(item.where, "event", f"unknown event '{name}'")
    if not isinstance(state, dict) or not isinstance(version, int) or version < 1:
        raise InputRejected(item.where, "state", "an exported event needs a state and a version")
    slug = line.get("meeting")
    if not isinstance(slug, str):
        raise InputRejected(item.where, "meeting", "must be the meeting's slug")
    if issubclass(EVENT_CLASSES[name], StatementRecorded) and (
        not _slug_in(state) or state["statement"]["meeting"] != slug
    ):
        raise InputRejected(item.where, "meeting", "does not match the statement's meeting")
    return StoredEvent(
        originator_id=meeting_id(slug),
        originator_version=version,
        topic=topic_of(EVENT_CLASSES[name]),
        state=orjson.dumps(state),
    )


__all__ = [
    "LocatedEvent",
    "Problem",
    "StatementRecorded",
    "VerifyReport",
    "admit",
    "export_lines",
    "is_export_line",
    "restore",
    "statement_id_of",
    "stored_from_line",
    "verify",
]
