"""Item `import`: `diplo import` of feeds in the access patterns real feeds have, against a raw
`executemany` of the same lines, and the per-statement cost at a tenth of the size and at full
size (linearity); and the next day's feed (one more statement a meeting) imported into the
ledger holding the first, as a daily import is.

Each import is the real command (`diplo --db FILE import FEED.jsonl`, `benchmarks.child`) into a
fresh SQLite file, its view included, timed in a fresh process without its start-up.
"""

from __future__ import annotations

import sqlite3

from benchmarks.baselines import raw_import
from benchmarks.harness import Figure, Target, Timing, measure
from benchmarks.workspace import Feed, Workspace

IMPORT_TARGET = Target("ratio", ">=", 0.35, ">= 0.35 of raw")
LINEARITY_TARGET = Target("ratio", "<=", 1.2, "<= 1.2x the small feed's")
RAW = "sqlite executemany of the same lines"


def run(space: Workspace) -> None:
    sizes = space.sizes
    small = space.feed("round-robin", sizes.small_feed, sizes.small_meetings)
    full = space.feed("round-robin", sizes.feed, sizes.feed_meetings)
    seconds = {}
    for feed, target in (
        (small, None),
        (full, IMPORT_TARGET),
        (space.feed("grouped", sizes.feed, sizes.feed_meetings), None),
        (space.feed("one-meeting", sizes.big_meeting, 1), None),
    ):
        seconds[feed.path] = measure_feed(space, feed, target)
    validation_floor(space, full)
    per_small = 1000 * seconds[small.path] / small.statements
    per_full = 1000 * seconds[full.path] / full.statements
    space.report.add(
        Figure(
            "import",
            f"per-statement cost, round-robin {full.statements:,}",
            per_full,
            "ms",
            f"the same at {small.statements:,}",
            per_small,
            "time",
            LINEARITY_TARGET,
            note="linear when the ratio is about 1: the cost of a statement does not grow "
            "with the ledger",
            against=f"at {small.statements:,}",
        )
    )
    next_day(space, full, per_full)


def validation_floor(space: Workspace, feed: Feed) -> None:
    """The raw baseline with each line also validated as the product's `StatementInput`
    (pydantic, from the JSON text): the rate no import that validates its statements with the
    model can pass, however it stores them. Measured beside the raw baseline it is compared to."""
    from ledger.statement import StatementInput

    def validated(line: bytes) -> object:
        return StatementInput.model_validate_json(line)

    with feed.path.open("rb") as lines:
        validated(next(lines))  # the first call loads what validation needs (langcodes)
    raw = measure(lambda: raw_import(feed.path, space.fresh("raw")), space.sizes.repeat)
    floor = measure(
        lambda: raw_import(feed.path, space.fresh("floor"), validated), space.sizes.repeat
    )
    space.report.add(
        Figure(
            "import",
            f"validation floor: the raw baseline, each line also validated ({feed.pattern}, "
            f"{feed.statements:,})",
            feed.statements / floor.median,
            "statements/s",
            RAW,
            feed.statements / raw.median,
            "speed",
            note="StatementInput.model_validate_json of each line, then the same executemany: "
            f"no storage or view of the product; floor: {_runs(floor)}; raw: {_runs(raw)}",
        )
    )


def next_day(space: Workspace, first: Feed, per_first: float) -> None:
    """The next day's feed (one more statement a meeting, said after its others) imported into
    a copy of the ledger holding the first: what a daily import costs a statement there."""
    feed = space.feed("next-day", first.statements, first.meetings)
    ledger = space.fresh("next-day-ledger")
    with sqlite3.connect(space.ledger(first)) as source, sqlite3.connect(ledger) as copy:
        source.backup(copy)
    product = space.diplo(["--db", str(ledger), "import", str(feed.path)])
    raw = measure(lambda: raw_import(feed.path, space.fresh("raw")), space.sizes.repeat)
    statements = first.meetings  # one a meeting
    name = f"the next day: {statements:,} statements into the ledger of {first.statements:,}"
    space.report.add(
        Figure(
            "import",
            name,
            statements / product.median,
            "statements/s",
            RAW,
            statements / raw.median,
            "speed",
            note=f"diplo import: {_runs(product)}; raw: {_runs(raw)}",
        )
    )
    space.report.add(
        Figure(
            "import",
            "per-statement cost, the next day's import",
            1000 * product.median / statements,
            "ms",
            "the first import's",
            per_first,
            "time",
            note="a fixed cost per touched meeting (its stored summary, the near-duplicate "
            "check's read of its events, the view's row): one statement a meeting here",
            against="the first's",
        )
    )


def measure_feed(space: Workspace, feed: Feed, target: Target | None) -> float:
    """Import the feed (fresh ledgers, median), and the raw baseline; returns the median."""
    product = import_feed(space, feed)
    raw = measure(lambda: raw_import(feed.path, space.fresh("raw")), space.sizes.repeat)
    shape = f"{feed.pattern}, {feed.statements:,} statements / {feed.meetings:,} meetings"
    if feed.meetings == 1:
        shape = f"one meeting of {feed.statements:,} statements (5% walk-backs)"
    space.report.add(
        Figure(
            "import",
            shape,
            feed.statements / product.median,
            "statements/s",
            RAW,
            feed.statements / raw.median,
            "speed",
            target,
            note=f"diplo import: {_runs(product)}; raw: {_runs(raw)}",
        )
    )
    space.report.details[f"import {feed.path.stem}"] = {
        "statements": feed.statements,
        "meetings": feed.meetings,
        "product_seconds": product.runs,
        "raw_seconds": raw.runs,
    }
    return product.median


def import_feed(space: Workspace, feed: Feed) -> Timing:
    """`diplo import` of the feed into fresh ledgers; the last is kept for the other items."""
    runs: list[float] = []
    for _ in range(space.sizes.heavy_repeat):
        db = space.fresh(feed.path.stem)
        runs += space.diplo(["--db", str(db), "import", str(feed.path)]).runs
        space.ledgers[feed.path] = db
    return Timing(tuple(runs))


def _runs(timing: Timing) -> str:
    return ", ".join(f"{seconds:.2f}" for seconds in timing.runs) + " s"
