"""Persistence set-up: which database, and how events become readable JSON rows.

A SQLite file by default; PostgreSQL for shared use, given as a postgresql:// URL or a libpq
connection string, parsed by psycopg's own conninfo functions: every parameter it gives
(`sslmode`, `application_name`, ...) reaches every connection. Events are stored through a
Pydantic mapper and an orjson transcoder: readable JSON, never pickles. The stored events are
read in recorded order through the library's notification log reader.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, cast
from uuid import UUID

import orjson
from eventsourcing.application import LocalNotificationLog
from eventsourcing.persistence import (
    ApplicationRecorder,
    Mapper,
    Notification,
    StoredEvent,
    Transcoder,
)
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.system import NotificationLogReader
from pydantic import BaseModel, ValidationError

from ledger.events import (
    TOPICS,
    MeetingEvent,
    StatementCorrected,
    StatementRecorded,
    UnreadableEvent,
    meeting_id,
    state_problem,
    topic_of,
)
from ledger.locations import (
    POSTGRES_SCHEMES,
    SQLITE_SCHEME,
    is_in_memory,
    is_uri,
    named_database,
    sqlite_file,
    with_path,
)
from ledger.new_file import NewLedgerFile, missing_ledger, start_ledger

SQLITE_MODULE = "eventsourcing.sqlite"
POSTGRES_FACTORY = "ledger.postgres:LedgerPostgresFactory"
"""The library's PostgreSQL factory, extended to pass the URL's other parameters on."""
EXTRA_CONNINFO = "POSTGRES_EXTRA_CONNINFO"
"""The environment key holding the URL's parameters beyond host, port, user, password, dbname."""
IDLE_IN_TRANSACTION_SECONDS = 600
"""PostgreSQL's idle-in-transaction timeout for our sessions, set explicitly: the library's
default of 5 s ends a long import's transaction while it decides the next batch under load."""
READ_BATCH = 5_000
"""Stored events read per query when a command scans the whole log."""
_BASIC = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD"}


class OrjsonTranscoder(Transcoder):
    """Bytes of JSON, by orjson."""

    def encode(self, obj: Any) -> bytes:
        return orjson.dumps(obj)

    def decode(self, data: bytes) -> Any:
        return orjson.loads(data)


class DamagedRow(ValueError):
    """A stored row that does not decode into one of the ledger's event classes."""


UNREADABLE_AT = datetime.min.replace(tzinfo=UTC)
"""The timestamp given to a stand-in for an unreadable row (before anything recorded)."""


