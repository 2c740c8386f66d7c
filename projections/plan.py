"""The plan of a meeting (parties, participants, place, date) and how statements change it.

Plan precision: a value that contains the current one (a month containing the planned day, a
city containing the planned building) says less than what is known and does not replace it.
Overdue: a plan still open after its last possible day.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ledger.dates import DateError, date_bounds
from projections.vocabulary import Status

if TYPE_CHECKING:
    from ledger.statement import Statement


@dataclass(frozen=True)
class PlanState:
    """What the statements that count say of the meeting's plan."""

    parties: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    place: str | None = None
    planned_for: str | None = None


def first_parties(plan: PlanState, statement: Statement) -> PlanState:
    """The parties from the earliest statement that names them, whatever it is."""
    if plan.parties or not statement.parties:
        return plan
    return PlanState(tuple(statement.parties), plan.participants, plan.place, plan.planned_for)


def next_plan(plan: PlanState, statement: Statement) -> PlanState:
    """The plan after a statement that counts. A `rescheduled` statement sets the date and place
    it gives; any other replaces a value only with one that does not contain it."""
    sets = statement.kind.value == "rescheduled"
    parties = plan.parties
    if statement.parties and set(statement.parties) != set(plan.parties):
        parties = tuple(statement.parties)
    return PlanState(
        parties=parties,
        participants=tuple(statement.participants or ()) or plan.participants,
        place=_next(plan.place, statement.place, sets, place_contains),
        planned_for=_next(plan.planned_for, statement.planned_for, sets, date_contains),
    )


def _next(
    current: str | None, given: str | None, sets: bool, contains: Callable[[str, str], bool]
) -> str | None:
    if given is None:
        return current
    if current is None or sets or not contains(given, current):
        return given
    return current


def date_contains(outer: str, inner: str) -> bool:
    """Whether every day `inner` can mean is a day `outer` can mean (2018-11 contains
    2018-11-11; a value contains itself)."""
    try:
        outer_first, outer_last = date_bounds(outer)
        inner_first, inner_last = date_bounds(inner)
    except DateError:
        return outer == inner
    return outer_first <= inner_first and inner_last <= outer_last


def place_contains(outer: str, inner: str) -> bool:
    """Whether the place `outer` names contains the place `inner` names, read from the text:
    `inner` names `outer` as a whole word or words ("Rome" contains "St. Peter's Basilica,
    Rome"; "Paris" contains "Paris"). No gazetteer: "France" does not contain "Paris"."""
    pattern = rf"(?<!\w){re.escape(outer.casefold().strip())}(?!\w)"
    return re.search(pattern, inner.casefold()) is not None


def last_day(planned_for: str | None) -> date | None:
    """The last day a planned date can mean (None if there is none, or it has no end)."""
    if planned_for is None:
        return None
    try:
        return date_bounds(planned_for)[1]
    except DateError:
        return None


OVERDUE_STATUSES = frozenset({Status.PROPOSED, Status.AGREED})
"""Only a meeting still proposed or agreed can be overdue."""


def overdue_from(status: str, planned_for: str | None, on: date) -> date | None:
    """The day a meeting became overdue, seen on `on`: it is still proposed or agreed and the
    last possible day of its `planned_for` is before `on`. Else None."""
    if status not in OVERDUE_STATUSES:
        return None
    last = last_day(planned_for)
    if last is None or last >= on:
        return None
    return last + timedelta(days=1)
