"""The search index is checked by `verify`, said to be damaged in one line by `search`, and
made again by `rebuild`, whatever state its tables are in."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest
from click.testing import CliRunner

from tests.conftest import Diplo, is_postgres, statement
from tests.integration.test_integrity import RawTable

PARIS = "trump-putin-paris-2018"
PESKOV = "Peskov says the Kremlin has no plans for Paris"


def indexed(diplo: Diplo, write_yaml: Callable[..., str]) -> None:
    """Two statements recorded and indexed (the first search makes the index)."""
    diplo.ok("import", write_yaml([statement(id="seed"), statement(id="second", quote=PESKOV)]))
    assert sorted(hit["id"] for hit in diplo.json("search", "Paris")) == ["second", "seed"]


ROWS = {
    "a row deleted": (
        "DELETE FROM statement_search WHERE statement_id = 'second'",
        [f"search: the index lacks 'second' of '{PARIS}'"],
    ),
    "a row of no meeting": (
        "INSERT INTO statement_search (statement_id, meeting_id, slug, quote) "
        "VALUES ('ghost', '00000000-0000-0000-0000-000000000000', 'nowhere-2020', 'Paris')",
        ["search: the index has 'ghost' of a meeting with no events"],
    ),
    "a row replaced by one of another speaker": (
        "INSERT INTO statement_search (statement_id, meeting_id, slug, side, said_on, language, "
        "quote, summary, translation, speaker) SELECT 'seed', meeting_id, slug, side, said_on, "
        "language, quote, summary, translation, 'Someone Else' FROM statement_search "
        "WHERE statement_id = 'second'",
        ["search: the row of 'seed' differs from its events"],
    ),
}
"""Damage to the index's rows (kept in step with its words by their triggers: rows are only
added or deleted), and what `verify` says of it."""


@pytest.mark.parametrize("case", list(ROWS))
def test_verify_compares_the_search_index_with_the_events_and_rebuild_mends_it(
    diplo: Diplo, write_yaml: Callable[..., str], case: str
) -> None:
    damage, said = ROWS[case]
    indexed(diplo, write_yaml)
    if case.startswith("a row replaced"):
        RawTable(diplo.db).execute("DELETE FROM statement_search WHERE statement_id = 'seed'")
    RawTable(diplo.db).execute(damage)
    checked = diplo("verify")
    assert checked.exit_code == 1
    assert checked.output.splitlines() == [
        *said,
        f"FAILED: checked 2 events in 1 meeting; {len(said)} problem",
    ]
    diplo.ok("rebuild")
    assert sorted(hit["id"] for hit in diplo.json("search", "Paris")) == ["second", "seed"]
    assert diplo.ok("verify").output == "ok: checked 2 events in 1 meeting\n"


def test_a_ledger_never_searched_is_verified_without_making_an_index(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ok("import", write_yaml([statement(id="seed")]))
    assert diplo.ok("verify").output == "ok: checked 1 event in 1 meeting\n"
    assert diplo.json("search", "Paris")[0]["id"] == "seed"  # made by the first search


WORDS = {
    "its format record gone": (
        "DELETE FROM statement_search_words_config",
        "invalid fts5 file format (found 0, expected 4) - run 'rebuild'",
    ),
    "its format record changed": (
        "UPDATE statement_search_words_config SET v = 5",
        "invalid fts5 file format (found 5, expected 4) - run 'rebuild'",
    ),
    "its data table gone": (
        "DROP TABLE statement_search_words_data",
        "vtable constructor failed: statement_search_words",
    ),
    "its config table gone": (
        "DROP TABLE statement_search_words_config",
        "vtable constructor failed: statement_search_words",
    ),
    "its term index gone": ("DROP TABLE statement_search_words_idx", "SQL logic error"),
}
"""Damage to the SQLite FTS5 index of words (its own tables), and SQLite's word for it."""


@pytest.mark.parametrize("case", list(WORDS))
def test_a_damaged_index_of_words_is_said_in_one_line_and_rebuild_makes_it_again(
    sqlite_path: str, write_yaml: Callable[..., str], case: str
) -> None:
    damage, why = WORDS[case]
    diplo = Diplo(sqlite_path, CliRunner())
    indexed(diplo, write_yaml)
    RawTable(sqlite_path).execute(damage)
    searched = diplo("search", "Paris")
    assert searched.exit_code == 1
    assert searched.output == f"Error: the search index is damaged ({why}): run `diplo rebuild`\n"
    checked = diplo("verify")
    assert checked.exit_code == 1
    assert checked.output.splitlines()[0].startswith("search: ")
    assert checked.output.splitlines()[0].endswith("; run `diplo rebuild`")
    diplo.ok("rebuild")  # SQLite cannot drop such an index as it is: it is made droppable
    assert sorted(hit["id"] for hit in diplo.json("search", "Paris")) == ["second", "seed"]
    assert diplo.ok("verify").output == "ok: checked 2 events in 1 meeting\n"


def test_a_search_row_holding_bytes_is_said_to_be_damaged(
    sqlite_path: str, write_yaml: Callable[..., str]
) -> None:
    diplo = Diplo(sqlite_path, CliRunner())
    indexed(diplo, write_yaml)
    RawTable(sqlite_path).execute(
        "UPDATE statement_search SET said_on = X'32' WHERE statement_id = 'seed'"
    )
    searched = diplo("search", "Paris")
    assert searched.exit_code == 1
    assert searched.output == (
        "Error: the search index is damaged (a row's said_on holds bytes, not text): "
        "run `diplo rebuild`\n"
    )
    diplo.ok("rebuild")
    found = diplo.json("search", "forward")  # a word of statement()'s quote alone
    assert [(hit["id"], hit["said_on"]) for hit in found] == [("seed", "2018-10-23")]


def test_verify_while_a_writer_holds_the_ledger_finds_no_damage(
    sqlite_path: str, write_yaml: Callable[..., str]
) -> None:
    diplo = Diplo(sqlite_path, CliRunner())
    indexed(diplo, write_yaml)
    holder = sqlite3.connect(sqlite_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # as an import or `project --follow` does, writing
    try:
        checked = diplo("verify")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (checked.exit_code, checked.output) == (0, "ok: checked 2 events in 1 meeting\n")


def test_an_index_table_dropped_by_hand_is_made_again_with_every_statement(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    indexed(diplo, write_yaml)
    # PostgreSQL keeps the words in statement_search itself; SQLite in a table of their own
    tables = ["statement_search"]
    if not is_postgres(diplo.db):
        tables.append("statement_search_words")
    for table in tables:
        RawTable(diplo.db).execute(f"DROP TABLE {table}")
        # made again empty with its place in the log kept, it found nothing until `rebuild`
        found = sorted(hit["id"] for hit in diplo.json("search", "Paris"))
        assert found == ["second", "seed"], table
        assert diplo.ok("verify").output == "ok: checked 2 events in 1 meeting\n", table
