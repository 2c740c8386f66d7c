"""`diplo verify` of the search index: its place in the log, its index of words and its rows,
each compared with what the events give (`search_rows.meeting_rows`)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, PersistenceError

from projections.search import ROW_COLUMNS, WORDS, SearchTables, StatementSearch, search_tables
from projections.search_repair import INDEX_DAMAGE
from projections.search_rows import meeting_rows
from projections.tracking import DamagedPosition
from projections.view import Projector

PREFIX = "search: "


def search_differences(projector: Projector, only: UUID | None = None) -> list[str]:
    """Where the search index differs from the events (none if it was never made: the first
    search makes it); brings it up to date first."""
    tables = search_tables(projector.view)
    index = StatementSearch(projector, tables)
    try:
        if not index.position():
            return []
        tables.create_search_table()
        index.catch_up()
    except DamagedPosition as error:
        return [f"{PREFIX}{error}"]
    except IntegrityError as error:  # a row or place the index cannot take: it is stuck
        why = " ".join(str(error).split())[:160]
        return [f"{PREFIX}cannot be brought up to date ({why}); run `diplo rebuild`"]
    except PersistenceError:
        return []  # locked by a writer, or read-only: it cannot be brought up to date to be
        # compared, which is no damage (a search says why, when it cannot either)
    problems = _words_problems(tables)
    stored = _stored_rows(tables, only)
    for meeting in [only] if only else projector._meeting_ids():
        expected = {row[0]: row for row in meeting_rows(projector, meeting)}
        problems.extend(_row_problems(expected, stored.pop(str(meeting), {})))
    problems.extend(
        f"{PREFIX}the index has '{statement_id}' of a meeting with no events"
        for rows in stored.values()
        for statement_id in sorted(rows)
    )
    return problems


def _row_problems(
    expected: dict[Any, tuple[Any, ...]], kept: dict[Any, tuple[Any, ...]]
) -> list[str]:
    """How one meeting's rows in the index differ from those its events give."""
    problems = [
        f"{PREFIX}the index lacks '{statement_id}' of '{expected[statement_id][2]}'"
        for statement_id in sorted(expected.keys() - kept.keys())
    ]
    problems.extend(
        f"{PREFIX}the row of '{statement_id}' differs from its events"
        for statement_id in sorted(expected.keys() & kept.keys())
        if kept[statement_id] != expected[statement_id]
    )
    problems.extend(
        f"{PREFIX}the index has '{statement_id}', which no event of its meeting records"
        for statement_id in sorted(kept.keys() - expected.keys())
    )
    return problems


def _words_problems(tables: SearchTables) -> list[str]:
    """SQLite's own check of the index of words against the rows (FTS5 'integrity-check')."""
    if tables.is_postgres:
        return []  # the words are a generated column there, kept by PostgreSQL itself
    check = f"INSERT INTO {WORDS} ({WORDS}, rank) VALUES ('integrity-check', 1)"
    try:
        with tables._transaction(commit=False) as cursor:
            cursor.execute(check)
    except PersistenceError as error:
        why = " ".join(str(error).split())[:160]
        if not any(sign in why for sign in INDEX_DAMAGE):
            return []  # not checked (a writer holds the lock, or the file is read-only)
        return [f"{PREFIX}the index of words is damaged ({why}); run `diplo rebuild`"]
    return []


def _stored_rows(tables: SearchTables, only: UUID | None) -> dict[str, dict[Any, tuple[Any, ...]]]:
    """The index's rows by meeting id, then statement id."""
    query = f"SELECT {', '.join(ROW_COLUMNS)} FROM statement_search"
    params: tuple[str, ...] = ()
    if only is not None:
        query, params = query + " WHERE meeting_id = ?", (str(only),)
    found: dict[str, dict[Any, tuple[Any, ...]]] = {}
    for row in tables.select_rows(query, params):
        values = tuple(row[column] for column in ROW_COLUMNS)
        found.setdefault(str(row["meeting_id"]), {})[values[0]] = values
    return found
