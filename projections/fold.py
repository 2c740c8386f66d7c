"""The status rules: one pure fold from a meeting's events to its state and its history.

No I/O here. The live view, `status --as-of`, `history` and the tests all call `fold`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from ledger.events import MeetingEvent, StatementCorrected, StatementRecorded
from ledger.statement import Attribution, Kind, Statement, corrected_statement
from projections.vocabulary import ADMITTED, STANCE_OF_KIND, Evidence, Lifecycle, Stance, Status

SUPPORTS, DENIES, SILENT = Stance.SUPPORTS, Stance.DENIES, Stance.SILENT
OPEN, POSTPONED, CANCELLED, HELD = (
    Lifecycle.OPEN,
    Lifecycle.POSTPONED,
    Lifecycle.CANCELLED,
    Lifecycle.HELD,
)


@dataclass(frozen=True)
class Erratum:
    """A correction applied to a statement before the fold."""

    version: int
    recorded_at: datetime
    corrected: dict[str, Any]
    reason: str


@dataclass(frozen=True)
class Entry:
    """A statement as the fold sees it: corrected, with its place in the recorded order."""

    statement: Statement
    version: int
    recorded_at: datetime
    errata: tuple[Erratum, ...] = ()

    @property
    def order_key(self) -> tuple[date, int]:
        return self.statement.effective_on, self.version


@dataclass(frozen=True)
class PlanState:
    parties: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    place: str | None = None
    planned_for: str | None = None


@dataclass(frozen=True)
class MeetingState:
    """Where a meeting stands after the statements that count."""

    meeting: str
    lifecycle: Lifecycle = OPEN
    stances: dict[str, Stance] = field(default_factory=dict)
    plan: PlanState = PlanState()
    statement_count: int = 0
    first_said: date | None = None
    latest_said: date | None = None

    @property
    def party_stances(self) -> dict[str, Stance]:
        return {side: self.stances.get(side, SILENT) for side in self.plan.parties}

    @property
    def status(self) -> Status:
        if self.statement_count == 0:
            return Status.UNANNOUNCED
        if self.lifecycle != OPEN:
            return Status(self.lifecycle.value)
        stances = self.party_stances
        if stances and all(stance == SUPPORTS for stance in stances.values()):
            return Status.AGREED
        return Status.PROPOSED

    @property
    def disputed(self) -> bool:
        stances = set(self.party_stances.values())
        return SUPPORTS in stances and DENIES in stances


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


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


@dataclass(frozen=True)
class Fold:
    """The state after all statements that count, and the history that led to it."""

    state: MeetingState
    history: tuple[Step, ...]
    as_of: date | None
    evidence: Evidence


def entries(events: Iterable[MeetingEvent], recorded_by: datetime | None = None) -> list[Entry]:
    """The meeting's statements with their errata applied, as recorded by `recorded_by`."""
    found: dict[str, Entry] = {}
    for event in events:
        if recorded_by is not None and event.timestamp > recorded_by:
            break
        if isinstance(event, StatementRecorded):
            found[event.statement.id] = Entry(
                event.statement, event.originator_version, event.timestamp
            )
        elif isinstance(event, StatementCorrected):
            current = found[event.statement_id]
            erratum = Erratum(
                event.originator_version, event.timestamp, event.corrected, event.reason
            )
            found[event.statement_id] = replace(
                current,
                statement=corrected_statement(current.statement, event.corrected),
                errata=(*current.errata, erratum),
            )
    return list(found.values())


def current_state(
    slug: str,
    events: Iterable[MeetingEvent],
    *,
    as_of: date | None = None,
    recorded_by: datetime | None = None,
    evidence: Evidence = Evidence.ANONYMOUS,
) -> MeetingState:
    """`fold(...).state` without the history: what the view and `status` need."""
    return _fold_prefix(slug, _ordered(events, as_of, recorded_by), ADMITTED[evidence])


def _ordered(
    events: Iterable[MeetingEvent], as_of: date | None, recorded_by: datetime | None
) -> list[Entry]:
    """The statements that count by `as_of` as recorded by `recorded_by`, in fold order."""
    return sorted(
        (
            e
            for e in entries(events, recorded_by)
            if as_of is None or e.statement.effective_on <= as_of
        ),
        key=lambda e: e.order_key,
    )


def fold(
    slug: str,
    events: Iterable[MeetingEvent],
    *,
    as_of: date | None = None,
    recorded_by: datetime | None = None,
    evidence: Evidence = Evidence.ANONYMOUS,
) -> Fold:
    """Fold a meeting's events into its state and history, per the status rules."""
    ordered = _ordered(events, as_of, recorded_by)
    admitted = ADMITTED[evidence]
    final_retractions = _retractions(ordered, admitted)
    position = {entry.statement.id: index for index, entry in enumerate(ordered)}
    initial = MeetingState(meeting=slug)
    after: list[MeetingState] = []  # the state after each step, as the prefix so far has it
    retracted: dict[str, str] = {}
    steps: list[Step] = []
    for index, entry in enumerate(ordered):
        before = after[-1] if after else initial
        statement = entry.statement
        note = None
        if statement.kind is Kind.WALKED_BACK and statement.attribution in admitted:
            # A walk-back changes which earlier statements stand: fold again from the first
            # step whose standing changed (usually a recent one), not from the start.
            now_retracted = _retractions(ordered[: index + 1], admitted)
            changed = set(now_retracted).symmetric_difference(retracted)
            retracted = now_retracted
            if changed:
                start = min(position[statement_id] for statement_id in changed)
                state = after[start - 1] if start else initial
                for redo in range(start, index):
                    state = _step(state, ordered[redo], retracted, admitted)
                    after[redo] = state
            state = _step(after[-1] if after else initial, entry, retracted, admitted)
        else:
            state, note = _apply(
                before, statement, admitted, is_first_parties=not before.plan.parties
            )
            state = _counted_dates(state, statement)
        after.append(state)
        steps.append(
            Step(
                entry=entry,
                counted=note is None,
                note=note,
                status_before=before.status if index else None,
                status_after=state.status,
                changes=_changes(before, state, statement),
                state=state,
                retracted_by=final_retractions.get(statement.id),
            )
        )
    state = after[-1] if after else initial
    return Fold(state=state, history=tuple(steps), as_of=as_of, evidence=evidence)


