"""The read side's places in the log, as the tracking table holds them, checked before use.

Each projection (the meeting view, the search index) keeps one row in the library's tracking
table: the position of the last event it has applied. A row that is not a position (text,
NULL, below zero, past the log's end) is damage: trusting it would hide events from every query
or retry for ever, so it is reported, and `diplo rebuild` remakes what it belongs to.

The library keeps one more row there, `MARKER`, saying the table holds one row per projection
(as every release of the ledger has made it). When that row is missing or holds nothing, the
library takes the table for an older one and "migrates" it, which fails (or renames it aside)
on every start; `MeetingViewTables.create_table` leaves such a table as it is instead.
"""

from __future__ import annotations

from typing import Protocol

from eventsourcing.persistence import PersistenceError

MARKER = "__migration__"
"""The library's row in the tracking table: 1 says it holds one row per projection."""


class DamagedPosition(PersistenceError):
    """A projection's tracking row is not a position in the log: only a rebuild mends it."""


def damaged(what: str, why: str) -> DamagedPosition:
    """The error of a damaged place of `what` ("view", "search index") in the log."""
    return DamagedPosition(
        f"the {what}'s place in the log is damaged ({why}): run `diplo rebuild` to remake it"
    )


class TrackingRows(Protocol):
    """The tracking table as a projection's tables read it (`MeetingViewTables`)."""

    def max_tracking_id(self, application_name: str) -> int | None: ...

    def position_is_null(self, application_name: str) -> bool: ...


def tracked_position(tables: TrackingRows, name: str, what: str) -> int:
    """The position the tracking row of `name` holds, checked (`checked_position`); a row
    holding no position (NULL), which the library reads as no row, is damage too."""
    stored = tables.max_tracking_id(name)
    if stored is None and tables.position_is_null(name):
        raise damaged(what, "it holds no position (NULL)")
    return checked_position(stored, what)


def checked_position(stored: object, what: str) -> int:
    """A tracking row's position as read by the library (None when there is no row: 0)."""
    if stored is None:
        return 0
    if not isinstance(stored, int) or isinstance(stored, bool) or stored < 0:
        raise damaged(what, f"'{str(stored)[:20]}' is not a position in the log")
    return stored


def checked_against_log(position: int, last: int, what: str) -> None:
    """Refuse a position past the log's last event (which would hide every later event)."""
    if position > last:
        raise damaged(what, f"{position} is past the log's last event, {last}")


def marker_problem(stored: object) -> str | None:
    """What is wrong with the library's marker row as read (None: nothing)."""
    if stored is NO_ROW:
        return f"its '{MARKER}' row is missing"
    if type(stored) is int and stored == 1:
        return None
    shown_value = "NULL" if stored is None else f"'{str(stored)[:20]}'"
    return f"its '{MARKER}' row holds {shown_value}, where the library keeps 1"


NO_ROW = object()
"""The marker as read when the tracking table has no row for it."""
