"""The library's PostgreSQL factory, its connections given every parameter of the database URL.

`eventsourcing.postgres` builds its connection pool from host, port, user, password and dbname
only; the pool's `kwargs` are what psycopg passes to every new connection, so the URL's other
parameters (`sslmode`, `application_name`, ...) are added there before the pool first connects.
Loaded only for PostgreSQL (named by the PERSISTENCE_MODULE topic that `ledger.storage` sets).
"""

from __future__ import annotations

from eventsourcing.postgres import PostgresFactory
from eventsourcing.utils import Environment, EnvType
from psycopg.conninfo import conninfo_to_dict

from ledger.storage import EXTRA_CONNINFO


class LedgerPostgresFactory(PostgresFactory):
    """`PostgresFactory`, its pool's connections also given the URL's extra parameters."""

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        extra = self.env.get(EXTRA_CONNINFO) or ""
        kwargs = self.datastore.pool.kwargs
        if extra and isinstance(kwargs, dict):
            kwargs.update(conninfo_to_dict(extra))