def _fold_prefix(
    slug: str, ordered: Sequence[Entry], admitted: frozenset[Attribution]
) -> MeetingState:
    retracted = _retractions(ordered, admitted)
    state = MeetingState(meeting=slug)
    for entry in ordered:
        state = _step(state, entry, retracted, admitted)
    return state


def _step(
    state: MeetingState,
    entry: Entry,
    retracted: dict[str, str],
    admitted: frozenset[Attribution],
) -> MeetingState:
    """One statement's effect unless it is retracted; it is counted either way."""
    if entry.statement.id not in retracted:
        state, _ = _apply(state, entry.statement, admitted, is_first_parties=not state.plan.parties)
    return _counted_dates(state, entry.statement)


def _retractions(ordered: Sequence[Entry], admitted: frozenset[Attribution]) -> dict[str, str]:
    """Which statements are retracted, and by which standing later walk-back of the same side."""
    position = {entry.statement.id: index for index, entry in enumerate(ordered)}
    retracted: dict[str, str] = {}
    for index in range(len(ordered) - 1, -1, -1):
        statement = ordered[index].statement
        if statement.id in retracted or statement.kind is not Kind.WALKED_BACK:
            continue
        if statement.attribution not in admitted or statement.retracts is None:
            continue
        target_index = position.get(statement.retracts)
        if target_index is None or target_index >= index:
            continue
        if ordered[target_index].statement.side == statement.side:
            retracted[statement.retracts] = statement.id
    return retracted


def _apply(
    state: MeetingState,
    statement: Statement,
    admitted: frozenset[Attribution],
    *,
    is_first_parties: bool,
) -> tuple[MeetingState, str | None]:
    """One standing statement's effect; the note says why it changed nothing, if it did not."""
    if is_first_parties and statement.parties:
        state = replace(state, plan=replace(state.plan, parties=tuple(statement.parties)))
    if statement.attribution not in admitted:
        return state, f"{statement.attribution.value}: kept, counts only with a wider --evidence"
    is_party = statement.side in state.plan.parties
    if statement.kind is Kind.HELD:
        return replace(state, lifecycle=HELD, plan=_plan(state.plan, statement)), None
    if not is_party:
        return state, f"{statement.side} is not a party: changes no stance"
    stances = dict(state.stances)
    lifecycle = state.lifecycle
    stance = STANCE_OF_KIND.get(statement.kind)
    if statement.kind is Kind.RESCHEDULED:
        stances = {side: SILENT for side in stances}
        if lifecycle in (POSTPONED, CANCELLED):
            lifecycle = OPEN
    elif statement.kind is Kind.CANCELLED and lifecycle != HELD:
        lifecycle = CANCELLED
    elif statement.kind is Kind.POSTPONED and lifecycle not in (CANCELLED, HELD):
        lifecycle = POSTPONED
    if stance is not None:
        stances[statement.side] = stance
    return replace(
        state, lifecycle=lifecycle, stances=stances, plan=_plan(state.plan, statement)
    ), None


def _plan(plan: PlanState, statement: Statement) -> PlanState:
    return PlanState(
        parties=tuple(statement.parties) if statement.parties else plan.parties,
        participants=(
            tuple(statement.participants) if statement.participants else plan.participants
        ),
        place=statement.place or plan.place,
        planned_for=statement.planned_for or plan.planned_for,
    )


def _counted_dates(state: MeetingState, statement: Statement) -> MeetingState:
    said = statement.effective_on
    return replace(
        state,
        statement_count=state.statement_count + 1,
        first_said=min(state.first_said or said, said),
        latest_said=max(state.latest_said or said, said),
    )


def _changes(before: MeetingState, after: MeetingState, statement: Statement) -> tuple[Change, ...]:
    changes: list[Change] = []
    if before.status != after.status:
        changes.append(Change("status", before.status, after.status))
    sides = dict.fromkeys((*before.plan.parties, *after.plan.parties))
    for side in sides:
        old, new = before.stances.get(side, SILENT), after.stances.get(side, SILENT)
        if old != new:
            changes.append(Change(f"stance.{side}", old, new))
    for name in ("parties", "participants", "place", "planned_for"):
        old_value, new_value = getattr(before.plan, name), getattr(after.plan, name)
        if old_value != new_value:
            changes.append(Change(f"plan.{name}", _plain(old_value), _plain(new_value)))
    if before.disputed != after.disputed:
        changes.append(Change("disputed", before.disputed, after.disputed))
    if statement.retracts is not None:
        changes.append(Change("retracts", None, statement.retracts))
    return tuple(changes)


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value
