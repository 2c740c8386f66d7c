"""The meetings one write transaction decides on, each loaded once inside it.

A correction, withdrawal or move needs a meeting in full (`meeting`). Recording statements
needs only each meeting's summary (`summary`): an import keeps the summary of every meeting it
touches, so a feed that interleaves ten thousand meetings never re-reads or replays one, up to
a memory budget that bounds the longest import (past it the oldest summaries are dropped, and
a meeting seen again is read once more).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from itertools import islice
from typing import cast

from eventsourcing.persistence import StoredEvent

from ledger.events import MeetingEvent, StatementCorrected, StatementRecorded, meeting_id
from ledger.meeting import Meeting
from ledger.storage import PydanticMapper, stored_hash
from ledger.summary import STATEMENT_BYTES, MeetingSummary
from ledger.summary_store import decoded, encoded
from ledger.writer import WriteTransaction

MEETING_CACHE = 2_000
"""Full meetings kept decoded between and within commands (a bounded cache, oldest out first)."""
PREFETCH = 500
"""Statements of an import whose meetings' summaries are loaded together (`Work.prefetch`)."""
PREFETCH_EVENTS = 100
"""Events read for one meeting by `Work.prefetch`, at most (since its stored summary, or all of
a meeting without one): a meeting with more is read alone, so memory stays bounded."""
SUMMARIES_SENT = 1_000
"""Summaries written to the database at a time at the end of a write transaction."""
SUMMARY_BUDGET = 64 * 2**20
"""Bytes of summaries one write transaction keeps, and a process keeps between its commands
(`MeetingSummary.size`): ten thousand meetings of ten statements take about 44 MB."""


class Summaries:
    """Meeting summaries by slug, the oldest used dropped past a budget of bytes."""

    def __init__(self) -> None:
        self.items: OrderedDict[str, MeetingSummary] = OrderedDict()
        self.size = 0

    def get(self, slug: str) -> MeetingSummary | None:
        found = self.items.get(slug)
        if found is not None:
            self.items.move_to_end(slug)
        return found

    def put(self, slug: str, summary: MeetingSummary) -> None:
        self.drop(slug)
        self.items[slug] = summary
        self.grew(summary.size())

    def drop(self, slug: str) -> None:
        if slug in self.items:
            self.size -= self.items.pop(slug).size()

    def grew(self, size: int) -> None:
        """A summary took `size` more bytes: drop the oldest while over the budget."""
        self.size += size
        while self.size > SUMMARY_BUDGET and len(self.items) > 1:
            self.size -= self.items.popitem(last=False)[1].size()


