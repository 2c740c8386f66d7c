"""The data of each page, from the read side: plain dicts for the templates and `.json` twins.

The `.json` twin of a page is the same object as the CLI's `--json` of the matching command
(`meetings`, `status` + `history`, `show`), so the web adds no second data format.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from diplo.dates import with_human_dates
from diplo.web.params import PAGE_SIZE, BadParameter, MeetingsQuery, Moment
from ledger.dates import DateError, date_bounds
from projections.queries import ReadSide
from projections.search import StatementSearch
from projections.vocabulary import Status

SORT_KEYS: dict[str, Any] = {
    "meeting": lambda m: m["meeting"],
    "status": lambda m: (m["status"], m["disputed"]),
    "parties": lambda m: sorted(m["parties"]),
    "place": lambda m: m["plan"]["place"] or "",
    "planned_for": lambda m: _bounds(m["plan"]["planned_for"]) or (date.max, date.max),
    "statements": lambda m: m["statement_count"],
    "latest": lambda m: m["latest_said"] or "",
}


CHANGE_FIELDS = ("status", "plan.")
"""The changes that make an entry in the changes feed."""
FEED_ENTRIES = 500
"""How many changes the Atom feed holds, newest first."""


class NotFound(LookupError):
    """No meeting or statement by that name; `near` lists the names that are close."""

    def __init__(self, what: str, name: str, near: list[str]) -> None:
        super().__init__(f"no {what} '{name}' in the ledger")
        self.what = what
        self.name = name
        self.near = near


@dataclass(frozen=True)
class MeetingsPage:
    rows: list[dict[str, Any]]
    total: int
    pages: int
    query: MeetingsQuery


def meetings_page(reads: ReadSide, query: MeetingsQuery) -> MeetingsPage:
    """The meetings that pass the filters (the read side's, as `diplo meetings --overdue
    --ever cancelled` applies them), sorted, one page of PAGE_SIZE."""
    rows = reads.meetings(
        status=query.status,
        party=query.party,
        overdue=True if query.overdue else None,
        ever=Status.CANCELLED.value if query.ever_cancelled else None,
    )
    rows.sort(key=lambda m: m["meeting"])
    rows.sort(key=SORT_KEYS[query.sort], reverse=query.descending)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    if query.page > pages:
        raise BadParameter(f"page={query.page} is past the last page ({pages})")
    start = (query.page - 1) * PAGE_SIZE
    return MeetingsPage(rows[start : start + PAGE_SIZE], len(rows), pages, query)


def meeting_data(reads: ReadSide, slug: str, moment: Moment) -> dict[str, Any]:
    """The meeting page's object: {"status": as `diplo status --json`, "history": as `history`}."""
    m = moment
    status = reads.status(
        slug, as_of=m.as_of, known_by=m.known_by, recorded_by=m.recorded_by, evidence=m.evidence
    )
    history = reads.history(
        slug, as_of=m.as_of, known_by=m.known_by, recorded_by=m.recorded_by, evidence=m.evidence
    )
    if status is None or history is None:
        raise NotFound("meeting", slug, near_meetings(reads, slug))
    return {"status": status, "history": history}


def statement_data(
    reads: ReadSide,
    statement_id: str,
    statement: Callable[[str, str], dict[str, Any] | None] | None = None,
) -> list[dict[str, Any]]:
    """The statement (as `diplo show --json`) in each meeting that has one with this id, each
    as `statement` (by default `reads.statement`) gives it from the meeting's slug and the id."""
    of = statement or reads.statement
    found = [of(slug, statement_id) for slug in reads.locate(statement_id)]
    statements = [data for data in found if data is not None]
    if not statements:
        near = difflib.get_close_matches(statement_id, reads.statement_ids(statement_id[:2]), n=5)
        raise NotFound("statement", statement_id, near)
    return statements


def search_data(search: StatementSearch, text: str) -> dict[str, Any]:
    return {"q": text, "results": search.search(text) if text else []}


def near_meetings(reads: ReadSide, slug: str) -> list[str]:
    slugs = [row["meeting"] for row in reads.meetings()]
    return difflib.get_close_matches(slug, slugs, n=5, cutoff=0.5)


def changes(reads: ReadSide, limit: int = FEED_ENTRIES) -> list[dict[str, Any]]:
    """The newest `limit` statements that changed a meeting's status or plan, newest first.

    Meetings are read newest first (by the latest day a statement of theirs counts from, which
    bounds the day of each of their changes), and reading stops once no older meeting can hold
    a change newer than the `limit`-th: a feed never folds the whole ledger.
    """
    found: list[dict[str, Any]] = []
    oldest_kept = ""
    rows = sorted(reads.meetings(), key=lambda m: m["latest_said"] or "", reverse=True)
    for row in rows:
        if len(found) >= limit and (row["latest_said"] or "") < oldest_kept:
            break
        for step in reads.history(row["meeting"]) or []:
            fields = [c for c in step["changes"] if c["field"].startswith(CHANGE_FIELDS)]
            if step["counted"] and fields:
                found.append({**step, "changed": fields})
        if len(found) >= limit:
            found = _newest_first(found)[:limit]
            oldest_kept = found[-1]["effective_on"]
    return _newest_first(found)[:limit]


def _newest_first(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(steps, key=_change_order, reverse=True)


def _change_order(step: dict[str, Any]) -> tuple[str, str, str, str]:
    return step["effective_on"], step["recorded_at"], step["meeting"], step["id"]


def _bounds(text: str | None) -> tuple[date, date] | None:
    if not text:
        return None
    try:
        return date_bounds(text)
    except DateError:
        return None


def twin_json(data: Any) -> str:
    """A page's `.json` twin: the same objects as the CLI's `--json`, human dates beside EDTF."""
    return json.dumps(with_human_dates(data), ensure_ascii=False, indent=2) + "\n"
