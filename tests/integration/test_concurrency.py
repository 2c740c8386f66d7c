"""Concurrent writers: nothing lost, nothing duplicated, versions contiguous, view = rebuild."""

from __future__ import annotations

import multiprocessing
from collections import Counter

from ledger.application import Ledger, Located
from ledger.statement import StatementInput
from ledger.storage import choose_database
from projections.queries import ReadSide
from tests.conftest import statement

WORKERS = 8
PER_WORKER = 500
SHARED = "shared-summit-2026"


def append_many(
    url: str, worker: int, slug: str, barrier: multiprocessing.synchronize.Barrier
) -> None:
    """One process: append PER_WORKER statements, one command each, to `slug`."""
    app = Ledger(choose_database(url))
    barrier.wait(timeout=120)
    try:
        for number in range(PER_WORKER):
            raw = statement(id=f"w{worker}-{number}", meeting=slug, quote=f"statement {number}")
            app.record([Located(f"worker {worker}", StatementInput.model_validate(raw))])
    finally:
        app.close()


def test_sixteen_processes_appending_at_once_lose_and_duplicate_nothing(db_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2 * WORKERS)
    slugs = [SHARED] * WORKERS + [f"own-summit-{k}" for k in range(WORKERS)]
    processes = [
        context.Process(target=append_many, args=(db_url, worker, slug, barrier))
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
        assert len(notifications) == 2 * WORKERS * PER_WORKER
        for slug, expected in (
            (SHARED, WORKERS * PER_WORKER),
            *((f"own-summit-{k}", PER_WORKER) for k in range(WORKERS)),
        ):
            events = app.meeting_events(slug)
            assert [e.originator_version for e in events] == list(range(1, expected + 1))
        ids = Counter(
            e.statement.id
            for slug in set(slugs)
            for e in app.meeting_events(slug)  # type: ignore[attr-defined]
        )
        assert len(ids) == 2 * WORKERS * PER_WORKER and set(ids.values()) == {1}

        reads = ReadSide.of(app)
        reads.projector.catch_up(batch_size=700)
        live = reads.meetings()
        reads.projector.rebuild()
        assert reads.meetings() == live
        assert {m["meeting"]: m["statement_count"] for m in live}[SHARED] == WORKERS * PER_WORKER
    finally:
        app.close()
