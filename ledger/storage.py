"""Persistence set-up: which database, and how events become readable JSON rows.

A SQLite file by default; PostgreSQL for shared use, given as a postgresql:// URL. Events are
stored through a Pydantic mapper and an orjson transcoder: readable JSON, never pickles.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote, urlsplit

import orjson
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder
from pydantic import BaseModel

from ledger.events import TOPICS, topic_of

DEFAULT_DB = Path(".diplo") / "ledger.sqlite"
"""The default SQLite file, relative to the working directory; `--db` or DIPLO_DB override."""

POSTGRES_SCHEMES = ("postgresql", "postgres")


class OrjsonTranscoder(Transcoder):
    """Bytes of JSON, by orjson."""

    def encode(self, obj: Any) -> bytes:
        return orjson.dumps(obj)

    def decode(self, data: bytes) -> Any:
        return orjson.loads(data)


class UnknownEventError(ValueError):
    """A stored row whose topic is not one of the ledger's event classes."""


class PydanticMapper(Mapper[Any]):
    """Maps frozen Pydantic events to stored events and back, as JSON."""

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        event = cast(BaseModel, domain_event)
        state = event.model_dump(mode="json", exclude={"originator_id", "originator_version"})
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=topic_of(type(domain_event)),
            state=self.transcoder.encode(state),
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        cls = TOPICS.get(stored_event.topic)
        if cls is None:  # stored data names a class: only ours, never any importable one
            raise UnknownEventError(f"unknown event topic '{stored_event.topic[:80]}'")
        state = self.transcoder.decode(stored_event.state)
        state["originator_id"] = stored_event.originator_id
        state["originator_version"] = stored_event.originator_version
        return cls.model_validate(state)


@dataclass(frozen=True)
class Database:
    """A chosen database: its eventsourcing environment and a name safe to print."""

    env: dict[str, str]
    display: str

    @property
    def is_postgres(self) -> bool:
        return self.env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"


class DatabaseURLError(ValueError):
    """A --db value that names no usable database."""


def choose_database(db: str | None) -> Database:
    """The database named by `db`, else DIPLO_DB, else the default SQLite file."""
    chosen = db or os.environ.get("DIPLO_DB") or str(DEFAULT_DB)
    scheme = chosen.split("://", 1)[0].lower() if "://" in chosen else ""
    if scheme in POSTGRES_SCHEMES:
        return _postgres(chosen)
    if scheme and scheme != "sqlite":
        raise DatabaseURLError(
            f"unknown database '{scheme}://': give a SQLite file path or a postgresql:// URL"
        )
    path = Path(chosen.split("://", 1)[1] if scheme else chosen)
    path.parent.mkdir(parents=True, exist_ok=True)
    return Database(
        env={
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(path),
            "SQLITE_LOCK_TIMEOUT": "30",
        },
        display=str(path),
    )


def _postgres(url: str) -> Database:
    """PostgreSQL from a URL; parts it leaves out come from the standard PG* variables."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError as error:
        raise DatabaseURLError("the PostgreSQL URL has a port that is not a number") from error
    host = parts.hostname or os.environ.get("PGHOST", "localhost")
    port_text = str(port or os.environ.get("PGPORT", "5432"))
    user = unquote(parts.username) if parts.username else os.environ.get("PGUSER", "postgres")
    password = unquote(parts.password) if parts.password else os.environ.get("PGPASSWORD", "")
    dbname = unquote(parts.path.lstrip("/")) or os.environ.get("PGDATABASE", user)
    return Database(
        env={
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": dbname,
            "POSTGRES_HOST": host,
            "POSTGRES_PORT": port_text,
            "POSTGRES_USER": user,
            "POSTGRES_PASSWORD": password,
            "POSTGRES_CONNECT_TIMEOUT": "10",
            "POSTGRES_POOL_SIZE": "2",
            "POSTGRES_MAX_OVERFLOW": "4",
        },
        display=f"postgresql://{user}@{host}:{port_text}/{dbname}",
    )
