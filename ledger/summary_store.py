"""Each meeting's summary kept beside its events, so that the next import into a meeting reads
one row instead of decoding every statement before it (a feed's next day touches every meeting
once).

A row of `meeting_summaries` holds a `MeetingSummary` as of a version, with the hash of the event
at that version. It is a cache of what the events say, written in the same transaction as they
are; read back it is data, used only if it validates (a strict model: nothing in it chooses code)
and the stored event at its version still carries its hash. Events stored after it (by a
correction, say, or by a release that kept no summaries) are applied on top, and a correction
among them, a row that does not read or a hash that differs sends the meeting to be read in full.
`verify` compares every row with the summary its events give (`summary_problem`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, cast

from eventsourcing.sqlite import SQLiteApplicationRecorder
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ledger.statement import Statement
from ledger.summary import MeetingSummary, Said

TABLE = "meeting_summaries"
COLUMNS = "originator_id, originator_version, summary"
SQLITE_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS {} (originator_id TEXT PRIMARY KEY, "
    "originator_version INTEGER NOT NULL, summary BLOB NOT NULL)"
)
POSTGRES_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS {} (originator_id text PRIMARY KEY, "
    "originator_version bigint NOT NULL, summary bytea NOT NULL)"
)
SELECT_ROW = "SELECT originator_version, summary FROM {} WHERE originator_id = %s"
SELECT_ROWS = "SELECT originator_id, originator_version, summary FROM {} WHERE originator_id IN"
UPSERT = (
    f"INSERT INTO {{}} ({COLUMNS}) VALUES (%s, %s, %s) ON CONFLICT (originator_id) DO "
    "UPDATE SET originator_version = excluded.originator_version, summary = excluded.summary"
)
"""Statements on the table: `{}` stands for it, `%s` for each value (`statement`)."""


def statement(text: str, postgres_schema: str | None) -> Any:
    """A statement on the summaries table in its backend's form: psycopg's composed SQL with
    the table in `postgres_schema` on PostgreSQL; on SQLite (no schema) plain text, `?` for
    each value."""
    if postgres_schema is None:
        return text.format(TABLE).replace("%s", "?")
    from psycopg.sql import SQL, Identifier

    return SQL(text).format(SQL("{}.{}").format(Identifier(postgres_schema), Identifier(TABLE)))


FORMAT: Literal[1] = 1
"""The format of the rows this release writes (see `StoredSummary.format`)."""
Digest = Annotated[bytes, Field(min_length=16, max_length=16)]
SaidRow = tuple[str, str, str, datetime | None, date, date, Digest, Digest, tuple[Digest, ...]]
"""A `Said` as stored: its fields in order, digests in hex."""


class StoredSummary(BaseModel):
    """A summary as a row holds it (JSON, strictly validated when read back)."""

    model_config = ConfigDict(
        strict=True, frozen=True, extra="forbid", ser_json_bytes="hex", val_json_bytes="hex"
    )

    format: Literal[1]
    """What a row holds changes with the digests (`ledger.summary.said`): a row of another
    format does not read: the meeting is read in full (and its row written again by the next
    import that records into it)."""
    version: Annotated[int, Field(ge=1)]
    last_hash: str
    withdrawn: tuple[str, ...]
    said: tuple[SaidRow, ...]


def encoded(summary: MeetingSummary) -> bytes:
    """A summary as its row holds it."""
    said = tuple(cast(Said, statement) for statement in summary.statements.values())
    stored = StoredSummary.model_construct(
        format=FORMAT,
        version=summary.version,
        last_hash=summary.last_hash,
        withdrawn=tuple(sorted(summary.withdrawn)),
        said=said,
    )
    return stored.model_dump_json().encode()


def decoded(slug: str, blob: object) -> MeetingSummary | None:
    """The summary a row holds; None if it does not read as one."""
    if not isinstance(blob, bytes | bytearray | memoryview):
        return None
    try:
        stored = StoredSummary.model_validate_json(bytes(blob))
    except ValidationError:
        return None
    summary = MeetingSummary(slug)
    summary.version, summary.last_hash = stored.version, stored.last_hash
    summary.withdrawn = set(stored.withdrawn)
    for row in stored.said:
        said = Said(*row)
        summary.statements[said.id] = cast(Statement, said)
    return summary


def summary_problem(summary: MeetingSummary, row: tuple[int, object]) -> str | None:
    """What is wrong with a stored row, given the summary its meeting's events give as of the
    row's version (`verify`); None if it holds that summary."""
    version, blob = row
    found = decoded(summary.slug, blob)
    if found is None:
        return None  # damaged, or of another format: imports read the meeting in full
    if version != found.version:
        return f"its stored summary is of version {found.version}, its row says {version}"
    if summary.version != found.version:
        return f"its stored summary is of version {version}; its events end at {summary.version}"
    if encoded(found) != encoded(summary):
        return (
            "its stored summary differs from what its events say, and statements imported "
            "after it may have been decided on it: `diplo rebuild` clears the summaries (the "
            "next import writes them again)"
        )
    return None


class StoredSummaries:
    """The stored summaries, read outside any write (for `verify`): which meetings have one,
    then each row when it is checked (a ledger's summaries are not all held at once)."""

    def __init__(self, recorder: Any) -> None:
        self.datastore = recorder.datastore
        postgres = not isinstance(recorder, SQLiteApplicationRecorder)
        self.schema: str | None = self.datastore.schema if postgres else None
        self.versions: dict[str, int] = {}
        """Each stored summary's version, by meeting id (hex); none if there is no table."""
        if self._exists():
            found = self._select("SELECT originator_id, originator_version FROM {}")
            self.versions = {str(r["originator_id"]): r["originator_version"] for r in found}

    def row(self, meeting: str) -> tuple[int, object] | None:
        """The meeting's stored row (version, JSON), if it has one."""
        if meeting not in self.versions:
            return None
        found = self._select(SELECT_ROW, meeting)
        return (found[0]["originator_version"], found[0]["summary"]) if found else None

    def _exists(self) -> bool:
        if self.schema is None:
            return bool(self._select("SELECT name FROM sqlite_master WHERE name = %s", TABLE))
        table = statement("{}", self.schema).as_string()
        return self._select("SELECT to_regclass(%s) AS found", table)[0]["found"] is not None

    def _select(self, text: str, *values: object) -> list[Any]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement(text, self.schema), values)
            return list(cursor.fetchall())