class Work:
    """The meetings of one write transaction: full ones in a bounded cache, and summaries."""

    def __init__(
        self,
        transaction: WriteTransaction,
        mapper: PydanticMapper,
        cached: dict[str, Meeting],
        cached_summaries: Summaries,
    ) -> None:
        self.transaction = transaction
        self.mapper = mapper
        self.cached, self.cached_summaries = cached, cached_summaries
        """Full meetings and summaries as committed by earlier commands of this process."""
        self.meetings: OrderedDict[str, Meeting] = OrderedDict()
        self.summaries = Summaries()
        self.changed: set[str] = set()
        """Meetings whose summaries this transaction changed (stored by `keep_summaries`)."""

    def meeting(self, slug: str) -> Meeting:
        """The meeting in full as stored, this transaction's own events included."""
        found = self.meetings.get(slug)
        if found is not None:
            self.meetings.move_to_end(slug)
            return found
        self.summaries.drop(slug)  # its new events are read back with the rest
        meeting = self._loaded(slug)
        self.meetings[slug] = meeting
        if len(self.meetings) > MEETING_CACHE:
            self.meetings.popitem(last=False)
        return meeting

    def summary(self, slug: str) -> Meeting:
        """What recording statements needs of the meeting, this transaction's events included."""
        found = self.summaries.get(slug)
        if found is not None:
            return found
        if slug in self.meetings:
            return self.meetings[slug]
        summary = self._summary_brought_up_to_date(slug) or self._stored_summary(slug)
        if summary is None:
            summary = MeetingSummary.of(self._loaded(slug))
        self.summaries.put(slug, summary)
        return summary

    def save(self, meeting: Meeting) -> None:
        """Send the meeting's new events: they are in the database when the transaction ends."""
        events = meeting.collect_stored()
        stored = self.mapper.stored_with_state
        self.transaction.add([stored(event, state) for event, state in events])
        if isinstance(meeting, MeetingSummary):  # (a citation adds a digest: not counted)
            recorded = sum(isinstance(event, StatementRecorded) for event, _ in events)
            self.summaries.grew(STATEMENT_BYTES * recorded)
            if events:
                self.changed.add(meeting.slug)

    def keep_summaries(self) -> None:
        """Store the summaries this transaction changed (those still held), before it commits:
        the next import into their meetings starts from them (`ledger.summary_store`)."""
        held = (self.summaries.items.get(slug) for slug in sorted(self.changed))
        rows = ((s.id, s.version, encoded(s)) for s in held if s is not None and s.version > 0)
        while batch := list(islice(rows, SUMMARIES_SENT)):  # (a long import's: not all at once)
            self.transaction.put_summaries(batch)

    def committed(self) -> None:
        """After the commit: this transaction's meetings are what later commands start from."""
        for slug, meeting in self.meetings.items():
            self.cached.pop(slug, None)
            self.cached[slug] = meeting
            self.cached_summaries.drop(slug)
        while len(self.cached) > MEETING_CACHE:
            self.cached.pop(next(iter(self.cached)))
        for slug, summary in self.summaries.items.items():
            self.cached_summaries.put(slug, summary)

    def _summary_brought_up_to_date(self, slug: str) -> MeetingSummary | None:
        """A summary an earlier command left, with the events stored since; None if there is
        none, or if a correction was stored since (a summary cannot take one)."""
        cached = self.cached_summaries.get(slug)
        if cached is None:
            return None
        since = self.transaction.events_of(cached.id, cached.version)
        return _with_events(cached.clone(), [self._decoded(event) for event in since])

    def _stored_summary(self, slug: str) -> MeetingSummary | None:
        """The summary stored beside the meeting's events, with the events stored since; None
        if there is none, it does not read, the event at its version does not carry its hash,
        or a correction was stored since."""
        key = meeting_id(slug)
        summary = self._summary_of(slug, self.transaction.summary_row(key))
        if summary is None:
            return None
        return self._checked(summary, self.transaction.events_of(key, summary.version - 1))

    def prefetch(self, slugs: Iterable[str]) -> None:
        """Load the summaries of the meetings about to be recorded into that nothing here
        holds yet, many meetings to a statement (`summary` then finds them): their stored
        summaries, and the events from each one's version on (all of a meeting that has
        none), up to `PREFETCH_EVENTS` a meeting. A meeting with more, or whose summary does
        not check, is read meeting by meeting as `summary` reads it."""
        wanted = {meeting_id(slug): slug for slug in slugs if not self._held(slug)}
        if not wanted:
            return
        rows = self.transaction.summary_rows(list(wanted))
        stored = {key: self._summary_of(slug, rows.get(key)) for key, slug in wanted.items()}
        since = {key: summary.version if summary else 1 for key, summary in stored.items()}
        events = self.transaction.events_from(since, PREFETCH_EVENTS)
        for key, slug in wanted.items():
            summary = stored[key]
            if len(events[key]) > PREFETCH_EVENTS:
                continue  # a long history to read: left to `summary`, one meeting at a time
            if summary is None:
                meeting = Meeting(slug)
                for event in events[key]:
                    meeting.apply(self._decoded(event))
                summary = MeetingSummary.of(meeting)
            else:
                summary = self._checked(summary, events[key]) or MeetingSummary.of(
                    self._loaded(slug)
                )
            self.summaries.put(slug, summary)

    def _held(self, slug: str) -> bool:
        """Whether this transaction or an earlier command holds the meeting or its summary."""
        held = (self.summaries.items, self.meetings, self.cached, self.cached_summaries.items)
        return any(slug in kept for kept in held)

    def _summary_of(self, slug: str, row: tuple[int, object] | None) -> MeetingSummary | None:
        """The summary a stored row holds; None if there is none or it does not read."""
        summary = decoded(slug, row[1]) if row is not None else None
        if row is None or summary is None or summary.version != row[0]:
            return None
        return summary

    def _checked(self, summary: MeetingSummary, stored: list[StoredEvent]) -> MeetingSummary | None:
        """The stored summary with the events stored since (`stored`: from its version on);
        None if the event at its version is not there or does not carry its hash, or a
        correction was stored since."""
        if not stored or stored[0].originator_version != summary.version:
            return None
        if stored_hash(stored[0].state) != summary.last_hash:
            return None
        return _with_events(summary, [self._decoded(event) for event in stored[1:]])

    def _loaded(self, slug: str) -> Meeting:
        cached = self.cached.get(slug)
        meeting = cached.clone() if cached is not None else Meeting(slug)
        for stored in self.transaction.events_of(meeting.id, meeting.version):
            meeting.apply(self._decoded(stored))
        return meeting

    def _decoded(self, stored: StoredEvent) -> MeetingEvent:
        return cast(MeetingEvent, self.mapper.to_domain_event(stored))


def _with_events(summary: MeetingSummary, since: list[MeetingEvent]) -> MeetingSummary | None:
    """The summary with the events stored after it applied; None if one is a correction (a
    summary cannot take one: the meeting is read in full)."""
    if any(isinstance(event, StatementCorrected) for event in since):
        return None
    for event in since:
        summary.apply(event)
    return summary
