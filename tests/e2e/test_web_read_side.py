"""What the web pages read besides the view, on both backends: full-text search over the
statements (projections/search.py) and the changes feed's entries (diplo.web.pages.changes)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from diplo.web.pages import changes
from projections.queries import ReadSide
from projections.search import StatementSearch, search
from tests.conftest import Diplo


@pytest.fixture
def seeded(diplo: Diplo) -> Iterator[ReadSide]:
    diplo.import_seed()
    app = diplo.ledger()
    try:
        reads = ReadSide.of(app)
        reads.projector.catch_up()  # on PostgreSQL `diplo import` leaves that to the projector
        yield reads
    finally:
        app.close()


def found(reads: ReadSide, text: str) -> list[str]:
    return [hit["id"] for hit in search(reads, text)]


def test_words_of_a_quote_find_its_statement(seeded: ReadSide) -> None:
    # Only Bolton's Paris quote (fixtures/000) says "I said yes, in fact".
    assert found(seeded, "said yes in fact") == ["hill-bolton-paris-yes"]


def test_a_danish_quote_and_its_english_translation_are_both_searched(seeded: ReadSide) -> None:
    # fixtures/003: "Vi planlægger, at vore præsidenter ..." / "We are planning for our presidents".
    assert found(seeded, "planlægger") == ["dk-ushakov-confirms-paris"]
    assert found(seeded, "planning presidents bilateral") == ["dk-ushakov-confirms-paris"]


def test_each_hit_names_its_meeting_and_language(seeded: ReadSide) -> None:
    (hit,) = search(seeded, "planlægger")
    assert hit["meeting"] == "trump-putin-paris-2018"
    assert hit["language"] == "da"
    assert hit["side"] == "RU"


def test_query_syntax_in_the_words_is_taken_as_words(seeded: ReadSide) -> None:
    for text in ('"', "NEAR(", "paris OR", "*", "a AND NOT", "'; DROP TABLE x; --"):
        assert isinstance(found(seeded, text), list)
    assert found(seeded, "") == []
    assert found(seeded, "zzzunheardofword") == []


def test_a_corrected_quote_is_found_by_its_new_words_only(diplo: Diplo, seeded: ReadSide) -> None:
    index = StatementSearch.of(seeded)
    index.catch_up()
    assert [h["id"] for h in index.search("said yes in fact")] == ["hill-bolton-paris-yes"]
    diplo.ok(
        "correct",
        "hill-bolton-paris-yes",
        "--quote",
        "Bolton replied affirmatively about Paris",
        "--reason",
        "test: quote replaced",
    )
    assert index.behind() == 1  # the correction, until the index catches up
    index.catch_up()
    assert index.behind() == 0
    assert index.search("said yes in fact") == []
    assert [h["id"] for h in index.search("affirmatively")] == ["hill-bolton-paris-yes"]


def test_a_short_feed_is_the_head_of_the_full_one(seeded: ReadSide) -> None:
    everything = changes(seeded, limit=10_000)
    assert len(everything) > 7
    for limit in (1, 3, 7, len(everything)):
        assert [s["id"] for s in changes(seeded, limit=limit)] == [
            s["id"] for s in everything[:limit]
        ]


def test_entries_are_newest_first_and_only_counted_changes_of_status_or_plan(
    seeded: ReadSide,
) -> None:
    entries = changes(seeded, limit=10_000)
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
