"""The Meeting aggregate: one per planned meeting, deciding which statements may be recorded."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from eventsourcing.domain import datetime_now_with_tzinfo

from ledger.dates import DateError, date_bounds
from ledger.events import (
    EVENT_FOR_KIND,
    GENESIS_HASH,
    MeetingEvent,
    StatementCorrected,
    StatementRecorded,
    UnreadableEvent,
    apply_correction,
    meeting_id,
    warn_skipped,
)
from ledger.statement import (
    FieldError,
    Statement,
    check_statement,
    corrected_statement,
    said_order,
)


class StatementRejected(FieldError):
    """A statement that breaks a rule of the meeting it is for."""


class Meeting:
    """A planned meeting: the statements recorded about it, in the order recorded."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.id = meeting_id(slug)
        self.version = 0
        self.last_hash = GENESIS_HASH
        self.statements: dict[str, Statement] = {}
        self.pending_events: list[MeetingEvent] = []

    # Commands -----------------------------------------------------------------------------

    def record(self, statement: Statement, today: date, *, at: datetime | None = None) -> bool:
        """Record a statement; False if this very statement is already recorded."""
        present = self.statements.get(statement.id)
        if present is not None:
            if not self._is_repeat(present, statement):
                raise StatementRejected(
                    "id", f"'{statement.id}' is already used for another statement in this meeting"
                )
            return False
        self._check_new(statement, today)
        self._trigger(EVENT_FOR_KIND[statement.kind], at, statement=statement)
        return True

    def correct(
        self,
        statement_id: str,
        changes: dict[str, Any],
        reason: str,
        today: date,
        *,
        at: datetime | None = None,
    ) -> Statement:
        """Append an erratum for a recorded statement; returns the statement as corrected."""
        fixed = self._check_correction(statement_id, changes, reason, today)
        self._trigger(
            StatementCorrected, at, statement_id=statement_id, corrected=changes, reason=reason
        )
        return fixed

    def admit(self, event: MeetingEvent, today: date) -> None:
        """Check an event made elsewhere (an export, another ledger) by the same rules as a new
        statement or correction of this meeting, then apply it. Its version and hash are the
        caller's to check."""
        if isinstance(event, StatementRecorded):
            statement = event.statement
            if statement.meeting != self.slug:
                raise StatementRejected("meeting", f"is not '{self.slug}'")
            if EVENT_FOR_KIND[statement.kind] is not type(event):
                raise StatementRejected(
                    "kind", f"{type(event).__name__} cannot hold a {statement.kind} statement"
                )
            if statement.id in self.statements:
                raise StatementRejected("id", f"'{statement.id}' is already in '{self.slug}'")
            if date_bounds(statement.said_on) != (statement.said_from, statement.said_until):
                raise StatementRejected("said_from", f"does not match said_on {statement.said_on}")
            self._check_new(statement, today)
        elif isinstance(event, StatementCorrected):
            self._check_correction(event.statement_id, event.corrected, event.reason, today)
        else:
            raise StatementRejected("event", f"a {type(event).__name__} is not recorded")
        self.apply(event)

    def clone(self) -> Meeting:
        """A copy to decide on: commands on it leave this meeting as it is."""
        copy = Meeting(self.slug)
        copy.version, copy.last_hash = self.version, self.last_hash
        copy.statements = dict(self.statements)
        return copy

    def collect_events(self) -> list[MeetingEvent]:
        events, self.pending_events = self.pending_events, []
        return events

    # Evolution ----------------------------------------------------------------------------

    def apply(self, event: MeetingEvent) -> None:
        """Evolve the meeting by one stored or new event; a damaged stored event keeps its place
        (version and hash) but changes no statement, with a warning."""
        problem: str | None = None
        if isinstance(event, UnreadableEvent):
            problem = event.problem
        elif isinstance(event, StatementRecorded):
            self.statements[event.statement.id] = event.statement
        elif isinstance(event, StatementCorrected):
            problem = apply_correction(self.statements, event)
        if problem is not None:
            warn_skipped(self.slug, event.originator_version, problem)
        if isinstance(event.originator_version, int):
            self.version = event.originator_version
        self.last_hash = event.hash

    def _is_repeat(self, present: Statement, statement: Statement) -> bool:
        """Whether a statement given again is the one recorded under its id (the speaker as
        written aside)."""
        return present.model_dump(exclude={"speaker_as_written"}) == statement.model_dump(
            exclude={"speaker_as_written"}
        )

    def _trigger(self, cls: type[MeetingEvent], at: datetime | None, **fields: Any) -> None:
        draft = cls.model_construct(
            originator_id=self.id,
            originator_version=self.version + 1,
            timestamp=at or datetime_now_with_tzinfo(),
            hash="",
            **fields,
        )
        # The fields were validated by the command; the draft only lacks its hash.
        event = draft.model_copy(update={"hash": draft.content_hash(self.last_hash)})
        self.apply(event)
        self.pending_events.append(event)

    def _check_new(self, statement: Statement, today: date) -> None:
        """The rules a new statement of this meeting obeys, however it arrives."""
        check_statement(statement, today)
        if self.version == 0 and statement.parties is None:
            raise StatementRejected(
                "parties", f"the first statement of meeting '{self.slug}' must name its parties"
            )
        if statement.retracts is not None:
            self._check_retraction(statement)

    def _check_correction(
        self, statement_id: str, changes: dict[str, Any], reason: str, today: date
    ) -> Statement:
        """The statement as a correction would leave it, if every rule still holds after it."""
        current = self.statements.get(statement_id)
        if current is None:
            raise StatementRejected("id", f"no statement '{statement_id}' in meeting '{self.slug}'")
        if not reason.strip():
            raise StatementRejected("reason", "a correction needs a reason")
        try:
            fixed = corrected_statement(current, changes)
        except DateError as error:  # said_on is read for its bounds before validation
            raise StatementRejected("said_on", str(error)) from None
        check_statement(fixed, today)
        if fixed.retracts is not None:
            self._check_retraction(fixed)
        for other in self.statements.values():
            if statement_id in (other.retracts or ()) and other.side != fixed.side:
                raise StatementRejected(
                    "side",
                    f"'{other.id}' walks '{statement_id}' back for side {other.side}; "
                    f"the statement cannot move to side {fixed.side}",
                )
        return fixed

    def _check_retraction(self, statement: Statement) -> None:
        for target_id in statement.retracts or ():
            target = self.statements.get(target_id)
            if target is None or target.id == statement.id:
                raise StatementRejected(
                    "retracts", f"'{target_id}' is not a statement of meeting '{self.slug}'"
                )
            if target.side != statement.side:
                raise StatementRejected(
                    "retracts",
                    f"'{target.id}' was made by side {target.side}; "
                    f"only {target.side} can walk it back",
                )
            if said_order(statement) < said_order(target):
                raise StatementRejected(
                    "retracts",
                    f"'{target.id}' was said on {target.said_on}, after this walk-back "
                    f"({statement.said_on}): a walk-back can only retract what was said before it",
                )
