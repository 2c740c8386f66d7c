"""Copy a ledger into another, byte for byte: SQLite to PostgreSQL and back."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from eventsourcing.persistence import PersistenceError

from ledger.application import Ledger, StorageError
from ledger.storage import notification_batches


@dataclass
class CopyResult:
    copied: int = 0
    already_present: int = 0


COPY_BATCH = 5_000


def copy_ledger(source: Ledger, target: Ledger, batch_size: int = COPY_BATCH) -> CopyResult:
    """Copy every stored event from one ledger to another, byte for byte, in recorded order.

    Ids, versions, timestamps, hashes and errata travel as stored. An event the target already
    has (same meeting and version) is skipped, so copying twice copies nothing new.
    """
    result = CopyResult()
    known_versions: dict[UUID, int] = {}
    try:
        for notifications in notification_batches(source.recorder, size=batch_size):
            with target.transaction() as transaction:
                for notification in notifications:
                    meeting = UUID(str(notification.originator_id))
                    if meeting not in known_versions:
                        stored = transaction.events_of(meeting)
                        known_versions[meeting] = stored[-1].originator_version if stored else 0
                    if notification.originator_version <= known_versions[meeting]:
                        result.already_present += 1
                        continue
                    known_versions[meeting] = notification.originator_version
                    transaction.add([notification])
                    result.copied += 1
    except PersistenceError as error:
        raise StorageError(f"{source.database.display}: {error}") from None
    return result
