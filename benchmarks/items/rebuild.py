"""Item `rebuild`: `diplo rebuild`, the first `diplo search` after it (which makes the search
index again) and `diplo verify` of the round-robin feed's ledger, each against a raw SELECT of
the same rows with `orjson.loads` of each."""

from __future__ import annotations

from benchmarks.baselines import count_events, select_and_decode
from benchmarks.harness import Figure, Target, Timing, measure
from benchmarks.workspace import Workspace

TARGET = Target("ratio", ">=", 0.4, ">= 0.4 of raw")
SEARCHED = "delegations"
"""A word of the generator's phrases."""


def run(space: Workspace) -> None:
    sizes = space.sizes
    db = space.ledger(space.feed("round-robin", sizes.feed, sizes.feed_meetings))
    events = count_events(db)
    runs: list[float] = []
    for _ in range(sizes.heavy_repeat):  # each in a fresh process, as `diplo rebuild` runs
        runs += space.diplo(["--db", str(db), "rebuild"]).runs
    product = Timing(tuple(runs))
    raw = measure(lambda: select_and_decode(db), sizes.repeat)
    space.report.add(
        Figure(
            "rebuild",
            f"rebuild, {events:,} events",
            events / product.median,
            "events/s",
            "SELECT + orjson.loads of the same rows",
            events / raw.median,
            "speed",
            TARGET,
            note=f"diplo rebuild {product.median:.2f} s; raw {raw.median:.3f} s",
        )
    )
    # no targets for these two: reported to see them linear (the rebuild emptied the index)
    searched = space.diplo(["--db", str(db), "search", SEARCHED])
    checked = space.diplo(["--db", str(db), "verify"])  # the search index checked too
    shown = (("search", "first search (the index made)", searched), ("verify", "verify", checked))
    for command, name, timing in shown:
        space.report.add(
            Figure(
                "rebuild",
                f"{name}, {events:,} events",
                events / timing.median,
                "events/s",
                "SELECT + orjson.loads of the same rows",
                events / raw.median,
                "speed",
                note=f"diplo {command} {timing.median:.2f} s; raw {raw.median:.3f} s",
            )
        )
    space.report.details["rebuild"] = {
        "events": events,
        "product_seconds": product.runs,
        "search_seconds": searched.runs,
        "verify_seconds": checked.runs,
        "raw_seconds": raw.runs,
    }
