"""Full-text search over the statements' words: quotes, summaries and translations.

A projection of its own, beside the meeting view and in the same database: one row per
statement (as corrected) in a table indexed by meeting, with an SQLite FTS5 index over its words
(external content, kept by triggers) or a PostgreSQL `tsvector` column with a GIN index. It
keeps its own tracking position (`statement_search`), so it needs no hook in the meeting view's
projector: `StatementSearch.catch_up()` reads the notifications recorded since
its position, indexes the statements they add (a meeting any other event touched is indexed
again, as corrected: `projections.search_rows`), and writes the rows and the position in one
transaction. The function `search()` catches up before it
answers; `diplo serve` catches up in the background and answers from the index as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.sqlite import SQLiteTrackingRecorder

from ledger.events import meeting_id
from projections.entries import Entry
from projections.fold import fold
from projections.search_repair import checked_row, droppable_words, index_damage_said
from projections.search_rows import batch_rows
from projections.tracking import TrackingRows, checked_against_log, tracked_position
from projections.view import BATCH_SIZE, Projector
from projections.view_tables import MeetingViewTables

SEARCH_NAME = "statement_search"
"""The name under which the search index's tracking position is recorded."""
WHAT = "search index"
SEARCH_LIMIT = 100
WORD = re.compile(r"\w+", re.UNICODE)
TEXT_COLUMNS = ("quote", "summary", "translation", "speaker")
ROW_COLUMNS = ("statement_id", "meeting_id", "slug", "side", "said_on", "language", *TEXT_COLUMNS)

SEARCH_COLUMNS = (
    "statement_id TEXT NOT NULL, meeting_id TEXT NOT NULL, slug TEXT NOT NULL, side TEXT, "
    "said_on TEXT, language TEXT, quote TEXT, summary TEXT, translation TEXT, speaker TEXT"
)
RESULT_COLUMNS = ("statement_id", "slug", "side", "said_on", "language", *TEXT_COLUMNS)
SELECTED = ", ".join(f"statement_search.{column}" for column in RESULT_COLUMNS)
TEXTS = ", ".join(TEXT_COLUMNS)
WORDS = "statement_search_words"
WORDS_SCHEMA = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {WORDS} USING fts5("
    f"{TEXTS}, content = 'statement_search', content_rowid = 'rowid', "
    "tokenize = 'unicode61 remove_diacritics 2')"
)
"""The FTS5 index over the rows' words (`projections.search_repair` makes it droppable)."""
SQLITE_SCHEMA = (
    # The rows, indexed by meeting (a meeting's rows are replaced when it changes) ...
    f"CREATE TABLE IF NOT EXISTS statement_search ({SEARCH_COLUMNS}, "
    "PRIMARY KEY (statement_id, meeting_id))",
    "CREATE INDEX IF NOT EXISTS statement_search_meeting ON statement_search (meeting_id)",
    # ... and an FTS5 index over their words, kept in step by triggers (external content).
    WORDS_SCHEMA,
    "CREATE TRIGGER IF NOT EXISTS statement_search_added AFTER INSERT ON statement_search "
    f"BEGIN INSERT INTO statement_search_words (rowid, {TEXTS}) "
    "VALUES (new.rowid, new.quote, new.summary, new.translation, new.speaker); END",
    "CREATE TRIGGER IF NOT EXISTS statement_search_removed AFTER DELETE ON statement_search "
    f"BEGIN INSERT INTO statement_search_words (statement_search_words, rowid, {TEXTS}) "
    "VALUES ('delete', old.rowid, old.quote, old.summary, old.translation, old.speaker); END",
)
POSTGRES_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS statement_search ({SEARCH_COLUMNS}, "
    "document tsvector GENERATED ALWAYS AS (to_tsvector('simple', "
    "coalesce(quote, '') || ' ' || coalesce(summary, '') || ' ' || "
    "coalesce(translation, '') || ' ' || coalesce(speaker, ''))) STORED, "
    "PRIMARY KEY (statement_id, meeting_id))",
    "CREATE INDEX IF NOT EXISTS statement_search_meeting ON statement_search (meeting_id)",
    "CREATE INDEX IF NOT EXISTS statement_search_document ON statement_search USING GIN (document)",
)
SQLITE_QUERY = (
    f"SELECT {SELECTED} FROM statement_search_words AS words "
    "JOIN statement_search ON statement_search.rowid = words.rowid "
    "WHERE statement_search_words MATCH ? ORDER BY words.rank, slug, statement_id LIMIT ?"
)
SEARCH_TABLES = {False: (WORDS, "statement_search"), True: ("statement_search",)}
"""The index's tables on SQLite (its triggers and index go with `statement_search`) and
PostgreSQL (its indexes go with it)."""
POSTGRES_QUERY = (
    f"SELECT {SELECTED} FROM statement_search WHERE document @@ plainto_tsquery('simple', ?) "
    "ORDER BY ts_rank(document, plainto_tsquery('simple', ?)) DESC, slug, statement_id LIMIT ?"
)


