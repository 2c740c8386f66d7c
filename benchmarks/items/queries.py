"""Item `queries`: `status --as-of` and `history` (JSON and text) of the one big meeting (5%
walk-backs), and the `meetings` table of the round-robin feed's meetings, each in-process
(`diplo.cli.main` called `repeat` times in one process: opening the ledger, the query and the
rendering); `append` of one more statement to the big meeting, a fresh process each; all against
a raw SELECT of the same rows with `orjson.loads` of each."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from benchmarks.baselines import meeting_events, view_rows
from benchmarks.generator import WALK_BACK_AT, WALK_BACK_EVERY, MeetingPlan
from benchmarks.harness import Figure, Target, Timing, measure
from benchmarks.workspace import Workspace
from ledger.events import meeting_id

STATUS_TARGET = Target("value", "<", 50, "< 50 ms")
SECOND_TARGET = Target("value", "<", 1000, "< 1 s")


def run(space: Workspace) -> None:
    sizes = space.sizes
    big = space.feed("one-meeting", sizes.big_meeting)
    db = space.ledger(big)
    plan = big.first_meeting
    walk_backs = len(range(WALK_BACK_AT, big.statements, WALK_BACK_EVERY))
    events = measure(lambda: meeting_events(db, meeting_id(plan.slug)), sizes.repeat)
    as_of = plan.said_day(big.statements // 2).isoformat()
    of_meeting = f"a {big.statements:,}-statement meeting"
    for name, args, target in (
        (f"status --as-of, {of_meeting}", ["status", plan.slug, "--as-of", as_of, "--json"],
         STATUS_TARGET),
        (f"history --json, {of_meeting} ({walk_backs:,} walk-backs)",
         ["history", plan.slug, "--json"], SECOND_TARGET),
        (f"history as text (blocks, 100 columns), {of_meeting}", ["history", plan.slug],
         SECOND_TARGET),
    ):  # fmt: skip
        timing = space.diplo(["--db", str(db), *args], repeat=sizes.repeat)
        add(space, name, timing, events, "SELECT + decode of its events", target)
    timing = appends(space, db, plan, big.statements)
    note = f"median of {len(timing.runs)} appends, each a fresh process, each said a day later"
    name = f"append, {of_meeting}"
    add(space, name, timing, events, "SELECT + decode of its events", None, note)
    feed = space.feed("round-robin", sizes.feed, sizes.feed_meetings)
    feed_db = space.ledger(feed)
    rows = measure(lambda: view_rows(feed_db), sizes.repeat)
    timing = space.diplo(["--db", str(feed_db), "meetings"], repeat=sizes.repeat)
    name = f"meetings as a table, {feed.meetings:,} meetings"
    add(space, name, timing, rows, "SELECT + decode of the view's rows", SECOND_TARGET)


def appends(space: Workspace, db: Path, plan: MeetingPlan, said: int) -> Timing:
    """`diplo append` of one more statement to the meeting (said after all the others), on a
    copy of its ledger, `repeat` times, each in a fresh process (as a user appends)."""
    ledger = space.fresh("appended")
    with sqlite3.connect(db) as source, sqlite3.connect(ledger) as copy:
        source.backup(copy)
    runs: list[float] = []
    for k in range(space.sizes.repeat):
        day = plan.said_day(said + k).isoformat()
        runs += space.diplo(
            ["--db", str(ledger), "append", "--meeting", plan.slug, "--kind", "confirmed",
             "--speaker", "Spokesman Lee", "--side", plan.parties[0], "--said-on", day,
             "--summary", f"Talks still on ({k})", "--outlet", "AFP", "--published", day]
        ).runs  # fmt: skip
    return Timing(tuple(runs))


def add(space: Workspace, name: str, timing: Timing, raw: Timing, baseline: str,
        target: Target | None, note: str | None = None) -> None:  # fmt: skip
    space.report.add(
        Figure(
            "queries",
            name,
            1000 * timing.median,
            "ms",
            baseline,
            1000 * raw.median,
            "time",
            target,
            note=note
            or f"median of {len(timing.runs)} calls in one process; first call "
            f"{1000 * timing.runs[0]:.0f} ms",
        )
    )
    space.report.details[f"queries: {name}"] = {"seconds": timing.runs, "raw_seconds": raw.runs}
