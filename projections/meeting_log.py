"""Reading the log meeting by meeting: every stored event of each meeting with events in a range
of positions, each meeting's together in version order, streamed in one query (what a catch-up
or rebuild folds)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, StoredEvent

from ledger.events import state_as_read, warn_skipped
from projections.view_tables import MeetingViewTables, in_chunks

READ_CHUNK = 2_000
"""Stored events fetched at a time from the streamed query."""
GROUP_MEETINGS = 500
GROUP_EVENTS = 20_000
"""A catch-up carries meetings on in groups of this many meetings and events (`groups`)."""
Positioned = list[tuple[StoredEvent, int]]
"""A meeting's stored events, each with its position in the log."""
OfMeeting = tuple[UUID | None, Positioned]
"""A meeting (None if its id is not a UUID) and its stored events."""


def meetings_since(
    view: MeetingViewTables, recorder: ApplicationRecorder, after: int, upto: int
) -> Iterator[OfMeeting]:
    """Each meeting with events in (after, upto] and all its stored events up to `upto`
    with their positions, in one streamed query; a meeting id that is not a UUID is
    warned about and given as None."""
    query, params = view.events_by_meeting(view.events_table(recorder), after, upto)
    return _streamed(recorder, query, params)


def events_of(
    view: MeetingViewTables, recorder: ApplicationRecorder, meetings: Sequence[UUID]
) -> Iterator[OfMeeting]:
    """Each of these meetings that has events, with its stored events, read `IN_CHUNK`
    meetings to a statement (not one statement a meeting)."""
    table = view.events_table(recorder)
    for chunk in in_chunks(meetings):
        query, params = view.events_of_meetings(table, [view.stored_id(m) for m in chunk])
        yield from _streamed(recorder, query, params)


def _streamed(
    recorder: ApplicationRecorder, query: str, params: Sequence[object]
) -> Iterator[OfMeeting]:
    """The stored events a query gives (each meeting's together), meeting by meeting."""
    datastore: Any = cast(Any, recorder).datastore
    with datastore.transaction(commit=False) as cursor:
        rows = getattr(cursor, "sqlite_cursor", cursor)
        rows.execute(query, params)
        group: Positioned = []
        current: object = None
        meeting: UUID | None = None
        while chunk := rows.fetchmany(READ_CHUNK):
            for row in chunk:
                if row["originator_id"] != current:
                    if group:
                        yield _warned(meeting, current, group)
                    group, current = [], row["originator_id"]
                    meeting = meeting_of(current)
                group.append((_stored(row, meeting or current), row["position"]))
        if group:
            yield _warned(meeting, current, group)


def _stored(row: Any, originator_id: Any) -> StoredEvent:
    return StoredEvent(
        originator_id=originator_id,
        originator_version=row["originator_version"],
        topic=row["topic"],
        state=state_as_read(row["state"]),
    )


def meeting_of(stored_id: object) -> UUID | None:
    """A meeting's id as read from storage (SQLite keeps it as hex text); None if not a UUID."""
    if isinstance(stored_id, UUID):
        return stored_id
    try:
        return UUID(str(stored_id))
    except ValueError:
        return None


def _warned(meeting: UUID | None, stored_id: object, group: Positioned) -> OfMeeting:
    """The meeting and its events; each event of a meeting id that is not a UUID is warned of."""
    if meeting is None:
        for stored, _ in group:
            warn_skipped(stored_id, stored.originator_version, "its meeting id is not a UUID")
    return meeting, group


def new_versions(stored: Positioned, after: int) -> set[int]:
    """The versions of a meeting's events after position `after`."""
    return {event.originator_version for event, at in stored if at > after}


def groups(
    meetings: Iterator[OfMeeting],
) -> Iterator[list[OfMeeting]]:
    """Meetings with their events in groups of at most `GROUP_MEETINGS` meetings, and of
    `GROUP_EVENTS` events unless one meeting alone has more, never one meeting twice: what the
    view holds of a group is read at once."""
    group: list[OfMeeting] = []
    held: set[UUID | None] = set()
    events = 0
    for meeting, stored in meetings:
        full = len(group) >= GROUP_MEETINGS or events + len(stored) > GROUP_EVENTS
        # a meeting whose events are stored under two spellings of its id (a forged row) comes
        # twice: each in a group of its own, folded on its own as a rebuild folds them
        if group and (full or (meeting is not None and meeting in held)):
            yield group
            group, held, events = [], set(), 0
        group.append((meeting, stored))
        held.add(meeting)
        events += len(stored)
    if group:
        yield group
