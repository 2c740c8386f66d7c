"""One exclusive write transaction on the ledger's events, through the library's recorder.

A command reads the meetings it changes and writes their new events inside one transaction that
holds the events table's write lock from the start: no other writer can slip an event in between
the read and the write (so no version clash), and a file of any size is all or nothing. Events go
to the database in batches inside the transaction, so memory stays bounded however long the
input; reads inside the transaction see the batches already sent.

SQLite: `BEGIN IMMEDIATE` on one of the library's pooled connections (other writers wait, up to
the lock timeout). PostgreSQL: the library's own `LOCK TABLE ... IN EXCLUSIVE MODE` (readers go
on reading).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import (
    ApplicationRecorder,
    IntegrityError,
    OperationalError,
    StoredEvent,
)
from eventsourcing.sqlite import SQLiteApplicationRecorder

from ledger.events import state_as_read
from ledger.summary_store import (
    POSTGRES_SCHEMA,
    SELECT_ROW,
    SELECT_ROWS,
    SQLITE_SCHEMA,
    UPSERT,
    statement,
)

if TYPE_CHECKING:  # imported for real only when PostgreSQL is used
    from eventsourcing.postgres import PostgresApplicationRecorder

FLUSH_EVERY = 5_000
"""Events buffered before they are sent to the database, inside the same transaction (on
PostgreSQL one statement of 20,000 events has hung inside the driver's pipeline)."""


MANY = 300
"""Meetings read in one statement by `events_from` and `summary_rows` (900 values at most:
under the 999 that SQLite before 3.32 takes)."""
COLUMNS = "originator_id, originator_version, topic, state"
"""The stored events' columns a write gives (the notification id is the table's own)."""


class WriteTransaction:
    """`with WriteTransaction(recorder) as tx:` read with `tx.events_of`, write with `tx.add`."""

    def __init__(self, recorder: ApplicationRecorder, *, commit: bool = True) -> None:
        self.recorder = recorder
        self.commit = commit
        """False: everything written is rolled back at the end (a dry run)."""
        self.is_postgres = not isinstance(recorder, SQLiteApplicationRecorder)
        self._pending: list[StoredEvent] = []
        self._pending_of: set[UUID | str] = set()
        self.added = 0
        """How many events this transaction has been given to write."""
        self._stack = ExitStack()
        self._cursor: Any = None
        self._connection: Any = None
        self._summaries_ready = False

    def __enter__(self) -> WriteTransaction:
        try:
            if self.is_postgres:
                recorder = self._postgres
                self._cursor = self._stack.enter_context(
                    recorder.datastore.transaction(commit=self.commit)
                )
                recorder._lock_table(self._cursor)
            else:
                datastore = self._sqlite.datastore
                self._connection = self._stack.enter_context(datastore.get_connection(commit=True))
                self._cursor = self._connection.cursor()
                self._sqlite_call(self._cursor.execute, "BEGIN IMMEDIATE")
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            if error is None:
                self.flush()
            if not self.is_postgres:
                self._finish_sqlite(commit=error is None and self.commit)
        except BaseException as failure:
            if not self._stack.__exit__(type(failure), failure, failure.__traceback__):
                raise
            return
        self._stack.__exit__(kind, error, trace)

    @contextmanager
    def undone_if_failing(self) -> Iterator[None]:
        """What the block writes is undone if it fails, and the transaction goes on (a
        savepoint)."""
        self.flush()
        self._run("SAVEPOINT undone_if_failing", ())
        ready = self._summaries_ready  # (a summaries table made in the block is undone too)
        try:
            yield
            self.flush()
        except BaseException:
            self._pending.clear()
            self._pending_of.clear()
            self._run("ROLLBACK TO SAVEPOINT undone_if_failing", ())
            self._summaries_ready = ready
            raise
        self._run("RELEASE SAVEPOINT undone_if_failing", ())

    def events_of(self, meeting: UUID, after_version: int = 0) -> list[StoredEvent]:
        """A meeting's stored events after a version, including this transaction's own."""
        if meeting in self._pending_of:
            self.flush()
        if self.is_postgres:
            from psycopg.sql import SQL

            query = self._postgres.select_events_statement + SQL(
                " AND originator_version > %s ORDER BY originator_version"
            )
            self._cursor.execute(query, (meeting, after_version))
        else:
            text = self._sqlite.select_events_statement
            text += "AND originator_version > ? ORDER BY originator_version"
            self._sqlite_call(self._cursor.execute, text, (meeting.hex, after_version))
        return [
            StoredEvent(
                originator_id=meeting,
                originator_version=row["originator_version"],
                topic=row["topic"],
                state=state_as_read(row["state"]),
            )
            for row in self._cursor.fetchall()
        ]

    def events_from(self, versions: Mapping[UUID, int], most: int) -> dict[UUID, list[StoredEvent]]:
        """The stored events of many meetings, each from a version on (`versions`) and at most
        `most` + 1 of them (more than `most` says there are more), this transaction's own
        included: one statement for all of them, not one a meeting."""
        if any(meeting in self._pending_of for meeting in versions):
            self.flush()
        found: dict[UUID, list[StoredEvent]] = {meeting: [] for meeting in versions}
        wanted = list(versions.items())
        for start in range(0, len(wanted), MANY):
            chunk = wanted[start : start + MANY]
            by_id = {self._stored_id(meeting): meeting for meeting, _ in chunk}
            values = [(self._stored_id(m), version, version + most) for m, version in chunk]
            self._run(self._events_from_statement(len(chunk)), [v for row in values for v in row])
            for row in self._cursor.fetchall():
                found[by_id[row["originator_id"]]].append(
                    StoredEvent(
                        originator_id=by_id[row["originator_id"]],
                        originator_version=row["originator_version"],
                        topic=row["topic"],
                        state=state_as_read(row["state"]),
                    )
                )
        return found

    def _events_from_statement(self, meetings: int) -> Any:
        text = (
            f"SELECT e.originator_id, e.originator_version, e.topic, e.state FROM {{}} AS e "
            f"JOIN (VALUES {', '.join('(%s, %s, %s)' for _ in range(meetings))}) AS w "
            "ON e.originator_id = w.column1 "
            "AND e.originator_version BETWEEN w.column2 AND w.column3 "
            "ORDER BY e.originator_id, e.originator_version"
        )
        if not self.is_postgres:
            return text.format(self._sqlite.events_table_name).replace("%s", "?")
        from psycopg.sql import SQL, Identifier

        recorder = self._postgres
        table = SQL("{}.{}").format(
            Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name)
        )
        return SQL(text).format(table)

    def _stored_id(self, meeting: UUID) -> object:
        """A meeting's id as the events table holds it (SQLite: as hex text)."""
        return meeting if self.is_postgres else meeting.hex

    def summary_rows(self, meetings: Sequence[UUID]) -> dict[UUID, tuple[int, object]]:
        """The stored summaries of many meetings (those that have one), as `summary_row`."""
        found: dict[UUID, tuple[int, object]] = {}
        for start in range(0, len(meetings), MANY):
            by_hex = {meeting.hex: meeting for meeting in meetings[start : start + MANY]}
            marks = ", ".join("%s" for _ in by_hex)
            self._on_summaries(f"{SELECT_ROWS} ({marks})", list(by_hex))
            for row in self._cursor.fetchall():
                meeting = by_hex[row["originator_id"]]
                found[meeting] = (row["originator_version"], row["summary"])
        return found

    def summary_row(self, meeting: UUID) -> tuple[int, object] | None:
        """A meeting's stored summary (`ledger.summary_store`): its version and JSON."""
        self._on_summaries(SELECT_ROW, (meeting.hex,))
        row = self._cursor.fetchone()
        return None if row is None else (row["originator_version"], row["summary"])

    def put_summaries(self, rows: Sequence[tuple[UUID, int, bytes]]) -> None:
        """Store meetings' summaries (each replacing the one before), in this transaction."""
        if rows:
            values = [(meeting.hex, version, blob) for meeting, version, blob in rows]
            self._on_summaries(UPSERT, values, many=True)

    def forget_summaries(self) -> None:
        """Drop the stored summaries' table (a cache: the next import makes it again and
        writes them), so that a table whose shape was damaged is made anew too."""
        schema = self._postgres.datastore.schema if self.is_postgres else None
        self._run(statement("DROP TABLE IF EXISTS {}", schema), ())
        self._summaries_ready = False

    def _on_summaries(self, text: str, values: Any, *, many: bool = False) -> None:
        """Run a statement on the summaries table (made in this transaction if need be)."""
        schema = self._postgres.datastore.schema if self.is_postgres else None
        if not self._summaries_ready:
            table = POSTGRES_SCHEMA if self.is_postgres else SQLITE_SCHEMA
            self._run(statement(table, schema), ())
            self._summaries_ready = True
        self._run(statement(text, schema), values, many=many)

    def _run(self, query: Any, values: Any, *, many: bool = False) -> None:
        call = self._cursor.executemany if many else self._cursor.execute
        if self.is_postgres:
            call(query, values)
        else:
            self._sqlite_call(call, query, values)

    def add(self, stored: Sequence[StoredEvent]) -> None:
        self._pending.extend(stored)
        self._pending_of.update(event.originator_id for event in stored)
        self.added += len(stored)
        if len(self._pending) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        self._pending_of.clear()
        if self.is_postgres:
            self._copy_to_postgres(batch)
            return
        rows = [(_hex(e.originator_id), e.originator_version, e.topic, e.state) for e in batch]
        self._sqlite_call(self._cursor.executemany, self._sqlite.insert_events_statement, rows)

    def _copy_to_postgres(self, batch: Sequence[StoredEvent]) -> None:
        """Send events by one binary COPY (the table is already locked by this transaction;
        followers are told, as the library's own insert tells them)."""
        from psycopg.sql import SQL, Identifier

        recorder = self._postgres
        recorder._notify_channel(self._cursor)
        table = SQL("{}.{}").format(
            Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name)
        )
        copy_in = SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)").format(table, SQL(COLUMNS))
        with self._cursor.copy(copy_in) as copy:
            copy.set_types([recorder.datastore.originator_id_type, "int8", "text", "bytea"])
            for event in batch:
                copy.write_row(
                    (event.originator_id, event.originator_version, event.topic, event.state)
                )

    @property
    def _postgres(self) -> PostgresApplicationRecorder:
        from eventsourcing.postgres import PostgresApplicationRecorder

        assert isinstance(self.recorder, PostgresApplicationRecorder)
        return self.recorder

    @property
    def _sqlite(self) -> SQLiteApplicationRecorder:
        assert isinstance(self.recorder, SQLiteApplicationRecorder)
        return self.recorder

    def _finish_sqlite(self, *, commit: bool) -> None:
        if commit:
            self._sqlite_call(self._connection.commit)
        else:
            self._connection.rollback()

    @staticmethod
    def _sqlite_call(function: Any, *args: Any) -> Any:
        """Call into sqlite3, with its errors as the library's persistence errors."""
        try:
            return function(*args)
        except sqlite3.IntegrityError as error:
            raise IntegrityError(error) from error
        except sqlite3.Error as error:
            raise OperationalError(error) from error


def _hex(value: UUID | str) -> str:
    return value.hex if isinstance(value, UUID) else value
