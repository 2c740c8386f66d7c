"""Concurrent writers: nothing lost, nothing duplicated, versions contiguous, view = rebuild."""

from __future__ import annotations

import multiprocessing
from collections import Counter

from ledger.application import Ledger, Located
from ledger.statement import StatementInput
from ledger.storage import choose_database
from projections.queries import ReadSide
from tests.conftest import is_postgres, statement

FULL_STRENGTH = (8, 500)
"""On SQLite: 8 pairs of processes (16 in all), each appending 500 statements."""
REDUCED_STRENGTH = (2, 200)
"""On PostgreSQL, smaller: 2 pairs of processes (4 in all), each appending 200 statements."""
SHARED = "shared-summit-2026"


def append_many(
    url: str, worker: int, slug: str, count: int, barrier: multiprocessing.synchronize.Barrier
) -> None:
    """One process: append `count` statements, one command each, to `slug`."""
    app = Ledger(choose_database(url))
    barrier.wait(timeout=120)
    try:
        for number in range(count):
            raw = statement(id=f"w{worker}-{number}", meeting=slug, quote=f"statement {number}")
            app.record([Located(f"worker {worker}", StatementInput.model_validate(raw))])
    finally:
        app.close()


def test_processes_appending_at_once_to_one_meeting_and_their_own_lose_and_duplicate_nothing(
    db_url: str,
) -> None:
    """Half the processes append to one shared meeting, the other half each to its own."""
    workers, per_worker = REDUCED_STRENGTH if is_postgres(db_url) else FULL_STRENGTH
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])  # each worker starts with the ledger imported
    barrier = context.Barrier(2 * workers)
    slugs = [SHARED] * workers + [f"own-summit-{k}" for k in range(workers)]
    processes = [
        context.Process(target=append_many, args=(db_url, worker, slug, per_worker, barrier))
        for worker, slug in enumerate(slugs)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=600)
    assert [process.exitcode for process in processes] == [0] * len(processes)

    app = Ledger(choose_database(db_url))
    try:
        notifications = app.recorder.select_notifications(start=None, limit=100_000)
        assert len(notifications) == 2 * workers * per_worker
        for slug, expected in (
            (SHARED, workers * per_worker),
            *((f"own-summit-{k}", per_worker) for k in range(workers)),
        ):
            events = app.meeting_events(slug)
            assert [e.originator_version for e in events] == list(range(1, expected + 1))
        ids = Counter(
            e.statement.id
            for slug in set(slugs)
            for e in app.meeting_events(slug)  # type: ignore[attr-defined]
        )
        assert len(ids) == 2 * workers * per_worker and set(ids.values()) == {1}

        reads = ReadSide.of(app)
        reads.projector.catch_up(batch_size=700)
        live = reads.meetings()
        reads.projector.rebuild()
        assert reads.meetings() == live
        assert {m["meeting"]: m["statement_count"] for m in live}[SHARED] == workers * per_worker
    finally:
        app.close()
