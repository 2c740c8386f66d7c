"""Reading the log meeting by meeting: every stored event of each meeting with events in a range
of positions, each meeting's together in version order, streamed in one query (what a catch-up
or rebuild folds)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, StoredEvent

from ledger.events import state_as_read, warn_skipped
from projections.view_tables import EVENT_COLUMNS, MeetingViewTables, in_chunks

READ_CHUNK = 2_000
"""Stored events fetched at a time from the streamed query."""
GROUP_MEETINGS = 500
GROUP_EVENTS = 20_000
"""A catch-up carries meetings on in groups of this many meetings and events (`groups`)."""
Positioned = list[tuple[StoredEvent, int]]
"""A meeting's stored events, each with its position in the log."""
OfMeeting = tuple[UUID | None, Positioned]
"""A meeting (None if its id is not a UUID) and its stored events."""


def every_meeting(
    view: MeetingViewTables, recorder: ApplicationRecorder, upto: int
) -> Iterator[OfMeeting]:
    """Each meeting with all its stored events up to `upto` with their positions, in one
    streamed query; a meeting id that is not a UUID is warned about and given as None."""
    query, params = view.events_by_meeting(view.events_table(recorder), upto)
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
    for stored_id, meeting, group, _ in _grouped(recorder, query, params):
        yield _warned(meeting, stored_id, group)


def _grouped(
    recorder: ApplicationRecorder, query: str, params: Sequence[object]
) -> Iterator[tuple[object, UUID | None, Positioned, Any]]:
    """The rows a query gives, each meeting's together: the id as stored, the meeting (None if
    that id is not a UUID), its events with their positions and its first row as read."""
    datastore: Any = cast(Any, recorder).datastore
    with datastore.transaction(commit=False) as cursor:
        rows = getattr(cursor, "sqlite_cursor", cursor)
        rows.execute(query, params)
        group: Positioned = []
        current: object = None
        first: Any = None
        meeting: UUID | None = None
        while chunk := rows.fetchmany(READ_CHUNK):
            for row in chunk:
                if row["originator_id"] != current:
                    if group:
                        yield current, meeting, group, first
                    group, current, first = [], row["originator_id"], row
                    meeting = meeting_of(current)
                group.append((_stored(row, meeting or current), row["position"]))
        if group:
            yield current, meeting, group, first


@dataclass(frozen=True)
class Earlier:
    """A meeting's events up to a catch-up's start, counted in SQL instead of read: the id they
    are stored under (as stored: a forged spelling of a meeting's id is its own), how many of
    them there are and how many record a statement, the last version, and whether every version
    is a whole number. No events: none, no last version."""

    stored_id: object
    events: int
    statements: int
    last: object
    whole: bool


NOTHING_BEFORE = Earlier(None, 0, 0, None, True)
"""What comes before a meeting's whole log: nothing."""
NewOfMeeting = tuple[UUID | None, Positioned, Earlier]
"""A meeting, its events in a range of positions and what came before them (`Earlier`)."""
NEW_WITH_EARLIER = (
    "SELECT n.{at} AS position, n.originator_id, n.originator_version, n.topic, n.state, "
    "e.events, e.statements, e.last, e.odd FROM {table} n LEFT JOIN ("
    "SELECT originator_id, COUNT(*) AS events, "
    "SUM(CASE WHEN topic IN ({topics}) THEN 1 ELSE 0 END) AS statements, "
    "MAX(originator_version) AS last, SUM(CASE WHEN {odd} THEN 1 ELSE 0 END) AS odd FROM {table} "
    "WHERE {at} <= ? AND originator_id IN "
    "(SELECT originator_id FROM {table} WHERE {at} > ? AND {at} <= ?) GROUP BY originator_id"
    ") e ON e.originator_id = n.originator_id "
    "WHERE n.{at} > ? AND n.{at} <= ? ORDER BY n.originator_id, n.originator_version"
)
"""Each event in (after, upto], each meeting's together in version order, with its meeting's
events up to `after` counted (`Earlier`): one query, one snapshot."""


def news_since(
    view: MeetingViewTables,
    recorder: ApplicationRecorder,
    after: int,
    upto: int,
    statement_topics: Sequence[str],
) -> Iterator[NewOfMeeting]:
    """Each meeting with events in (after, upto], those events alone with their positions, and
    its earlier events counted (`Earlier`; `statement_topics`: the topics that record a
    statement); a meeting id that is not a UUID is warned about and given as None."""
    query = NEW_WITH_EARLIER.format(
        at=view.position_column,
        table=view.events_table(recorder),
        topics=", ".join("?" for _ in statement_topics),
        odd=view.odd_version,
    )
    params = (*statement_topics, after, after, upto, after, upto)
    found = _grouped(recorder, query.replace("?", view.placeholder), params)
    for stored_id, meeting, group, first in found:
        events, statements = first["events"] or 0, first["statements"] or 0
        earlier = Earlier(stored_id, events, statements, first["last"], not first["odd"])
        yield _warned(meeting, stored_id, group)[0], group, earlier


def whole_logs(
    view: MeetingViewTables,
    recorder: ApplicationRecorder,
    stored_ids: Sequence[object],
    upto: int,
) -> dict[object, Positioned]:
    """Every event up to `upto` of the meetings stored under these ids (as stored), by id."""
    table, at = view.events_table(recorder), view.position_column
    found: dict[object, Positioned] = {}
    for chunk in in_chunks(stored_ids):
        query = (
            f"SELECT {at} AS position, {EVENT_COLUMNS} FROM {table} WHERE {at} <= ? AND "
            f"originator_id IN ({', '.join('?' for _ in chunk)}) "
            "ORDER BY originator_id, originator_version"
        )
        rows = _grouped(recorder, query.replace("?", view.placeholder), (upto, *chunk))
        found.update((stored_id, group) for stored_id, _, group, _ in rows)
    return found


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


def groups(meetings: Iterator[NewOfMeeting]) -> Iterator[list[NewOfMeeting]]:
    """Meetings with their events in groups of at most `GROUP_MEETINGS` meetings, and of
    `GROUP_EVENTS` events (the earlier ones counted too: a meeting may be folded whole) unless
    one meeting alone has more, never one meeting twice: what the view holds of a group is read
    at once."""
    group: list[NewOfMeeting] = []
    held: set[UUID | None] = set()
    events = 0
    for item in meetings:
        meeting, stored, earlier = item
        size = len(stored) + earlier.events
        full = len(group) >= GROUP_MEETINGS or events + size > GROUP_EVENTS
        # a meeting whose events are stored under two spellings of its id (a forged row) comes
        # twice: each in a group of its own, folded on its own as a rebuild folds them
        if group and (full or (meeting is not None and meeting in held)):
            yield group
            group, held, events = [], set(), 0
        group.append(item)
        held.add(meeting)
        events += size
    if group:
        yield group
