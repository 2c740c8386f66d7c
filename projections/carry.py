"""Carrying a meeting's fold on to the statements added to it, without folding it again.

Each row of the view keeps, in its `carried` column, the fold's whole live state after all the
meeting's statements, how many statements that is, the last of them in fold order and the
version of the last event folded. When the events a catch-up brings for a meeting are only
new statements that come after all the others in fold order (said later, none a walk-back),
the state they give is that state folded on through them (`fold_on`), and a big meeting's new
steps follow its stored ones: the earlier events are not decoded or folded again.

Anything else is left to the whole fold: a walk-back, a correction, a citation, a withdrawal,
a statement said before the last one, a damaged new row, a meeting crossing the size from
which its steps are stored, a row without `carried` (as the previous release wrote them), or a
`carried` that is not the state of exactly the earlier events (another count of statements,
another version, or one that does not read). The earlier events are counted in SQL by their
topics (`meeting_log.news_since`), neither read nor decoded: a row damaged in place after it
was folded goes unnoticed here, as it does by every reader of the view until `verify` reports
it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from pydantic import BaseModel, ConfigDict, ValidationError

from ledger.events import TOPICS, MeetingEvent, StatementRecorded, readable
from ledger.statement import said_moment
from projections.entries import Entry
from projections.fold import MeetingState, fold_on
from projections.meeting_log import Earlier, Positioned
from projections.steps import StepRow, step_rows
from projections.view_tables import IndexEntry, Kept, Rebuild, Row, state_row

Carried = tuple[Row, list[IndexEntry], list[StepRow]]
OrderKey = tuple[date, time, int]


class _Carried(BaseModel):
    """What a view row keeps to carry the fold on (its `carried`): the fold's state after the
    meeting's `statements` statements, the `last` of them in fold order (the day it had
    certainly been said, its `said_on`, its version) and the version of the meeting's last
    event folded (a release that does not keep this column may have changed the row since: then
    the versions differ). Read back, it is data from storage: validated, strictly."""

    model_config = ConfigDict(strict=True, frozen=True)

    state: MeetingState
    statements: int
    last: tuple[date, str, int]
    version: int


def carried_data(state: MeetingState, statements: int, last: Entry, version: int) -> str:
    """What a view row keeps to carry the fold on (`_Carried`), as JSON."""
    said = (last.effective_on, last.statement.said_on, last.version)
    kept = _Carried.model_construct(state=state, statements=statements, last=said, version=version)
    return kept.model_dump_json()


Group = Sequence[tuple[UUID, Positioned, Earlier]]
"""Meetings with their stored events after a catch-up's start, each with its position, and
their events before it counted (`Earlier`)."""


@dataclass
class CarriedGroup:
    """What `carried_group` gives a group of meetings."""

    carried: dict[UUID, Carried]
    """The row, index entries and new steps of each meeting whose fold was carried on."""
    decoded: dict[UUID, dict[int, MeetingEvent]]
    """Each meeting's events after the catch-up's start, decoded (by version): the whole fold
    of a meeting not carried on decodes only the others."""


def carried_group(
    group: Group,
    writer: Rebuild,
    decode: Callable[[StoredEvent], MeetingEvent],
    steps_from: int,
) -> CarriedGroup:
    """The rows, index entries and new steps of a group of meetings carried on from their rows
    through their events after the catch-up's start, decoding only those; what the view holds
    of them is read for the whole group at once (`Rebuild.kept`), not meeting by meeting."""
    decoded = {
        meeting: {event.originator_version: decode(event) for event, _ in stored}
        for meeting, stored, _ in group
    }
    ids = [
        event.statement.id
        for events in decoded.values()
        for event in events.values()
        if isinstance(event, StatementRecorded)
    ]
    kept = writer.kept([str(meeting) for meeting in decoded], ids)
    carried: dict[UUID, Carried] = {}
    for meeting, _, earlier in group:
        found = _carried_meeting(meeting, earlier, kept, steps_from, decoded[meeting])
        if found is not None:
            carried[meeting] = found
    return CarriedGroup(carried, decoded)


def _carried_meeting(
    meeting: UUID,
    earlier: Earlier,
    kept: Kept,
    steps_from: int,
    decoded: dict[int, MeetingEvent],
) -> Carried | None:
    """A meeting's row, index entries and new steps carried on from its row through its
    `decoded` events after the catch-up's start (its events before counted in `earlier`);
    None when it needs the whole fold."""
    key = str(meeting)
    if key not in kept.carried:
        return None
    damaged: list[MeetingEvent] = []
    added = readable(decoded.values(), on_skip=lambda event, _: damaged.append(event))
    ids = [e.statement.id for e in added if isinstance(e, StatementRecorded)]
    if damaged or len(ids) != len(added) or len(set(ids)) != len(ids):
        return None  # a new event that is not a statement, or the same statement twice
    if any((key, statement_id) in kept.indexed for statement_id in ids):
        return None
    if type(earlier.last) is not int or not earlier.whole:
        return None  # none before, or a damaged row's version: the whole fold says how
    slug, carried = kept.carried[key]
    last_step = kept.last_steps.get(key)
    return _carried_on(
        meeting, slug, carried, earlier.statements, earlier.last, last_step, steps_from, added
    )


def _carried_on(
    meeting_id: UUID,
    slug: str,
    carried: str,
    recorded: int,
    folded_upto: int,
    last_step: int | None,
    steps_from: int,
    added: Sequence[Any],
) -> Carried | None:
    """The meeting's row, index entries and new steps from its row's `carried` state and the
    readable events `added` since; None when the whole fold is needed. `recorded`: how many
    statements the earlier events record, `folded_upto` the last one's version; `last_step`:
    the position of its last stored step."""
    restored = _restored(slug, carried)
    if restored is None:
        return None
    state, count, last, version = restored
    if (count, version) != (recorded, folded_upto):
        return None  # not the state of exactly the earlier events
    if not added or not all(_appends(e, slug) for e in added):
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
    upto = added[-1].originator_version
    row = state_row(after, meeting_id, upto, carried_data(after, total, new[-1], upto))
    index = [(e.statement.id, str(meeting_id), slug, e.version) for e in new]
    return row, index, step_rows(meeting_id, folded, first=count) if stepped else []


def _restored(slug: str, carried: str) -> tuple[MeetingState, int, OrderKey, int] | None:
    """The state a row's `carried` keeps, how many statements, the last one's place in fold
    order and the version folded to; None if it does not read as that (damaged, of another
    meeting, or written by a release that kept other members): the whole fold then."""
    try:
        data = _Carried.model_validate_json(carried)
    except ValidationError:
        return None
    if data.state.meeting != slug:
        return None
    effective_on, said_on, version = data.last
    moment = said_moment(said_on)
    said_time = moment.timetz().replace(tzinfo=None) if moment else time.max
    return data.state, data.statements, (effective_on, said_time, version), data.version


def _appends(event: MeetingEvent, slug: str) -> bool:
    return isinstance(event, StatementRecorded) and event.statement.meeting == slug


STATEMENT_TOPICS = frozenset(
    topic for topic, cls in TOPICS.items() if issubclass(cls, StatementRecorded)
)
"""The topics of the events that record a statement."""


def records_statement(topic: object) -> bool:
    """Whether a stored event's topic is that of a recorded statement."""
    return isinstance(topic, str) and topic in STATEMENT_TOPICS
