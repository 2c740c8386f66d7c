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
from eventsourcing.system import NotificationLogReader

from ledger.events import MeetingEvent, StatementRecorded, readable, slug_of
from projections.carry import STATEMENT_TOPICS, CarriedGroup, carried_data, carried_group
from projections.fold import fold, live_state
from projections.live import VIEW_NAME
from projections.meeting_log import (
    NOTHING_BEFORE,
    NewOfMeeting,
    OfMeeting,
    Positioned,
    events_of,
    every_meeting,
    groups,
    news_since,
    whole_logs,
)
from projections.steps import STEPS_FROM, StepRow, as_states_alone, step_rows
from projections.tracking import (
    DamagedPosition,
    TrackingRows,
    checked_against_log,
    tracked_position,
)
from projections.view_tables import (
    CARRIED,
    INDEX_COLUMNS,
    STEP_COLUMNS,
    VIEW_COLUMNS,
    IndexEntry,
    MeetingViewTables,
    Rebuild,
    Row,
    open_view,
    state_row,
)

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
    steps_from: int = STEPS_FROM
    """Meetings with at least this many statements have their steps stored (`fold_steps`)."""

    @classmethod
    def of(cls, app: EventSourcedApp) -> Projector:
        """The projector of an application's own database."""
        return cls(app.recorder, app.mapper, open_view(app.factory))

    def position(self) -> int:
        return tracked_position(cast(TrackingRows, self.view), VIEW_NAME, "view")

    def catch_up(self, batch_size: int = BATCH_SIZE) -> int:
        """Apply every event recorded since the view's position; returns how many.

        One pass over the events recorded since, each meeting's together, its earlier events
        counted by the database (`meeting_log.news_since`): every new event is decoded once and
        a meeting's fold carried on through them, or the meeting folded whole from its log; the
        rows go in chunks of `batch_size` inside one transaction with the new position."""
        while True:
            position = self.position()
            upto = self.recorder.max_notification_id() or 0
            checked_against_log(position, upto, "view")
            if upto == position:
                return 0
            try:
                with self.view.updating(Tracking(VIEW_NAME, upto)) as update:
                    return self._project(position, upto, update, batch_size)
            except IntegrityError:
                if self.position() != position:
                    continue  # another projector or a rebuild got there first: from there on
                raise  # the failure is this write's own

    def catch_up_or_explain(self) -> str | None:
        """Bring the view up to date; if the database refuses (a full disk, a damaged view),
        say in one line that the view is behind instead of failing: the events are recorded."""
        try:
            self.catch_up()
        except DamagedPosition as error:
            return str(error)
        except PersistenceError as error:
            reason = " ".join(str(error).split())[:160]
            return f"the view is behind ({reason}), run `diplo project`"
        return None

    def rebuild(self) -> int:
        """Build the view again from nothing, in one transaction that a catch-up racing it
        waits for (then finds its position taken and starts again); returns how many events.
        The log is read once, each meeting's events together."""
        with self.view.rebuilding(VIEW_NAME) as rebuild:
            rebuild.position = self.recorder.max_notification_id() or 0
            return self._project(0, rebuild.position, rebuild, BATCH_SIZE)

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
        meeting's row, its statement index entries and its stored steps. Brings the view up to
        date first."""
        missing = self.view.missing_columns()
        if missing:
            return [f"view: {', '.join(missing)} is missing; run `diplo rebuild`"]
        try:
            self.catch_up()
        except DamagedPosition as error:
            return [f"view: {error}"]
        except PersistenceError as error:
            return [f"view: cannot be brought up to date ({error}); run `diplo rebuild`"]
        rows = {r["meeting_id"]: r for r in self.view.select_rows("SELECT * FROM meeting_view")}
        index: dict[str, set[IndexEntry]] = {}
        for r in self.view.select_rows("SELECT * FROM statement_index"):
            entry = cast(IndexEntry, tuple(r[c] for c in INDEX_COLUMNS))
            index.setdefault(entry[1], set()).add(entry)
        stepped_ids = {
            r["meeting_id"]
            for r in self.view.select_rows("SELECT DISTINCT meeting_id FROM fold_steps")
        }
        problems = []
        if self.view.damaged_marker is not None:
            problems.append(
                f"view: the tracking table is damaged ({self.view.damaged_marker}); "
                "run `diplo rebuild`"
            )
        for meeting_id in [only] if only else self._meeting_ids():
            expected, entries, stepped = self._fresh(meeting_id)
            if expected is None:
                continue
            slug = expected[1]
            stored = self._stored_steps(meeting_id, stepped_ids)
            # none at all is only slower (status and history fold), and steps stored by the
            # previous release (states alone) are right, history folds until the next rebuild
            if stored and stored not in (stepped, as_states_alone(stepped)):
                problems.append(f"view: the stored steps of '{slug}' differ from its events")
            stepped_ids.discard(str(meeting_id))
            actual = rows.pop(str(meeting_id), None)
            if actual is None:
                problems.append(f"view: meeting '{slug}' is missing from the view")
            elif tuple(actual[k] for k in VIEW_COLUMNS) != expected[: len(VIEW_COLUMNS)] or (
                actual.get(CARRIED) not in (None, expected[-1])  # none: the previous release's
            ):
                problems.append(f"view: the row of '{slug}' differs from its events")
            kept = index.pop(str(meeting_id), set())
            problems.extend(
                f"view: statement_index lacks '{e[0]}' of '{slug}'" for e in sorted(entries - kept)
            )
            problems.extend(
                f"view: statement_index has '{e[0]}' of '{slug}', which no event records"
                for e in sorted(kept - entries)
            )
        if only is None:
            problems.extend(
                f"view: '{row['slug']}' is in the view but has no events" for row in rows.values()
            )
            problems.extend(
                f"view: statement_index has '{e[0]}' of '{e[2]}', a meeting with no events"
                for e in sorted(e for kept in index.values() for e in kept)
            )
            problems.extend(
                f"view: fold_steps has steps of meeting {key}, which has no events"
                for key in sorted(stepped_ids)
            )
        return problems

    def meeting_events(
        self, meeting_id: UUID, stored: Sequence[StoredEvent] | None = None
    ) -> list[MeetingEvent]:
        """The meeting's events that apply cleanly (a damaged one is passed over, warned),
        from its `stored` rows if already read."""
        if stored is None:
            stored = self.recorder.select_events(meeting_id)
        return readable(self.decode(s) for s in stored)

    def events_of(self, meetings: Sequence[UUID]) -> Iterator[OfMeeting]:
        """Each of these meetings that has events, with its stored events and their positions,
        read many meetings to a statement."""
        return events_of(self.view, self.recorder, meetings)

    # Internals ----------------------------------------------------------------------------

    def _stored_steps(self, meeting_id: UUID, stepped_ids: set[str]) -> set[StepRow]:
        """A meeting's stored steps (read only if it has any: one meeting at a time)."""
        if str(meeting_id) not in stepped_ids:
            return set()
        found = self.view.select_rows(
            "SELECT * FROM fold_steps WHERE meeting_id = ?", (str(meeting_id),)
        )
        return {cast(StepRow, tuple(r[c] for c in STEP_COLUMNS)) for r in found}

    def _fresh(self, meeting_id: UUID) -> tuple[Row | None, set[IndexEntry], set[StepRow]]:
        """The meeting's view row, index entries and stored steps as a fresh fold of its
        events gives them."""
        events = self.meeting_events(meeting_id)
        row, entries, steps = _row_and_entries(meeting_id, events, None, self.steps_from)
        return row, set(entries), set(steps)

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

    def decode(self, stored: StoredEvent) -> MeetingEvent:
        """A stored event as the domain event it records (`UnreadableEvent` if it does not read)."""
        return cast(MeetingEvent, self.mapper.to_domain_event(stored))

    def _project(self, after: int, upto: int, writer: Rebuild, chunk: int) -> int:
        """Fold every meeting with events in (after, upto] and write its row and new index
        entries through `writer`, `chunk` rows at a time; returns how many events are new.
        From a position, only the new events are read: a meeting whose fold cannot be carried
        on through them (`carried_group`) has its whole log read then, with its group's."""
        rows: list[Row] = []
        index: list[IndexEntry] = []
        steps: list[StepRow] = []
        appended: set[str] = set()
        applied = 0
        for group in groups(self._news(after, upto)):
            meetings = [(m, stored, earlier) for m, stored, earlier in group if m is not None]
            applied += sum(len(stored) for _, stored, _ in group)  # (warned of, if not a UUID)
            carry = CarriedGroup({}, {})
            if after:
                carry = carried_group(meetings, writer, self.decode, self.steps_from)
            logs = self._whole_logs(meetings, carry, upto)
            for meeting, stored, earlier in meetings:
                row: Row | None
                if meeting in carry.carried:
                    row, entries, stepped = carry.carried[meeting]
                    appended.add(str(meeting))
                else:
                    decoded = carry.decoded.get(meeting, {})
                    log = logs.get(earlier.stored_id, stored)
                    events = readable(
                        decoded.get(s.originator_version) or self.decode(s) for s, _ in log
                    )
                    new = {s.originator_version for s, _ in stored}
                    row, entries, stepped = _row_and_entries(meeting, events, new, self.steps_from)
                if row is not None:
                    rows.append(row)
                    index.extend(entries)
                    steps.extend(stepped)
                if len(rows) + len(index) + len(steps) >= chunk:
                    writer.write(rows, index, steps, appended)
                    rows, index, steps = [], [], []
        writer.write(rows, index, steps, appended)
        return applied

    def _news(self, after: int, upto: int) -> Iterator[NewOfMeeting]:
        """Each meeting with events in (after, upto]: from the start, its whole log; else its
        new events, and its earlier ones counted."""
        if after:
            return news_since(self.view, self.recorder, after, upto, sorted(STATEMENT_TOPICS))
        whole = every_meeting(self.view, self.recorder, upto)
        return ((m, stored, NOTHING_BEFORE) for m, stored in whole)

    def _whole_logs(
        self, meetings: Sequence[NewOfMeeting], carry: CarriedGroup, upto: int
    ) -> dict[object, Positioned]:
        """The whole logs of the meetings that must be folded whole and had events before the
        catch-up's start, read at once (those without are whole already)."""
        ids = [
            earlier.stored_id
            for meeting, _, earlier in meetings
            if meeting not in carry.carried and earlier.last is not None
        ]
        return whole_logs(self.view, self.recorder, ids, upto) if ids else {}


def _row_and_entries(
    meeting_id: UUID, events: Sequence[MeetingEvent], new: set[int] | None, steps_from: int
) -> tuple[Row | None, list[IndexEntry], list[StepRow]]:
    """A meeting's view row from its readable events, the index entries of its statements
    (only those of the `new` versions, unless None) and, for a meeting of `steps_from`
    statements or more, its stored steps."""
    slug = slug_of(events)
    if slug is None:
        return None, [], []  # nothing readable about this meeting: no row
    recorded = [e for e in events if isinstance(e, StatementRecorded)]
    steps: list[StepRow] = []
    if len(recorded) >= steps_from:
        folded = fold(slug, events)
        state, steps = folded.state, step_rows(meeting_id, folded.history)
        statements, last = len(folded.history), folded.history[-1].entry
    else:
        state, ordered = live_state(slug, events)
        statements, last = len(ordered), ordered[-1]
    version = events[-1].originator_version
    row = state_row(state, meeting_id, version, carried_data(state, statements, last, version))
    entries = [
        (e.statement.id, str(meeting_id), slug, e.originator_version)
        for e in recorded
        if new is None or e.originator_version in new
    ]
    return row, entries, steps
