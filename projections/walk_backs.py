"""Walk-backs in the fold: which statements stand, and the states of a growing prefix of the
statements kept up to date as walk-backs change that, in time linear in the statements.

A walk-back retracts earlier statements of its side; a walk-back that is itself retracted (or
withdrawn, or not admitted) retracts nothing, so walking back a walk-back restores what it
retracted. The history shows each step's state as the statements up to it had it; after a
walk-back the states from its first target on are folded again, but only until they agree with
the states before (apart from the count of statements that count, which moves by a constant and
is kept as a shift): a retracted stance, date or place is usually said again soon after.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import Generic, Protocol, Self, TypeVar

from ledger.statement import Attribution, Kind
from projections.entries import Entry


class Counted(Protocol):
    """What the prefix needs of a state: its count of statements that count, shifted, and
    whether it agrees with another apart from that count."""

    @property
    def counted_count(self) -> int: ...

    def shifted(self, by: int) -> Self: ...

    def same_but_count(self, other: Self) -> bool: ...


S = TypeVar("S", bound=Counted)


def counts(entry: Entry, retracted: dict[str, str], admitted: frozenset[Attribution]) -> bool:
    """Whether a statement within the filters counts: admitted, not retracted, not withdrawn."""
    return (
        entry.withdrawn is None
        and entry.statement.attribution in admitted
        and entry.statement.id not in retracted
    )


def retractions(
    ordered: Sequence[Entry],
    admitted: frozenset[Attribution],
    *,
    upto: int | None = None,
    position: dict[str, int] | None = None,
    walk_backs: Sequence[int] | None = None,
) -> dict[str, str]:
    """Which statements are retracted, and by which standing later walk-back of the same side.

    Read from the latest statement back. `upto`: of the first `upto` statements only;
    `position` (each statement's index) and `walk_backs` (the walk-backs' indices, ascending)
    may be given once for many calls on prefixes of the same statements."""
    end = len(ordered) if upto is None else upto
    if position is None:
        position = positions(ordered)
    if walk_backs is None:
        walk_backs = walk_back_indices(ordered)
    retracted: dict[str, str] = {}
    for index in reversed(walk_backs[: bisect_left(walk_backs, end)]):
        entry = ordered[index]
        if not counts(entry, retracted, admitted):
            continue
        for target in _targets(ordered, index, position):
            retracted.setdefault(ordered[target].statement.id, entry.statement.id)
    return retracted


def positions(ordered: Sequence[Entry]) -> dict[str, int]:
    """Each statement's index in the fold order."""
    return {entry.statement.id: index for index, entry in enumerate(ordered)}


def walk_back_indices(ordered: Sequence[Entry]) -> list[int]:
    """The indices of the walk-backs among the statements, ascending."""
    return [i for i, entry in enumerate(ordered) if entry.statement.kind is Kind.WALKED_BACK]


def _targets(ordered: Sequence[Entry], index: int, position: dict[str, int]) -> list[int]:
    """The indices of the statements the walk-back at `index` can retract: named, earlier and
    of its side."""
    statement = ordered[index].statement
    found = []
    for target_id in statement.retracts or ():
        target = position.get(target_id)
        if target is None or target >= index:
            continue
        if ordered[target].statement.side == statement.side:
            found.append(target)
    return found


class Retractions:
    """The retractions of a growing prefix of the statements in fold order, kept up to date one
    walk-back at a time: a walk-back of plain statements adds its targets; one that retracts a
    walk-back (and so may restore statements) has the prefix's retractions read again."""

    def __init__(self, ordered: Sequence[Entry], admitted: frozenset[Attribution]) -> None:
        self.ordered = ordered
        self.admitted = admitted
        self.position = positions(ordered)
        self.walk_backs = walk_back_indices(ordered)
        self.current: dict[str, str] = {}

    def walk_back(self, index: int) -> list[int]:
        """Take in the walk-back at `index` (the prefix's latest statement); the indices of the
        statements whose standing changed, ascending."""
        entry = self.ordered[index]
        if not counts(entry, self.current, self.admitted):
            return []
        targets = _targets(self.ordered, index, self.position)
        if any(self.ordered[t].statement.kind is Kind.WALKED_BACK for t in targets):
            now = retractions(
                self.ordered,
                self.admitted,
                upto=index + 1,
                position=self.position,
                walk_backs=self.walk_backs,
            )
            moved = set(now).symmetric_difference(self.current)
            self.current = now
            return sorted(self.position[statement_id] for statement_id in moved)
        fresh = sorted({t for t in targets if self.ordered[t].statement.id not in self.current})
        for target in targets:
            self.current[self.ordered[target].statement.id] = entry.statement.id
        return fresh


class Prefix(Generic[S]):
    """The state after each statement of a growing prefix, as that prefix has it. A shift of
    the count of statements that count, over a range of steps, is kept aside (a Fenwick tree
    of differences), so a refold can stop as soon as the states agree again."""

    def __init__(self, initial: S, size: int) -> None:
        self.initial = initial
        self.states: list[S] = []
        self.last = initial
        """The state after the latest statement (the initial state before the first)."""
        self._shifts = [0] * (size + 1)

    def __len__(self) -> int:
        return len(self.states)

    def at(self, index: int) -> S:
        """The state after statement `index` (before the first: the initial state)."""
        if index < 0:
            return self.initial
        shift = self._shift(index)
        return self.states[index].shifted(shift) if shift else self.states[index]

    def append(self, state: S) -> None:
        """Add the state after the next statement (no shift reaches past the latest one)."""
        self.states.append(state)
        self.last = state

    def refold(self, changed: Sequence[int], step: Callable[[S, int], S]) -> None:
        """Fold again from the first changed index to the end, through `step(state, index)`,
        stopping once past the last changed index a state agrees with the one before."""
        end = len(self.states)
        state = self.at(changed[0] - 1)
        for index in range(changed[0], end):
            state = step(state, index)
            old = self.at(index)
            self.states[index] = self._unshifted(state, index)
            if index >= changed[-1] and state.same_but_count(old):
                shift = state.counted_count - old.counted_count
                self._add(index + 1, end, shift)
                self.last = state if index == end - 1 else self.last.shifted(shift)
                return
        self.last = state

    def _unshifted(self, state: S, index: int) -> S:
        shift = self._shift(index)
        return state.shifted(-shift) if shift else state

    def _add(self, start: int, end: int, amount: int) -> None:
        """Add `amount` to the count of the states start..end-1."""
        if not amount or start >= end:
            return
        for at, value in ((start, amount), (end, -amount)):
            at += 1
            while at < len(self._shifts):
                self._shifts[at] += value
                at += at & -at

    def _shift(self, index: int) -> int:
        total, at = 0, index + 1
        while at > 0:
            total += self._shifts[at]
            at -= at & -at
        return total
