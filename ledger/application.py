"""The ledger application: one method per use case (record, correct), returning ids.

Library errors are translated here into `InputRejected` (bad input, named by place and field)
and `StorageError` (the database), so the CLI never shows a traceback for a user's mistake.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.application import Application
from eventsourcing.persistence import (
    IntegrityError,
    Mapper,
    PersistenceError,
    RecordConflictError,
)
from pydantic import ValidationError

from ledger.domain import Meeting, MeetingEvent, StatementRejected, meeting_id, replay
from ledger.people import People
from ledger.persistence import Database, OrjsonTranscoder, PydanticMapper, insert_atomically
from ledger.statement import FieldError, StatementInput, record_statement

MAX_CONFLICT_RETRIES = 200
MAX_MEETING_LOCKS = 32


class InputRejected(Exception):
    """A statement or correction that cannot be recorded; nothing was written."""

    def __init__(self, where: str, field_name: str, message: str) -> None:
        super().__init__(
            f"{where}: {field_name}: {message}" if field_name else f"{where}: {message}"
        )
        self.where = where
        self.field = field_name
        self.message = message


class StorageError(Exception):
    """The database could not be used."""


@dataclass(frozen=True)
class Located:
    """A statement as given, and where it was given (file and position)."""

    where: str
    statement: StatementInput


@dataclass
class RecordResult:
    """Ids of the statements newly recorded, and of those already in the ledger."""

    new: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)


class Ledger(Application[UUID]):
    """The ledger of record: statements about planned meetings, as events per meeting."""

    name = "ledger"

    def __init__(
        self,
        database: Database,
        people: People | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.database = database
        self.people = people or People()
        self.today = today
        self._meetings: dict[str, Meeting] = {}
        self._lock_connection: psycopg.Connection[Any] | None = None
        with _setup_lock(database):
            try:
                super().__init__(env=database.env)
            except PersistenceError as error:
                raise StorageError(f"cannot open {database.display}: {error}") from None

    def construct_mapper(self) -> Mapper[UUID]:
        return PydanticMapper(transcoder=OrjsonTranscoder())

    # Use cases ----------------------------------------------------------------------------

    def record(
        self, items: Sequence[Located], progress: Callable[[int], None] | None = None
    ) -> RecordResult:
        """Record statements, all or nothing; ids already present are reported, not repeated.

        `progress`, if given, is called with 1 for each statement decided.
        """
        with self._meeting_locks({item.statement.meeting for item in items}):
            for attempt in range(MAX_CONFLICT_RETRIES):
                result, meetings = self._decide(items, progress)
                try:
                    self._save_meetings(meetings)
                except RecordConflictError:
                    _back_off(attempt)  # another writer got there first: load, decide again
                    continue
                return result
        raise StorageError("too many concurrent writers to the same meeting")

    def correct(self, slug: str, statement_id: str, changes: dict[str, Any], reason: str) -> str:
        """Append an erratum to a recorded statement; returns the statement's id."""
        where = f"correction of {statement_id}"
        with self._meeting_locks({slug}):
            return self._correct(slug, statement_id, changes, reason, where)

    def _correct(
        self, slug: str, statement_id: str, changes: dict[str, Any], reason: str, where: str
    ) -> str:
        for attempt in range(MAX_CONFLICT_RETRIES):
            meeting = self._load(slug)
            if meeting.version == 0:
                raise InputRejected(where, "meeting", f"no meeting '{slug}' in the ledger")
            people_changes = self._canonical_changes(changes)
            try:
                meeting.correct(statement_id, people_changes, reason, self.today())
            except ValidationError as error:
                raise rejected_by_validation(where, error) from None
            except FieldError as error:
                raise InputRejected(where, error.field, error.message) from None
            try:
                self._save_meetings([meeting])
            except RecordConflictError:
                _back_off(attempt)
                continue
            return statement_id
        raise StorageError("too many concurrent writers to the same meeting")

    def disconnect(self) -> None:
        """Release every database connection this ledger holds."""
        if self._lock_connection is not None:
            self._lock_connection.close()
            self._lock_connection = None
        self.close()

    # Queries for the write side -----------------------------------------------------------

    def meeting(self, slug: str) -> Meeting | None:
        """The meeting as recorded so far, or None if it has no statement yet."""
        events = self.meeting_events(slug)
        return replay(slug, events) if events else None

    def meeting_events(self, slug: str) -> list[MeetingEvent]:
        with self._storage():
            return list(self.events.get(meeting_id(slug)))  # type: ignore[arg-type]

    # Internals ----------------------------------------------------------------------------

    def _decide(
        self, items: Sequence[Located], progress: Callable[[int], None] | None = None
    ) -> tuple[RecordResult, list[Meeting]]:
        result = RecordResult()
        meetings: dict[str, Meeting] = {}
        for item in items:
            given = item.statement
            meeting = meetings.get(given.meeting)
            if meeting is None:
                meeting = meetings[given.meeting] = self._load(given.meeting)
            try:
                statement = record_statement(
                    given,
                    self.people.canonical(given.speaker),
                    self.people.canonical_names(given.participants),
                )
                is_new = meeting.record(statement, self.today())
            except ValidationError as error:
                raise rejected_by_validation(item.where, error) from None
            except FieldError as error:
                raise InputRejected(item.where, error.field, error.message) from None
            (result.new if is_new else result.present).append(statement.id)
            if progress is not None:
                progress(1)
        return result, list(meetings.values())

    @contextmanager
    def _meeting_locks(self, slugs: set[str]) -> Iterator[None]:
        """On PostgreSQL, writers to the same few meetings take turns (advisory locks), so
        they do not clash over and over; a clash that still happens is retried. Imports
        touching many meetings rely on the retries alone: PostgreSQL's lock table is small."""
        if not self.database.is_postgres or len(slugs) > MAX_MEETING_LOCKS:
            yield
            return
        if self._lock_connection is None:
            self._lock_connection = _connect_postgres(self.database)
        keys = sorted(
            int.from_bytes(meeting_id(slug).bytes[:8], "big", signed=True) for slug in slugs
        )
        connection = self._lock_connection
        try:
            for key in keys:
                connection.execute("SELECT pg_advisory_lock(%s)", (key,))
            yield
        finally:
            for key in keys:
                connection.execute("SELECT pg_advisory_unlock(%s)", (key,))

    def _load(self, slug: str) -> Meeting:
        """The meeting brought up to date: the cached copy fast-forwarded, or replayed.

        The copy is taken out of the cache while a command works on it, and put back only
        once its new events are saved, so a refused or failed command leaves no trace.
        """
        meeting = self._meetings.pop(slug, None) or Meeting(slug)
        with self._storage():
            for event in self.events.get(meeting.id, gt=meeting.version or None):
                meeting.apply(event)  # type: ignore[arg-type]
        return meeting

    def _save_meetings(self, meetings: Sequence[Meeting]) -> None:
        """Write every new event of these meetings in one transaction."""
        stored = [
            self.mapper.to_stored_event(event)
            for meeting in meetings
            for event in meeting.collect_events()
        ]
        with self._storage():
            insert_atomically(self.recorder, stored)
        for meeting in meetings:
            self._meetings[meeting.slug] = meeting

    def _canonical_changes(self, changes: dict[str, Any]) -> dict[str, Any]:
        fixed = dict(changes)
        if isinstance(fixed.get("speaker"), str):
            fixed["speaker"] = self.people.canonical(fixed["speaker"])
        if isinstance(fixed.get("participants"), list | tuple):
            fixed["participants"] = list(self.people.canonical_names(fixed["participants"]) or ())
        return fixed

    @contextmanager
    def _storage(self) -> Iterator[None]:
        try:
            yield
        except (IntegrityError, RecordConflictError):
            raise
        except PersistenceError as error:
            raise StorageError(f"{self.database.display}: {error}") from None


