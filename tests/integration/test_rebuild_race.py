"""`rebuild` racing appends, catch-ups and queries never leaves a partial view: after every
round the view equals a fresh fold of the events (the view used to lose meetings when a
catch-up recorded its position between the rebuild's clearing and its own catch-up)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ledger.application import Ledger, Located
from ledger.statement import StatementInput
from ledger.storage import choose_database
from projections.queries import ReadSide
from tests.conftest import SEED_FILES, Diplo, statement

ROUNDS = 50


def test_rebuild_started_with_appends_and_queries_always_leaves_a_whole_view(
    diplo: Diplo,
) -> None:
    diplo.ok("import", *SEED_FILES[:2])
    expected_meetings = len(diplo.json("meetings"))
    apps = [Ledger(choose_database(diplo.db)) for _ in range(3)]
    rebuilder, writer, reader = (ReadSide.of(app) for app in apps)
    try:
        for round_number in range(ROUNDS):
            raw = statement(id=f"race-{round_number}", meeting=f"race-summit-{round_number}")

            def append(raw: dict[str, object] = raw) -> None:
                apps[1].record([Located("race", StatementInput.model_validate(raw))])
                writer.projector.catch_up()  # what `append` does after writing on SQLite

            def query() -> None:
                reader.projector.catch_up()
                reader.meetings()
                reader.status("trump-putin-paris-2018")

            run_together(rebuilder.projector.rebuild, append, query)
            expected_meetings += 1
            assert rebuilder.projector.view_differences() == [], round_number
            assert len(reader.meetings()) == expected_meetings, round_number
    finally:
        for app in apps:
            app.close()


def run_together(*work: Callable[[], object]) -> None:
    """Start every function at the same moment in its own thread; re-raise the first failure."""
    barrier = threading.Barrier(len(work))
    failures: list[BaseException] = []

    def run(function: Callable[[], object]) -> None:
        barrier.wait(timeout=30)
        try:
            function()
        except BaseException as error:  # noqa: BLE001 - reported by the test thread
            failures.append(error)

    threads = [threading.Thread(target=run, args=(function,)) for function in work]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert time.monotonic() - started < 120
    if failures:
        raise failures[0]
