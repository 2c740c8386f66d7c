"""The events on a Meeting: one past-tense class per kind of statement, and the erratum.

Every statement about a meeting is an immutable event on it; a correction (erratum) is an event
too, and the statement it corrects stays as recorded. Each event carries a hash that covers its
content and the previous event's hash, so any later edit of the stored log is detectable.

Stored events name their class by a topic from `TOPICS`, an allow-list: a stored row can only
ever become one of these classes.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Annotated, Any, ClassVar, cast
from uuid import NAMESPACE_URL, UUID, uuid5

import orjson
from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict

from ledger.json_line import check_depth
from ledger.statement import Kind, Source, Statement, corrected_statement
from ledger.trusted import built

MEETING_NAMESPACE = uuid5(NAMESPACE_URL, "https://diplomatic-ledger/meeting/")
GENESIS_HASH = "0" * 64


@lru_cache(maxsize=4096)
def meeting_id(slug: str) -> UUID:
    """A meeting's aggregate id, derived from its slug (remembered: every stored statement's
    meeting is checked against the id it is stored under)."""
    return uuid5(MEETING_NAMESPACE, slug)


def _in_utc(moment: datetime) -> datetime:
    """A moment that has a time in UTC (an offset can push one at the ends of the calendar
    past them in UTC, where no reader could compare or write it)."""
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{moment.isoformat()} has no time in UTC") from None
    return moment


Moment = Annotated[AwareDatetime, AfterValidator(_in_utc)]
"""When an event was recorded: with its offset from UTC, and a time in UTC."""


class MeetingEvent(BaseModel):
    """Base of every event on a Meeting: frozen, stored as JSON through the Pydantic mapper."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    originator_id: UUID
    originator_version: int
    timestamp: Moment
    hash: str

    def content_hash(self, previous_hash: str) -> str:
        """The hash this event should carry after `previous_hash`: covers all but `hash`."""
        content = self.model_dump(mode="json", exclude={"hash"})
        return chained_hash(previous_hash, content, type(self).__name__)

    def sealed(self, previous_hash: str) -> tuple[MeetingEvent, dict[str, Any]]:
        """This draft with its hash after `previous_hash`, and its stored state: one
        serialisation gives both (the state is what `PydanticMapper` stores)."""
        content = self.model_dump(mode="json", exclude={"hash"})
        digest = chained_hash(previous_hash, content, type(self).__name__)
        state = {"timestamp": content["timestamp"], "hash": digest}
        state.update((key, value) for key, value in content.items() if key not in UNSTORED)
        return built(type(self), {**self.__dict__, "hash": digest}), state


UNSTORED = frozenset({"originator_id", "originator_version", "timestamp"})
"""Fields not in an event's stored state (the row's columns hold them), and `timestamp`,
which the state gives first."""


