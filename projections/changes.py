"""What one step of a meeting's history changed: its status, each party's stance, each field
of the plan, whether it is disputed, and what a walk-back retracts, as the history shows them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from projections.vocabulary import Stance

if TYPE_CHECKING:
    from ledger.statement import Statement
    from projections.fold import MeetingState


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


def changes_between(
    before: MeetingState, after: MeetingState, statement: Statement
) -> tuple[Change, ...]:
    """What changed from the state before a statement to the state after it."""
    changes: list[Change] = []
    if before.status != after.status:
        changes.append(Change("status", before.status, after.status))
    sides = dict.fromkeys((*before.plan.parties, *after.plan.parties))
    for side in sides:  # (a side's stance said before it was a party shows once it is one)
        was_party = side in before.plan.parties
        old = before.stances.get(side, Stance.SILENT) if was_party else Stance.SILENT
        new = after.stances.get(side, Stance.SILENT)
        if old != new:
            changes.append(Change(f"stance.{side}", old, new))
    for name in ("parties", "participants", "place", "planned_for"):
        old_value, new_value = getattr(before.plan, name), getattr(after.plan, name)
        if old_value != new_value:
            changes.append(Change(f"plan.{name}", _plain(old_value), _plain(new_value)))
    if before.disputed != after.disputed:
        changes.append(Change("disputed", before.disputed, after.disputed))
    if statement.retracts is not None:
        changes.append(Change("retracts", None, retracts_value(statement.retracts)))
    return tuple(changes)


def retracts_value(retracts: tuple[str, ...] | None) -> str | list[str] | None:
    """The retracted ids as a file writes them: one id as a string, several as a list."""
    if retracts is None:
        return None
    return retracts[0] if len(retracts) == 1 else list(retracts)


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value
