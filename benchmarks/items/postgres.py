"""Item `postgres` (only with `--postgres URL`): `diplo import` of a round-robin feed into a fresh
PostgreSQL database, against psycopg `executemany` and `COPY` of the same stored-event rows into
a table of the same shape. `diplo import` on PostgreSQL writes the events only (the view is
brought up by `diplo project`), so both sides write events only.

Fresh databases are created on the server and dropped afterwards: the user needs CREATEDB.
"""

from __future__ import annotations

import time
import uuid
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from benchmarks.harness import Figure, Target, Timing
from benchmarks.workspace import Workspace

TARGET = Target("ratio", ">=", 0.5, ">= 0.5 of executemany")
COLUMNS = "originator_id, originator_version, topic, state"
RAW_TABLE = (
    "CREATE TABLE raw_events (originator_id uuid NOT NULL, originator_version bigint NOT NULL, "
    "topic text NOT NULL, state bytea NOT NULL, notification_id bigserial, "
    "PRIMARY KEY (originator_id, originator_version))"
)


def run(space: Workspace) -> None:
    url = space.postgres
    if url is None:
        return
    sizes = space.sizes
    feed = space.feed("round-robin", sizes.postgres, max(1, sizes.postgres // 10))
    names = [f"diplo_bench_{uuid.uuid4().hex[:10]}" for _ in range(sizes.heavy_repeat + 1)]
    with psycopg.connect(url, autocommit=True) as admin:
        for name in names:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        runs: list[float] = []
        for name in names[1:]:
            command = ["--db", on_database(url, name), "import", str(feed.path)]
            runs += space.diplo(command).runs
        rows = stored_rows(on_database(url, names[-1]))
        raw_url = on_database(url, names[0])
        many, copied = (
            Timing(tuple(insert_rows(raw_url, rows, copy=copy) for _ in range(sizes.repeat)))
            for copy in (False, True)
        )
        day = next_day(space, on_database(url, names[-1]), feed.statements, feed.meetings)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            for name in names:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
    rate = feed.statements / Timing(tuple(runs)).median
    label = f"import {feed.statements:,} statements (events only)"
    for name, baseline, timing, target in (
        (label, "psycopg executemany of the same rows", many, TARGET),
        (f"{label}, against COPY", "psycopg COPY of the same rows", copied, None),
    ):
        space.report.add(
            Figure(
                "postgres",
                name,
                rate,
                "statements/s",
                baseline,
                len(rows) / timing.median,
                "speed",
                target,
                note=f"psycopg implementation: {psycopg.pq.__impl__}; {len(rows):,} rows",
            )
        )
    per_first = Timing(tuple(runs)).median / feed.statements
    per_day = sum(day) / feed.meetings
    space.report.add(
        Figure(
            "postgres",
            f"the next day: {feed.meetings:,} statements (one a meeting) into that ledger, "
            "then `diplo project`",
            1000 * per_day,
            "ms a statement",
            "the first import's (events only)",
            1000 * per_first,
            "time",
            note=f"import {day[0]:.2f} s, then project {day[1]:.2f} s",
            against="the first's",
        )
    )
    space.report.details["postgres"] = {
        "statements": feed.statements,
        "product_seconds": runs,
        "executemany_seconds": many.runs,
        "copy_seconds": copied.runs,
        "next_day_seconds": list(day),
        "psycopg_impl": psycopg.pq.__impl__,
    }


def next_day(space: Workspace, url: str, statements: int, meetings: int) -> tuple[float, float]:
    """The next day's feed (one more statement a meeting, said after its others) imported into
    the ledger at `url` after its view is brought up (`diplo project`, not timed), then the view
    brought up to it: what a daily import costs on PostgreSQL, where each touched meeting used
    to cost round trips of its own. Returns the import's seconds and the project's."""
    space.diplo(["--db", url, "project"])
    feed = space.feed("next-day", statements, meetings)
    imported = space.diplo(["--db", url, "import", str(feed.path)]).median
    projected = space.diplo(["--db", url, "project"]).median
    return imported, projected


def on_database(url: str, name: str) -> str:
    """The same server, credentials and parameters, another database."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def stored_rows(url: str) -> list[tuple[Any, ...]]:
    """The product's stored events, in log order."""
    with psycopg.connect(url) as connection:
        found = connection.execute(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND column_name IN ('originator_version', 'notification_id') "
            "GROUP BY table_name HAVING count(*) = 2"
        ).fetchone()
        if found is None:
            raise SystemExit("no table of stored events in the PostgreSQL ledger")
        query = sql.SQL("SELECT {} FROM {} ORDER BY notification_id").format(
            sql.SQL(COLUMNS), sql.Identifier(found[0])
        )
        return connection.execute(query).fetchall()


def insert_rows(url: str, rows: list[tuple[Any, ...]], *, copy: bool) -> float:
    """Seconds to write the rows into a fresh raw table in one transaction (`executemany` or
    `COPY`); the connection and the table are made before the clock starts."""
    with psycopg.connect(url) as connection:
        connection.execute("DROP TABLE IF EXISTS raw_events")
        connection.execute(RAW_TABLE)
        connection.commit()
        started = time.perf_counter()
        with connection.transaction(), connection.cursor() as cursor:
            if copy:
                with cursor.copy(f"COPY raw_events ({COLUMNS}) FROM STDIN") as stream:
                    for row in rows:
                        stream.write_row(row)
            else:
                cursor.executemany(
                    f"INSERT INTO raw_events ({COLUMNS}) VALUES (%s, %s, %s, %s)", rows
                )
        return time.perf_counter() - started
