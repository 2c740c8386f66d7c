"""The search index read in small batches of the log: statements added batch after batch are
indexed from the batch alone, a meeting with a correction, a citation or a withdrawal is indexed
again whole, and the index is the one a single batch gives (`projections.search_rows`)."""

from __future__ import annotations

from collections.abc import Callable

from ledger.events import meeting_id
from projections.queries import ReadSide
from projections.search import StatementSearch
from projections.search_check import search_differences
from tests.conftest import Diplo, statement
from tests.integration.test_integrity import RawTable

PARIS = "trump-putin-paris-2018"
HELSINKI = "trump-putin-helsinki-2018"


def misheard(diplo: Diplo, quote: str) -> None:
    """p1 of Paris corrected to say `quote`."""
    diplo.ok("correct", "p1", "--meeting", PARIS, "--quote", quote, "--reason", "misheard")


def test_an_index_caught_up_two_events_at_a_time_is_the_index_of_one_batch(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ok(
        "import",
        write_yaml(
            [
                statement(id="p1", quote="Paris is possible says the envoy"),
                statement(id="h1", meeting=HELSINKI, quote="Helsinki would suit both sides"),
                statement(id="p2", quote="The Kremlin has no plans for Paris", side="RU"),
                statement(id="h2", meeting=HELSINKI, quote="A summit in Finland is agreed"),
                statement(id="p3", quote="The palace will host a lunch"),
            ]
        ),
    )
    app = diplo.ledger()
    try:
        reads = ReadSide.of(app)
        index = StatementSearch.of(reads)
        assert index.catch_up(batch_size=2) == 5  # three batches of statements alone
        misheard(diplo, "Oslo is possible says the envoy")
        diplo.ok("withdraw", "p3", "--meeting", PARIS, "--reason", "another meeting's")
        diplo.ok(
            "import", write_yaml([statement(id="h3", meeting=HELSINKI, quote="Finland confirms")])
        )
        diplo.ok(
            "cite", "h1", "--meeting", HELSINKI, "--outlet", "Yle", "--published", "2018-10-24"
        )
        assert index.catch_up(batch_size=2) == 4

        def found(words: str) -> list[str]:
            return sorted(hit["id"] for hit in index.search(words))

        assert found("Paris possible") == []  # p1's words before its correction
        assert found("Oslo possible") == ["p1"]
        assert found("Finland") == ["h2", "h3"]
        assert found("Helsinki suit") == ["h1"]
        assert found("palace lunch") == ["p3"]  # a withdrawn statement stays in the history
        assert search_differences(reads.projector) == []
        incremental = index.tables.select_rows(
            "SELECT * FROM statement_search ORDER BY statement_id"
        )
        index.tables.forget()
        assert index.catch_up(batch_size=100) == 9
        assert (
            index.tables.select_rows("SELECT * FROM statement_search ORDER BY statement_id")
            == incremental
        )
        assert len(incremental) == 6
    finally:
        app.close()


def test_a_meeting_indexed_again_whole_is_indexed_to_its_batch_and_the_next_adds_the_rest(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    # Paris corrected, then given a new statement: a batch of the correction alone indexes
    # Paris again whole; it read the statement after it too, which the next batch then added
    # a second time ("UNIQUE constraint failed", for good, `rebuild` or not)
    diplo.ok("import", write_yaml([statement(id="p1", quote="Paris is possible says the envoy")]))
    app = diplo.ledger()
    try:
        reads = ReadSide.of(app)
        index = StatementSearch.of(reads)
        assert index.catch_up() == 1
        misheard(diplo, "Oslo is possible")
        diplo.ok("import", write_yaml([statement(id="p2", quote="Bergen is possible too")]))
        assert index.catch_up(batch_size=1) == 2
        assert sorted(hit["id"] for hit in index.search("possible")) == ["p1", "p2"]
        assert search_differences(reads.projector) == []
        # a row of a statement the index has not reached yet (as the release before could
        # leave): the batch that brings the statement replaces it
        diplo.ok("import", write_yaml([statement(id="p3", quote="Tromso is possible")]))
        RawTable(diplo.db).execute(
            "INSERT INTO statement_search (statement_id, meeting_id, slug, quote) "
            "VALUES ('p3', ?, ?, 'an early copy')",
            (str(meeting_id(PARIS)), PARIS),
        )
        assert index.catch_up(batch_size=1) == 1
        assert [hit["id"] for hit in index.search("Tromso")] == ["p3"]
        assert index.search("early copy") == []
        assert search_differences(reads.projector) == []
    finally:
        app.close()
