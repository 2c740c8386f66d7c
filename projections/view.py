"""The materialized view of every meeting's current state, kept current exactly once.

The view is a tracking recorder of the `eventsourcing` library with two tables of its own
(`meeting_view`, `statement_index`) in the ledger's own database. A pull loop reads new event
notifications, folds each touched meeting again, and writes the rows and the tracking position
in one transaction: a process that dies mid-way leaves the view and its position together, and
a second projector racing on the same batch fails its tracking insert and rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from threading import Event
from typing import Any, Protocol, cast
from uuid import UUID

import orjson
from eventsourcing.application import LocalNotificationLog
from eventsourcing.persistence import (
    ApplicationRecorder,
    InfrastructureFactory,
    IntegrityError,
    Mapper,
    Notification,
    StoredEvent,
    Tracking,
)
from eventsourcing.sqlite import SQLiteFactory, SQLiteTrackingRecorder
from eventsourcing.system import NotificationLogReader

from ledger.events import MeetingEvent, StatementRecorded
from projections.fold import MeetingState, current_state, fold

VIEW_NAME = "meeting_view"
"""The name under which the view's tracking position is recorded."""
BATCH_SIZE = 10_000

VIEW_COLUMNS = (
    "meeting_id",
    "slug",
    "status",
    "disputed",
    "stances",
    "plan",
    "first_said",
    "latest_said",
    "statement_count",
    "version",
)
CREATE_VIEW_TABLES = (
    "CREATE TABLE IF NOT EXISTS meeting_view ("
    "meeting_id TEXT PRIMARY KEY, slug TEXT NOT NULL UNIQUE, status TEXT NOT NULL, "
    "disputed INTEGER NOT NULL, stances TEXT NOT NULL, plan TEXT NOT NULL, "
    "first_said TEXT, latest_said TEXT, statement_count INTEGER NOT NULL, "
    "version INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS statement_index ("
    "statement_id TEXT NOT NULL, meeting_id TEXT NOT NULL, slug TEXT NOT NULL, "
    "version INTEGER NOT NULL, PRIMARY KEY (statement_id, meeting_id))",
)