class PydanticMapper(Mapper[Any]):
    """Maps frozen Pydantic events to stored events and back, as JSON. Only the topics of
    `TOPICS` are ever decoded: stored data never names a class to import."""

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        event = cast(BaseModel, domain_event)
        state = event.model_dump(mode="json", exclude={"originator_id", "originator_version"})
        return self.stored_with_state(domain_event, state)

    def stored_with_state(self, event: Any, state: dict[str, Any]) -> StoredEvent:
        """The stored event of a new event whose state is already serialised (`sealed`)."""
        return StoredEvent(
            originator_id=event.originator_id,
            originator_version=event.originator_version,
            topic=topic_of(type(event)),
            state=self.transcoder.encode(state),
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        """The event; a damaged row becomes an `UnreadableEvent` that every reader passes over
        with a warning (`decode` is the strict form, for verify and restore)."""
        try:
            return self.decode(stored_event)
        except DamagedRow as error:
            return UnreadableEvent.model_construct(
                originator_id=cast(UUID, stored_event.originator_id),  # as stored, even if not
                originator_version=stored_event.originator_version,
                timestamp=UNREADABLE_AT,
                hash=stored_hash(stored_event.state),
                problem=str(error),
            )

    def decode(self, stored: StoredEvent) -> MeetingEvent:
        """The event a stored row holds; `DamagedRow` says, in one line, why there is none."""
        if not isinstance(stored.originator_id, UUID):
            raise DamagedRow(f"its meeting id '{str(stored.originator_id)[:40]}' is not a UUID")
        version = stored.originator_version
        if not isinstance(version, int) or isinstance(version, bool):
            raise DamagedRow(f"its version '{str(version)[:20]}' is not an integer")
        cls = TOPICS.get(stored.topic) if isinstance(stored.topic, str) else None
        if cls is None:  # stored data names a class: only ours, never any importable one
            raise DamagedRow(f"unknown event topic '{str(stored.topic)[:80]}'")
        problem = state_problem(stored.state)
        if problem is not None:
            raise DamagedRow(problem)
        event = self._validated(cls, stored, stored.originator_id, version)
        if isinstance(event, StatementRecorded) and (
            meeting_id(event.statement.meeting) != stored.originator_id
        ):  # (a view keyed by both would hold two rows of one meeting)
            meeting = event.statement.meeting
            raise DamagedRow(f"its statement is of meeting '{meeting}', stored under another's id")
        return event

    def _validated(
        self, cls: type[MeetingEvent], stored: StoredEvent, meeting: UUID, version: int
    ) -> MeetingEvent:
        """The event of class `cls` a stored row holds; `DamagedRow` if it does not read."""
        whole = _with_columns(bytes(stored.state), meeting, version)
        if whole is not None and cls is not StatementCorrected:
            # (a correction's values are any JSON: read by orjson, which refuses NaN and
            # numbers no hash could be computed over)
            try:  # the usual case: pydantic-core reads the JSON itself, in one pass
                return cls.model_validate_json(whole)
            except ValidationError:
                pass  # damaged: decoded again below, to say how
        try:
            state = self.transcoder.decode(bytes(stored.state))
        except (ValueError, TypeError):
            raise DamagedRow("its state is not JSON") from None
        if not isinstance(state, dict):
            raise DamagedRow(f"its state is JSON but not an object ({type(state).__name__})")
        state["originator_id"] = meeting
        state["originator_version"] = version
        try:
            return cls.model_validate(state)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "state"
            raise DamagedRow(f"{where}: {first['msg']}"[:200]) from None


def _with_columns(state: bytes, meeting: UUID, version: int) -> bytes | None:
    """The stored JSON object with the row's meeting id and version as its last members (a
    JSON reader keeps the last of two equal names, so a row's columns always win); None if the
    state does not end as a non-empty object does."""
    body = state.rstrip()
    if len(body) < 3 or not body.endswith(b"}"):
        return None
    columns = b',"originator_id":"%s","originator_version":%d}' % (meeting.hex.encode(), version)
    return body[:-1] + columns


def stored_hash(state: object) -> str:
    """The hash a damaged row still carries, if its state is a JSON object with one."""
    try:
        value = orjson.loads(bytes(state)) if isinstance(state, bytes | memoryview) else None
    except orjson.JSONDecodeError:
        return ""
    found = value.get("hash") if isinstance(value, dict) else None
    return found if isinstance(found, str) else ""


class LedgerSQLiteRecorder(SQLiteApplicationRecorder):
    """The library's SQLite recorder, reading a damaged meeting id as text instead of failing
    the whole read (the row is then reported by verify and passed over elsewhere)."""

    def convert_originator_id(self, originator_id: str) -> UUID | str:
        try:
            return UUID(originator_id)
        except (ValueError, TypeError, AttributeError):
            return str(originator_id)


def notification_batches(
    recorder: ApplicationRecorder, after: int = 0, size: int = READ_BATCH
) -> Iterator[Sequence[Notification]]:
    """The stored events after a position, in recorded order, a batch at a time."""
    log = LocalNotificationLog(recorder, section_size=size)
    return NotificationLogReader(log, section_size=size).select(
        start=after, inclusive_of_start=False
    )


@dataclass(frozen=True)
class Database:
    """A chosen database: its eventsourcing environment and a name safe to print."""

    env: dict[str, str]
    display: str
    new_file: NewLedgerFile | None = None
    """A SQLite ledger being started: built aside, moved into place by `settle`."""

    def settle(self, opened: bool = True) -> None:
        """Once closed: a ledger being started is moved into place if anything was recorded
        in it, and removed if nothing was, or if it could not be `opened` (`ledger.new_file`)."""
        if self.new_file is not None and opened:
            self.new_file.settle()
        elif self.new_file is not None:
            self.new_file.discard()

    @property
    def is_postgres(self) -> bool:
        return self.env["PERSISTENCE_MODULE"] != SQLITE_MODULE

    def connection_params(self) -> dict[str, str]:
        """PostgreSQL: every libpq parameter of the chosen database (password included)."""
        params = _conninfo_to_dict(self.env.get(EXTRA_CONNINFO, ""))
        params.update(
            host=self.env["POSTGRES_HOST"],
            port=self.env["POSTGRES_PORT"],
            user=self.env["POSTGRES_USER"],
            password=self.env["POSTGRES_PASSWORD"],
            dbname=self.env["POSTGRES_DBNAME"],
        )
        return params


class DatabaseURLError(ValueError):
    """A --db value that names no usable database."""


class NoLedger(DatabaseURLError):
    """A SQLite file to read that is not there."""


Missing = Literal["make", "refuse", "start"]
"""What to do when the SQLite file named is not there: make it at once (the library's way),
refuse (commands that read), or start it aside, to appear once something is recorded."""


class CannotConnect(Exception):
    """PostgreSQL refused or could not be reached; the message never holds the password."""


def choose_database(db: str | None, missing: Missing = "make") -> Database:
    """The database named by `db`, else DIPLO_DB, else the default SQLite file; `missing`
    says what to do if that is a SQLite file that is not there."""
    scheme, chosen = named = named_database(db)
    if scheme in POSTGRES_SCHEMES:
        return _postgres(chosen)
    if scheme and scheme != SQLITE_SCHEME:
        raise DatabaseURLError(
            f"unknown database '{scheme}://': give a SQLite file path or a postgresql:// URL"
        )
    name = named.sqlite_name
    _refuse_in_memory(name)
    path = sqlite_file(name)  # (of a `file:` URI, its path: its options stay in `name`)
    if missing == "refuse" and not path.exists():
        raise NoLedger(missing_ledger(path))
    new_file = None
    if missing == "start" and not path.exists():
        new_file = start_ledger(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseURLError(
            f"cannot make the folder {path.parent} for the ledger: {error.strerror}"
        ) from None
    opened = new_file.temp if new_file else path
    return Database(
        env={
            "PERSISTENCE_MODULE": SQLITE_MODULE,
            "APPLICATION_RECORDER_TOPIC": "ledger.storage:LedgerSQLiteRecorder",
            "SQLITE_DBNAME": with_path(name, opened) if is_uri(name) else str(opened),
            "SQLITE_LOCK_TIMEOUT": "30",
        },
        display=str(Path(name)),
        new_file=new_file,
    )


def _refuse_in_memory(name: str) -> None:
    """An in-memory SQLite database keeps nothing once the command ends: refuse it."""
    if is_in_memory(name):
        kept = "which keeps nothing after the command: give a file path"
        raise DatabaseURLError(f"'{name[:80]}' is an in-memory database, {kept}")


def _postgres(url: str) -> Database:
    """PostgreSQL from a URL; parts it leaves out come from the standard PG* variables."""
    params = _parse_url(url)
    for name, variable in _BASIC.items():
        if not params.get(name) and os.environ.get(variable):
            params[name] = os.environ[variable]
    host = params.pop("host", "") or "localhost"
    port = params.pop("port", "") or "5432"
    user = params.pop("user", "") or "postgres"
    password = params.pop("password", "")
    dbname = params.pop("dbname", "") or os.environ.get("PGDATABASE") or user
    if not re.fullmatch(r"\d+(,\d+)*", port):
        raise DatabaseURLError(
            "the PostgreSQL port is not a number: percent-encode any '/', ':' or '@' "
            "in the user name or password (%2F, %3A, %40)"
        )
    env = {
        "PERSISTENCE_MODULE": POSTGRES_FACTORY,
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": host,
        "POSTGRES_PORT": port,
        "POSTGRES_USER": user,
        "POSTGRES_PASSWORD": password,
        "POSTGRES_CONNECT_TIMEOUT": "10",
        "POSTGRES_POOL_SIZE": "2",
        "POSTGRES_MAX_OVERFLOW": "4",
        "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": str(IDLE_IN_TRANSACTION_SECONDS),
    }
    if params:
        env[EXTRA_CONNINFO] = _make_conninfo(params)
    return Database(env=env, display=f"postgresql://{user}@{host}:{port}/{dbname}")


def _parse_url(url: str) -> dict[str, str]:
    """The URL's libpq parameters, by psycopg; a URL libpq cannot read is refused by a message
    that quotes none of it (it may hold the password)."""
    from psycopg import ProgrammingError  # only for PostgreSQL: keeps the SQLite start-up light

    try:
        return _conninfo_to_dict(url)
    except ProgrammingError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else "not a URL"
        unknown = re.fullmatch(r'invalid URI query parameter: "([a-z_]+)"', reason)
        query = url.split("?", 1)[1] if "?" in url.rsplit("@", 1)[-1] else ""
        if unknown and f"{unknown.group(1)}=" in query:
            reason = f"'{unknown.group(1)}' is not a PostgreSQL connection parameter"
        else:
            reason = re.sub(r'"[^"]*"', "(...)", reason)
        raise DatabaseURLError(
            f"the PostgreSQL URL cannot be read: {reason} (percent-encode any special "
            "character in the user name or password)"
        ) from None


def _conninfo_to_dict(conninfo: str) -> dict[str, str]:
    from psycopg.conninfo import conninfo_to_dict

    return {key: str(value) for key, value in conninfo_to_dict(conninfo).items()}


def _make_conninfo(params: dict[str, str]) -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(**params)


def connect_postgres(database: Database, timeout: int = 5) -> Any:
    """One autocommit connection with every parameter of the URL; a failure is reported as
    `CannotConnect`, its message free of the password."""
    import psycopg

    params = database.connection_params()
    params.setdefault("connect_timeout", str(timeout))
    try:
        connection = psycopg.connect(_make_conninfo(params))
    except UnicodeError:  # a host name no resolver can take, such as `...`
        host = params.get("host", "")
        raise CannotConnect(
            f"cannot open {database.display}: '{host}' is not a host name"
        ) from None
    except psycopg.Error as error:
        reason = " ".join(str(error).split())
        if params["password"]:
            reason = reason.replace(params["password"], "***")
        raise CannotConnect(f"cannot open {database.display}: {reason}") from None
    connection.autocommit = True
    return connection


def password_in_url(db: str | None) -> bool:
    """Whether a --db value carries a PostgreSQL password (which `ps` would show to all)."""
    if not db or db.split("://", 1)[0].lower() not in POSTGRES_SCHEMES:
        return False
    try:
        return bool(_conninfo_to_dict(db).get("password"))
    except Exception:  # noqa: BLE001 - unreadable: assume the worst
        return True
