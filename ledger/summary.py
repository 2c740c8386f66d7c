"""A meeting as an import needs it: a compact summary of each statement, not the statement.

Recording a statement needs of the meeting's others only what the rules read: whether its id is
taken and by the same content (a digest), and, for a walk-back, the side and the said order of
what it retracts. `MeetingSummary` keeps that much (`Said`), so an import can keep every meeting
it touches in memory without re-reading or replaying any; a correction loads the full meeting.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import NamedTuple, cast

import orjson

from ledger.events import MeetingEvent, StatementRecorded
from ledger.meeting import Meeting
from ledger.statement import Statement


class Said(NamedTuple):
    """What the rules read of a recorded statement (the names `said_order` and the walk-back
    check use), and a digest of its content for telling a repeat from a clash of ids."""

    id: str
    side: str
    said_on: str
    said_at: datetime | None
    effective_on: date
    digest: bytes


def content_digest(statement: Statement) -> bytes:
    """A digest of everything a repeat of the statement must give again (as `Meeting.record`
    compares: all but the speaker as written)."""
    content = statement.model_dump(mode="json", exclude={"speaker_as_written"})
    canonical = orjson.dumps(content, option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(canonical, digest_size=16).digest()


def said(statement: Statement) -> Said:
    """The summary of one statement."""
    return Said(
        statement.id,
        str(statement.side),
        statement.said_on,
        statement.said_at,
        statement.effective_on,
        content_digest(statement),
    )


class MeetingSummary(Meeting):
    """A `Meeting` whose statements are `Said` summaries: it records new statements by the same
        rules (the aggregate's own checks read only the summarised names). Never given a correction:
    `correct` needs the full statements (the write side loads the full meeting for one)."""

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingSummary:
        """The summary of a meeting loaded in full (its corrections applied)."""
        summary = cls(meeting.slug)
        summary.version, summary.last_hash = meeting.version, meeting.last_hash
        summary.statements = {
            key: cast(Statement, said(statement)) for key, statement in meeting.statements.items()
        }
        return summary

    def clone(self) -> MeetingSummary:
        """A copy to decide on, as `Meeting.clone`."""
        copy = MeetingSummary(self.slug)
        copy.version, copy.last_hash = self.version, self.last_hash
        copy.statements = dict(self.statements)
        return copy

    def apply(self, event: MeetingEvent) -> None:
        """As `Meeting.apply`, keeping a recorded statement's summary only."""
        super().apply(event)
        if isinstance(event, StatementRecorded):
            self.statements[event.statement.id] = cast(Statement, said(event.statement))

    def _is_repeat(self, present: Statement, statement: Statement) -> bool:
        return cast(Said, present).digest == content_digest(statement)
