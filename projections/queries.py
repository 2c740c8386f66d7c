"""Read-side queries: plain data (dicts and lists), never domain objects.

The current status of a meeting comes from the materialized view, and so do the history and
the status as of a day of a meeting of 1,000 statements or more (its stored steps); any other
status as of a date, as recorded by a moment, or at another evidence level, and any other
history, fold that one meeting's events only: no query replays the whole ledger.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Unpack, cast
from uuid import UUID

import orjson
from eventsourcing.persistence import StoredEvent

from ledger.events import (
    TOPICS,
    SourceCited,
    StatementRecorded,
    StatementWithdrawn,
    meeting_id,
)
from ledger.statement import Statement, corrected_statement
from projections.carry import records_statement
from projections.fold import (
    Fold,
    MeetingState,
    TimeFilters,
    current_state,
    fold,
    in_fold_order,
)
from projections.live import iso, listed, live_meetings, status_of_row, with_overdue
from projections.steps import state_data, step_data
from projections.stored_steps import stored_history, stored_state_on
from projections.view import EventSourcedApp, Projector
from projections.vocabulary import EVER, Evidence, Status


@dataclass(frozen=True)
class Scope:
    """The time axes and evidence level of a query; the default is the live view's."""

    as_of: date | None = None
    known_by: date | None = None
    recorded_by: datetime | None = None
    evidence: Evidence = Evidence.ANONYMOUS

    @property
    def is_live(self) -> bool:
        return self == Scope()

    def query_day(self, today: date) -> date:
        """The day overdue is judged on: the earliest date the filters give, else today."""
        days = [d for d in (self.as_of, self.known_by) if d is not None]
        if self.recorded_by is not None:
            days.append(self.recorded_by.date())
        return min(days, default=today)

    def fold(self, slug: str, events: Any) -> Fold:
        return fold(slug, events, **self._filters())

    def state(self, slug: str, events: Any) -> MeetingState:
        return current_state(slug, events, **self._filters())

    def _filters(self) -> TimeFilters:
        return TimeFilters(
            as_of=self.as_of,
            known_by=self.known_by,
            recorded_by=self.recorded_by,
            evidence=self.evidence,
        )

    def data(self) -> dict[str, Any]:
        return {
            "as_of": iso(self.as_of),
            "known_by": iso(self.known_by),
            "recorded_by": self.recorded_by.isoformat() if self.recorded_by else None,
            "evidence": self.evidence.value,
        }


