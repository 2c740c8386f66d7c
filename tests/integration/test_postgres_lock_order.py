"""On PostgreSQL, a read of a big meeting's stored steps takes its locks in the order a rebuild
takes them (`meeting_view`, then `fold_steps`): it waits for a rebuild and never deadlocks it.
Read in the other order, it held `fold_steps` while waiting for `meeting_view`, which the
rebuild held while waiting for `fold_steps`."""

from __future__ import annotations

import threading
import time
from typing import Any

import psycopg

from projections.queries import ReadSide
from tests.integration.test_carried_fold import set_up
from tests.integration.test_fold_steps import story
from tests.pg_server import Cluster

SLUG = "locked-talks"


def waiting_for_a_lock(url: str) -> bool:
    """Whether a session waits for a lock in this database (the cluster serves other tests)."""
    with psycopg.connect(url, autocommit=True) as watcher:
        row = watcher.execute(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())"
        ).fetchone()
        return bool(row and row[0])


def read_history(reads: ReadSide, read: dict[str, Any]) -> None:
    try:
        read["history"] = reads.history(SLUG)
    except Exception as error:  # (a deadlock is reported to one of the two: say which)
        read["error"] = repr(error)


def test_a_history_read_waits_for_a_rebuild_dropping_the_view_and_does_not_deadlock_it(
    pg_cluster: Cluster, pg_template: str
) -> None:
    url = pg_cluster.create_database(template=pg_template)
    app, projector, _ = set_up(url, story(7, 30, SLUG), steps_from=20)
    reads = ReadSide(projector, app.today)
    before = reads.history(SLUG)
    assert before is not None and len(before) == 30
    read: dict[str, Any] = {}
    with psycopg.connect(url) as rebuild:  # a transaction, as `diplo rebuild` holds one
        rebuild.execute("SET lock_timeout = '20s'")
        rebuild.execute("DROP TABLE meeting_view")  # a rebuild's first table
        reader = threading.Thread(target=read_history, args=(reads, read))
        reader.start()
        deadline = time.monotonic() + 20
        while not waiting_for_a_lock(url) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert waiting_for_a_lock(url)  # the read waits for meeting_view, holding nothing
        rebuild.execute("DROP TABLE fold_steps")  # the rebuild's next: not a deadlock
        rebuild.rollback()
    reader.join(timeout=30)
    assert read == {"history": before}
    app.close()
    pg_cluster.drop_database(url)
