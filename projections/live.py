"""The live view as plain data: a meeting's current status from its view row, and the rows of
a SQLite view read directly when the view is up to date.

`status_of_row` and `listed` are the read side's one way of turning view rows into the dicts
that `ReadSide.status` and `ReadSide.meetings` return for the live view. `LiveView` reads those
rows through the standard library's `sqlite3` alone, so a command that starts, answers and exits
(a cold `diplo status X --json`) loads neither the `eventsourcing` library nor the statement
model. It answers only when the view's tracking position has reached the last stored event, in
the same read transaction as the rows; otherwise (a view behind the log, a database it cannot
read, a view without its tables or columns) it answers None, and the caller goes the usual way,
which brings the view up to date first.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from projections.plan import overdue_from
from projections.row_check import meeting_data, stored_history_of
from projections.vocabulary import Evidence

VIEW_NAME = "meeting_view"
"""The name under which the view's tracking position is recorded."""
ROW_COLUMNS = "slug, status, disputed, stances, plan, first_said, latest_said, statement_count"
LIVE_SCOPE: dict[str, Any] = {
    "as_of": None,
    "known_by": None,
    "recorded_by": None,
    "evidence": Evidence.ANONYMOUS.value,
}
"""The scope a live status reports: no time filter, the default evidence level."""
LOCK_WAIT_SECONDS = 1.0
"""How long a direct read waits for a lock before leaving the answer to the application (which
waits longer, and explains a lock that does not go)."""


def kept_row(by: str, carried: str = "carried") -> str:
    """The WITH clause naming a meeting's view row, found by its `by` column (`= ?`): its id,
    its `carried` (give "NULL" for a view of the previous release, which has no such column:
    no count to check the steps against) and whether there is a row at all (steps without
    their row are not used: the meeting is folded). Named first, in WITH, so that PostgreSQL
    locks `meeting_view` before `fold_steps`, in the order a rebuild drops them: named the
    other way, a read and a rebuild deadlocked."""
    return (
        f"WITH kept AS (SELECT meeting_id, {carried} AS carried, 1 AS present "
        f"FROM meeting_view WHERE {by} = ?) "
    )


STEPS_AND_ROW = (
    "SELECT position, state, CASE WHEN position = 0 THEN (SELECT carried FROM kept) END "
    "AS carried, (SELECT present FROM kept) AS present "
    "FROM fold_steps WHERE meeting_id = (SELECT meeting_id FROM kept) ORDER BY position"
)
"""After `kept_row`: the meeting's steps in order, the first with its view row's `carried`
(in the index's order: a union with the row took a sort, twice the time)."""
LIVE_STEPS = kept_row("slug") + STEPS_AND_ROW
"""A meeting's stored steps found by the row's slug, as `status` finds it (the read side
finds them by the meeting's id: `projections.stored_steps`). A view without the `carried`
column (the previous release's) fails to read: None."""
EVENTS_TABLE, TRACKING_TABLE = "stored_events", "tracking"
"""The SQLite tables of the `eventsourcing` library that hold the log and the view's position."""


def with_overdue(data: dict[str, Any], day: date) -> dict[str, Any]:
    """A state dict with `overdue` and `overdue_since`, judged on `day`."""
    since = overdue_from(data["status"], data["plan"]["planned_for"], day)
    return {**data, "overdue": since is not None, "overdue_since": iso(since)}


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def status_of_row(row: dict[str, Any], day: date) -> dict[str, Any]:
    """The live status of the meeting of a view row, overdue judged on `day`."""
    return {**with_overdue(meeting_data(row), day), **LIVE_SCOPE}


def listed(
    found: list[dict[str, Any]],
    status: str | None = None,
    party: str | None = None,
    overdue: bool | None = None,
) -> list[dict[str, Any]]:
    """The meetings (state dicts with overdue) that have this status, this party and overdue
    as given; None leaves a filter out."""
    return [
        m
        for m in found
        if (status is None or m["status"] == status)
        and (party is None or party in m["parties"])
        and (overdue is None or m["overdue"] == overdue)
    ]


def live_meetings(
    rows: list[dict[str, Any]],
    day: date,
    *,
    status: str | None = None,
    party: str | None = None,
    overdue: bool | None = None,
    include_empty: bool = False,
) -> list[dict[str, Any]]:
    """The live listing from the view's rows in slug order: meetings with a statement that
    counts (every one with `include_empty`), overdue judged on `day`, then filtered."""
    found = [
        with_overdue(meeting_data(row), day)
        for row in rows
        if row["statement_count"] or include_empty
    ]
    return listed(found, status, party, overdue)


class LiveView:
    """The view of a SQLite ledger read directly, while it is up to date (see the module)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def rows(self, where: str = "", params: tuple[Any, ...] = ()) -> list[dict[str, Any]] | None:
        """The view's rows (`where` a SQL condition on them), in slug order; None unless the
        view has every event the log holds."""
        return self._read(f"SELECT {ROW_COLUMNS} FROM meeting_view {where} ORDER BY slug", params)

    def history(self, slug: str) -> list[dict[str, Any]] | None:
        """The meeting's whole history from its stored steps, checked as the read side checks
        them (`stored_history_of`); None if the view is not current or the meeting is folded
        instead (a meeting without stored steps, or none of that name)."""
        rows = self._read(LIVE_STEPS, (slug,))
        return None if rows is None else stored_history_of(rows, slug)

    def _read(self, query: str, params: tuple[Any, ...]) -> list[dict[str, Any]] | None:
        """The rows `query` selects, in the same snapshot as the view's position; None unless
        the view has every event the log holds (or if the database cannot be read)."""
        try:
            connection = sqlite3.connect(
                f"file:{quote(str(self.path))}?mode=rw", uri=True, timeout=LOCK_WAIT_SECONDS
            )
        except sqlite3.Error:
            return None
        try:
            # Read only; opened for writing all the same (read only if the file is) so that,
            # the last to close it, it folds its log back and removes it as every writer does.
            connection.execute("PRAGMA query_only = ON")
            connection.row_factory = sqlite3.Row
            connection.execute("BEGIN")  # the position and the rows from one snapshot
            if not self._current(connection):
                return None
            return [dict(row) for row in connection.execute(query, params).fetchall()]
        except sqlite3.Error:
            return None
        finally:
            connection.close()

    def status(self, slug: str, day: date) -> dict[str, Any] | None:
        """The meeting's live status, overdue judged on `day`; None if the view is not current
        or has no such meeting."""
        rows = self.rows("WHERE slug = ?", (slug,))
        return status_of_row(rows[0], day) if rows else None

    def meetings(
        self,
        day: date,
        *,
        status: str | None = None,
        party: str | None = None,
        overdue: bool | None = None,
        include_empty: bool = False,
    ) -> list[dict[str, Any]] | None:
        """The live listing (see `live_meetings`); None if the view is not current."""
        rows = self.rows()
        if rows is None:
            return None
        return live_meetings(
            rows, day, status=status, party=party, overdue=overdue, include_empty=include_empty
        )

    @staticmethod
    def _current(connection: sqlite3.Connection) -> bool:
        """Whether the view's position is the last stored event (a position that is not a
        number, or past the log, is left to the projector to report)."""
        last = connection.execute(f"SELECT MAX(rowid) FROM {EVENTS_TABLE}").fetchone()[0]
        position = connection.execute(
            f"SELECT MAX(notification_id) FROM {TRACKING_TABLE} WHERE application_name = ?",
            (VIEW_NAME,),
        ).fetchone()[0]
        position = 0 if position is None else position
        return type(position) is int and position == (last or 0)