@dataclass
class ReadSide:
    """Queries over the view and over one meeting's events.

    `today` gives the day overdue is judged on when no time filter gives one."""

    projector: Projector
    today: Callable[[], date] = field(default=date.today)

    @classmethod
    def of(cls, app: EventSourcedApp) -> ReadSide:
        """The read side of an application's own database (and its idea of today)."""
        return cls(Projector.of(app), getattr(app, "today", date.today))

    def rebuild(self) -> int:
        """Remake the view from the log, in one transaction (`Projector.rebuild`), then throw
        the search index away: the next search makes it again from the log. Returns how many
        events were read."""
        from projections.search import forget_search  # the search module: only when used

        applied = self.projector.rebuild()
        forget_search(self.projector.view)
        return applied

    def differences(self, only: UUID | None = None) -> list[str]:
        """Where the view and the search index differ from a fresh fold of the events (one
        meeting's, or every one's): `Projector.view_differences`, `search_differences`."""
        from projections.search_check import search_differences  # only when verifying

        return self.projector.view_differences(only) + search_differences(self.projector, only)

    def slugs(self) -> set[str]:
        """The slug of every meeting the view holds, with statements that count or not."""
        rows = self.projector.view.select_rows("SELECT slug FROM meeting_view")
        return {row["slug"] for row in rows if isinstance(row["slug"], str)}

    def meetings(
        self,
        status: str | None = None,
        party: str | None = None,
        *,
        overdue: bool | None = None,
        ever: str | None = None,
        include_empty: bool = False,
        **filters: Unpack[TimeFilters],
    ) -> list[dict[str, Any]]:
        """Every meeting, filtered by status, party, overdue (True/False) and `ever`
        (cancelled, postponed or disputed). A meeting with no statement within the filters
        (or whose every statement was withdrawn) is left out unless `include_empty`."""
        if ever is not None and ever not in EVER:
            raise ValueError(f"ever: '{ever}' is not one of {', '.join(EVER)}")
        scope = Scope(**filters)
        rows = self.projector.view.select_rows("SELECT * FROM meeting_view ORDER BY slug")
        day = scope.query_day(self.today())
        if scope.is_live and ever is None:
            return live_meetings(
                rows, day, status=status, party=party, overdue=overdue, include_empty=include_empty
            )
        found: list[dict[str, Any]] = []
        for row in rows:
            folded = scope.fold(row["slug"], self.projector.meeting_events(meeting_id(row["slug"])))
            if not _ever(folded, ever):
                continue
            data = state_data(folded.state)
            if data["statement_count"] or include_empty:
                found.append(with_overdue(data, day))
        return listed(found, status, party, overdue)

    def status(self, slug: str, **filters: Unpack[TimeFilters]) -> dict[str, Any] | None:
        scope = Scope(**filters)
        day = scope.query_day(self.today())
        if scope.is_live:
            rows = self.projector.view.select_rows(
                "SELECT * FROM meeting_view WHERE slug = ?", (slug,)
            )
            if rows:
                return status_of_row(rows[0], day)
            # none: no such meeting, or one whose row the view lost (verify says so): folded
        stored = self._stored_step(slug, scope)
        if stored is not None:
            return {**with_overdue(stored, day), **scope.data()}
        events = self.projector.meeting_events(meeting_id(slug))
        if not events:
            return None
        return {**with_overdue(state_data(scope.state(slug, events)), day), **scope.data()}

    def _stored_step(self, slug: str, scope: Scope) -> dict[str, Any] | None:
        """The state as of `scope.as_of` from the view's stored steps, when the scope is only
        that day and the meeting has them; else None (fold)."""
        if scope.as_of is None or scope != Scope(as_of=scope.as_of):
            return None
        view, key = self.projector.view, str(meeting_id(slug))
        return stored_state_on(view, key, slug, scope.as_of.isoformat())

    def history(self, slug: str, **filters: Unpack[TimeFilters]) -> list[dict[str, Any]] | None:
        """Every statement in fold order, with what it changed; those a time filter leaves
        out are listed too, marked in `left_out`, and change nothing."""
        scope = Scope(**filters)
        stored = self._stored_history(slug) if scope.is_live else None
        if stored is not None:
            return stored
        folded = self._fold(slug, scope)
        return None if folded is None else [step_data(step) for step in folded.history]

    def recorded(
        self, slug: str, said: Collection[tuple[str, str]] | None = None
    ) -> list[dict[str, Any]]:
        """The meeting's statements as corrected, in fold order, each as JSON with at least
        `id`, `speaker`, `speaker_as_written`, `kind`, `said_on` and the words: what comparing
        new statements with those recorded needs, read from a big meeting's stored steps, else
        from its events without folding them.

        Given `said` (pairs of kind and `said_on`), a meeting none of whose stored events could
        give it a statement of one of them (`may_say`) gives [] and nothing is decoded: what
        looking for near-duplicates of new statements needs (a feed's next day says new days).
        """
        if said is None:
            return self._recorded(slug, None, None)
        return dict(self.recorded_of({slug: said})).get(slug, [])

    def recorded_of(
        self, said: Mapping[str, Collection[tuple[str, str]]]
    ) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        """`recorded(slug, said[slug])` of each meeting in `said` that has events, meeting by
        meeting as their events are read, many meetings to a statement (what the
        near-duplicates of a whole file need)."""
        slugs = {meeting_id(slug): slug for slug in said}
        for key, located in self.projector.events_of(list(slugs)):
            slug = slugs[cast(UUID, key)]
            yield slug, self._recorded(slug, [s for s, _ in located], said[slug])

    def _recorded(
        self,
        slug: str,
        rows: Sequence[StoredEvent] | None,
        said: Collection[tuple[str, str]] | None,
    ) -> list[dict[str, Any]]:
        if rows is not None and said is not None and not any(may_say(r, said) for r in rows):
            return []
        stored = self._stored_history(slug)
        if stored is not None:
            return stored
        events = self.projector.meeting_events(meeting_id(slug), rows)
        return [_compared(entry.statement) for entry in in_fold_order(events)]

    def _stored_history(self, slug: str) -> list[dict[str, Any]] | None:
        return stored_history(self.projector.view, str(meeting_id(slug)), slug)

    def diff(
        self,
        slug: str,
        from_day: date,
        to_day: date,
        *,
        known_by: date | None = None,
        evidence: Evidence = Evidence.ANONYMOUS,
    ) -> dict[str, Any] | None:
        """What changed in a meeting's status, stances and plan between the end of `from_day`
        and the end of `to_day`, and the statements said in between that changed it."""
        if from_day > to_day:
            raise ValueError(f"from {from_day} is after to {to_day}")
        events = self.projector.meeting_events(meeting_id(slug))
        if not events:
            return None
        before = Scope(from_day, known_by, None, evidence).state(slug, events)
        folded = Scope(to_day, known_by, None, evidence).fold(slug, events)
        old, new = (
            with_overdue(state_data(before), from_day),
            with_overdue(state_data(folded.state), to_day),
        )
        return {
            "meeting": slug,
            "from": from_day.isoformat(),
            "to": to_day.isoformat(),
            "before": old,
            "after": new,
            "changes": _differences(old, new),
            "statements": [
                step_data(step)
                for step in folded.history
                if step.changes and not step.left_out and step.entry.order_key[0] > from_day
            ],
        }

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
        return self.statements(slug, only=statement_id).get(statement_id)

    def statements(self, slug: str, only: str | None = None) -> dict[str, dict[str, Any]]:
        """Each statement of the meeting (or `only` the one of this id) as `statement` gives it,
        by id, from one reading and one fold of its events."""
        events = self.projector.meeting_events(meeting_id(slug))
        if not events:
            return {}
        recorded = {
            event.statement.id: event.statement
            for event in events
            if isinstance(event, StatementRecorded)
        }
        found: dict[str, dict[str, Any]] = {}
        for step in Scope().fold(slug, events).history:
            statement_id = step.entry.statement.id
            if only is None or statement_id == only:
                data = step_data(step)
                data["errata"] = _errata_with_before(recorded[statement_id], data["errata"])
                found[statement_id] = data
        return found

    def _fold(self, slug: str, scope: Scope) -> Fold | None:
        events = self.projector.meeting_events(meeting_id(slug))
        if not events:
            return None
        return scope.fold(slug, events)


