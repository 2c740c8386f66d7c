"""A meeting's events as the fold reads them: one entry per statement, with its errata, the
sources that reported it and whether it was withdrawn.

Besides `StatementRecorded` and `StatementCorrected`, two kinds of event are read by shape, so
the write side can add them without the read side naming their classes:
- a *citation* has `statement_id` and `source` (a `Source`): one more outlet reported the
  statement; it adds to the statement's sources (and may make it known earlier);
- a *withdrawal* has `statement_id`, `reason` and `moved_to` (a slug or None): the statement was
  recorded in error; it stays in the history, marked withdrawn, and counts for nothing.
A citation or withdrawal naming a statement the meeting does not have is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any, Protocol, runtime_checkable

from ledger.events import MeetingEvent, StatementCorrected, StatementRecorded
from ledger.statement import Source, Statement, corrected_statement, said_order


@runtime_checkable
class CitesSource(Protocol):
    """An event saying one more outlet reported a statement."""

    statement_id: str
    source: Source


@runtime_checkable
class WithdrawsStatement(Protocol):
    """An event saying a statement was recorded in error (on this meeting)."""

    statement_id: str
    reason: str
    moved_to: str | None


@dataclass(frozen=True)
class Erratum:
    """A correction applied to a statement before the fold."""

    version: int
    recorded_at: datetime
    corrected: dict[str, Any]
    reason: str


@dataclass(frozen=True)
class Withdrawal:
    """Why a statement was withdrawn, and where it was moved to, if anywhere."""

    version: int
    recorded_at: datetime
    reason: str
    moved_to: str | None = None


@dataclass(frozen=True)
class Entry:
    """A statement as the fold sees it: corrected, with its place in the recorded order."""

    statement: Statement
    version: int
    recorded_at: datetime
    errata: tuple[Erratum, ...] = ()
    cited: tuple[Source, ...] = ()
    """Sources added after the statement was recorded (citations)."""
    withdrawn: Withdrawal | None = None
    floor: tuple[date, time] | None = None
    """A walk-back's earliest place: where the last statement it retracts is (`entries`)."""

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source that reported it: its own, `also_reported_by`, then citations."""
        return (*self.statement.sources, *self.cited)

    @property
    def known_on(self) -> date:
        """The day the public could first know it: its earliest source's publication."""
        return min(source.published for source in self.sources)

    @property
    def place(self) -> tuple[date, time]:
        """Where it was said: the statement's day (its latest, capped by its sources'
        publication), capped by its citations' publication too, so that a source cited later
        counts as one given with it (`also_reported_by`); then its time of day (UTC; none: the
        end of the day). A walk-back is never placed before what it retracts (`floor`): the
        ledger took it as said after them, and an early citation must not undo it."""
        day, at = said_order(self.statement)
        if self.cited:
            day = min(day, self.known_on)
        return max((day, at), self.floor) if self.floor is not None else (day, at)

    @property
    def effective_on(self) -> date:
        """The day from which it had certainly been said (`place`)."""
        return self.place[0]

    @property
    def order_key(self) -> tuple[date, time, int]:
        """Fold order: its `place`, then the order recorded."""
        return (*self.place, self.version)


def entries(events: Iterable[MeetingEvent], recorded_by: datetime | None = None) -> list[Entry]:
    """The meeting's statements with their errata, citations and withdrawals applied, as
    recorded by `recorded_by`."""
    found: dict[str, Entry] = {}
    for event in events:
        if recorded_by is not None and event.timestamp > recorded_by:
            break
        if isinstance(event, StatementRecorded):
            found[event.statement.id] = Entry(
                event.statement, event.originator_version, event.timestamp
            )
            continue
        current = found.get(getattr(event, "statement_id", ""))
        if current is None:
            continue
        found[current.statement.id] = _amended(current, event)
    return _walk_backs_placed(found)


def _walk_backs_placed(found: dict[str, Entry]) -> list[Entry]:
    """The entries, each walk-back said after what it retracts given the place of the last of
    them as its `floor`, so that a source cited since cannot date it before them (in the order
    recorded: what a walk-back retracts was recorded before it). One said before (a ledger
    older than the rule that refuses it) stays there, and retracts nothing."""
    for key, entry in found.items():
        targets = [found[t] for t in entry.statement.retracts or () if t in found and t != key]
        floor = max((target.place for target in targets), default=None)
        if floor is not None and said_order(entry.statement) >= floor:
            found[key] = replace(entry, floor=floor)
    return list(found.values())


def _amended(current: Entry, event: MeetingEvent) -> Entry:
    if isinstance(event, StatementCorrected):
        erratum = Erratum(event.originator_version, event.timestamp, event.corrected, event.reason)
        return replace(
            current,
            statement=corrected_statement(current.statement, event.corrected),
            errata=(*current.errata, erratum),
        )
    if isinstance(event, CitesSource):
        return replace(current, cited=(*current.cited, event.source))
    if isinstance(event, WithdrawsStatement):
        withdrawal = Withdrawal(
            event.originator_version, event.timestamp, event.reason, event.moved_to
        )
        return replace(current, withdrawn=withdrawal)
    return current
