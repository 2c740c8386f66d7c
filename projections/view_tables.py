"""The view's two tables (`meeting_view`, `statement_index`) and their SQL, in the ledger's own
database, kept by a tracking recorder of the `eventsourcing` library.

Rows and the tracking position are written in one transaction. A rebuild is one transaction
too: it takes the tracking row first (so a catch-up racing it waits, then finds its position
taken and starts again), drops and recreates both tables whatever state they are in, writes
every row, and records its position: no reader or writer ever sees a partial view.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar, cast
from uuid import UUID

import orjson
from eventsourcing.persistence import InfrastructureFactory, PersistenceError, Tracking
from eventsourcing.sqlite import SQLiteFactory, SQLiteTrackingRecorder

from projections.fold import MeetingState
from projections.steps import StepRow
from projections.tracking import MARKER, NO_ROW, marker_problem
from projections.tracking_table import remake_unkeyed_tracking

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
CARRIED = "carried"
"""The view row's column with what carries the fold on (`projections.carry`): not shown, not
compared by verify when empty (as the previous release left it)."""
ROW_COLUMNS = (*VIEW_COLUMNS, CARRIED)
INDEX_COLUMNS = ("statement_id", "meeting_id", "slug", "version")
STEP_COLUMNS = ("meeting_id", "position", "said_by", "state")
VIEW_TABLES = {
    "meeting_view": "meeting_id TEXT PRIMARY KEY, slug TEXT NOT NULL UNIQUE, "
    "status TEXT NOT NULL, disputed INTEGER NOT NULL, stances TEXT NOT NULL, plan TEXT NOT NULL, "
    "first_said TEXT, latest_said TEXT, statement_count INTEGER NOT NULL, "
    "version INTEGER NOT NULL, carried TEXT",
    "statement_index": "statement_id TEXT NOT NULL, meeting_id TEXT NOT NULL, slug TEXT NOT NULL, "
    "version INTEGER NOT NULL, PRIMARY KEY (statement_id, meeting_id)",
    "fold_steps": "meeting_id TEXT NOT NULL, position INTEGER NOT NULL, said_by TEXT NOT NULL, "
    "state TEXT NOT NULL, PRIMARY KEY (meeting_id, position)",
}
"""`fold_steps`: each step of a big meeting's history, with the state after it
(`projections.steps`)."""
TABLE_COLUMNS = {
    "meeting_view": VIEW_COLUMNS,
    "statement_index": INDEX_COLUMNS,
    "fold_steps": STEP_COLUMNS,
}

EVENT_COLUMNS = "originator_id, originator_version, topic, state"
"""The stored events' columns the view reads (after their position in the log)."""
Row = tuple[Any, ...]
T = TypeVar("T")
_NO_TABLE = object()
"""The marker as read when there is no tracking table yet."""
IndexEntry = tuple[str, str, str, int]


