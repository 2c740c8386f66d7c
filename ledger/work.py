"""The meetings one write transaction decides on, and the caches that keep them between commands.

Recording reads each meeting it touches once per transaction, as a compact `MeetingSummary`
(`ledger.summary`), and keeps every one it touched (up to `SUMMARISED_STATEMENTS`): a feed
that goes round thousands of meetings never re-reads or replays one. A correction needs the full
meeting (`Work.meeting`), kept in a smaller cache. After a commit, both kinds stay cached for the
process's next command, which reads only the events recorded since.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, cast

from eventsourcing.persistence import Mapper

from ledger.events import MeetingEvent, StatementCorrected
from ledger.meeting import Meeting
from ledger.summary import MeetingSummary
from ledger.writer import WriteTransaction

MEETING_CACHE = 2_000
"""Full meetings kept decoded between and within commands (oldest out first)."""
SUMMARISED_STATEMENTS = 150_000
"""Statements kept summarised, within a transaction and between commands: some 55 MB."""


class MeetingCaches:
    """Meetings kept between the commands of one process (a `Ledger`'s), both bounded."""

    def __init__(self) -> None:
        self.meetings: OrderedDict[str, Meeting] = OrderedDict()
        self.summaries: OrderedDict[str, MeetingSummary] = OrderedDict()
        self.summarised = 0

    def keep(self, work: Work) -> None:
        """Keep what a committed transaction decided on (newest last)."""
        for slug, meeting in work.meetings.items():
            self.meetings.pop(slug, None)
            self.meetings[slug] = meeting
            self._forget(slug)
        while len(self.meetings) > MEETING_CACHE:
            self.meetings.popitem(last=False)
        for slug, summary in work.summaries.items():
            self._forget(slug)
            self.summaries[slug] = summary
            self.summarised += len(summary.statements)
        self.summarised = _trimmed(self.summaries, self.summarised)

    def _forget(self, slug: str) -> None:
        dropped = self.summaries.pop(slug, None)
        if dropped is not None:
            self.summarised -= len(dropped.statements)


class Work:
    """The meetings of one write transaction, each read from storage at most once in it."""

    def __init__(
        self, mapper: Mapper[Any], caches: MeetingCaches, transaction: WriteTransaction
    ) -> None:
        self.mapper = mapper
        self.caches = caches
        self.transaction = transaction
        self.meetings: OrderedDict[str, Meeting] = OrderedDict()
        self.summaries: OrderedDict[str, MeetingSummary] = OrderedDict()
        self.summarised = 0

    def meeting(self, slug: str) -> Meeting:
        """The full meeting as stored, this transaction's own events included."""
        found = self.meetings.get(slug)
        if found is not None:
            self.meetings.move_to_end(slug)
            return found
        summary = self.summaries.pop(slug, None)
        if summary is not None:
            self.summarised -= len(summary.statements)
        cached = self.caches.meetings.get(slug)
        meeting = self._brought_up_to_date(cached.clone() if cached else Meeting(slug))
        self.meetings[slug] = meeting
        if len(self.meetings) > MEETING_CACHE:
            self.meetings.popitem(last=False)
        return meeting

    def summary(self, slug: str) -> Meeting:
        """The meeting as recording a statement needs it: a `MeetingSummary` (or the full
        meeting, if this transaction has it)."""
        found = self.meetings.get(slug) or self.summaries.get(slug)
        if found is not None:
            return found
        summary = self._cached_summary(slug)
        if summary is None:
            cached = self.caches.meetings.get(slug)
            full = self._brought_up_to_date(cached.clone() if cached else Meeting(slug))
            summary = MeetingSummary.of(full)
        self.summaries[slug] = summary
        self.summarised += len(summary.statements)
        return summary

    def save(self, meeting: Meeting) -> None:
        """Send the meeting's new events: they are in the database when the transaction ends."""
        events = meeting.collect_events()
        self.transaction.add([self.mapper.to_stored_event(event) for event in events])
        if isinstance(meeting, MeetingSummary) and meeting.slug in self.summaries:
            self.summaries.move_to_end(meeting.slug)
            self.summarised = _trimmed(self.summaries, self.summarised + len(events))

    def _cached_summary(self, slug: str) -> MeetingSummary | None:
        """The process's summary of the meeting with the events recorded since; None if there
        is none, or a correction came since (a summary cannot apply one)."""
        cached = self.caches.summaries.get(slug)
        if cached is None:
            return None
        summary = cached.clone()
        events = self._events_after(summary)
        if any(isinstance(event, StatementCorrected) for event in events):
            return None
        for event in events:
            summary.apply(event)
        return summary

    def _brought_up_to_date(self, meeting: Meeting) -> Meeting:
        for event in self._events_after(meeting):
            meeting.apply(event)
        return meeting

    def _events_after(self, meeting: Meeting) -> list[MeetingEvent]:
        stored = self.transaction.events_of(meeting.id, meeting.version)
        return [cast(MeetingEvent, self.mapper.to_domain_event(s)) for s in stored]


def _trimmed(summaries: OrderedDict[str, MeetingSummary], count: int) -> int:
    """Drop the least recently used summaries beyond the bound; returns the count left."""
    while count > SUMMARISED_STATEMENTS and len(summaries) > 1:
        count -= len(summaries.popitem(last=False)[1].statements)
    return count
