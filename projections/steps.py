"""Stored steps: each step of a big meeting's history, with the state after it, kept by the
view, so `history` of a meeting with thousands of statements reads its rows instead of decoding
and folding them all, and `status --as-of` reads one row.

Why one row is enough for `--as-of`: the fold orders statements by the day they had certainly
been said (`effective_on`), and `--as-of DAY` keeps exactly the statements with `effective_on`
on or before DAY, so the statements it keeps are always a prefix of the fold order; and each
step of the history holds the state as that prefix has it, walk-backs within it included
(`projections.fold`). The state as of DAY is therefore the state of the last step said by DAY,
or the empty state if there is none. Only the live evidence level without `--known-by` or
`--recorded-by` is stored; other scopes fold.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast
from uuid import UUID

import orjson

from ledger.statement import PLAN_FIELDS, Source, Statement
from projections.changes import retracts_value
from projections.fold import MeetingState, Step
from projections.live import iso

STEPS_FROM = 1_000
"""Meetings with at least this many statements have their steps stored."""

StepRow = tuple[str, int, str, str]
"""A stored step: meeting id, position in fold order, the day it was said by, its state."""


def step_rows(meeting_id: UUID, steps: Sequence[Step], first: int = 0) -> list[StepRow]:
    """The stored steps of a meeting's live fold (no time filter, the default evidence), the
    first at position `first`: each step as `history` gives it, its state after in
    `state_after`."""
    return [
        (
            str(meeting_id),
            position,
            step.entry.effective_on.isoformat(),
            orjson.dumps(step_data(step)).decode(),
        )
        for position, step in enumerate(steps, start=first)
    ]


def as_states_alone(rows: set[StepRow]) -> set[StepRow]:
    """Stored steps as the previous release stored them: each step's state alone."""
    return {
        (key, position, said_by, orjson.dumps(orjson.loads(step)["state_after"]).decode())
        for key, position, said_by, step in rows
    }


def stored_state(stored: dict[str, Any]) -> dict[str, Any]:
    """The state a stored step gives (a step stored before steps were stored whole is its
    state alone)."""
    return cast(dict[str, Any], stored.get("state_after", stored))


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


def step_data(step: Step) -> dict[str, Any]:
    statement = step.entry.statement
    return {
        "id": statement.id,
        "meeting": statement.meeting,
        "said_on": statement.said_on,
        "effective_on": step.entry.effective_on.isoformat(),
        "kind": statement.kind.value,
        "speaker": statement.speaker,
        "speaker_as_written": statement.speaker_as_written,
        "side": statement.side,
        "attribution": statement.attribution.value,
        "via": statement.via,
        "quote": statement.quote,
        "summary": statement.summary,
        "translation": statement.translation,
        "source": _source_data(statement.source),
        "sources": [_source_data(source) for source in step.entry.sources],
        "known_on": step.entry.known_on.isoformat(),
        "plan_given": _plan_given(statement),
        "retracts": retracts_value(statement.retracts),
        "retracted_by": step.retracted_by,
        "withdrawn": _withdrawal(step),
        "moved_from": statement.moved_from,
        "left_out": list(step.left_out),
        "counted": step.counted,
        "note": step.note,
        "status_before": step.status_before,
        "status_after": step.status_after,
        "changes": [{"field": c.field, "before": c.before, "after": c.after} for c in step.changes],
        "state_after": state_data(step.state),
        "errata": [
            {
                "version": e.version,
                "recorded_at": e.recorded_at.isoformat(),
                "corrected": e.corrected,
                "reason": e.reason,
            }
            for e in step.entry.errata
        ],
        "version": step.entry.version,
        "recorded_at": step.entry.recorded_at.isoformat(),
    }


def _plan_given(statement: Statement) -> dict[str, Any]:
    """The plan fields the statement gives, as JSON (what `statement.plan.model_dump(mode=
    "json")` gives without None, without building and validating a `Plan`)."""
    given: dict[str, Any] = {}
    for name in PLAN_FIELDS:
        value = getattr(statement, name)
        if value is not None:
            given[name] = list(value) if isinstance(value, tuple) else value
    return given


def _source_data(source: Source) -> dict[str, Any]:
    """A source as JSON (its `model_dump(mode="json")`, field by field)."""
    return {
        "outlet": source.outlet,
        "published": source.published.isoformat(),
        "url": source.url,
        "title": source.title,
        "language": source.language,
    }


def _withdrawal(step: Step) -> dict[str, Any] | None:
    withdrawn = step.entry.withdrawn
    if withdrawn is None:
        return None
    return {
        "reason": withdrawn.reason,
        "moved_to": withdrawn.moved_to,
        "recorded_at": withdrawn.recorded_at.isoformat(),
    }
