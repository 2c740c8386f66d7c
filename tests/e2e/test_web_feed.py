"""The changes feed's entries (diplo.web.pages.changes), on both backends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from diplo.web.pages import changes
from projections.queries import ReadSide
from tests.conftest import Diplo


@pytest.fixture
def reads(diplo: Diplo) -> Iterator[ReadSide]:
    diplo.import_seed()
    app = diplo.ledger()
    try:
        yield ReadSide.of(app)
    finally:
        app.close()


def test_a_short_feed_is_the_head_of_the_full_one(reads: ReadSide) -> None:
    everything = changes(reads, limit=10_000)
    for limit in (1, 3, 7, len(everything)):
        assert [s["id"] for s in changes(reads, limit=limit)] == [
            s["id"] for s in everything[:limit]
        ]


def test_entries_are_newest_first_and_only_counted_changes_of_status_or_plan(
    reads: ReadSide,
) -> None:
    entries = changes(reads, limit=10_000)
    days = [entry["effective_on"] for entry in entries]
    assert days == sorted(days, reverse=True)
    ids = {entry["id"] for entry in entries}
    # Second-hand statements count for nothing by default (golden history of Paris).
    assert "hill-putin-suggests-meeting" not in ids
    # Bolton's "yes" moved the Paris date from 2018-11 to 2018-11-11: a plan change.
    assert "hill-bolton-paris-yes" in ids
    # Every Paris statement that counts changed something; Ushakov's made it agreed.
    (ushakov,) = [e for e in entries if e["id"] == "dk-ushakov-confirms-paris"]
    assert {"field": "status", "before": "proposed", "after": "agreed"} in ushakov["changed"]