class MeetingViewTables:
    """The view's SQL, shared by the SQLite and PostgreSQL recorders (placeholders differ)."""

    placeholder = "?"
    tracking_table = "tracking"
    datastore: Any

    def _sql(self, statement: str) -> str:
        return statement.replace("?", self.placeholder)

    def _transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        return cast(AbstractContextManager[Any], self.datastore.transaction(commit=commit))

    def create_view_tables(self) -> None:
        with self._transaction(commit=True) as cursor:
            for statement in CREATE_VIEW_TABLES:
                cursor.execute(statement)

    def write_states(
        self,
        rows: Sequence[tuple[Any, ...]],
        index: Sequence[tuple[str, str, str, int]],
        tracking: Tracking,
    ) -> None:
        """Upsert meeting rows and the statement index, and record the position: one transaction."""
        columns = ", ".join(VIEW_COLUMNS)
        marks = ", ".join("?" for _ in VIEW_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in VIEW_COLUMNS[1:])
        with self._transaction(commit=True) as cursor:
            self._insert_tracking(cursor, tracking)  # type: ignore[attr-defined]
            upsert = f"INSERT INTO meeting_view ({columns}) VALUES ({marks}) "
            upsert += f"ON CONFLICT (meeting_id) DO UPDATE SET {updates}"
            for row in rows:
                cursor.execute(self._sql(upsert), row)
            for entry in index:
                cursor.execute(
                    self._sql(
                        "INSERT INTO statement_index VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (statement_id, meeting_id) DO NOTHING"
                    ),
                    entry,
                )

    def clear_view(self, application_name: str) -> None:
        """Empty the view and forget its position, in one transaction."""
        with self._transaction(commit=True) as cursor:
            cursor.execute("DELETE FROM meeting_view")
            cursor.execute("DELETE FROM statement_index")
            cursor.execute(
                self._sql(f"DELETE FROM {self.tracking_table} WHERE application_name = ?"),
                (application_name,),
            )

    def select_rows(self, statement: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self._transaction(commit=False) as cursor:
            cursor.execute(self._sql(statement), params)
            return [dict(row) for row in cursor.fetchall()]


class SQLiteMeetingView(MeetingViewTables, SQLiteTrackingRecorder):
    placeholder = "?"


def open_view(factory: InfrastructureFactory[Any]) -> MeetingViewTables:
    """The view recorder for the ledger's own database, its tables created if need be."""
    view_class: type[Any] = SQLiteMeetingView
    if not isinstance(factory, SQLiteFactory):
        from projections.postgres_view import PostgresMeetingView  # psycopg: load only if used

        view_class = PostgresMeetingView
    view = cast(MeetingViewTables, factory.tracking_recorder(view_class))
    view.create_view_tables()
    return view


def state_row(state: MeetingState, meeting_id: UUID, version: int) -> tuple[Any, ...]:
    plan = {
        "parties": list(state.plan.parties),
        "participants": list(state.plan.participants),
        "place": state.plan.place,
        "planned_for": state.plan.planned_for,
    }
    return (
        str(meeting_id),
        state.meeting,
        state.status,
        int(state.disputed),
        orjson.dumps(state.party_stances).decode(),
        orjson.dumps(plan).decode(),
        state.first_said.isoformat() if state.first_said else None,
        state.latest_said.isoformat() if state.latest_said else None,
        state.statement_count,
        version,
    )


class EventSourcedApp(Protocol):
    """What the read side needs of the ledger application: its recorder, mapper and database."""

    @property
    def recorder(self) -> ApplicationRecorder: ...

    @property
    def mapper(self) -> Mapper[UUID]: ...

    @property
    def factory(self) -> InfrastructureFactory[Any]: ...


@dataclass
class Projector:
    """Keeps the view current: pull new notifications, fold touched meetings, write once."""

    recorder: ApplicationRecorder
    mapper: Mapper[UUID]
    view: MeetingViewTables

    @classmethod
    def of(cls, app: EventSourcedApp) -> Projector:
        """The projector of an application's own database."""
        return cls(app.recorder, app.mapper, open_view(app.factory))

    def position(self) -> int:
        tracking = cast(SQLiteTrackingRecorder, self.view)
        return tracking.max_tracking_id(VIEW_NAME) or 0

    def catch_up(self, batch_size: int = BATCH_SIZE) -> int:
        """Apply every event recorded since the view's position; returns how many."""
        applied = 0
        while True:
            for notifications in self._batches(self.position(), batch_size):
                try:
                    self._apply(notifications)
                except IntegrityError:
                    break  # another projector recorded this batch first: start from its position
                applied += len(notifications)
            else:
                return applied

    def rebuild(self) -> int:
        """Throw the view away and build it again from position zero."""
        self.view.clear_view(VIEW_NAME)
        return self.catch_up()

    def follow(
        self, stop: Event, poll_seconds: float = 0.5, on_batch: Callable[[int], None] | None = None
    ) -> None:
        """Keep the view current until `stop` is set."""
        while not stop.is_set():
            applied = self.catch_up()
            if applied and on_batch is not None:
                on_batch(applied)
            stop.wait(poll_seconds)

    def view_differences(self, only: UUID | None = None) -> list[str]:
        """Where the view differs from a fresh fold of the events (call after catch_up)."""
        rows = {
            row["meeting_id"]: row for row in self.view.select_rows("SELECT * FROM meeting_view")
        }
        problems = []
        for meeting_id in [only] if only else self._meeting_ids():
            events = self.meeting_events(meeting_id)
            if not events:
                continue
            expected = dict(
                zip(
                    VIEW_COLUMNS,
                    state_row(
                        fold(_slug_of(events), events).state,
                        meeting_id,
                        events[-1].originator_version,
                    ),
                    strict=True,
                )
            )
            actual = rows.pop(str(meeting_id), None)
            if actual is None:
                problems.append(f"view: meeting '{expected['slug']}' is missing from the view")
            elif {k: actual[k] for k in VIEW_COLUMNS} != expected:
                problems.append(f"view: the row of '{expected['slug']}' differs from its events")
        if only is None:
            problems.extend(
                f"view: '{row['slug']}' is in the view but has no events" for row in rows.values()
            )
        return problems

    def _meeting_ids(self) -> list[UUID]:
        seen: dict[UUID, None] = {}
        for batch in self._batches(0, BATCH_SIZE):
            for notification in batch:
                seen.setdefault(_uuid(notification.originator_id), None)
        return list(seen)

    def _batches(self, after: int, size: int) -> Iterator[Sequence[Notification]]:
        """The stored events after a position, by the library's notification log reader."""
        log = LocalNotificationLog(self.recorder, section_size=size)
        return NotificationLogReader(log, section_size=size).select(
            start=after, inclusive_of_start=False
        )

    def meeting_events(self, meeting_id: UUID) -> list[MeetingEvent]:
        return [self._decode(s) for s in self.recorder.select_events(meeting_id)]

    def _decode(self, stored: StoredEvent) -> MeetingEvent:
        return cast(MeetingEvent, self.mapper.to_domain_event(stored))

    def _apply(self, notifications: Sequence[Notification]) -> None:
        touched: dict[UUID, list[Notification]] = {}
        for notification in notifications:
            touched.setdefault(_uuid(notification.originator_id), []).append(notification)
        rows = []
        index: list[tuple[str, str, str, int]] = []
        for meeting_id, arrived in touched.items():
            versions = {n.originator_version for n in arrived}
            if arrived[0].originator_version == 1:  # the whole meeting so far is in this batch
                events = [self._decode(n) for n in arrived]
            else:
                events = self.meeting_events(meeting_id)
            slug = _slug_of(events)
            rows.append(
                state_row(current_state(slug, events), meeting_id, events[-1].originator_version)
            )
            index.extend(
                (e.statement.id, str(meeting_id), slug, e.originator_version)
                for e in events
                if isinstance(e, StatementRecorded) and e.originator_version in versions
            )
        self.view.write_states(rows, index, Tracking(VIEW_NAME, notifications[-1].id))


def _uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(value)


def _slug_of(events: Sequence[MeetingEvent]) -> str:
    for event in events:
        if isinstance(event, StatementRecorded):
            return event.statement.meeting
    raise ValueError("a meeting without statements")