class SearchTables(MeetingViewTables):
    """The search table's SQL on either backend (the view's placeholder and transaction)."""

    is_postgres = False

    def create_search_table(self) -> None:
        """Make the index's tables if need be. If one of them is missing but the index has a
        position (a table dropped by hand), the index is thrown away (`forget`): kept, its
        position would pass over every statement recorded before, never to be indexed."""
        if self._tables_missing() and self._has_position():
            self.forget()
            return
        with self._transaction(commit=True) as cursor:
            self._create(cursor)

    def _has_position(self) -> bool:
        kept = f"SELECT count(*) AS kept FROM {self.tracking_table} WHERE application_name = ?"
        return bool(self.select_rows(kept, (SEARCH_NAME,))[0]["kept"])

    def _tables_missing(self) -> bool:
        tables = SEARCH_TABLES[self.is_postgres]
        marks = ", ".join("?" for _ in tables)
        catalogue = (
            f"SELECT count(*) AS found FROM pg_tables WHERE tablename IN ({marks}) "
            "AND schemaname = current_schema()"
            if self.is_postgres
            else "SELECT count(*) AS found FROM sqlite_master "
            f"WHERE type = 'table' AND name IN ({marks})"
        )
        return bool(self.select_rows(catalogue, tables)[0]["found"] < len(tables))

    def _create(self, cursor: Any) -> None:
        for statement in POSTGRES_SCHEMA if self.is_postgres else SQLITE_SCHEMA:
            cursor.execute(statement)

    def write_rows(
        self,
        meetings: Sequence[str],
        rows: Sequence[tuple[Any, ...]],
        tracking: Tracking,
        start: int,
    ) -> None:
        """Replace the rows of the `meetings` (indexed again), add the other `rows`
        (`search_rows`), and move the position from `start` (the one the batch was read after)
        to the batch's end: one transaction. `IntegrityError` if the position is no longer
        `start` (another process indexed the batch, or a rebuild threw the index away
        meanwhile): nothing is written."""
        marks = ", ".join("?" for _ in ROW_COLUMNS)
        with self._transaction(commit=True) as cursor:
            self._move_position(cursor, tracking, start)  # a write first: the lock at once
            for meeting in meetings:
                cursor.execute(
                    self._sql("DELETE FROM statement_search WHERE meeting_id = ?"), (meeting,)
                )
            insert = f"INSERT INTO statement_search ({', '.join(ROW_COLUMNS)}) VALUES ({marks})"
            earlier = "DELETE FROM statement_search WHERE statement_id = ? AND meeting_id = ?"
            for row in rows:
                cursor.execute(self._sql(earlier), row[:2])  # (a delete, so its words go too)
                cursor.execute(self._sql(insert), row)

    def _move_position(self, cursor: Any, tracking: Tracking, start: int) -> None:
        """Compare and set: the position becomes the batch's end only if it is `start`."""
        name, end = tracking.application_name, tracking.notification_id
        update = (
            f"UPDATE {self.tracking_table} SET notification_id = ? "
            "WHERE application_name = ? AND notification_id = ? RETURNING notification_id"
        )
        cursor.execute(self._sql(update), (end, name, start))
        if cursor.fetchone() is not None:
            return
        if start != 0:
            raise IntegrityError("the search index's position moved on meanwhile")
        # no row yet (a row of 0, which no index writes, is read as none: all is indexed again):
        # a row there already, written meanwhile, is refused
        insert = f"INSERT INTO {self.tracking_table} VALUES (?, ?)"
        cursor.execute(self._sql(insert), (name, end))  # (the library's IntegrityError)

    def forget(self) -> None:
        """Make the index empty again with no position, in one transaction (its tables made
        anew, so a server searching meanwhile finds them): the next catch-up indexes every
        statement again (`diplo rebuild`)."""
        with self._transaction(commit=True) as cursor:
            cursor.execute(
                self._sql(f"DELETE FROM {self.tracking_table} WHERE application_name = ?"),
                (SEARCH_NAME,),
            )
            if not self.is_postgres:
                droppable_words(cursor, WORDS, WORDS_SCHEMA)  # even if damaged
            for table in SEARCH_TABLES[self.is_postgres]:
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
            self._create(cursor)

    def matching(self, text: str, limit: int) -> list[dict[str, Any]]:
        """The statements whose words hold every word of `text`, best match first."""
        words = WORD.findall(text)
        if not words:
            return []
        if self.is_postgres:
            phrase = " ".join(words)
            return self.select_rows(POSTGRES_QUERY, (phrase, phrase, limit))
        query = " ".join('"' + word.replace('"', '""') + '"' for word in words)
        return self.select_rows(SQLITE_QUERY, (query, limit))


class SQLiteSearchTables(SearchTables, SQLiteTrackingRecorder):
    placeholder = "?"


class HasReads(Protocol):
    """What the search needs of the read side: its projector (recorder, mapper, view)."""

    @property
    def projector(self) -> Projector: ...


