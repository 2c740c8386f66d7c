"""The status rules: one pure fold from a meeting's events to its state and its history.

No I/O here. The live view, `status --as-of`, `history` and the tests all call `fold`.

Only statements that count make the state: within the time filters (`as_of`: said by;
`known_by`: first published by; `recorded_by`: in the ledger by), at the evidence level, not
retracted by a walk-back of their side and not withdrawn. The history keeps every statement and
says why one does not count. The per-statement rules are in `_effect`; the plan's in
`projections.plan`; how events become entries (errata, cited sources, withdrawals) in
`projections.entries`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property
from typing import NamedTuple, TypedDict, Unpack

from ledger.events import MeetingEvent
from ledger.statement import Attribution, Kind, Statement
from projections.changes import Change, changes_between
from projections.counting import ADMITTED, STANCE_OF_KIND
from projections.entries import Entry, entries
from projections.plan import PlanState, first_parties, next_plan, overdue_from
from projections.vocabulary import Evidence, Lifecycle, Stance, Status
from projections.walk_backs import Prefix, Retractions, counts, retractions

SUPPORTS, DENIES, SILENT = Stance.SUPPORTS, Stance.DENIES, Stance.SILENT
OPEN, POSTPONED, CANCELLED, HELD = (
    Lifecycle.OPEN,
    Lifecycle.POSTPONED,
    Lifecycle.CANCELLED,
    Lifecycle.HELD,
)
LEFT_OUT_AS_OF, LEFT_OUT_KNOWN_BY, LEFT_OUT_RECORDED_BY = "as_of", "known_by", "recorded_by"
STATUS_OF_LIFECYCLE = {
    lifecycle: Status(lifecycle.value) for lifecycle in Lifecycle if lifecycle != OPEN
}
"""The status a plan that is no longer open has (looked up: an enum's call by value is slow)."""


@dataclass(frozen=True)
class MeetingState:
    """Where a meeting stands after the statements that count."""

    meeting: str
    lifecycle: Lifecycle = OPEN
    stances: dict[str, Stance] = field(default_factory=dict)
    plan: PlanState = PlanState()
    statement_count: int = 0
    """Statements within the time filters, withdrawn ones excepted, counted or not."""
    counted_count: int = 0
    """Statements that count (walk-backs, which only take others away, excepted)."""
    first_said: date | None = None
    latest_said: date | None = None

    @cached_property
    def party_stances(self) -> dict[str, Stance]:
        return {side: self.stances.get(side, SILENT) for side in self.plan.parties}

    @cached_property
    def status(self) -> Status:
        if self.counted_count == 0:
            return Status.UNANNOUNCED
        if self.lifecycle != OPEN:
            return STATUS_OF_LIFECYCLE[self.lifecycle]
        stances = self.party_stances
        if stances and all(stance == SUPPORTS for stance in stances.values()):
            return Status.AGREED
        return Status.PROPOSED

    @cached_property
    def disputed(self) -> bool:
        stances = set(self.party_stances.values())
        return SUPPORTS in stances and DENIES in stances

    def shifted(self, by: int) -> MeetingState:
        """The same state with `by` more statements that count."""
        return replace(self, counted_count=self.counted_count + by)

    def same_but_count(self, other: MeetingState) -> bool:
        """Whether the two states agree apart from the count of statements that count."""
        return self.shifted(other.counted_count - self.counted_count) == other

    def overdue_since(self, on: date) -> date | None:
        """The day the plan became overdue, seen on `on`: the status is still proposed or
        agreed and the last possible day of `planned_for` is before `on`. Else None."""
        return overdue_from(self.status, self.plan.planned_for, on)


@dataclass(frozen=True)
class Step:
    """One statement in the audit history, and what it changed."""

    entry: Entry
    counted: bool
    note: str | None
    status_before: Status | None
    status_after: Status
    changes: tuple[Change, ...]
    state: MeetingState
    """The meeting's full state after this step, as it stood then."""
    retracted_by: str | None = None
    left_out: tuple[str, ...] = ()
    """The time filters that leave this statement out (`as_of`, `known_by`, `recorded_by`)."""


@dataclass(frozen=True)
class Fold:
    """The state after all statements that count, and the history that led to it."""

    state: MeetingState
    history: tuple[Step, ...]
    as_of: date | None
    evidence: Evidence
    known_by: date | None = None


class TimeFilters(TypedDict, total=False):
    """What a fold may be limited to: statements said by `as_of`, reported by `known_by`,
    recorded by `recorded_by`, of speakers the `evidence` level admits. None is no limit."""

    as_of: date | None
    known_by: date | None
    recorded_by: datetime | None
    evidence: Evidence


@dataclass(frozen=True)
class _Scope:
    """The filters of one fold."""

    as_of: date | None
    known_by: date | None
    recorded_by: datetime | None
    evidence: Evidence
    admitted: frozenset[Attribution]

    @classmethod
    def of(cls, filters: TimeFilters) -> _Scope:
        evidence = filters.get("evidence", Evidence.ANONYMOUS)
        return cls(
            filters.get("as_of"),
            filters.get("known_by"),
            filters.get("recorded_by"),
            evidence,
            ADMITTED[evidence],
        )

    def left_out(self, entry: Entry) -> tuple[str, ...]:
        reasons = []
        if self.as_of is not None and entry.effective_on > self.as_of:
            reasons.append(LEFT_OUT_AS_OF)
        if self.known_by is not None and entry.known_on > self.known_by:
            reasons.append(LEFT_OUT_KNOWN_BY)
        if self.recorded_by is not None and entry.recorded_at > self.recorded_by:
            reasons.append(LEFT_OUT_RECORDED_BY)
        return tuple(reasons)


def current_state(
    slug: str, events: Iterable[MeetingEvent], **filters: Unpack[TimeFilters]
) -> MeetingState:
    """`fold(...).state` without the history: what `status` needs."""
    return _folded_state(slug, events, _Scope.of(filters))[0]


def live_state(slug: str, events: Iterable[MeetingEvent]) -> tuple[MeetingState, list[Entry]]:
    """The live state (no filters, the default evidence) and every statement in fold order:
    what the view keeps, and carries on from (`fold_on`)."""
    return _folded_state(slug, events, _Scope.of({}))


def _folded_state(
    slug: str, events: Iterable[MeetingEvent], scope: _Scope
) -> tuple[MeetingState, list[Entry]]:
    ordered = [e for e in _in_order(events, scope.recorded_by) if not scope.left_out(e)]
    retracted = retractions(ordered, scope.admitted)
    state = MeetingState(meeting=slug)
    for entry in ordered:
        state, _ = _step(state, entry, retracted, scope.admitted)
    return state, ordered


def fold(slug: str, events: Iterable[MeetingEvent], **filters: Unpack[TimeFilters]) -> Fold:
    """Fold a meeting's events into its state and history, per the status rules."""
    scope = _Scope.of(filters)
    every = _in_order(list(events), scope.recorded_by)
    ordered = [e for e in every if not scope.left_out(e)]
    final_retractions = retractions(ordered, scope.admitted)
    standing = Retractions(ordered, scope.admitted)
    after = Prefix(MeetingState(meeting=slug), len(ordered))  # each counted-in step's state

    def redo(state: MeetingState, index: int) -> MeetingState:
        return _step(state, ordered[index], standing.current, scope.admitted)[0]

    steps: list[Step] = []
    for entry in every:
        before = after.last
        left_out = scope.left_out(entry)
        if left_out:
            steps.append(_left_out_step(entry, before, left_out, scope))
            continue
        if entry.statement.kind is Kind.WALKED_BACK:
            # A walk-back changes which earlier statements stand: fold again from the first
            # whose standing changed, until the states agree with those before.
            changed = standing.walk_back(len(after))
            if changed:
                after.refold(changed, redo)
        state, note = _step(after.last, entry, standing.current, scope.admitted)
        after.append(state)
        steps.append(
            Step(
                entry=entry,
                counted=counts(entry, standing.current, scope.admitted),
                note=note,
                status_before=before.status if len(after) > 1 else None,
                status_after=state.status,
                changes=changes_between(before, state, entry.statement),
                state=state,
                retracted_by=final_retractions.get(entry.statement.id),
            )
        )
    return Fold(after.last, tuple(steps), scope.as_of, scope.evidence, scope.known_by)


def fold_on(state: MeetingState, added: Iterable[Entry]) -> list[Step] | None:
    """The live history's steps of statements that come after all the others in fold order,
    from the state after those: what `fold` gives for them, without folding the others again.
    None if one is a walk-back or withdrawn (that can change earlier steps: fold it all)."""
    admitted = _Scope.of({}).admitted
    steps: list[Step] = []
    for entry in added:
        if entry.statement.kind is Kind.WALKED_BACK or entry.withdrawn is not None:
            return None
        after, note = _step(state, entry, {}, admitted)
        changes = changes_between(state, after, entry.statement)
        counted = counts(entry, {}, admitted)
        steps.append(Step(entry, counted, note, state.status, after.status, changes, after))
        state = after
    return steps


def in_fold_order(events: Iterable[MeetingEvent]) -> list[Entry]:
    """Every statement of the events, as corrected, in fold order."""
    return _in_order(events, None)


def _in_order(events: Iterable[MeetingEvent], recorded_by: datetime | None) -> list[Entry]:
    """Every statement (as the ledger held it by `recorded_by`, if given) in fold order."""
    found = entries(events, recorded_by)
    if recorded_by is not None:
        held = {entry.statement.id for entry in found}
        found += [e for e in entries(events) if e.statement.id not in held]
    return sorted(found, key=lambda e: e.order_key)


def _left_out_step(
    entry: Entry, state: MeetingState, left_out: tuple[str, ...], scope: _Scope
) -> Step:
    said = {
        LEFT_OUT_AS_OF: f"said after {scope.as_of}",
        LEFT_OUT_KNOWN_BY: f"first published after {scope.known_by}",
        LEFT_OUT_RECORDED_BY: f"recorded after {scope.recorded_by}",
    }
    return Step(
        entry=entry,
        counted=False,
        note="left out: " + "; ".join(said[reason] for reason in left_out),
        status_before=state.status,
        status_after=state.status,
        changes=(),
        state=state,
        left_out=left_out,
    )


def _step(
    state: MeetingState,
    entry: Entry,
    retracted: dict[str, str],
    admitted: frozenset[Attribution],
) -> tuple[MeetingState, str | None]:
    """One statement's effect on the state; the note says why it changed nothing, if so."""
    statement = entry.statement
    if entry.withdrawn is not None:
        return state, f"withdrawn (recorded in error): {entry.withdrawn.reason}"
    said = entry.effective_on
    kept = _Kept(
        first_parties(state.plan, statement),
        state.statement_count + 1,
        min(state.first_said or said, said),
        max(state.latest_said or said, said),
    )
    if statement.attribution not in admitted:
        note = f"{statement.attribution.value}: kept, counts only with a wider --evidence"
    elif statement.id in retracted:
        note = f"retracted by {retracted[statement.id]}"
    elif statement.kind is Kind.WALKED_BACK:
        note = None  # its effect is the retraction of the statements it names
    else:
        return _effect(state, statement, kept)
    return replace(
        state,
        plan=kept.plan,
        statement_count=kept.statement_count,
        first_said=kept.first_said,
        latest_said=kept.latest_said,
    ), note


class _Kept(NamedTuple):
    """What every statement kept does to the state, counted or not."""

    plan: PlanState
    statement_count: int
    first_said: date
    latest_said: date


def _effect(
    state: MeetingState, statement: Statement, kept: _Kept
) -> tuple[MeetingState, str | None]:
    """What one counted statement does: plan, lifecycle and its side's stance."""
    plan = next_plan(kept.plan, statement)
    lifecycle, stances = state.lifecycle, dict(state.stances)
    is_party = statement.side in plan.parties
    kind = statement.kind
    if kind is Kind.HELD:
        lifecycle = HELD
    elif is_party:
        if kind is Kind.RESCHEDULED:
            if lifecycle in (POSTPONED, CANCELLED):
                lifecycle = OPEN
            if (plan.place, plan.planned_for) != (state.plan.place, state.plan.planned_for):
                stances = {side: SILENT for side in stances}
        elif kind is Kind.CANCELLED and lifecycle != HELD:
            lifecycle = CANCELLED
        elif kind is Kind.POSTPONED and lifecycle not in (CANCELLED, HELD):
            lifecycle = POSTPONED
    stance = STANCE_OF_KIND.get(kind)
    if stance is not None and kind is not Kind.HELD:
        # kept for a side not (yet) a party too: it counts once that side is named a party
        stances[statement.side] = stance
    note = None if is_party or kind is Kind.HELD else f"{statement.side} is not a party"
    after = MeetingState(
        state.meeting,
        lifecycle,
        stances,
        plan,
        kept.statement_count,
        state.counted_count + 1,
        kept.first_said,
        kept.latest_said,
    )
    return after, None if note is None else f"{note}: counts; a stance only if named a party"


__all__ = [
    "Change",
    "Entry",
    "Fold",
    "MeetingState",
    "PlanState",
    "Step",
    "current_state",
    "entries",
    "fold",
    "fold_on",
    "in_fold_order",
    "live_state",
]
