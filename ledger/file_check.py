"""The database file itself, as SQLite checks it (`PRAGMA integrity_check`): damage in pages
that no command happens to read (an index, the list of free pages, a table's inner pages) is
invisible to the hash chains and the view until a command stumbles on it. `diplo verify` of the
whole ledger runs this check first; a file too damaged for the check to read at all fails it
with SQLite's own error, told as every command tells it (`ledger.faults`).

A PostgreSQL server checks its own pages as it reads them (with data checksums, if the cluster
has them): nothing is checked here.
"""

from __future__ import annotations

from typing import Any, cast

from ledger.application import Ledger

SHOWN = 5
"""Problems SQLite reports that are listed one by one; the rest are counted."""
REMEDY = "restore the file from a backup (`sqlite3 FILE .recover` may save what is left)"


def file_problems(app: Ledger) -> list[str]:
    """What SQLite's integrity check finds wrong in the ledger's file, one line each (none on
    PostgreSQL)."""
    if app.database.is_postgres:
        return []
    datastore: Any = cast(Any, app.recorder).datastore
    with datastore.transaction(commit=False) as cursor:
        rows = getattr(cursor, "sqlite_cursor", cursor)
        found = rows.execute(f"PRAGMA integrity_check({SHOWN + 1})").fetchall()
    said = [
        line.strip()
        for (text,) in found
        for line in str(text).splitlines()
        if line.strip() and not line.startswith("*** in database")
    ]
    if said == ["ok"]:
        return []
    problems = [f"storage: {' '.join(line.split())[:200]}" for line in said[:SHOWN]]
    more = " (and more)" if len(said) > SHOWN else ""
    problems.append(f"storage: SQLite's integrity check finds the file damaged{more}: {REMEDY}")
    return problems
