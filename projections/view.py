"""The materialized view of every meeting's current state, kept current exactly once.

The view is a tracking recorder of the `eventsourcing` library with two tables of its own
(`meeting_view`, `statement_index`; see `projections.view_tables`) in the ledger's own database.
A pull loop reads new event notifications through the library's notification log reader, folds
each touched meeting again, and writes the rows and the tracking position in one transaction: a
process that dies mid-way leaves the view and its position together, and a second projector
racing on the same batch (or a rebuild) fails its tracking insert and starts again. A damaged
stored event is passed over with a warning (`ledger.events.readable`), never a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from threading import Event
from typing import Any, Protocol, cast
from uuid import UUID

from eventsourcing.application import LocalNotificationLog
from eventsourcing.persistence import (
    ApplicationRecorder,
    InfrastructureFactory,
    IntegrityError,
    Mapper,
    Notification,
    PersistenceError,
    StoredEvent,
    Tracking,
)
from eventsourcing.sqlite import SQLiteTrackingRecorder
from eventsourcing.system import NotificationLogReader

from ledger.events import MeetingEvent, StatementRecorded, readable, warn_skipped
from projections.fold import current_state
from projections.view_tables import (
    INDEX_COLUMNS,
    VIEW_COLUMNS,
    IndexEntry,
    MeetingViewTables,
    Row,
    open_view,
    state_row,
)

VIEW_NAME = "meeting_view"
"""The name under which the view's tracking position is recorded."""
BATCH_SIZE = 10_000


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
            position = self.position()
            for notifications in self._batches(position, batch_size):
                rows, index = self._changes(notifications)
                try:
                    self.view.write_states(rows, index, Tracking(VIEW_NAME, notifications[-1].id))
                except IntegrityError:
                    if self.position() == position:
                        raise  # nobody else moved the position: the failure is this write's own
                    break  # another projector or a rebuild got there first: start from its position
                applied += len(notifications)
                position = notifications[-1].id
            else:
                return applied

    def catch_up_or_explain(self) -> str | None:
        """Bring the view up to date; if the database refuses (a full disk, a damaged view),
        say in one line that the view is behind instead of failing: the events are recorded."""
        try:
            self.catch_up()
        except PersistenceError as error:
            reason = " ".join(str(error).split())[:160]
            return f"the view is behind ({reason}), run `diplo project`"
        return None

    def rebuild(self) -> int:
        """Build the view again from nothing, in one transaction that a catch-up racing it
        waits for (then finds its position taken and starts again); returns how many events."""
        applied = 0
        with self.view.rebuilding(VIEW_NAME) as rebuild:
            for notifications in self._batches(0, BATCH_SIZE):
                rows, index = self._changes(notifications)
                rebuild.write(rows, index, notifications[-1].id)
                applied += len(notifications)
        return applied

    def follow(
        self, stop: Event, poll_seconds: float = 0.5, on_batch: Callable[[int], None] | None = None
    ) -> None:
        """Keep the view current until `stop` is set."""
        if not poll_seconds > 0:
            raise ValueError(f"the poll interval must be more than 0 seconds, not {poll_seconds}")
        while not stop.is_set():
            applied = self.catch_up()
            if applied and on_batch is not None:
                on_batch(applied)
            stop.wait(poll_seconds)

    def view_differences(self, only: UUID | None = None) -> list[str]:
        """Where the view differs from a fresh fold of the events: its tables' columns, each
        meeting's row and its statement index entries. Brings the view up to date first."""
        missing = self.view.missing_columns()
        if missing:
            return [f"view: {', '.join(missing)} is missing; run `diplo rebuild`"]
        try:
            self.catch_up()
        except PersistenceError as error:
            return [f"view: cannot be brought up to date ({error}); run `diplo rebuild`"]
        rows = {r["meeting_id"]: r for r in self.view.select_rows("SELECT * FROM meeting_view")}
        index = {
            tuple(r[c] for c in INDEX_COLUMNS)
            for r in self.view.select_rows("SELECT * FROM statement_index")
        }
        problems = []
        for meeting_id in [only] if only else self._meeting_ids():
            expected, entries = self._fresh(meeting_id)
            if expected is None:
                continue
            slug = expected[1]
            actual = rows.pop(str(meeting_id), None)
            if actual is None:
                problems.append(f"view: meeting '{slug}' is missing from the view")
            elif tuple(actual[k] for k in VIEW_COLUMNS) != expected:
                problems.append(f"view: the row of '{slug}' differs from its events")
            kept = {e for e in index if e[1] == str(meeting_id)}
            problems.extend(
                f"view: statement_index lacks '{e[0]}' of '{slug}'" for e in sorted(entries - kept)
            )
            problems.extend(
                f"view: statement_index has '{e[0]}' of '{slug}', which no event records"
                for e in sorted(kept - entries)
            )
            index -= kept
        if only is None:
            problems.extend(
                f"view: '{row['slug']}' is in the view but has no events" for row in rows.values()
            )
            problems.extend(
                f"view: statement_index has '{e[0]}' of '{e[2]}', a meeting with no events"
                for e in sorted(index)
            )
        return problems

    def meeting_events(self, meeting_id: UUID) -> list[MeetingEvent]:
        """The meeting's events that apply cleanly (a damaged one is passed over, warned)."""
        return readable(self._decode(s) for s in self.recorder.select_events(meeting_id))

    # Internals ----------------------------------------------------------------------------

    def _fresh(self, meeting_id: UUID) -> tuple[Row | None, set[IndexEntry]]:
        """The meeting's view row and index entries as a fresh fold of its events gives them."""
        events = self.meeting_events(meeting_id)
        slug = _slug_of(events)
        if slug is None:
            return None, set()
        row = state_row(current_state(slug, events), meeting_id, events[-1].originator_version)
        entries = {
            (e.statement.id, str(meeting_id), slug, e.originator_version)
            for e in events
            if isinstance(e, StatementRecorded)
        }
        return row, entries

    def _meeting_ids(self) -> list[UUID]:
        seen: dict[UUID, None] = {}
        for batch in self._batches(0, BATCH_SIZE):
            for notification in batch:
                if isinstance(notification.originator_id, UUID):
                    seen.setdefault(notification.originator_id, None)
        return list(seen)

    def _batches(self, after: int, size: int) -> Iterator[Sequence[Notification]]:
        """The stored events after a position, by the library's notification log reader."""
        log = LocalNotificationLog(self.recorder, section_size=size)
        return NotificationLogReader(log, section_size=size).select(
            start=after, inclusive_of_start=False
        )

    def _decode(self, stored: StoredEvent) -> MeetingEvent:
        return cast(MeetingEvent, self.mapper.to_domain_event(stored))

    def _changes(self, notifications: Sequence[Notification]) -> tuple[list[Row], list[IndexEntry]]:
        """The view rows of the meetings a batch touches, and its new statement index entries."""
        touched: dict[UUID, list[Notification]] = {}
        for notification in notifications:
            if not isinstance(notification.originator_id, UUID):
                warn_skipped(
                    notification.originator_id,
                    notification.originator_version,
                    "its meeting id is not a UUID",
                )
                continue
            touched.setdefault(notification.originator_id, []).append(notification)
        rows = []
        index: list[IndexEntry] = []
        for meeting_id, arrived in touched.items():
            versions = {n.originator_version for n in arrived}
            if arrived[0].originator_version == 1:  # the whole meeting so far is in this batch
                events = readable(self._decode(n) for n in arrived)
            else:
                events = self.meeting_events(meeting_id)
            slug = _slug_of(events)
            if slug is None:
                continue  # nothing readable about this meeting: no row
            rows.append(
                state_row(current_state(slug, events), meeting_id, events[-1].originator_version)
            )
            index.extend(
                (e.statement.id, str(meeting_id), slug, e.originator_version)
                for e in events
                if isinstance(e, StatementRecorded) and e.originator_version in versions
            )
        return rows, index


def _slug_of(events: Sequence[MeetingEvent]) -> str | None:
    for event in events:
        if isinstance(event, StatementRecorded):
            return event.statement.meeting
    return None
