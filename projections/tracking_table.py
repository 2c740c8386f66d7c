"""The tracking table made anew by a rebuild when it has lost its key.

A tracking table made again by hand without its primary key takes no position any more (the
library writes one with "ON CONFLICT (application_name)", which SQLite and PostgreSQL then
refuse), so every catch-up and every rebuild failed. A rebuild, which rewrites the view's
position anyway, first makes such a table again as the library makes it, keeping each
projection's greatest position.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import Tracking

SQLITE_KEY = "SELECT count(*) AS keyed FROM pragma_table_info(?) WHERE pk > 0"
POSTGRES_KEY = (
    "SELECT count(*) AS keyed FROM pg_index AS i JOIN pg_class AS c ON c.oid = i.indrelid "
    "JOIN pg_namespace AS n ON n.oid = c.relnamespace "
    "WHERE i.indisprimary AND c.relname = %s AND n.nspname = %s"
)


def remake_unkeyed_tracking(view: Any, cursor: Any) -> None:
    """In the rebuild's transaction of `cursor`: the view's tracking table made anew if it is
    not keyed by projection alone (as the library makes it)."""
    if _keyed(view, cursor):
        return
    cursor.execute(f"SELECT application_name, notification_id FROM {view.tracking_table}")
    kept: dict[str, int] = {}
    for row in cursor.fetchall():
        name, position = row["application_name"], row["notification_id"]
        if isinstance(name, str) and type(position) is int and position >= 0:
            kept[name] = max(kept.get(name, position), position)
    cursor.execute(f"DROP TABLE {view.tracking_table}")
    made_by = "create_table_statements" if view.placeholder == "?" else "sql_create_statements"
    for statement in getattr(view, made_by):  # the library's own, as it makes the table
        cursor.execute(statement)
    for name, position in kept.items():
        view._insert_tracking(cursor, Tracking(name, position))


def _keyed(view: Any, cursor: Any) -> bool:
    if view.placeholder == "?":
        cursor.execute(SQLITE_KEY, (view.tracking_table,))
    else:
        cursor.execute(POSTGRES_KEY, (view.tracking_table_name, view.datastore.schema))
    return bool(cursor.fetchone()["keyed"] == 1)