def may_say(stored: StoredEvent, said: Collection[tuple[str, str]]) -> bool:
    """Whether a stored event could give its meeting a statement of kind and `said_on` in
    `said`, read from its JSON alone: a recorded statement of one of them, a correction (it may
    change either), or a row that does not read so (decoded, and warned of, as any other
    reader does); a citation or a withdrawal cannot."""
    if not records_statement(stored.topic):
        cls = TOPICS.get(stored.topic) if isinstance(stored.topic, str) else None
        return cls is not SourceCited and cls is not StatementWithdrawn
    try:
        statement = orjson.loads(stored.state)["statement"]
        return (statement["kind"], statement["said_on"]) in said
    except (orjson.JSONDecodeError, TypeError, KeyError):
        return True


def _compared(statement: Statement) -> dict[str, Any]:
    """What `ReadSide.recorded` gives of a statement (as `history` names it)."""
    return {
        "id": statement.id,
        "speaker": statement.speaker,
        "speaker_as_written": statement.speaker_as_written,
        "kind": statement.kind.value,
        "said_on": statement.said_on,
        "quote": statement.quote,
        "summary": statement.summary,
        "translation": statement.translation,
    }


def _ever(folded: Fold, ever: str | None) -> bool:
    """Whether the meeting was, after some statement, cancelled, postponed or disputed."""
    if ever is None:
        return True
    if ever == "disputed":
        return any(step.state.disputed for step in folded.history)
    return any(step.state.status == Status(ever) for step in folded.history)


def _differences(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Field by field, what differs between two state dicts (status, stances, plan)."""
    pairs: list[tuple[str, Any, Any]] = [
        (name, old[name], new[name]) for name in ("status", "disputed", "overdue_since")
    ]
    for side in dict.fromkeys((*old["parties"], *new["parties"])):
        pairs.append((f"stance.{side}", old["parties"].get(side), new["parties"].get(side)))
    for name in ("parties", "participants", "place", "planned_for"):
        pairs.append((f"plan.{name}", old["plan"][name], new["plan"][name]))
    return [{"field": f, "before": b, "after": a} for f, b, a in pairs if b != a]


def _errata_with_before(original: Statement, errata: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The errata, each with the values it replaced (`before`), replayed on the statement as
    first recorded."""
    current = original
    for erratum in errata:
        stored = current.model_dump(mode="json")
        erratum["before"] = {name: stored.get(name) for name in erratum["corrected"]}
        current = corrected_statement(current, erratum["corrected"])
    return errata
