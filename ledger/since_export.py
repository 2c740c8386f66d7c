"""`diplo verify --against EXPORT`: every event of an earlier `diplo export` is still in the
ledger, unchanged.

A hash chain shows an event changed in place. It cannot show that a meeting's last events were
removed, or that a whole chain was recorded again (new hashes all through): what is left is a
whole chain. An export kept elsewhere can, since it is the ledger as it was: each of its events
must still be stored, byte for byte, under its meeting and version.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import cast
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from ledger.application import Ledger
from ledger.events import meeting_id, state_as_read
from ledger.importer import iter_file
from ledger.integrity import LocatedEvent, Problem, statement_id_of, stored_from_line

RECORDED_AGAIN = "recorded again since that export, or one of the two changed"
"""(The ledger's own chain, checked in the same run, says whether it was the ledger.)"""
CHUNK = 2_000
"""Exported events compared at a time: the ledger's rows of their meetings are read at once."""


@dataclass
class SinceExport:
    """What comparing the ledger with an earlier export found."""

    compared: int = 0
    problems: list[Problem] = field(default_factory=list)


def since_export(app: Ledger, name: str, slug: str | None = None) -> SinceExport:
    """Compare each event of the export `name` (only those of meeting `slug`, if given) with
    the event the ledger stores under its meeting and version. A file that is not an export is
    refused (`InputRejected`, naming the line)."""
    wanted = meeting_id(slug) if slug else None
    found = SinceExport()
    items = (cast(LocatedEvent, item) for item in iter_file(name, exported_only=True))
    while chunk := list(itertools.islice(items, CHUNK)):
        rows = [(item, stored_from_line(item)) for item in chunk]
        if wanted is not None:
            rows = [(item, row) for item, row in rows if row.originator_id == wanted]
        held = _held(app, [row for _, row in rows])
        for item, row in rows:
            found.compared += 1
            present = held.get((row.originator_id, row.originator_version))
            if present is None:
                what = f"in {item.where} but no longer in the ledger: removed since that export"
            elif present != row.state:
                what = f"differs from {item.where}: {RECORDED_AGAIN}"
            else:
                continue
            statement = statement_id_of(item.line["state"])
            problem = Problem(item.line["meeting"], row.originator_version, statement, what)
            found.problems.append(problem)
    return found


def _held(app: Ledger, rows: list[StoredEvent]) -> dict[tuple[UUID | str, int], bytes]:
    """The ledger's stored states of these rows' meetings, over the versions the rows span."""
    spans: dict[UUID, tuple[int, int]] = {}
    for row in rows:
        key = cast(UUID, row.originator_id)  # (`stored_from_line` derives it from the slug)
        low, high = spans.get(key, (row.originator_version, row.originator_version))
        spans[key] = (min(low, row.originator_version), max(high, row.originator_version))
    held: dict[tuple[UUID | str, int], bytes] = {}
    for key, (low, high) in spans.items():
        for stored in app.recorder.select_events(key, gt=low - 1, lte=high):
            held[(key, stored.originator_version)] = state_as_read(stored.state)
    return held
