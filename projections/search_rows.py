"""The search index's rows: one per statement, as corrected, from a meeting's events.

A batch of the log that brings a meeting only new statements (every one of its events there
records a statement) gives those statements' rows, decoded from the batch alone: nothing said
later can have changed them yet. Any other event (a correction, a citation, a withdrawal, a row
that does not read) has the meeting indexed again from all its events. So indexing a ledger
decodes each event about once, however many batches a meeting's statements span (they were
all decoded again for each batch: the first search of 100,000 statements over 10,000 meetings
took 107 s). A meeting indexed again whole is read up to its last event in the batch, so that a
later batch (or a statement recorded meanwhile) adds the statements after it; an added row
replaces any row of its statement (`SearchTables.write_rows`), so a batch written twice, or an
index written by the release before, never holds a statement twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from ledger.events import StatementRecorded
from ledger.statement import Statement
from projections.carry import records_statement
from projections.entries import entries
from projections.meeting_log import meeting_of
from projections.view import Projector

Row = tuple[Any, ...]


def row_of(meeting: UUID, statement: Statement) -> Row:
    """A statement's row, in the order of `search.ROW_COLUMNS`."""
    return (
        statement.id,
        str(meeting),
        statement.meeting,
        statement.side,
        statement.said_on,
        statement.source.language,
        statement.quote,
        statement.summary,
        statement.translation,
        statement.speaker,
    )


def meeting_rows(projector: Projector, meeting: UUID, upto: int | None = None) -> list[Row]:
    """Every row of the meeting, from its events (up to version `upto`, if given)."""
    stored = projector.recorder.select_events(meeting, lte=upto) if upto is not None else None
    events = projector.meeting_events(meeting, stored)
    return [row_of(meeting, entry.statement) for entry in entries(events)] if events else []


def batch_rows(projector: Projector, batch: Sequence[Notification]) -> tuple[list[str], list[Row]]:
    """The rows a batch of the log gives, and the meetings whose rows they replace (those
    indexed again from all their events); the other meetings' rows are added to theirs."""
    by_meeting: dict[UUID, list[Notification]] = {}
    for notification in batch:
        meeting = meeting_of(notification.originator_id)
        if meeting is not None:  # (a row whose meeting id is none: every reader warns of it)
            by_meeting.setdefault(meeting, []).append(notification)
    replaced: list[str] = []
    rows: list[Row] = []
    for meeting, stored in by_meeting.items():
        added = _added_rows(projector, meeting, stored)
        if added is None:  # indexed again up to the batch's end: a later batch adds the rest
            replaced.append(str(meeting))
            versions = [n.originator_version for n in stored if _is_version(n.originator_version)]
            rows.extend(meeting_rows(projector, meeting, max(versions, default=None)))
        else:
            rows.extend(added)
    return replaced, rows


def _added_rows(
    projector: Projector, meeting: UUID, stored: Sequence[Notification]
) -> list[Row] | None:
    """The rows of the meeting's new statements, if these events only record statements."""
    if not all(records_statement(notification.topic) for notification in stored):
        return None
    events = [projector.decode(notification) for notification in stored]
    if not all(isinstance(event, StatementRecorded) for event in events):
        return None  # a row that does not read: the whole meeting, which warns of it
    return [
        row_of(meeting, event.statement) for event in events if isinstance(event, StatementRecorded)
    ]


def _is_version(value: object) -> bool:
    """Whether a stored version is one (SQLite stores whatever a forger gives it)."""
    return isinstance(value, int) and not isinstance(value, bool)
