"""The Meeting aggregate and its events: one aggregate per planned meeting.

Every statement about a meeting is an immutable event on it; a correction (erratum) is an event
too, and the statement it corrects stays as recorded. Each event carries a hash that covers its
content and the previous event's hash, so any later edit of the stored log is detectable.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

import orjson
from eventsourcing.domain import datetime_now_with_tzinfo
from pydantic import BaseModel, ConfigDict

from ledger.statement import (
    FieldError,
    Kind,
    Statement,
    check_statement,
    corrected_statement,
)

MEETING_NAMESPACE = uuid5(NAMESPACE_URL, "https://diplomatic-ledger/meeting/")
GENESIS_HASH = "0" * 64


def meeting_id(slug: str) -> UUID:
    """A meeting's aggregate id, derived from its slug."""
    return uuid5(MEETING_NAMESPACE, slug)


class MeetingEvent(BaseModel):
    """Base of every event on a Meeting: frozen, stored as JSON through the Pydantic mapper."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    hash: str

    def content_hash(self, previous_hash: str) -> str:
        """The hash this event should carry after `previous_hash`: covers all but `hash`."""
        content = self.model_dump(mode="json", exclude={"hash"})
        content["event"] = type(self).__name__
        canonical = orjson.dumps(content, option=orjson.OPT_SORT_KEYS)
        return hashlib.sha256(previous_hash.encode() + canonical).hexdigest()


class StatementRecorded(MeetingEvent):
    """A statement about the meeting was recorded. Subclassed once per kind."""

    kind: ClassVar[Kind]
    statement: Statement


class MeetingAnnounced(StatementRecorded):
    kind = Kind.ANNOUNCED


class MeetingConfirmed(StatementRecorded):
    kind = Kind.CONFIRMED


class MeetingDenied(StatementRecorded):
    kind = Kind.DENIED


class StatementWalkedBack(StatementRecorded):
    kind = Kind.WALKED_BACK


class MeetingPostponed(StatementRecorded):
    kind = Kind.POSTPONED


class MeetingRescheduled(StatementRecorded):
    kind = Kind.RESCHEDULED


class MeetingCancelled(StatementRecorded):
    kind = Kind.CANCELLED


class MeetingHeld(StatementRecorded):
    kind = Kind.HELD


EVENT_FOR_KIND: dict[Kind, type[StatementRecorded]] = {
    cls.kind: cls
    for cls in (
        MeetingAnnounced,
        MeetingConfirmed,
        MeetingDenied,
        StatementWalkedBack,
        MeetingPostponed,
        MeetingRescheduled,
        MeetingCancelled,
        MeetingHeld,
    )
}


class StatementCorrected(MeetingEvent):
    """An erratum: fields of a recorded statement were entered wrongly and are replaced."""

    statement_id: str
    corrected: dict[str, Any]
    reason: str


class StatementRejected(FieldError):
    """A statement that breaks a rule of the meeting it is for."""


class Meeting:
    """A planned meeting: the statements recorded about it, in the order recorded."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.id = meeting_id(slug)
        self.version = 0
        self.last_hash = GENESIS_HASH
        self.statements: dict[str, Statement] = {}
        self.pending_events: list[MeetingEvent] = []

    # Commands -----------------------------------------------------------------------------

    def record(self, statement: Statement, today: date, *, at: datetime | None = None) -> bool:
        """Record a statement; False if this very statement is already recorded."""
        present = self.statements.get(statement.id)
        if present is not None:
            if present.model_dump(exclude={"speaker_as_written"}) != statement.model_dump(
                exclude={"speaker_as_written"}
            ):
                raise StatementRejected(
                    "id", f"'{statement.id}' is already used for another statement in this meeting"
                )
            return False
        check_statement(statement, today)
        if self.version == 0 and statement.parties is None:
            raise StatementRejected(
                "parties", f"the first statement of meeting '{self.slug}' must name its parties"
            )
        if statement.retracts is not None:
            self._check_retraction(statement)
        self._trigger(EVENT_FOR_KIND[statement.kind], at, statement=statement)
        return True

    def correct(
        self,
        statement_id: str,
        changes: dict[str, Any],
        reason: str,
        today: date,
        *,
        at: datetime | None = None,
    ) -> Statement:
        """Append an erratum for a recorded statement; returns the statement as corrected."""
        current = self.statements.get(statement_id)
        if current is None:
            raise StatementRejected("id", f"no statement '{statement_id}' in meeting '{self.slug}'")
        if not reason.strip():
            raise StatementRejected("reason", "a correction needs a reason")
        fixed = corrected_statement(current, changes)
        check_statement(fixed, today)
        if fixed.retracts is not None:
            self._check_retraction(fixed)
        self._trigger(
            StatementCorrected, at, statement_id=statement_id, corrected=changes, reason=reason
        )
        return fixed

    def clone(self) -> Meeting:
        """A copy to decide on: commands on it leave this meeting as it is."""
        copy = Meeting(self.slug)
        copy.version, copy.last_hash = self.version, self.last_hash
        copy.statements = dict(self.statements)
        return copy

    def collect_events(self) -> list[MeetingEvent]:
        events, self.pending_events = self.pending_events, []
        return events

    # Evolution ----------------------------------------------------------------------------

    def apply(self, event: MeetingEvent) -> None:
        """Evolve the meeting by one stored or new event."""
        if isinstance(event, StatementRecorded):
            self.statements[event.statement.id] = event.statement
        elif isinstance(event, StatementCorrected):
            original = self.statements[event.statement_id]
            self.statements[event.statement_id] = corrected_statement(original, event.corrected)
        self.version = event.originator_version
        self.last_hash = event.hash

    def _trigger(self, cls: type[MeetingEvent], at: datetime | None, **fields: Any) -> None:
        draft = cls.model_construct(
            originator_id=self.id,
            originator_version=self.version + 1,
            timestamp=at or datetime_now_with_tzinfo(),
            hash="",
            **fields,
        )
        # The fields were validated by the command; the draft only lacks its hash.
        event = draft.model_copy(update={"hash": draft.content_hash(self.last_hash)})
        self.apply(event)
        self.pending_events.append(event)

    def _check_retraction(self, statement: Statement) -> None:
        target = self.statements.get(str(statement.retracts))
        if target is None or target.id == statement.id:
            raise StatementRejected(
                "retracts", f"'{statement.retracts}' is not a statement of meeting '{self.slug}'"
            )
        if target.side != statement.side:
            raise StatementRejected(
                "retracts",
                f"'{target.id}' was made by side {target.side}; "
                f"only {target.side} can walk it back",
            )
