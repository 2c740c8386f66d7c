"""Raw baselines on SQLite: what the storage alone costs for the same lines and rows.

Each is plain `sqlite3` and `orjson`, no part of the product, on a real file: the floor the
product's figure is compared with, measured in the same run on the same machine.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson

RAW_SCHEMA = (
    "CREATE TABLE raw_lines (meeting TEXT NOT NULL, id TEXT NOT NULL, line BLOB NOT NULL, "
    "PRIMARY KEY (meeting, id))"
)


def raw_import(feed: Path, db: Path, each_line: Callable[[bytes], object] | None = None) -> int:
    """Store the feed's lines into a fresh SQLite file: read each line, `orjson.loads` it (for
    its meeting and id), one `executemany` in one transaction, WAL. Returns the rows.
    `each_line`, if given, is called on each line too (what the floor of validation adds)."""
    db.unlink(missing_ok=True)
    connection = sqlite3.connect(db, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(RAW_SCHEMA)
        with feed.open("rb") as lines:
            rows = [_row(line, each_line) for line in lines]
        connection.execute("BEGIN")
        connection.executemany("INSERT INTO raw_lines VALUES (?, ?, ?)", rows)
        connection.execute("COMMIT")
    finally:
        connection.close()
    return len(rows)


def _row(line: bytes, each_line: Callable[[bytes], object] | None) -> tuple[str, str, bytes]:
    if each_line is not None:
        each_line(line)
    data = orjson.loads(line)
    return data["meeting"], data["id"], line


def events_table(connection: sqlite3.Connection) -> str:
    """The name of the table of stored events (eventsourcing's, whatever it is called)."""
    found = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND sql LIKE '%originator_version%' AND sql LIKE '%state%' ORDER BY name"
    ).fetchone()
    if found is None:
        raise SystemExit("no table of stored events in the ledger")
    return str(found[0])


def select_and_decode(db: Path) -> int:
    """Every stored event in log order: SELECT, then `orjson.loads` of each state."""
    with sqlite3.connect(db) as connection:
        table = events_table(connection)
        rows = connection.execute(
            f"SELECT rowid, originator_id, originator_version, topic, state FROM {table} "
            "ORDER BY rowid"
        ).fetchall()
    decoded = [orjson.loads(row[4]) for row in rows]
    return len(decoded)


def meeting_events(db: Path, meeting: UUID) -> int:
    """One meeting's stored events: SELECT by its id, then `orjson.loads` of each state."""
    with sqlite3.connect(db) as connection:
        table = events_table(connection)
        rows = connection.execute(
            f"SELECT originator_version, topic, state FROM {table} "
            "WHERE originator_id IN (?, ?) ORDER BY originator_version",
            (meeting.hex, str(meeting)),
        ).fetchall()
    decoded = [orjson.loads(row[2]) for row in rows]
    if not decoded:
        raise SystemExit(f"no stored events for meeting {meeting}")
    return len(decoded)


def view_rows(db: Path) -> int:
    """Every row of the view of meetings, its JSON columns decoded."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT * FROM meeting_view ORDER BY slug").fetchall()
    decoded = [[_json_or_value(value) for value in row] for row in rows]
    return len(decoded)


def _json_or_value(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("{", "["):
        return orjson.loads(value)
    return value


def count_events(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(
            connection.execute(f"SELECT count(*) FROM {events_table(connection)}").fetchone()[0]
        )
