"""The library's PostgreSQL factory, its connections given every parameter of the database URL.

`eventsourcing.postgres` builds its connection pool from host, port, user, password and dbname
only; the pool's `kwargs` are what psycopg passes to every new connection, so the URL's other
parameters (`sslmode`, `application_name`, ...) are added there before the pool first connects.
Loaded only for PostgreSQL (named by the PERSISTENCE_MODULE topic that `ledger.storage` sets).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.postgres import PostgresFactory
from eventsourcing.utils import Environment, EnvType
from psycopg import Cursor
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import RowMaker, dict_row

from ledger.storage import EXTRA_CONNINFO


class LedgerPostgresFactory(PostgresFactory):
    """`PostgresFactory`, its pool's connections also given the URL's extra parameters, and
    reading a damaged NULL `state` as empty bytes (reported by verify, passed over elsewhere)
    where the library's recorder would fail the whole read."""

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        kwargs = self.datastore.pool.kwargs
        if isinstance(kwargs, dict):
            kwargs["row_factory"] = null_state_as_empty
            kwargs.update(conninfo_to_dict(self.env.get(EXTRA_CONNINFO) or ""))


def null_state_as_empty(cursor: Cursor[Any]) -> RowMaker[dict[str, Any]]:
    """psycopg's `dict_row`, with a NULL `state` column given as b''."""
    make = dict_row(cursor)

    def row(values: Sequence[Any]) -> dict[str, Any]:
        made = make(values)
        if "state" in made and made["state"] is None:
            made["state"] = b""
        return made

    return row
