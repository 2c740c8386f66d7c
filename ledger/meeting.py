"""The Meeting aggregate: one per planned meeting, deciding which statements may be recorded."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Self

import orjson
from eventsourcing.domain import datetime_now_with_tzinfo

from ledger.dates import DateError, date_bounds
from ledger.events import (
    EVENT_FOR_KIND,
    GENESIS_HASH,
    MeetingEvent,
    SourceCited,
    StatementCorrected,
    StatementRecorded,
    StatementWithdrawn,
    UnreadableEvent,
    apply_correction,
    meeting_id,
    warn_skipped,
)
from ledger.statement import (
    FieldError,
    Source,
    Statement,
    check_statement,
    corrected_statement,
    first_publishable,
    said_order,
)
from ledger.trusted import built


class StatementRejected(FieldError):
    """A statement that breaks a rule of the meeting it is for."""


class Meeting:
    """A planned meeting: the statements recorded about it, in the order recorded."""

    __slots__ = (
        *("slug", "id", "version", "last_hash", "statements", "cited", "withdrawn"),
        *("_by_content", "pending_events", "pending_states"),
    )

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.id = meeting_id(slug)
        self.version = 0
        self.last_hash = GENESIS_HASH
        self.statements: dict[str, Statement] = {}
        self.cited: dict[str, list[Source]] = {}
        """Sources added to each statement after it was recorded."""
        self.withdrawn: set[str] = set()
        self._by_content: dict[bytes, str] | None = None
        """Statement ids by content, built on first need (see `same_content`)."""
        self.pending_events: list[MeetingEvent] = []
        self.pending_states: list[dict[str, Any]] = []
        """The stored state of each pending event (serialised once, with its hash)."""

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

    def same_content(self, statement: Statement, *, derived_id: bool) -> Statement | None:
        """The statement of this meeting (not withdrawn) saying the same as `statement`,
        whatever its sources: the one with its id, or (when its id was derived, not given)
        the latest recorded that is not withdrawn. Another outlet's report of it corroborates it
        instead of adding a statement."""
        present = self.statements.get(statement.id)
        if present is None and not derived_id:
            return None
        key = self._key(statement)
        if present is None:
            if self._by_content is None:
                self._by_content = {
                    self._key(s): s.id for s in self.statements.values() if self._is_live(s.id)
                }
            present = self.statements.get(self._by_content.get(key, ""))
        if present is None or present.id in self.withdrawn or self._key(present) != key:
            return None
        return present

    def sources_of(self, statement_id: str) -> tuple[Source, ...]:
        """Every source of a statement: its own, then those cited later."""
        return (*self.statements[statement_id].sources, *self.cited.get(statement_id, ()))

    def cite(self, statement_id: str, source: Source, *, at: datetime | None = None) -> bool:
        """Add a source to a recorded statement; False if it already has this very source."""
        self._live(statement_id)
        if self._has_source(statement_id, source):
            return False
        if source.published < first_publishable(self.statements[statement_id].said_on):
            raise StatementRejected(
                "published",
                f"{source.published} is before the statement was said "
                f"({self.statements[statement_id].said_on})",
            )
        self._trigger(SourceCited, at, statement_id=statement_id, source=source)
        return True

    def withdraw(
        self,
        statement_id: str,
        reason: str,
        *,
        moved_to: str | None = None,
        at: datetime | None = None,
    ) -> Statement:
        """Mark a statement as recorded in error; returns it. A walk-back still retracting it
        must be withdrawn (or corrected) first."""
        statement = self._live(statement_id)
        if not reason.strip():
            raise StatementRejected("reason", "a withdrawal needs a reason")
        for other in self.statements.values():
            if statement_id in (other.retracts or ()) and other.id not in self.withdrawn:
                raise StatementRejected(
                    "id", f"'{other.id}' walks it back: withdraw or correct '{other.id}' first"
                )
        self._trigger(
            StatementWithdrawn, at, statement_id=statement_id, reason=reason, moved_to=moved_to
        )
        return statement

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
        elif isinstance(event, SourceCited | StatementWithdrawn):
            self._live(event.statement_id)
        else:
            raise StatementRejected("event", f"a {type(event).__name__} is not recorded")
        self.apply(event)

    def clone(self) -> Self:
        """A copy to decide on: commands on it leave this meeting as it is."""
        copy = type(self)(self.slug)
        copy.version, copy.last_hash = self.version, self.last_hash
        copy.statements = dict(self.statements)
        copy.cited = {key: list(value) for key, value in self.cited.items()}
        copy.withdrawn = set(self.withdrawn)
        return copy

    def collect_events(self) -> list[MeetingEvent]:
        events, self.pending_events, self.pending_states = self.pending_events, [], []
        return events

    def collect_stored(self) -> list[tuple[MeetingEvent, dict[str, Any]]]:
        """The new events, each with its stored state."""
        states = self.pending_states
        return list(zip(self.collect_events(), states, strict=True))

    # Evolution ----------------------------------------------------------------------------

    def apply(self, event: MeetingEvent) -> None:
        """Evolve the meeting by one stored or new event; a damaged stored event keeps its place
        (version and hash) but changes no statement, with a warning."""
        problem: str | None = None
        if isinstance(event, UnreadableEvent):
            problem = event.problem
        elif isinstance(event, StatementRecorded):
            self.statements[event.statement.id] = event.statement
            if self._by_content is not None:
                self._by_content[self._key(event.statement)] = event.statement.id
        elif isinstance(event, StatementCorrected):
            problem = apply_correction(self.statements, event)
            self._by_content = None  # rebuilt on next need: corrections are rare
        elif isinstance(event, SourceCited) and event.statement_id in self.statements:
            self.cited.setdefault(event.statement_id, []).append(event.source)
        elif isinstance(event, StatementWithdrawn):
            self.withdrawn.add(event.statement_id)
            self._by_content = None  # rebuilt on next need, without it
        if problem is not None:
            warn_skipped(self.slug, event.originator_version, problem)
        if isinstance(event.originator_version, int):
            self.version = event.originator_version
        self.last_hash = event.hash

    def _trigger(self, cls: type[MeetingEvent], at: datetime | None, **fields: Any) -> None:
        draft = built(
            cls,
            {
                "originator_id": self.id,
                "originator_version": self.version + 1,
                "timestamp": at or datetime_now_with_tzinfo(),
                "hash": "",
                **fields,
            },
        )
        # The fields were validated by the command; the draft only lacks its hash.
        event, state = draft.sealed(self.last_hash)
        self._serialised(event, state)
        self.apply(event)
        self.pending_events.append(event)
        self.pending_states.append(state)

    def _serialised(self, event: MeetingEvent, state: dict[str, Any]) -> None:
        """A new event and its stored state, before it is applied (a summary reads it)."""

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
        current = self._live(statement_id)
        if not reason.strip():
            raise StatementRejected("reason", "a correction needs a reason")
        try:
            fixed = corrected_statement(current, changes)
        except DateError as error:  # said_on is read for its bounds before validation
            raise StatementRejected("said_on", str(error)) from None
        check_statement(fixed, today)
        if fixed.retracts is not None:
            self._check_retraction(fixed)
        after = {**self.statements, statement_id: fixed}
        for other in self.statements.values():
            if statement_id in (other.retracts or ()) and other.side != fixed.side:
                raise StatementRejected(
                    "side",
                    f"'{other.id}' walks '{statement_id}' back for side {other.side}; "
                    f"the statement cannot move to side {fixed.side}",
                )
            if statement_id in (other.retracts or ()) and said_order(other) < said_order(fixed):
                raise StatementRejected(
                    "said_on",
                    f"'{other.id}' walks '{statement_id}' back on {other.said_on}; "
                    "the statement cannot be dated after it",
                )
            if statement_id in (other.retracts or ()):
                try:
                    self._check_retraction(other, after)
                except StatementRejected as error:
                    raise StatementRejected(
                        next(iter(changes), "id"),
                        f"'{other.id}' walks '{statement_id}' back, and would no longer: "
                        + error.message,
                    ) from None
        return fixed

    def _key(self, statement: Statement) -> bytes:
        """What a statement says (`same_content` compares and indexes these)."""
        return _content_key(statement)

    def _has_source(self, statement_id: str, source: Source) -> bool:
        return source in self.sources_of(statement_id)

    def _is_repeat(self, present: Statement, statement: Statement) -> bool:
        """Whether a statement given with a recorded id says all the recorded one says."""
        excluded = {"speaker_as_written"}
        return present.model_dump(exclude=excluded) == statement.model_dump(exclude=excluded)

    def _is_live(self, statement_id: str) -> bool:
        return statement_id not in self.withdrawn

    def _live(self, statement_id: str) -> Statement:
        """A recorded statement that was not withdrawn, or the reason it cannot be used."""
        statement = self.statements.get(statement_id)
        if statement is None:
            raise StatementRejected("id", f"no statement '{statement_id}' in meeting '{self.slug}'")
        if statement_id in self.withdrawn:
            raise StatementRejected("id", f"'{statement_id}' was withdrawn from '{self.slug}'")
        return statement

    def _check_retraction(
        self, statement: Statement, statements: dict[str, Statement] | None = None
    ) -> None:
        """A walk-back retracts only earlier statements of its own side in this meeting."""
        for target_id in statement.retracts or ():
            target = (statements or self.statements).get(target_id)
            if target is None or target.id == statement.id or target_id in self.withdrawn:
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


CONTENT_EXCLUDED = ("id", "source", "also_reported_by", "speaker_as_written", "moved_from")
"""What a statement's content key leaves out: its id and sources (and where it was moved from)."""


def _content_key(statement: Statement) -> bytes:
    """What a statement says, without its id and sources (and where it was moved from)."""
    content = statement.model_dump(mode="json", exclude=set(CONTENT_EXCLUDED))
    return orjson.dumps(content, option=orjson.OPT_SORT_KEYS)
