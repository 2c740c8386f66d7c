"""Copy a ledger into another, byte for byte: SQLite to PostgreSQL and back.

Every event is checked on the way in as a restored export is (hash chain, content, the
meeting's rules), and the copy is one transaction: a damaged source or two ledgers whose
histories have diverged are refused with nothing copied, never silently skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from eventsourcing.persistence import Notification, PersistenceError

from ledger.application import InputRejected, Ledger, StorageError
from ledger.events import StatementRecorded
from ledger.integrity import admit, mapper_of
from ledger.meeting import Meeting
from ledger.storage import DamagedRow, notification_batches
from ledger.writer import WriteTransaction


@dataclass
class CopyResult:
    copied: int = 0
    already_present: int = 0


COPY_BATCH = 5_000


class Diverged(InputRejected):
    """The two ledgers hold different events under the same meeting and version."""


@dataclass
class _Target:
    """One meeting as the target holds it: its rows by version, and the aggregate to admit to."""

    meeting: Meeting
    rows: dict[int, tuple[str, bytes]] = field(default_factory=dict)


def copy_ledger(source: Ledger, target: Ledger, batch_size: int = COPY_BATCH) -> CopyResult:
    """Copy every stored event from one ledger to another, byte for byte, in recorded order.

    Ids, versions, timestamps, hashes and errata travel as stored. An event the target already
    has (same meeting, version and bytes) is counted, so copying twice copies nothing new; the
    same version with other bytes is a divergence, refused with nothing copied.
    """
    copier = _Copier(source, target)
    with target.transaction() as transaction:
        try:
            for batch in notification_batches(source.recorder, size=batch_size):
                for notification in batch:
                    copier.copy(transaction, notification)
        except PersistenceError as error:
            raise StorageError(f"{source.database.display}: {error}") from None
    return copier.result


class _Copier:
    def __init__(self, source: Ledger, target: Ledger) -> None:
        self.source = source
        self.target = target
        self.today: date = target.today()
        self.result = CopyResult()
        self.meetings: dict[UUID, _Target] = {}

    def copy(self, transaction: WriteTransaction, notification: Notification) -> None:
        """Copy one event, unless the target has it; refuse anything the target must not take."""
        version = notification.originator_version
        where = f"copy from {self.source.database.display}"
        try:
            event = mapper_of(self.source).decode(notification)
        except DamagedRow as error:
            raise InputRejected(
                where,
                "",
                f"meeting {notification.originator_id} version {version} is damaged ({error}); "
                "run `diplo verify` on the source; nothing was copied",
            ) from None
        held = self.meetings.get(event.originator_id)
        if held is None:
            held = self._load(transaction, event.originator_id, event)
        slug = held.meeting.slug
        if version in held.rows:
            if held.rows[version] != (notification.topic, notification.state):
                raise self._diverged(slug, version, held)
            self.result.already_present += 1
            return
        if version != held.meeting.version + 1:
            raise InputRejected(
                where,
                "version",
                f"meeting '{slug}': expected version "
                f"{held.meeting.version + 1}, got {version}; nothing was copied",
            )
        where = f"{where}: meeting '{slug}' version {version}"
        admit(mapper_of(self.source), held.meeting, notification, where, self.today, "the source")
        held.rows[version] = (notification.topic, notification.state)
        transaction.add([notification])
        self.result.copied += 1

    def _load(self, transaction: WriteTransaction, key: UUID, first: object) -> _Target:
        if not isinstance(first, StatementRecorded):
            raise InputRejected(
                f"copy from {self.source.database.display}",
                "",
                f"meeting {key} does not begin with a statement; nothing was copied",
            )
        held = _Target(Meeting(first.statement.meeting))
        mapper = mapper_of(self.target)
        for stored in transaction.events_of(key):
            held.meeting.apply(mapper.to_domain_event(stored))
            held.rows[stored.originator_version] = (stored.topic, stored.state)
        self.meetings[key] = held
        return held

    def _diverged(self, slug: str, version: int, held: _Target) -> Diverged:
        source, target = self.source.database.display, self.target.database.display
        source_last = self.source.recorder.select_events(held.meeting.id, desc=True, limit=1)[
            0
        ].originator_version
        return Diverged(
            f"copy from {source} to {target}",
            "",
            f"the ledgers have diverged: meeting '{slug}' version {version} differs (the source "
            f"has versions 1-{source_last}, the target 1-{max(held.rows)}); nothing was copied. "
            "An event log cannot merge two histories: keep one ledger as the record and record "
            f"the other's statements of '{slug}' from version {version} on into it again "
            f"(`diplo --db OTHER history {slug}` lists them; `diplo import` records them)",
        )