SETUP_LOCK_KEY = 7_402_118_003
"""PostgreSQL advisory lock held while a process creates the tables: concurrent first uses of
a new database would otherwise race in CREATE TABLE IF NOT EXISTS."""


@contextmanager
def _setup_lock(database: Database) -> Iterator[None]:
    """On PostgreSQL: connect once (reporting a wrong host, database or password plainly and at
    once) and hold the set-up lock while the tables are made. On SQLite: nothing."""
    if not database.is_postgres:
        yield
        return
    connection = _connect_postgres(database)
    try:
        connection.execute("SELECT pg_advisory_lock(%s)", (SETUP_LOCK_KEY,))
        yield
    finally:
        connection.close()


def _connect_postgres(database: Database) -> psycopg.Connection[Any]:
    env = database.env
    password = env["POSTGRES_PASSWORD"]
    try:
        connection = psycopg.connect(
            host=env["POSTGRES_HOST"],
            port=env["POSTGRES_PORT"],
            user=env["POSTGRES_USER"],
            password=password,
            dbname=env["POSTGRES_DBNAME"],
            connect_timeout=5,
        )
    except psycopg.Error as error:
        reason = " ".join(str(error).split())
        if password:
            reason = reason.replace(password, "***")
        raise StorageError(f"cannot open {database.display}: {reason}") from None
    connection.autocommit = True
    return connection


@dataclass
class CopyResult:
    copied: int = 0
    already_present: int = 0


COPY_BATCH = 5_000


def copy_ledger(source: Ledger, target: Ledger, batch_size: int = COPY_BATCH) -> CopyResult:
    """Copy every stored event from one ledger to another, byte for byte, in recorded order.

    Ids, versions, timestamps, hashes and errata travel as stored. An event the target already
    has (same meeting and version) is skipped, so copying twice copies nothing new.
    """
    result = CopyResult()
    known_versions: dict[UUID, int] = {}
    position = 0
    while True:
        try:
            notifications = source.recorder.select_notifications(
                start=position, limit=batch_size, inclusive_of_start=False
            )
        except PersistenceError as error:
            raise StorageError(f"{source.database.display}: {error}") from None
        if not notifications:
            return result
        fresh = []
        for notification in notifications:
            meeting = UUID(str(notification.originator_id))
            if meeting not in known_versions:
                latest = target.recorder.select_events(meeting, desc=True, limit=1)
                known_versions[meeting] = latest[0].originator_version if latest else 0
            if notification.originator_version <= known_versions[meeting]:
                result.already_present += 1
                continue
            known_versions[meeting] = notification.originator_version
            fresh.append(notification)
        if fresh:
            with target._storage():
                insert_atomically(target.recorder, fresh)
            result.copied += len(fresh)
        position = notifications[-1].id


def _back_off(attempt: int) -> None:
    """A short random pause before retrying a clash, longer as clashes repeat (50 ms at most)."""
    time.sleep(random.uniform(0, min(0.05, 0.001 * 2 ** min(attempt, 6))))


def rejected_by_validation(where: str, error: ValidationError) -> InputRejected:
    """The first problem Pydantic found, as a one-line rejection naming the field."""
    first = error.errors()[0]
    loc = ".".join(str(part) for part in first["loc"]) or "statement"
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "missing":
        message = "required field is missing"
    elif first["type"] == "extra_forbidden":
        message = "unknown field"
    return InputRejected(where, loc, message)


__all__ = [
    "InputRejected",
    "Ledger",
    "Located",
    "RecordResult",
    "StatementRejected",
    "StorageError",
]