class MeetingViewTables:
    """The view's SQL, shared by the SQLite and PostgreSQL recorders (placeholders differ)."""

    placeholder = "?"
    position_column = "rowid"
    """The stored events' column of their place in the log."""
    odd_version = "typeof(originator_version) <> 'integer'"
    """SQL true of a stored event whose version is not a whole number (SQLite: of any type)."""
    tracking_table = "tracking"
    datastore: Any
    keeps_carried = True
    """Whether `meeting_view` has its `carried` column (a view of the previous release that
    could not be given it, read-only or without the right, is written without it)."""

    damaged_marker: str | None = None
    """What is wrong with the library's marker row in the tracking table (None: nothing);
    `verify` reports it, `rebuild` mends it (`projections.tracking`)."""

    def create_table(self) -> None:
        """The library's tracking table, unless it is there with its marker row damaged:
        then it is left as it is (it is the table the marker stands for) and the damage is
        noted, where the library would "migrate" it on every start and fail."""
        marker = self._marker()
        self.damaged_marker = None if marker is _NO_TABLE else marker_problem(marker)
        if self.damaged_marker is None:
            super().create_table()  # type: ignore[misc]

    def _marker(self) -> object:
        query = f"SELECT notification_id FROM {self.tracking_table} WHERE application_name = ?"
        try:
            with self._transaction(commit=False) as cursor:
                cursor.execute(self._sql(query), (MARKER,))
                row = cursor.fetchone()
        except PersistenceError:
            return _NO_TABLE  # not made yet (or not readable: the library says why)
        return NO_ROW if row is None else row["notification_id"]

    def _sql(self, statement: str) -> str:
        return statement.replace("?", self.placeholder)

    def _transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        return cast(AbstractContextManager[Any], self.datastore.transaction(commit=commit))

    def create_view_tables(self) -> None:
        with self._transaction(commit=True) as cursor:
            for table, columns in VIEW_TABLES.items():
                cursor.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns})")
        self.keeps_carried = self._readable("meeting_view", [CARRIED])
        if not self.keeps_carried and self._readable("meeting_view", VIEW_COLUMNS):
            # a view of the previous release: its rows are carried from their next fold on
            try:
                with self._transaction(commit=True) as cursor:
                    cursor.execute(f"ALTER TABLE meeting_view ADD COLUMN {CARRIED} TEXT")
            except PersistenceError:
                pass  # read-only, no right to, or another process has just added it
            self.keeps_carried = self._readable("meeting_view", [CARRIED])

    def write_states(
        self, rows: Sequence[Row], index: Sequence[IndexEntry], tracking: Tracking
    ) -> None:
        """Upsert meeting rows and the statement index, and record the position: one transaction."""
        with self.updating(tracking) as update:
            update.write(rows, index)

    @contextmanager
    def updating(self, tracking: Tracking) -> Iterator[Rebuild]:
        """One transaction that records the new position first (a racing projector fails here,
        early) and takes the rows written, in chunks, through the `Rebuild` it yields."""
        with self._transaction(commit=True) as cursor:
            self._insert_tracking(cursor, tracking)  # type: ignore[attr-defined]
            yield Rebuild(self, cursor)

    def _write(
        self,
        cursor: Any,
        rows: Sequence[Row],
        index: Sequence[IndexEntry],
        steps: Sequence[StepRow] = (),
        appended: Collection[str] = (),
    ) -> None:
        kept = ROW_COLUMNS if self.keeps_carried else VIEW_COLUMNS
        if not self.keeps_carried:
            rows = [row[: len(VIEW_COLUMNS)] for row in rows]
        columns = ", ".join(kept)
        marks = ", ".join("?" for _ in kept)
        updates = ", ".join(f"{c} = excluded.{c}" for c in kept[1:])
        upsert = f"INSERT INTO meeting_view ({columns}) VALUES ({marks}) "
        upsert += f"ON CONFLICT (meeting_id) DO UPDATE SET {updates}"
        if rows:
            cursor.executemany(self._sql(upsert), rows)
        if index:
            cursor.executemany(
                self._sql(
                    "INSERT INTO statement_index VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (statement_id, meeting_id) DO NOTHING"
                ),
                index,
            )
        self._write_steps(cursor, rows, steps, appended)

    def _write_steps(
        self, cursor: Any, rows: Sequence[Row], steps: Sequence[StepRow], appended: Collection[str]
    ) -> None:
        """Replace the stored steps of the meetings whose rows are written, except those of
        `appended` meetings, whose new steps follow their stored ones (only meetings that have
        stored steps are looked at: usually none, or a few big ones)."""
        if rows:
            cursor.execute("SELECT DISTINCT meeting_id FROM fold_steps")
            stored = {found["meeting_id"] for found in cursor.fetchall()}
            if stored:
                stale = [(r[0],) for r in rows if r[0] in stored and r[0] not in appended]
                cursor.executemany(self._sql("DELETE FROM fold_steps WHERE meeting_id = ?"), stale)
        if steps:
            cursor.executemany(self._sql("INSERT INTO fold_steps VALUES (?, ?, ?, ?)"), steps)

    def events_table(self, recorder: Any) -> str:
        """The name the view's SQL gives the application's stored events table."""
        return str(recorder.events_table_name)

    def events_by_meeting(self, table: str, upto: int) -> tuple[str, tuple[int, ...]]:
        """The query of every stored event (position, id, version, topic, state) up to `upto`,
        each meeting's together in version order: one pass over the log gives every meeting its
        whole history once (a rebuild; a catch-up reads `meeting_log.news_since`)."""
        at = self.position_column
        query = f"SELECT {at} AS position, {EVENT_COLUMNS} FROM {table} WHERE {at} <= ? "
        return self._sql(query + "ORDER BY originator_id, originator_version"), (upto,)

    def events_of_meetings(
        self, table: str, ids: Sequence[object]
    ) -> tuple[str, tuple[object, ...]]:
        """The query of every stored event (as `events_by_meeting` gives them) of the meetings
        with these stored ids (`stored_id`), each meeting's together in version order."""
        marks = ", ".join("?" for _ in ids)
        query = (
            f"SELECT {self.position_column} AS position, {EVENT_COLUMNS} FROM {table} "
            f"WHERE originator_id IN ({marks}) "
            "ORDER BY originator_id, originator_version"
        )
        return self._sql(query), tuple(ids)

    def stored_id(self, meeting: UUID) -> object:
        """A meeting's id as the stored events table holds it (SQLite: as hex text)."""
        return meeting.hex

    @contextmanager
    def rebuilding(self, application_name: str) -> Iterator[Rebuild]:
        """One transaction that forgets the position, recreates both tables from nothing, and
        takes the rows and the new position written through the `Rebuild` it yields."""
        with self._transaction(commit=True) as cursor:
            cursor.execute(  # a write first: the transaction takes the write lock at once
                self._sql(f"DELETE FROM {self.tracking_table} WHERE application_name IN (?, ?)"),
                (application_name, MARKER),
            )
            remake_unkeyed_tracking(self, cursor)
            self._insert_tracking(cursor, Tracking(MARKER, 1))  # type: ignore[attr-defined]
            self.damaged_marker = None
            for table, columns in VIEW_TABLES.items():
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
                cursor.execute(f"CREATE TABLE {table} ({columns})")
            self.keeps_carried = True
            rebuild = Rebuild(self, cursor)
            yield rebuild
            if rebuild.position:
                self._insert_tracking(  # type: ignore[attr-defined]
                    cursor, Tracking(application_name, rebuild.position)
                )

    def position_is_null(self, application_name: str) -> bool:
        """Whether the tracking row is there with no position in it (damaged: the library
        reads it as no row, then cannot insert one)."""
        query = f"SELECT 1 FROM {self.tracking_table} WHERE application_name = ?"
        with self._transaction(commit=False) as cursor:
            cursor.execute(self._sql(query + " AND notification_id IS NULL"), (application_name,))
            return cursor.fetchone() is not None

    def missing_columns(self) -> list[str]:
        """Each view column that cannot be read, as 'table.column' (all of a missing table's)."""
        missing: list[str] = []
        for table, expected in TABLE_COLUMNS.items():
            if not self._readable(table, expected):
                missing.extend(
                    f"{table}.{column}"
                    for column in expected
                    if not self._readable(table, [column])
                )
        return missing

    def _readable(self, table: str, columns: Sequence[str]) -> bool:
        try:
            with self._transaction(commit=False) as cursor:
                cursor.execute(f"SELECT {', '.join(columns)} FROM {table} LIMIT 0")
        except PersistenceError:
            return False
        return True

    def select_rows(self, statement: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self._transaction(commit=False) as cursor:
            cursor.execute(self._sql(statement), params)
            return [dict(row) for row in cursor.fetchall()]


class Rebuild:
    """Writes of one rebuild or update, inside its transaction."""

    def __init__(self, tables: MeetingViewTables, cursor: Any) -> None:
        self.tables = tables
        self.cursor = cursor
        self.position = 0
        """The rebuild's new position (set by its writer; 0 records none)."""

    def write(
        self,
        rows: Sequence[Row],
        index: Sequence[IndexEntry],
        steps: Sequence[StepRow] = (),
        appended: Collection[str] = (),
    ) -> None:
        """Write rows, index entries and stored steps: the stored steps of each meeting whose
        row is written are replaced, unless it is in `appended` (its steps follow them)."""
        self.tables._write(self.cursor, rows, index, steps, appended)

    def kept(self, meeting_ids: Sequence[str], statement_ids: Sequence[str]) -> Kept:
        """What the view holds of these meetings for carrying their folds on, read in a few
        statements whatever their number: each one's slug and `carried` (if its row has one),
        the position of its last stored step (if any), and which of these statements the index
        has on them."""
        kept = Kept({}, {}, set())
        for chunk in in_chunks(meeting_ids):
            marks = ", ".join("?" for _ in chunk)
            if self.tables.keeps_carried:
                for found in self._select(
                    f"SELECT meeting_id, slug, {CARRIED} FROM meeting_view "
                    f"WHERE meeting_id IN ({marks}) AND {CARRIED} IS NOT NULL",
                    chunk,
                ):
                    kept.carried[found["meeting_id"]] = (str(found["slug"]), str(found[CARRIED]))
            for found in self._select(
                "SELECT meeting_id, max(position) AS last FROM fold_steps "
                f"WHERE meeting_id IN ({marks}) GROUP BY meeting_id",
                chunk,
            ):
                kept.last_steps[found["meeting_id"]] = int(found["last"])
        for chunk in in_chunks(statement_ids):
            marks = ", ".join("?" for _ in chunk)
            kept.indexed.update(
                (found["meeting_id"], found["statement_id"])
                for found in self._select(
                    "SELECT meeting_id, statement_id FROM statement_index "
                    f"WHERE statement_id IN ({marks})",
                    chunk,
                )
            )
        return kept

    def _select(self, query: str, params: Sequence[str]) -> list[Any]:
        self.cursor.execute(self.tables._sql(query), tuple(params))
        return list(self.cursor.fetchall())


@dataclass
class Kept:
    """What the view holds of some meetings for carrying their folds on (`Rebuild.kept`), by
    meeting id as the view writes it."""

    carried: dict[str, tuple[str, str]]
    """Each meeting's slug and its row's `carried`, for those that have one."""
    last_steps: dict[str, int]
    """The position of each meeting's last stored step, for those that have steps."""
    indexed: set[tuple[str, str]]
    """(meeting id, statement id) of the statements asked about that the index has."""


IN_CHUNK = 500
"""Ids given to one `IN (...)` list of the view's reads (well under any backend's parameter
limit)."""


def in_chunks(ids: Sequence[T]) -> Iterator[Sequence[T]]:
    """The ids, `IN_CHUNK` at a time."""
    for start in range(0, len(ids), IN_CHUNK):
        yield ids[start : start + IN_CHUNK]


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


def state_row(state: MeetingState, meeting_id: UUID, version: int, carried: str) -> Row:
    """A meeting's view row: its state, its last event's version and what carries it on."""
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
        carried,
    )
