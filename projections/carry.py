"""Carrying a big meeting's stored fold on to the statements added to it.

A meeting with stored steps (`projections.steps`) keeps, in its last step, the fold's whole
state after all its statements. When the events a catch-up brings for it are only new
statements that come after all the others in fold order (said later, none a walk-back), the
state and history they give are the stored state folded on through them (`fold_on`): the
earlier steps stay as they are and are not decoded or folded again. Anything else (a walk-back,
a correction, a citation, a withdrawal, a statement said before the last one, a damaged new row,
a step stored without its carried state) is left to the whole fold. The earlier events are
counted by their topics, not decoded: a row damaged in place after its step was stored goes
unnoticed here, as it does by every reader of the view until `verify` reports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import StoredEvent

from ledger.events import TOPICS, MeetingEvent, StatementRecorded
from projections.entries import Entry
from projections.fold import fold_on
from projections.steps import StepRow, carried_state, step_rows, stored_order
from projections.view_tables import IndexEntry, Row, state_row

Carried = tuple[Row, list[IndexEntry], list[StepRow]]


def recorded_count(stored: Sequence[StoredEvent]) -> int:
    """How many of the stored events record a statement (by their topic, without decoding)."""
    return sum(1 for event in stored if _records(event.topic))


def carried_on(
    meeting_id: UUID, last_step: tuple[int, str], recorded_before: int, added: Sequence[Any]
) -> Carried | None:
    """The meeting's row, index entries and new steps from its stored last step (its position
    and stored JSON) and the readable events `added` after it; None when the whole fold is
    needed. `recorded_before`: the meeting's statements already folded into the stored steps."""
    position, stored_json = last_step
    if position + 1 != recorded_before or not added:
        return None
    stored = orjson.loads(stored_json)
    state = carried_state(stored)
    if state is None or not all(_appends(event, state.meeting) for event in added):
        return None
    new = sorted(
        (Entry(e.statement, e.originator_version, e.timestamp) for e in added),
        key=lambda entry: entry.order_key,
    )
    if new[0].order_key <= stored_order(stored):
        return None
    steps = fold_on(state, new)
    if steps is None:
        return None
    row = state_row(steps[-1].state, meeting_id, added[-1].originator_version)
    index = [(e.statement.id, str(meeting_id), state.meeting, e.version) for e in new]
    return row, index, step_rows(meeting_id, steps, first=position + 1)


def _appends(event: MeetingEvent, slug: str) -> bool:
    return isinstance(event, StatementRecorded) and event.statement.meeting == slug


def _records(topic: object) -> bool:
    cls = TOPICS.get(topic) if isinstance(topic, str) else None
    return cls is not None and issubclass(cls, StatementRecorded)
