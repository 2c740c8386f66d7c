"""Read-side queries: plain data (dicts and lists), never domain objects.

The current status of a meeting comes from the materialized view; a status as of a date, as
recorded by a moment, or at another evidence level, and every history, fold that one meeting's
events only: no query replays the whole ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import orjson

from ledger.events import meeting_id
from projections.fold import Fold, MeetingState, Step, current_state, fold
from projections.view import EventSourcedApp, Projector
from projections.vocabulary import Evidence


@dataclass
class ReadSide:
    """Queries over the view and over one meeting's events."""

    projector: Projector

    @classmethod
    def of(cls, app: EventSourcedApp) -> ReadSide:
        """The read side of an application's own database."""
        return cls(Projector.of(app))

    def meetings(self, status: str | None = None, party: str | None = None) -> list[dict[str, Any]]:
        rows = self.projector.view.select_rows("SELECT * FROM meeting_view ORDER BY slug")
        found = [_meeting_from_row(row) for row in rows]
        return [
            m
            for m in found
            if (status is None or m["status"] == status)
            and (party is None or party in m["parties"])
        ]

    def status(
        self,
        slug: str,
        *,
        as_of: date | None = None,
        recorded_by: datetime | None = None,
        evidence: Evidence = Evidence.ANONYMOUS,
    ) -> dict[str, Any] | None:
        if as_of is None and recorded_by is None and evidence is Evidence.ANONYMOUS:
            rows = self.projector.view.select_rows(
                "SELECT * FROM meeting_view WHERE slug = ?", (slug,)
            )
            if not rows:
                return None
            return {
                **_meeting_from_row(rows[0]),
                "as_of": None,
                "recorded_by": None,
                "evidence": evidence.value,
            }
        events = self.projector.meeting_events(meeting_id(slug))
        if not events:
            return None
        state = current_state(slug, events, as_of=as_of, recorded_by=recorded_by, evidence=evidence)
        return status_data(state, as_of, recorded_by, evidence)

    def history(
        self,
        slug: str,
        *,
        as_of: date | None = None,
        recorded_by: datetime | None = None,
        evidence: Evidence = Evidence.ANONYMOUS,
    ) -> list[dict[str, Any]] | None:
        folded = self._fold(slug, as_of, recorded_by, evidence)
        return None if folded is None else [step_data(step) for step in folded.history]

    def locate(self, statement_id: str) -> list[str]:
        """The slugs of the meetings that have a statement with this id."""
        rows = self.projector.view.select_rows(
            "SELECT slug FROM statement_index WHERE statement_id = ? ORDER BY slug", (statement_id,)
        )
        return [row["slug"] for row in rows]

    def statement_ids(self, prefix: str, limit: int = 200) -> list[str]:
        """Statement ids starting with `prefix` (for completion)."""
        rows = self.projector.view.select_rows(
            "SELECT DISTINCT statement_id FROM statement_index "
            "WHERE statement_id >= ? AND statement_id < ? ORDER BY statement_id LIMIT ?",
            (prefix, prefix + "\U0010ffff", limit),
        )
        return [row["statement_id"] for row in rows]

    def statement(self, slug: str, statement_id: str) -> dict[str, Any] | None:
        """One statement, as corrected, with its full provenance and errata."""
        folded = self._fold(slug, None, None, Evidence.ANONYMOUS)
        if folded is None:
            return None
        for step in folded.history:
            if step.entry.statement.id == statement_id:
                return step_data(step)
        return None

    def _fold(
        self, slug: str, as_of: date | None, recorded_by: datetime | None, evidence: Evidence
    ) -> Fold | None:
        events = self.projector.meeting_events(meeting_id(slug))
        if not events:
            return None
        return fold(slug, events, as_of=as_of, recorded_by=recorded_by, evidence=evidence)


def state_data(state: MeetingState) -> dict[str, Any]:
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
        "first_said": _iso(state.first_said),
        "latest_said": _iso(state.latest_said),
        "statement_count": state.statement_count,
    }


def status_data(
    state: MeetingState, as_of: date | None, recorded_by: datetime | None, evidence: Evidence
) -> dict[str, Any]:
    return {
        **state_data(state),
        "as_of": _iso(as_of),
        "recorded_by": recorded_by.isoformat() if recorded_by else None,
        "evidence": evidence.value,
    }


def step_data(step: Step) -> dict[str, Any]:
    statement = step.entry.statement
    return {
        "id": statement.id,
        "meeting": statement.meeting,
        "said_on": statement.said_on,
        "effective_on": statement.effective_on.isoformat(),
        "kind": statement.kind.value,
        "speaker": statement.speaker,
        "speaker_as_written": statement.speaker_as_written,
        "side": statement.side,
        "attribution": statement.attribution.value,
        "via": statement.via,
        "quote": statement.quote,
        "summary": statement.summary,
        "translation": statement.translation,
        "source": statement.source.model_dump(mode="json"),
        "plan_given": {
            name: value
            for name, value in statement.plan.model_dump(mode="json").items()
            if value is not None
        },
        "retracts": statement.retracts,
        "retracted_by": step.retracted_by,
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


def _meeting_from_row(row: dict[str, Any]) -> dict[str, Any]:
    plan = orjson.loads(row["plan"])
    return {
        "meeting": row["slug"],
        "status": row["status"],
        "disputed": bool(row["disputed"]),
        "parties": orjson.loads(row["stances"]),
        "plan": plan,
        "first_said": row["first_said"],
        "latest_said": row["latest_said"],
        "statement_count": row["statement_count"],
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
