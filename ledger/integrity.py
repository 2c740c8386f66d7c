"""Integrity: verify the hash chains, export the ledger with its hashes, restore an export.

Each meeting's events form a hash chain: an event's `hash` covers its canonical content (kind,
statement or erratum, meeting id, version, timestamp) and the previous event's hash. `verify`
recomputes every chain from the stored rows; an export carries the stored JSON and hashes, so
anyone can verify a copy, and re-importing it gives back the same events, byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import Notification, StoredEvent
from pydantic import ValidationError

from ledger.application import InputRejected, Ledger, RecordResult
from ledger.events import (
    EVENT_CLASSES,
    GENESIS_HASH,
    TOPICS,
    MeetingEvent,
    StatementCorrected,
    StatementRecorded,
    event_name,
    meeting_id,
    topic_of,
)
from ledger.storage import notification_batches
from ledger.writer import WriteTransaction


@dataclass
class Problem:
    meeting: str
    version: int
    statement_id: str
    what: str

    def __str__(self) -> str:
        return f"{self.meeting} version {self.version} ({self.statement_id}): {self.what}"


@dataclass
class VerifyReport:
    events: int = 0
    meetings: int = 0
    problems: list[Problem] = field(default_factory=list)


def notifications(app: Ledger) -> Iterator[Notification]:
    """Every stored event in recorded order, read in batches by the library's log reader."""
    for batch in notification_batches(app.recorder):
        yield from batch


def meeting_ids(app: Ledger) -> list[UUID]:
    """Every meeting in the ledger, in the order first recorded."""
    return list(dict.fromkeys(UUID(str(n.originator_id)) for n in notifications(app)))


def verify(app: Ledger, slug: str | None = None) -> VerifyReport:
    """Recompute every chain (or one meeting's): report each event that no longer matches."""
    report = VerifyReport()
    for meeting in [meeting_id(slug)] if slug else meeting_ids(app):
        stored = app.recorder.select_events(meeting)
        if not stored:
            continue
        report.meetings += 1
        report.events += len(stored)
        report.problems.extend(_check_chain(app, stored))
    return report


def _check_chain(app: Ledger, stored: Sequence[StoredEvent]) -> Iterator[Problem]:
    states = [_state(row) for row in stored]
    slug = next(
        (s["statement"]["meeting"] for s in states if _slug_in(s)), str(stored[0].originator_id)
    )
    previous_hash = GENESIS_HASH
    expected_version = 1
    for row, state in zip(stored, states, strict=True):
        statement_id = _statement_id(state)
        if row.originator_version != expected_version:
            yield Problem(
                slug,
                expected_version,
                "?",
                f"missing: the next stored version is {row.originator_version}",
            )
        expected_version = row.originator_version + 1
        stored_hash = str(state.get("hash", "")) if state else ""
        try:
            event = _decode(app, row)
        except ValueError as error:
            yield Problem(slug, row.originator_version, statement_id, f"does not decode: {error}")
        else:
            if event.content_hash(previous_hash) != stored_hash:
                yield Problem(
                    slug,
                    row.originator_version,
                    statement_id,
                    "hash does not match its content and the previous event's hash",
                )
        previous_hash = stored_hash


def _state(row: StoredEvent) -> dict[str, Any]:
    try:
        value = orjson.loads(row.state)
    except orjson.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def _slug_in(state: dict[str, Any]) -> bool:
    statement = state.get("statement")
    return isinstance(statement, dict) and isinstance(statement.get("meeting"), str)


def _statement_id(state: dict[str, Any]) -> str:
    statement = state.get("statement")
    if isinstance(statement, dict) and isinstance(statement.get("id"), str):
        return str(statement["id"])
    return str(state.get("statement_id", "?"))


def _decode(app: Ledger, row: StoredEvent) -> MeetingEvent:
    if row.topic not in TOPICS:
        raise ValueError(f"unknown event topic '{row.topic}'")
    try:
        event = app.mapper.to_domain_event(row)
    except (ValidationError, orjson.JSONDecodeError, TypeError, KeyError) as error:
        raise ValueError(" ".join(str(error).split())[:200]) from None
    assert isinstance(event, MeetingEvent)
    return event


# Export and restore -------------------------------------------------------------------------


def export_lines(app: Ledger, slug: str | None = None) -> Iterator[dict[str, Any]]:
    """Every stored event as one JSON object, in recorded order, with its hash."""
    wanted = meeting_id(slug) if slug else None
    slugs: dict[UUID, str] = {}
    for notification in notifications(app):
        meeting = UUID(str(notification.originator_id))
        if wanted is not None and meeting != wanted:
            continue
        state = orjson.loads(notification.state)
        if _slug_in(state):
            slugs.setdefault(meeting, state["statement"]["meeting"])
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

    Each event must continue its meeting's chain in the target; an event already there with
    the same content is counted as present.
    """
    result = RecordResult()
    with app.transaction() as transaction:
        _restore_into(app, transaction, lines, result)
    return result


def _restore_into(
    app: Ledger, transaction: WriteTransaction, lines: Sequence[LocatedEvent], result: RecordResult
) -> None:
    """Check each exported event against its meeting's chain inside the transaction; add it."""
    tips: dict[UUID, tuple[int, str, dict[int, bytes]]] = {}
    for item in lines:
        row = _stored_from_line(item)
        meeting = UUID(str(row.originator_id))
        if meeting not in tips:
            existing = transaction.events_of(meeting)
            last_hash = _state(existing[-1]).get("hash", GENESIS_HASH) if existing else GENESIS_HASH
            tips[meeting] = (
                len(existing),
                str(last_hash),
                {e.originator_version: e.state for e in existing},
            )
        version, last_hash, present = tips[meeting]
        if row.originator_version in present:
            if present[row.originator_version] != row.state:
                raise InputRejected(
                    item.where,
                    "state",
                    f"differs from the event already recorded as version {row.originator_version}",
                )
            result.count(_statement_id(item.line["state"]), is_new=False)
            continue
        if row.originator_version != version + 1:
            raise InputRejected(
                item.where,
                "version",
                f"expected version {version + 1} of "
                f"meeting '{item.line['meeting']}', got {row.originator_version}",
            )
        try:
            event = _decode(app, row)
        except ValueError as error:
            raise InputRejected(item.where, "state", str(error)) from None
        if event.content_hash(last_hash) != item.line["state"].get("hash"):
            raise InputRejected(
                item.where,
                "hash",
                "does not match the event's content and "
                "the previous event's hash: the export was altered",
            )
        present[row.originator_version] = row.state
        tips[meeting] = (row.originator_version, str(item.line["state"]["hash"]), present)
        transaction.add([row])
        result.count(_statement_id(item.line["state"]), is_new=True)


def _stored_from_line(item: LocatedEvent) -> StoredEvent:
    line = item.line
    name, state, version = line.get("event"), line.get("state"), line.get("version")
    if not isinstance(name, str) or name not in EVENT_CLASSES:
        raise InputRejected(item.where, "event", f"unknown event '{name}'")
    if not isinstance(state, dict) or not isinstance(version, int) or version < 1:
        raise InputRejected(item.where, "state", "an exported event needs a state and a version")
    slug = line.get("meeting")
    if not isinstance(slug, str):
        raise InputRejected(item.where, "meeting", "must be the meeting's slug")
    if name != StatementCorrected.__name__ and (
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
    "export_lines",
    "is_export_line",
    "restore",
    "verify",
]
