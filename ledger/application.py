"""The ledger application: one method per use case (record, correct; cite, withdraw and move
in ledger/errata.py), returning ids.

Library errors are translated here into `InputRejected` (bad input, named by place and field)
and `StorageError` (the database), so the CLI never shows a traceback for a user's mistake.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import datetime_now_with_tzinfo
from eventsourcing.persistence import (
    Mapper,
    PersistenceError,
    RecordConflictError,
)
from pydantic import ValidationError

from ledger.clashes import clash
from ledger.errata import ErrataCases
from ledger.events import MeetingEvent, meeting_id
from ledger.meeting import Meeting, StatementRejected
from ledger.people import People
from ledger.results import InputRejected as InputRejected
from ledger.results import Located as Located
from ledger.results import RecordResult as RecordResult
from ledger.results import StorageError as StorageError
from ledger.statement import FieldError, Statement, StatementInput, record_statement
from ledger.storage import (
    CannotConnect,
    Database,
    OrjsonTranscoder,
    PydanticMapper,
    connect_postgres,
)
from ledger.suggestions import validation_problems
from ledger.work import PREFETCH, Summaries, Work
from ledger.writer import WriteTransaction


class Ledger(ErrataCases, Application[UUID]):
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
        self._summaries = Summaries()
        self._view_followers: list[Callable[[int], object]] = []
        try:
            with _setup_lock(database):
                super().__init__(env=database.env)
        except PersistenceError as error:
            database.settle(opened=False)
            raise StorageError(f"cannot open {database.display}: {error}") from None
        except BaseException:
            database.settle(opened=False)
            raise

    def close(self) -> None:
        """Close the database's connections; a ledger being started is then moved into place,
        or removed if nothing was recorded in it (`Database.settle`)."""
        super().close()
        self.database.settle()

    def construct_mapper(self) -> Mapper[UUID]:
        return PydanticMapper(transcoder=OrjsonTranscoder())

    @property
    def projects_after_write(self) -> bool:
        """The projection policy: on SQLite the writing process brings the view up to date
        after each write; on PostgreSQL the view is left to `diplo project --follow`."""
        return not self.database.is_postgres

    def follow_writes(self, catch_up: Callable[[int], object]) -> None:
        """Register the read side's catch-up, called with the number of events committed after
        each committed write where the projection policy says so (see `projects_after_write`)."""
        self._view_followers.append(catch_up)

    # Use cases ----------------------------------------------------------------------------

    def record(
        self,
        items: Iterable[Located],
        progress: Callable[[int], None] | None = None,
        *,
        keep_ids: bool = True,
    ) -> RecordResult:
        """Record statements, all or nothing; ids already present are reported, not repeated.

        `items` may be a stream: statements are decided and written batch by batch inside one
        transaction, so memory stays bounded (pass `keep_ids=False` for a long stream: the
        result then only counts). `progress`, if given, is called with 1 for each statement.
        """
        result = RecordResult(keep_ids=keep_ids)
        with self._writing() as work:
            self._record_all(work, items, result, progress)
        return result

    def refusals(self, files: Iterable[tuple[str, Iterable[Located]]]) -> dict[str, InputRejected]:
        """What `record` would refuse of each file, the files recorded in turn as an import
        records them (a file refused leaves nothing, and the next goes on), in one transaction
        that is rolled back at the end: nothing is written."""
        refused: dict[str, InputRejected] = {}
        with self._storage(), WriteTransaction(self.recorder, commit=False) as transaction:
            for name, items in files:
                work = Work(transaction, cast(PydanticMapper, self.mapper), {}, Summaries())
                try:
                    with transaction.undone_if_failing():
                        self._record_all(work, items, RecordResult(keep_ids=False), None)
                except InputRejected as error:
                    refused[name] = error
        return refused

    def _record_all(
        self,
        work: Work,
        items: Iterable[Located],
        result: RecordResult,
        progress: Callable[[int], None] | None,
    ) -> None:
        """Decide on and send every statement of a stream (the body of `record`)."""
        recorded_at = datetime_now_with_tzinfo()  # one command, one moment of recording
        # A statement may need a later one of the same import: a new meeting's parties may be
        # named by any of them, and a walk-back may come before what it retracts. Such a
        # statement waits until they are recorded (the recording order does not matter to the
        # fold); one still waiting at the end is refused as it would have been at once.
        waiting: dict[str, list[Located]] = {}
        stream = iter(items)
        while chunk := list(itertools.islice(stream, PREFETCH)):
            work.prefetch(item.statement.meeting for item in chunk)
            for item in chunk:
                slug = item.statement.meeting
                if _must_wait(work.summary(slug), item.statement):
                    waiting.setdefault(slug, []).append(item)
                    continue
                self._record_one(work, item, result, recorded_at, progress)
                self._record_ready(work, waiting.get(slug, []), result, recorded_at, progress)
        for unready in waiting.values():
            for item in unready:
                self._record_one(work, item, result, recorded_at, progress)

    def _record_ready(
        self,
        work: Work,
        waiting: list[Located],
        result: RecordResult,
        recorded_at: datetime,
        progress: Callable[[int], None] | None,
    ) -> None:
        """Record the waiting statements of one meeting that need nothing more (part of
        `record`)."""
        ready = True
        while ready:
            ready = False
            for item in list(waiting):
                if not _must_wait(work.summary(item.statement.meeting), item.statement):
                    waiting.remove(item)
                    self._record_one(work, item, result, recorded_at, progress)
                    ready = True

    def _record_one(
        self,
        work: Work,
        item: Located,
        result: RecordResult,
        recorded_at: datetime,
        progress: Callable[[int], None] | None,
    ) -> None:
        """Decide on one statement and send its event (part of `record`)."""
        given = item.statement
        meeting = work.summary(given.meeting)
        try:
            statement = record_statement(
                given,
                self.people.canonical(given.speaker),
                self.people.canonical_names(given.participants),
            )
            same = meeting.same_content(statement, derived_id=given.id is None)
            if same is None and given.id is None and statement.id in meeting.statements:
                # A derived id hashes the statement as written: found, it is this very
                # statement, whatever names a people registry gives its speaker now.
                same = meeting.statements[statement.id]
            if same is not None:  # a recorded statement, perhaps from another outlet
                cited = [meeting.cite(same.id, s, at=recorded_at) for s in statement.sources]
                statement, is_new, corroborated = same, False, any(cited)
            else:
                is_new = self._recorded(work, meeting, statement, recorded_at)
                corroborated = False
        except ValidationError as error:
            raise rejected_by_validation(item.where, error) from None
        except FieldError as error:
            raise InputRejected(item.where, error.field, error.message) from None
        work.save(meeting)
        result.count(statement.id, is_new=is_new, corroborated=corroborated)
        registered = self.people.side_differs(given.speaker, given.side)
        if registered is not None:
            result.warnings.append(
                f"{item.where}: {given.speaker} is registered with side {registered}, "
                f"not {given.side}"
            )
        if progress is not None:
            progress(1)

    def _recorded(
        self, work: Work, meeting: Meeting, statement: Statement, recorded_at: datetime
    ) -> bool:
        """`Meeting.record`; refused for an id already used, the reason names what differs."""
        try:
            return meeting.record(statement, self.today(), at=recorded_at)
        except StatementRejected as error:
            if error.field != "id" or statement.id not in meeting.statements:
                raise
            recorded = work.meeting(meeting.slug).statements.get(statement.id)
            if recorded is None:
                raise
            raise StatementRejected("id", clash(recorded, statement)) from None

    def correct(self, slug: str, statement_id: str, changes: dict[str, Any], reason: str) -> str:
        """Append an erratum to a recorded statement; returns the statement's id.

        A partial `source` (say, only a new `url`) is merged into the statement's current one.
        """
        where = f"correction of {statement_id}"
        with self._writing() as work:
            meeting = work.meeting(slug)
            if meeting.version == 0:
                raise InputRejected(where, "meeting", f"no meeting '{slug}' in the ledger")
            try:
                meeting.correct(
                    statement_id,
                    self._canonical_changes(_merged_source(meeting, statement_id, changes)),
                    reason,
                    self.today(),
                )
            except ValidationError as error:
                raise rejected_by_validation(where, error) from None
            except FieldError as error:
                raise InputRejected(where, error.field, error.message) from None
            work.save(meeting)
        return statement_id

    def forget_summaries(self) -> None:
        """Delete the meetings' summaries kept beside their events (`ledger.summary_store`):
        the next import into each meeting reads it in full and keeps its summary again."""
        with self._storage(), WriteTransaction(self.recorder) as transaction:
            transaction.forget_summaries()  # (no event written: the view has nothing to follow)

    @contextmanager
    def transaction(self) -> Iterator[WriteTransaction]:
        """One exclusive write transaction on the stored events, storage errors translated."""
        with self._storage(), WriteTransaction(self.recorder) as transaction:
            yield transaction
        if self.projects_after_write:
            for catch_up in self._view_followers:
                catch_up(transaction.added)

    @contextmanager
    def _writing(self) -> Iterator[Work]:
        """One write transaction; the meetings it decided on are kept once it has committed."""
        mapper = cast(PydanticMapper, self.mapper)
        with self.transaction() as transaction:
            work = Work(transaction, mapper, self._meetings, self._summaries)
            yield work
            work.keep_summaries()
        work.committed()

    # Queries for the write side -----------------------------------------------------------

    def meeting_events(self, slug: str) -> list[MeetingEvent]:
        with self._storage():
            return list(self.events.get(meeting_id(slug)))  # type: ignore[arg-type]

    # Internals ----------------------------------------------------------------------------

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
        except RecordConflictError as error:
            raise StorageError(
                f"{self.database.display}: another process wrote the same events at the same "
                f"time ({' '.join(str(error).split())[:120]}); run the command again"
            ) from None
        except PersistenceError as error:
            raise StorageError(f"{self.database.display}: {error}") from None


def _merged_source(meeting: Meeting, statement_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The changes, with a partial `source` completed from the statement's current source."""
    current = meeting.statements.get(statement_id)
    given = changes.get("source")
    if current is None or not isinstance(given, dict):
        return changes
    return {**changes, "source": {**current.source.model_dump(mode="json"), **given}}


def _must_wait(meeting: Meeting, given: StatementInput) -> bool:
    """Whether a statement needs another of its import first: it is the first of a new meeting
    and names no parties, or it retracts a statement the meeting does not have yet."""
    if meeting.version == 0 and given.parties is None:
        return True
    return any(target not in meeting.statements for target in given.retracts or ())


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
    try:
        connection = connect_postgres(database)
    except CannotConnect as error:
        raise StorageError(str(error)) from None
    try:
        connection.execute("SELECT pg_advisory_lock(%s)", (SETUP_LOCK_KEY,))
        yield
    finally:
        connection.close()


def rejected_by_validation(where: str, error: ValidationError) -> InputRejected:
    """The first problem Pydantic found (an unknown field first), as a one-line rejection
    naming the field and suggesting the fix (ledger.suggestions)."""
    loc, message = validation_problems(error)[0]
    return InputRejected(where, loc, message)


__all__ = [
    "InputRejected",
    "Ledger",
    "Located",
    "RecordResult",
    "StatementRejected",
    "StorageError",
]
