"""Stored steps: the state after each statement of a big meeting, kept by the view, so a
`status --as-of` of a meeting with thousands of statements reads one row instead of decoding
and folding them all.

Why one row is enough: the fold orders statements by the day they had certainly been said
(`effective_on`), and `--as-of DAY` keeps exactly the statements with `effective_on` on or before
DAY, so the statements it keeps are always a prefix of the fold order; and each step of the
history holds the state as that prefix has it, walk-backs within it included
(`projections.fold`). The state as of DAY is therefore the state of the last step said by DAY,
or the empty state if there is none. Only the live evidence level without `--known-by` or
`--recorded-by` is stored; other scopes fold.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import orjson

from projections.fold import Fold, MeetingState
from projections.live import iso

STEPS_FROM = 1_000
"""Meetings with at least this many statements have their steps stored."""

StepRow = tuple[str, int, str, str]
"""A stored step: meeting id, position in fold order, the day it was said by, its state."""


def step_rows(meeting_id: UUID, folded: Fold) -> list[StepRow]:
    """The stored steps of a meeting's live fold (no time filter, the default evidence)."""
    return [
        (
            str(meeting_id),
            position,
            step.entry.statement.effective_on.isoformat(),
            orjson.dumps(state_data(step.state)).decode(),
        )
        for position, step in enumerate(folded.history)
    ]


def state_data(state: MeetingState) -> dict[str, Any]:
    """A state as the read side gives it: plain data."""
    return {
        "meeting": state.meeting,
        "status": state.status,
        "disputed": state.disputed,
        "parties": state.party_stances,
        "plan": {
            "parties": list(state.plan.parties),
            "participants": list(state.plan.participants),
            "place": state.plan.place,
            "planned_for": state.plan.planned_for,
        },
        "first_said": iso(state.first_said),
        "latest_said": iso(state.latest_said),
        "statement_count": state.statement_count,
    }
