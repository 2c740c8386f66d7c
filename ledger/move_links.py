"""The two halves of each move, checked against each other by `diplo verify`.

`diplo move` withdraws a statement from one meeting, naming where it went (`moved_to` on the
withdrawal), and records it on the other, naming where it came from (`moved_from` on the
statement), in one transaction. Each half is a valid event on its own meeting's chain, so a
chain check alone passes a half whose other half is missing or says something else: a
withdrawal that claims a move to a meeting that never received the statement (and so removes
it from the plan's status without a trace of it elsewhere), or a statement that claims to come
from a meeting that never gave it up. `verify` names either.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ledger.events import MeetingEvent, StatementRecorded, StatementWithdrawn


@dataclass(frozen=True)
class Move:
    """One statement moved from one meeting (by slug) to another."""

    source: str
    statement_id: str
    target: str


Found = tuple[str, int | str, str, str]
"""A problem: the meeting's slug, the event's version, the statement's id and what is wrong."""


@dataclass
class MoveLinks:
    """Each half of each move in the meetings read so far, with the version that states it."""

    withdrawals: dict[Move, int | str] = field(default_factory=dict)
    """Withdrawals naming the meeting the statement was moved to."""
    arrivals: dict[Move, int | str] = field(default_factory=dict)
    """Statements naming the meeting they were moved from."""

    def add(self, slug: str, events: Iterable[MeetingEvent]) -> None:
        """Note the halves of moves that one meeting's events state."""
        for event in events:
            if isinstance(event, StatementWithdrawn) and event.moved_to is not None:
                move = Move(slug, event.statement_id, event.moved_to)
                self.withdrawals.setdefault(move, event.originator_version)
            elif (
                isinstance(event, StatementRecorded)
                and (source := event.statement.moved_from) is not None
            ):
                move = Move(source, event.statement.id, slug)
                self.arrivals.setdefault(move, event.originator_version)

    def partners(self, slug: str) -> set[str]:
        """The other meetings of the moves to or from this one."""
        moves = [*self.withdrawals, *self.arrivals]
        return {m.target for m in moves if m.source == slug} | {
            m.source for m in moves if m.target == slug
        }

    def problems(self, checked: Sequence[str] | None = None) -> list[Found]:
        """Each half whose other half is missing, on the meetings `checked` (all if None)."""
        found: list[Found] = []
        for move, version in self.withdrawals.items():
            if move not in self.arrivals and (checked is None or move.source in checked):
                what = (
                    f"withdrawn as moved to '{move.target}', which has no '{move.statement_id}' "
                    "moved from here"
                )
                found.append((move.source, version, move.statement_id, what))
        for move, version in self.arrivals.items():
            if move not in self.withdrawals and (checked is None or move.target in checked):
                what = (
                    f"recorded as moved from '{move.source}', which has no withdrawal of "
                    f"'{move.statement_id}' moving it here"
                )
                found.append((move.target, version, move.statement_id, what))
        return found
