"""A meeting as an import needs it: a compact summary of each statement, not the statement.

Recording a statement needs of the meeting's others only what the rules read: whether its id is
taken, and by the same content (a digest); whether a statement of the same content is recorded
under another id (a second digest: a corroboration); which sources it has (digests); and, for a
walk-back, the side and the said order of what it retracts. `MeetingSummary` keeps that much
(`Said`), so an import keeps the meetings it touches in memory without re-reading or replaying
any. Corrections, withdrawals and moves load the full meeting (`Meeting`).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any, NamedTuple, NoReturn, cast

import orjson

from ledger.events import MeetingEvent, SourceCited, StatementCorrected, StatementRecorded
from ledger.meeting import CONTENT_EXCLUDED, Meeting
from ledger.statement import Source, Statement

DIGEST_SIZE = 16
MEETING_BYTES = 900
STATEMENT_BYTES = 350
"""What a summary takes in memory (measured with tracemalloc: 0.9 KB a meeting, 0.34 KB a
statement with one source)."""


class Said(NamedTuple):
    """What the rules read of a recorded statement, under the names `said_order` and the
    walk-back check read, and digests for telling a repeat, a clash and a corroboration apart."""

    id: str
    side: str
    said_on: str
    said_at: datetime | None
    effective_on: date
    said_from: date
    digest: bytes
    """Of everything a repeat must give again (all but the speaker as written)."""
    key: bytes
    """Of what it says (`Meeting.same_content`'s key)."""
    sources: tuple[bytes, ...]
    """Of its sources: its own, then those cited later."""


def _digest(value: Any) -> bytes:
    canonical = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(canonical, digest_size=DIGEST_SIZE).digest()


def source_digest(source: Source) -> bytes:
    """A source's digest, as `said` takes it from the statement's JSON."""
    return _digest(source.model_dump(mode="json"))


def said(statement: Statement, dumped: dict[str, Any] | None = None) -> Said:
    """The summary of one statement, from its JSON form if already `dumped` (one serialisation
    gives both digests)."""
    content = dict(dumped) if dumped is not None else statement.model_dump(mode="json")
    content.pop("speaker_as_written", None)
    digest = _digest(content)
    sources = (content["source"], *(content.get("also_reported_by") or ()))
    for name in CONTENT_EXCLUDED:
        content.pop(name, None)
    return Said(
        statement.id,
        str(statement.side),
        statement.said_on,
        statement.said_at,
        statement.effective_on,
        statement.said_from,
        digest,
        _digest(content),
        tuple(_digest(source) for source in sources),
    )


class MeetingSummary(Meeting):
    """A `Meeting` whose statements are `Said` summaries: it records new statements and cites
    sources by the same rules (the aggregate's checks read only the summarised names). It is
    never given a correction, withdrawal or move: those need the full statements."""

    __slots__ = ("_said",)

    def __init__(self, slug: str) -> None:
        super().__init__(slug)
        self._said: tuple[Statement, Said] | None = None
        """The last statement summarised, so recording it does not serialise it again."""

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingSummary:
        """The summary of a meeting loaded in full (its corrections and citations applied)."""
        summary = cls(meeting.slug)
        summary.version, summary.last_hash = meeting.version, meeting.last_hash
        summary.withdrawn = set(meeting.withdrawn)
        for key, statement in meeting.statements.items():
            summarised = said(statement)
            cited = tuple(source_digest(source) for source in meeting.cited.get(key, ()))
            summary.statements[key] = cast(
                Statement, summarised._replace(sources=summarised.sources + cited)
            )
        return summary

    def size(self) -> int:
        """About how many bytes it takes (what the write side's memory budget counts)."""
        return MEETING_BYTES + STATEMENT_BYTES * len(self.statements)

    def collect_events(self) -> list[MeetingEvent]:
        self._said = None  # the last statement decided on is not kept
        return super().collect_events()

    def apply(self, event: MeetingEvent) -> None:
        """As `Meeting.apply`, keeping a recorded statement's summary only."""
        if isinstance(event, StatementCorrected):
            self._needs_full("a correction")
        if isinstance(event, StatementRecorded):
            summary = self._summarise(event.statement)
            self.statements[summary.id] = cast(Statement, summary)
            if self._by_content is not None:
                self._by_content[summary.key] = summary.id
        elif isinstance(event, SourceCited):
            present = self._said_of(event.statement_id)
            if present is not None:
                more = present.sources + (source_digest(event.source),)
                self.statements[present.id] = cast(Statement, present._replace(sources=more))
        else:  # a withdrawal, or a damaged row: as the full meeting takes them
            super().apply(event)
            return
        self.version, self.last_hash = event.originator_version, event.hash

    def correct(self, *args: Any, **kwargs: Any) -> NoReturn:
        self._needs_full("a correction")

    def withdraw(self, *args: Any, **kwargs: Any) -> NoReturn:
        self._needs_full("a withdrawal")

    def admit(self, *args: Any, **kwargs: Any) -> NoReturn:
        self._needs_full("an event from elsewhere")

    def sources_of(self, statement_id: str) -> NoReturn:
        self._needs_full("the sources")

    def _serialised(self, event: MeetingEvent, state: dict[str, Any]) -> None:
        """A new statement is summarised from the JSON its event is stored as."""
        fresh = self._said is None or self._said[0] is not getattr(event, "statement", None)
        if isinstance(event, StatementRecorded) and fresh:
            self._said = (event.statement, said(event.statement, state["statement"]))

    def _key(self, statement: Statement) -> bytes:
        """A summary's key, or a new statement's (digests, not the content itself)."""
        if isinstance(statement, Said):
            return statement.key
        return self._summarise(statement).key

    def _has_source(self, statement_id: str, source: Source) -> bool:
        return source_digest(source) in cast(Said, self.statements[statement_id]).sources

    def _is_repeat(self, present: Statement, statement: Statement) -> bool:
        return cast(Said, present).digest == self._summarise(statement).digest

    def _said_of(self, statement_id: str) -> Said | None:
        return cast("Said | None", self.statements.get(statement_id))

    def _summarise(self, statement: Statement) -> Said:
        if self._said is None or self._said[0] is not statement:
            self._said = (statement, said(statement))
        return self._said[1]

    def _needs_full(self, what: str) -> NoReturn:
        raise TypeError(f"{what} of meeting '{self.slug}' needs the full meeting, not a summary")
