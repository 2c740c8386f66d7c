"""A big meeting's answers from the view's stored steps (`fold_steps`), refused unless whole.

The steps are checked against the count of statements the meeting's view row carries. Both are
read by one SQL statement, so one snapshot of the view: read in two, a catch-up committing in
between (a server's follower, another process's import) made a whole view look damaged.
"""

from __future__ import annotations

from typing import Any

from projections.fold import MeetingState
from projections.live import STEPS_AND_ROW, kept_row
from projections.row_check import (
    carried_statements,
    check_positions,
    check_step_count,
    checked_state,
    steps_damaged,
    stored_history_of,
    stored_json,
)
from projections.steps import state_data, stored_state
from projections.view_tables import MeetingViewTables

COUNTED = (
    "SELECT count(*) AS steps, max(position) AS last, (SELECT carried FROM kept) AS carried, "
    "(SELECT present FROM kept) AS present, "
    "sum(CASE WHEN position = CAST(position AS INTEGER) THEN 0 ELSE 1 END) AS odd "
    "FROM fold_steps WHERE meeting_id = (SELECT meeting_id FROM kept)"
)
"""After `kept_row`: a meeting's stored steps counted, with their last position and how many
positions are not whole numbers (SQLite keeps a 5.5 or a '5' where a number was written)."""


def _with_row(view: MeetingViewTables, query: str) -> str:
    """`query` after the WITH clause that reads the view row's `carried`, as one statement."""
    return kept_row("meeting_id", "carried" if view.keeps_carried else "NULL") + query


def stored_history(view: MeetingViewTables, key: str, slug: str) -> list[dict[str, Any]] | None:
    """The whole history from the stored steps, when the meeting has them (and they were
    stored whole); else None (fold)."""
    return stored_history_of(view.select_rows(_with_row(view, STEPS_AND_ROW), (key,)), slug)


def stored_state_on(
    view: MeetingViewTables, key: str, slug: str, day: str
) -> dict[str, Any] | None:
    """The state at the end of `day` from the stored steps, when the meeting has them; else
    None (fold). The step a day chooses, and the one after it, must be filed under the day
    they were said: a day changed in place, earlier or later, would choose the wrong step."""
    chosen = view.select_rows(
        "SELECT position, said_by, state FROM fold_steps WHERE meeting_id = ? AND said_by <= ? "
        "ORDER BY position DESC LIMIT 1",
        (key, day),
    )
    if chosen and not _whole(view, key, slug):  # (whole: their positions are 0, 1, ...)
        return None
    following = view.select_rows(
        "SELECT position, said_by, state FROM fold_steps WHERE meeting_id = ? AND position = ?",
        (key, chosen[0]["position"] + 1 if chosen else 0),
    )
    if not chosen and not (following and _whole(view, key, slug)):
        return None
    stored = [_filed_as_said(row, slug) for row in (*chosen, *following)]
    if not chosen:
        return state_data(MeetingState(meeting=slug))  # said before its first statement
    return checked_state(stored_state(stored[0]), slug)


def _filed_as_said(row: dict[str, Any], slug: str) -> dict[str, Any]:
    """A stored step as read, refused unless filed under the day it says it was said (a step
    stored as its state alone says none)."""
    position, said_by = row["position"], row["said_by"]
    stored = stored_json(row["state"], slug, position)
    said = stored.get("effective_on", said_by)
    if said != said_by:
        raise steps_damaged(slug, f"step {position} is filed under {said_by}, said {said}")
    return stored


def _whole(view: MeetingViewTables, key: str, slug: str) -> bool:
    """Whether the meeting's stored steps may be used: False without their view row (fold);
    refused if one is missing or moved (by their count, last position and positions that are
    not whole numbers, against its row's count; their positions are read only to name the
    gap)."""
    [counted] = view.select_rows(_with_row(view, COUNTED), (key,))
    if counted["present"] is None:
        return False
    if counted["last"] != counted["steps"] - 1 or counted["odd"]:
        rows = view.select_rows(
            "SELECT position FROM fold_steps WHERE meeting_id = ? ORDER BY position", (key,)
        )
        check_positions(slug, [row["position"] for row in rows])
    check_step_count(slug, counted["steps"], carried_statements(counted["carried"], slug))
    return True
