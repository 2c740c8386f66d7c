"""The ledger application: one method per use case (record, correct), returning ids.

Library errors are translated here into `InputRejected` (bad input, named by place and field)
and `StorageError` (the database), so the CLI never shows a traceback for a user's mistake.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

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
from ledger.persistence import Database, OrjsonTranscoder, PydanticMapper
from ledger.statement import FieldError, StatementInput, record_statement

MAX_CONFLICT_RETRIES = 20


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
        try:
            super().__init__(env=database.env)
        except PersistenceError as error:
            raise StorageError(f"cannot open {database.display}: {error}") from None

    def construct_mapper(self) -> Mapper[UUID]:
        return PydanticMapper(transcoder=OrjsonTranscoder())

    # Use cases ----------------------------------------------------------------------------

    def record(self, items: Sequence[Located]) -> RecordResult:
        """Record statements, all or nothing; ids already present are reported, not repeated."""
        for attempt in range(MAX_CONFLICT_RETRIES):
            result, meetings = self._decide(items)
            try:
                with self._storage():
                    self.save(*meetings)
                return result
            except RecordConflictError:
                if attempt == MAX_CONFLICT_RETRIES - 1:
                    raise StorageError("too many concurrent writers to the same meeting") from None
        raise AssertionError("unreachable")

    def correct(self, slug: str, statement_id: str, changes: dict[str, Any], reason: str) -> str:
        """Append an erratum to a recorded statement; returns the statement's id."""
        where = f"correction of {statement_id}"
        for _ in range(MAX_CONFLICT_RETRIES):
            meeting = self.meeting(slug)
            if meeting is None:
                raise InputRejected(where, "meeting", f"no meeting '{slug}' in the ledger")
            people_changes = self._canonical_changes(changes)
            try:
                meeting.correct(statement_id, people_changes, reason, self.today())
            except ValidationError as error:
                raise rejected_by_validation(where, error) from None
            except FieldError as error:
                raise InputRejected(where, error.field, error.message) from None
            try:
                with self._storage():
                    self.save(meeting)
                return statement_id
            except RecordConflictError:
                continue
        raise StorageError("too many concurrent writers to the same meeting")

    # Queries for the write side -----------------------------------------------------------

    def meeting(self, slug: str) -> Meeting | None:
        """The meeting as recorded so far, or None if it has no statement yet."""
        events = self.meeting_events(slug)
        return replay(slug, events) if events else None

    def meeting_events(self, slug: str) -> list[MeetingEvent]:
        with self._storage():
            return list(self.events.get(meeting_id(slug)))  # type: ignore[arg-type]

    # Internals ----------------------------------------------------------------------------

    def _decide(self, items: Sequence[Located]) -> tuple[RecordResult, list[Meeting]]:
        result = RecordResult()
        meetings: dict[str, Meeting] = {}
        for item in items:
            given = item.statement
            meeting = meetings.get(given.meeting)
            if meeting is None:
                meeting = self.meeting(given.meeting) or Meeting(given.meeting)
                meetings[given.meeting] = meeting
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
        return result, list(meetings.values())

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
