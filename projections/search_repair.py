"""Mending the search index: its SQLite FTS5 index made droppable whatever state it is in.

SQLite drops an FTS5 table by opening it, which fails when the tables it keeps its index in
(`NAME_data`, `NAME_config`, ...) are damaged or gone: "invalid fts5 file format", "vtable
constructor failed". `diplo rebuild` throws the index away, so it first puts in their place
the tables of an empty index of the same definition, made in memory, which SQLite can drop.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import IntegrityError, PersistenceError

from projections.tracking import DamagedPosition

INDEX_DAMAGE = ("fts5", "vtable constructor failed", "SQL logic error", "malformed")
"""What SQLite says when the search index's own tables are damaged (`rebuild` remakes them)."""


class DamagedSearchIndex(DamagedPosition):
    """The search index's tables or rows are damaged: only a rebuild mends them."""


def damaged_index(why: str) -> DamagedSearchIndex:
    return DamagedSearchIndex(f"the search index is damaged ({why}): run `diplo rebuild`")


@contextmanager
def index_damage_said() -> Iterator[None]:
    """Turn SQLite's report of a damaged search index into one line that says what mends it
    (any other fault, a full disk, a lock, is left to be told as such)."""
    try:
        yield
    except PersistenceError as error:
        if isinstance(error, IntegrityError | DamagedPosition):
            raise
        said = " ".join(str(error).split())
        if not any(sign in said for sign in INDEX_DAMAGE):
            raise
        raise damaged_index(said[:160]) from None


def checked_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row of the index as read, refused unless each of its values is text (or none)."""
    for column, value in row.items():
        if value is not None and not isinstance(value, str):
            raise damaged_index(f"a row's {column} holds {type(value).__name__}, not text")
    return row


def droppable_words(cursor: Any, name: str, schema: str) -> None:
    """Replace the own tables of the FTS5 index `name` (made by `schema`) with an empty
    index's, in the transaction of `cursor`; nothing if there is no such index."""
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,))
    if cursor.fetchone() is None:
        return
    twin = sqlite3.connect(":memory:")
    try:
        twin.execute(schema)
        shadows = [
            (table, sql, twin.execute(f'SELECT * FROM "{table}"').fetchall())
            for table, sql in twin.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name != ?", (name,)
            )
            if table.startswith(f"{name}_")
        ]
    finally:
        twin.close()
    for table, sql, rows in shadows:
        cursor.execute(f'DROP TABLE IF EXISTS "{table}"')
        cursor.execute(sql)
        for row in rows:
            cursor.execute(f'INSERT INTO "{table}" VALUES ({", ".join("?" for _ in row)})', row)