def chained_hash(previous_hash: str, content: dict[str, Any], name: str) -> str:
    """The hash of an event's content (all but its hash, as JSON) after the previous event's."""
    canonical = orjson.dumps({**content, "event": name}, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(previous_hash.encode() + canonical).hexdigest()


class StatementRecorded(MeetingEvent):
    """A statement about the meeting was recorded. Subclassed once per kind: `EVENT_FOR_KIND`."""

    kind: ClassVar[Kind]
    statement: Statement


EVENT_NAMES: dict[Kind, str] = {
    Kind.ANNOUNCED: "MeetingAnnounced",
    Kind.CONFIRMED: "MeetingConfirmed",
    Kind.DENIED: "MeetingDenied",
    Kind.WALKED_BACK: "StatementWalkedBack",
    Kind.POSTPONED: "MeetingPostponed",
    Kind.RESCHEDULED: "MeetingRescheduled",
    Kind.CANCELLED: "MeetingCancelled",
    Kind.HELD: "MeetingHeld",
    Kind.NONCOMMITTAL: "CommitmentWithheld",
}
"""The past-tense name of each kind's event: the class name, and the topic it is stored under."""


def _recorded_event(kind: Kind, name: str) -> type[StatementRecorded]:
    """The event class of one kind of statement: a `StatementRecorded` that knows its kind."""
    namespace = {
        "kind": kind,
        "__module__": __name__,
        "__qualname__": name,
        "__doc__": f"A statement of kind '{kind.value}' about the meeting was recorded.",
    }
    return type(name, (StatementRecorded,), namespace)


EVENT_FOR_KIND: dict[Kind, type[StatementRecorded]] = {
    kind: _recorded_event(kind, name) for kind, name in EVENT_NAMES.items()
}


class StatementCorrected(MeetingEvent):
    """An erratum: fields of a recorded statement were entered wrongly and are replaced."""

    statement_id: str
    corrected: Annotated[dict[str, Any], AfterValidator(check_depth)]
    """Any JSON read back (a correction's values are checked when it is applied), nested no
    deeper than a file's line may be: deeper, no hash could be computed over it."""
    reason: str


class SourceCited(MeetingEvent):
    """One more outlet reported a recorded statement: its source is added to the statement's."""

    statement_id: str
    source: Source


class StatementWithdrawn(MeetingEvent):
    """A statement was recorded in error (not a diplomatic walk-back): it stays in the history,
    marked withdrawn, and counts for nothing. `moved_to` names the meeting it was recorded on
    instead, when it was moved; the statement recorded there carries `moved_from`."""

    statement_id: str
    reason: str
    moved_to: str | None = None


_ALL_EVENTS: tuple[type[MeetingEvent], ...] = (
    *EVENT_FOR_KIND.values(),
    StatementCorrected,
    SourceCited,
    StatementWithdrawn,
)
EVENT_CLASSES: dict[str, type[MeetingEvent]] = {cls.__name__: cls for cls in _ALL_EVENTS}
TOPIC_PREFIX = "ledger.events:"
LEGACY_TOPIC_PREFIX = "ledger.domain:"
"""Ledgers written before the events had their own module name them so; still read."""
TOPICS: dict[str, type[MeetingEvent]] = {
    prefix + name: cls
    for prefix in (TOPIC_PREFIX, LEGACY_TOPIC_PREFIX)
    for name, cls in EVENT_CLASSES.items()
}


def topic_of(cls: type[MeetingEvent]) -> str:
    """The stored name of an event class."""
    return TOPIC_PREFIX + cls.__name__


def event_name(topic: str) -> str:
    """The class name a stored topic stands for (the topic itself if it is not one of ours)."""
    cls = TOPICS.get(topic)
    return cls.__name__ if cls is not None else topic


# Damaged history ----------------------------------------------------------------------------


class UnreadableEvent(MeetingEvent):
    """Stands in for a stored row that does not decode into one of the event classes: it keeps
    the row's place in its meeting (version, and the stored hash if one can be read), carries
    no statement, and is never stored. Every fold and aggregate passes over it."""

    problem: str


_warned: set[tuple[str, object]] = set()


def state_as_read(state: object) -> bytes:
    """A stored state as bytes; anything else (NULL, or text stored by hand) is left as it is,
    for the mapper to report as damage (`state_problem`)."""
    return bytes(state) if isinstance(state, bytes | bytearray | memoryview) else cast(bytes, state)


def state_problem(state: object) -> str | None:
    """Why a stored state cannot be an event's JSON bytes; None if it may be one."""
    if not state:  # (PostgreSQL gives a NULL as no bytes)
        return "its state is empty"
    if isinstance(state, bytes | bytearray | memoryview):
        return None
    kind = "text" if isinstance(state, str) else type(state).__name__
    return f"its state is stored as {kind}, not as bytes"


def warn_skipped(meeting: object, version: object, problem: str) -> None:
    """Say once per process, on standard error, that a damaged event is passed over."""
    key = (str(meeting), version)
    if key in _warned:
        return
    _warned.add(key)
    sys.stderr.write(
        f"warning: skipping event {version} of meeting {meeting}: {problem} "
        "(run `diplo verify` for the whole report)\n"
    )


def apply_correction(statements: dict[str, Statement], event: StatementCorrected) -> str | None:
    """Apply a stored correction to the meeting's statements; if it cannot apply (it names a
    statement the meeting lacks, or would make it invalid), change nothing and say why."""
    current = statements.get(event.statement_id)
    if current is None:
        return f"it corrects '{event.statement_id[:60]}', which is not a statement of the meeting"
    try:
        statements[event.statement_id] = corrected_statement(current, event.corrected)
    except ValueError as error:  # FieldError and pydantic's ValidationError
        return "it makes its statement invalid: " + " ".join(str(error).split())[:160]
    return None


def slug_of(events: Iterable[MeetingEvent]) -> str | None:
    """The meeting's slug, as its first recorded statement names it; None if none does."""
    return next((e.statement.meeting for e in events if isinstance(e, StatementRecorded)), None)


def readable(
    events: Iterable[MeetingEvent], on_skip: Callable[[MeetingEvent, str], None] | None = None
) -> list[MeetingEvent]:
    """The events that apply cleanly, in order. Each that cannot (a row that did not decode, a
    correction of a statement the meeting lacks or one that would make it invalid) is passed
    over and reported to `on_skip` (by default a warning on standard error)."""
    kept: list[MeetingEvent] = []
    statements: dict[str, Statement] = {}
    slug: str | None = None
    for event in events:
        problem: str | None = None
        if isinstance(event, UnreadableEvent):
            problem = event.problem
        elif isinstance(event, StatementCorrected):
            problem = apply_correction(statements, event)
        elif isinstance(event, StatementRecorded):
            statements[event.statement.id] = event.statement
            slug = slug or event.statement.meeting
        if problem is None:
            kept.append(event)
        elif on_skip is not None:
            on_skip(event, problem)
        else:
            warn_skipped(slug or event.originator_id, event.originator_version, problem)
    return kept
