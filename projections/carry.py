"""Carrying a meeting's fold on to the statements added to it, without folding it again.

Each row of the view keeps, in its `carried` column, the fold's whole live state after all the
meeting's statements, how many statements that is, and the last of them in fold order. When the
events a catch-up brings for a meeting are only new statements that come after all the others
in fold order (said later, none a walk-back), the state they give is that state folded on
through them (`fold_on`), and a big meeting's new steps follow its stored ones: the earlier
events are not decoded or folded again. Anything else (a walk-back, a correction, a citation, a
withdrawal, a statement said before the last one, a damaged new row, a meeting crossing the
size from which its steps are stored, a row without `carried`, as the previous release wrote
them) is left to the whole fold. The earlier events are counted by their topics, not decoded:
a row damaged in place after it was folded goes unnoticed here, as it does by every reader of
the view until `verify` reports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import StoredEvent

from ledger.events import MeetingEvent, StatementRecorded
from ledger.statement import said_moment
from projections.entries import Entry
from projections.fold import MeetingState, PlanState, fold_on
from projections.recorded import records_statement
from projections.steps import StepRow, step_rows
from projections.view_tables import IndexEntry, Row, state_row
from projections.vocabulary import Lifecycle, Stance

Carried = tuple[Row, list[IndexEntry], list[StepRow]]
OrderKey = tuple[date, time, int]


def carried_data(state: MeetingState, statements: int, last: Entry) -> str:
    """What a view row keeps to carry the fold on: the state after the meeting's `statements`
    statements, and the place in fold order of the `last` of them."""
    return orjson.dumps(
        {
            "lifecycle": state.lifecycle,
            "stances": state.stances,
            "plan": state.plan,
            "statement_count": state.statement_count,
            "counted_count": state.counted_count,
            "first_said": state.first_said,
            "latest_said": state.latest_said,
            "statements": statements,
            "last": [last.statement.effective_on, last.statement.said_on, last.version],
        }
    ).decode()


def recorded_count(stored: Sequence[StoredEvent]) -> int:
    """How many of the stored events record a statement (by their topic, without decoding)."""
    return sum(1 for event in stored if records_statement(event.topic))


def carried_on(
    meeting_id: UUID,
    slug: str,
    carried: str,
    recorded: int,
    last_step: int | None,
    steps_from: int,
    added: Sequence[Any],
) -> Carried | None:
    """The meeting's row, index entries and new steps from its row's `carried` state and the
    readable events `added` since; None when the whole fold is needed. `recorded`: how many
    statements the earlier events record; `last_step`: the position of its last stored step."""
    state, count, last = _restored(slug, carried)
    if count != recorded or not added or not all(_appends(e, slug) for e in added):
        return None
    new = sorted(
        (Entry(e.statement, e.originator_version, e.timestamp) for e in added),
        key=lambda entry: entry.order_key,
    )
    total = count + len(new)
    stepped = total >= steps_from
    if new[0].order_key <= last or last_step != (count - 1 if stepped else None):
        return None  # said before the last one, or its steps are not exactly the stored ones
    folded = fold_on(state, new)
    if folded is None:
        return None
    after = folded[-1].state
    version = added[-1].originator_version
    row = state_row(after, meeting_id, version, carried_data(after, total, new[-1]))
    index = [(e.statement.id, str(meeting_id), slug, e.version) for e in new]
    return row, index, step_rows(meeting_id, folded, first=count) if stepped else []


def _restored(slug: str, carried: str) -> tuple[MeetingState, int, OrderKey]:
    data = orjson.loads(carried)
    plan = data["plan"]
    state = MeetingState(
        meeting=slug,
        lifecycle=Lifecycle(data["lifecycle"]),
        stances={side: Stance(stance) for side, stance in data["stances"].items()},
        plan=PlanState(
            tuple(plan["parties"]), tuple(plan["participants"]), plan["place"], plan["planned_for"]
        ),
        statement_count=data["statement_count"],
        counted_count=data["counted_count"],
        first_said=_day(data["first_said"]),
        latest_said=_day(data["latest_said"]),
    )
    effective_on, said_on, version = data["last"]
    moment = said_moment(said_on)
    said_time = moment.timetz().replace(tzinfo=None) if moment else time.max
    return state, data["statements"], (date.fromisoformat(effective_on), said_time, version)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _appends(event: MeetingEvent, slug: str) -> bool:
    return isinstance(event, StatementRecorded) and event.statement.meeting == slug