@dataclass
class StatementSearch:
    """The search index of one ledger database, kept current by `catch_up`."""

    projector: Projector
    tables: SearchTables

    @classmethod
    def of(cls, reads: HasReads) -> StatementSearch:
        """The search index beside a read side's view (its table created if need be)."""
        tables = search_tables(reads.projector.view)
        tables.create_search_table()
        return cls(reads.projector, tables)

    def position(self) -> int:
        return tracked_position(cast(TrackingRows, self.tables), SEARCH_NAME, WHAT)

    def checked_position(self) -> int:
        """The position, refused (`DamagedPosition`) unless it is one in the log."""
        position = self.position()
        checked_against_log(position, self.projector.recorder.max_notification_id() or 0, WHAT)
        return position

    def catch_up(self, batch_size: int = BATCH_SIZE) -> int:
        """Index what was recorded or corrected since the position; returns how many events."""
        applied = 0
        recorder = self.projector.recorder
        while True:
            start = self.checked_position()
            batch = recorder.select_notifications(
                start=start, limit=batch_size, inclusive_of_start=False
            )
            if not batch:
                return applied
            replaced, rows = batch_rows(self.projector, batch)
            try:
                with index_damage_said():
                    self.tables.write_rows(
                        replaced, rows, Tracking(SEARCH_NAME, batch[-1].id), start
                    )
            except IntegrityError:
                if self.position() != start:
                    continue  # another process indexed this batch first
                raise  # the failure is this write's own
            applied += len(batch)

    def behind(self) -> int:
        """How many recorded events the index has not read yet (a damaged place is refused)."""
        position = self.checked_position()
        return (self.projector.recorder.max_notification_id() or 0) - position

    def search(self, text: str, limit: int = SEARCH_LIMIT) -> list[dict[str, Any]]:
        """Statements whose quote, summary, translation or speaker hold every word of `text`.

        Answers from the index as it is: call `catch_up` first for results up to the ledger.
        """
        with index_damage_said():
            found = self.tables.matching(text, limit)
        return [
            {
                "id": row["statement_id"],
                "meeting": row["slug"],
                "side": row["side"],
                "said_on": row["said_on"],
                "language": row["language"],
                **{column: row[column] for column in TEXT_COLUMNS},
            }
            for row in map(checked_row, found)
        ]


def search(
    reads: HasReads,
    text: str,
    limit: int = SEARCH_LIMIT,
    *,
    speaker: str | None = None,
    outlet: str | None = None,
    side: str | None = None,
    kind: str | None = None,
) -> list[dict[str, Any]]:
    """Full-text search over a read side's statements (opens the index each call), narrowed
    to a speaker or an outlet (any part of the name, any case), a side or a kind; each hit
    carries its `kind` and `outlets`."""
    index = StatementSearch.of(reads)
    index.catch_up()
    narrowed = any(value is not None for value in (speaker, outlet, side, kind))
    hits = index.search(text, limit * FILTER_FACTOR if narrowed else limit)
    details = _Details(reads.projector)
    found = []
    for hit in hits:
        entry = details.entry(hit["meeting"], hit["id"])
        outlets = [source.outlet for source in entry.sources] if entry else []
        found.append(
            {**hit, "kind": entry.statement.kind.value if entry else None, "outlets": outlets}
        )
    return [
        hit
        for hit in found
        if (speaker is None or speaker.casefold() in (hit["speaker"] or "").casefold())
        and (side is None or (hit["side"] or "").upper() == side.upper())
        and (kind is None or hit["kind"] == kind)
        and (outlet is None or any(outlet.casefold() in o.casefold() for o in hit["outlets"]))
    ][:limit]


FILTER_FACTOR = 20
"""How many more hits a narrowed search reads before it filters them."""


class _Details:
    """Statements' entries (kind, every source) by meeting and id, each meeting folded once."""

    def __init__(self, projector: Projector) -> None:
        self.projector = projector
        self.folded: dict[str, dict[str, Entry]] = {}

    def entry(self, slug: str, statement_id: str) -> Entry | None:
        if slug not in self.folded:
            events = self.projector.meeting_events(meeting_id(slug))
            steps = fold(slug, events).history if events else []
            self.folded[slug] = {step.entry.statement.id: step.entry for step in steps}
        return self.folded[slug].get(statement_id)


def search_tables(view: MeetingViewTables) -> SearchTables:
    """The search index's tables beside the view, in its database (not created here)."""
    if isinstance(view, SQLiteTrackingRecorder):
        return SQLiteSearchTables(datastore=view.datastore)
    return _postgres_tables(view)


def forget_search(view: MeetingViewTables) -> None:
    """Throw the search index beside the view away: the next search makes it again."""
    search_tables(view).forget()


def _postgres_tables(view: MeetingViewTables) -> SearchTables:
    """The PostgreSQL search tables (psycopg is loaded only here, as for the view)."""
    from projections.postgres_view import PostgresMeetingView

    class PostgresSearchTables(SearchTables, PostgresMeetingView):
        is_postgres = True

    name = cast(Any, view).tracking_table_name
    return PostgresSearchTables(view.datastore, tracking_table_name=name)
