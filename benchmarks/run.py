"""The benchmark suite of issue 7: each figure of the product against its baseline, side by side.

    python -m benchmarks.run [--quick] [--out benchmarks/results/latest.json] [--postgres URL]

One run, one process (plus the subprocesses items 4 and 5 time), one synthetic ledger
(`benchmarks.synthetic`, seeded `random.Random(2026)`):

1. bulk import into a fresh SQLite ledger, view included (`Ledger.record` per file of
   statements as the importer gives them, then `Projector.catch_up`), against (a) raw `sqlite3`
   `executemany` of the same stored event rows into a table of the same schema, in one
   transaction, and (b) the naive path, one `Ledger.record` (one `Application.save()`) per
   statement, on a sample;
2. `Projector.rebuild()` against a raw SELECT + `orjson.loads` of the same rows;
3. status and history of one meeting, current and `as_of`, in-process (`ReadSide`), and the same
   for one meeting of 10,000 statements;
4. the CLI's cold start (`diplo --db FILE status MEETING`) against a minimal Python process that
   reads the same row of `meeting_view`;
5. peak memory of `diplo import FILE.jsonl` of 1,000,000 statements, as a subprocess;
6. items 1 and 2 on PostgreSQL, with `--postgres URL` (fresh databases are created on that
   server and dropped afterwards; the user needs CREATEDB).

The product is measured as it is. Where it is too slow for the run to end in time, each item
works within a time budget, measures what fits, and says so: the rates are measured on the part
done, and any figure for the full size is an extrapolation, marked as such in the table and in
the JSON. Every item starts with the product's date-parsing cache (`ledger.dates.date_bounds`)
cleared, as a fresh `diplo` process would.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import orjson
from eventsourcing.persistence import StoredEvent

from benchmarks.synthetic import corrections, generate
from ledger.application import InputRejected, Ledger, Located
from ledger.dates import date_bounds
from ledger.statement import StatementInput
from ledger.storage import choose_database
from projections.queries import ReadSide
from projections.view import Projector

SEED = 2026
ROOT = Path(__file__).resolve().parent.parent


# Scale and budgets ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    name: str
    statements: int
    meetings: int
    file_size: int
    import_budget: float  # seconds for item 1's product import (whole files; at least one)
    naive_sample: int
    naive_budget: float
    query_calls: int
    query_budget: float  # seconds per query series (at least one call)
    big_meeting: int
    big_query_budget: float
    cold_runs: int
    memory_statements: int
    memory_probes: tuple[int, ...]
    memory_budget: float  # seconds for the run on the whole memory file (killed after)
    pg_budget: float


FULL = Scale(
    name="full",
    statements=200_000,
    meetings=20_000,
    file_size=10_000,
    import_budget=120.0,
    naive_sample=10_000,
    naive_budget=25.0,
    query_calls=200,
    query_budget=8.0,
    big_meeting=10_000,
    big_query_budget=15.0,
    cold_runs=10,
    memory_statements=1_000_000,
    memory_probes=(1_000, 5_000),
    memory_budget=45.0,
    pg_budget=60.0,
)
QUICK = Scale(
    name="quick",
    statements=20_000,
    meetings=2_000,
    file_size=1_000,
    import_budget=12.0,
    naive_sample=1_000,
    naive_budget=3.0,
    query_calls=50,
    query_budget=1.0,
    big_meeting=1_000,
    big_query_budget=1.0,
    cold_runs=5,
    memory_statements=100_000,
    memory_probes=(300, 2_000),
    memory_budget=4.0,
    pg_budget=15.0,
)

VIEW_FACTOR = 0.8
"""For the import budget: the view's catch-up is predicted to cost this much of the writes."""

# Results -----------------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table: a product figure, its baseline, and the target if there is one."""

    item: str
    figure: str
    value: float | None
    unit: str
    baseline: str = ""
    baseline_value: float | None = None
    ratio: float | None = None
    target: str = ""
    verdict: str = ""
    note: str = ""


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    items: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        print(
            f"  {row.figure}: {fmt(row.value)} {row.unit}" + (f"  [{row.note}]" if row.note else "")
        )


def fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min"


def verdict(ok: bool, extrapolated: bool = False) -> str:
    return ("pass" if ok else "MISS") + (" (extrapolated)" if extrapolated else "")


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """`with stopwatch() as t:` ... then `t[0]` is the elapsed seconds."""
    box = [0.0]
    started = time.perf_counter()
    try:
        yield box
    finally:
        box[0] = time.perf_counter() - started


def fresh_cache() -> None:
    """As in a fresh `diplo` process: the product's date-parsing cache is empty."""
    date_bounds.cache_clear()


def date_parses() -> int:
    return int(date_bounds.cache_info().misses)


def open_ledger(db: str) -> tuple[Ledger, Projector]:
    app = Ledger(choose_database(db))
    return app, Projector.of(app)


def located(name: str, statements: Sequence[dict[str, Any]]) -> list[Located]:
    """What `read_statements` gives for one file: each statement validated, with its place."""
    return [
        Located(f"{name}: line {number}", StatementInput.model_validate(raw))
        for number, raw in enumerate(statements, start=1)
    ]


def record(app: Ledger, items: Sequence[Located]) -> int:
    try:
        result = app.record(items)
    except InputRejected as error:
        raise SystemExit(f"the synthetic ledger was refused: {error}") from None
    return len(result.new)


# Item 1: bulk import -------------------------------------------------------------------------


@dataclass
class Imported:
    """The main ledger, as item 1 left it, for the items that follow."""

    db: str
    app: Ledger
    projector: Projector
    statements: list[dict[str, Any]]
    files: list[list[Located]]


def item1_import(
    scale: Scale, dataset: list[dict[str, Any]], folder: Path, results: Results
) -> Imported:
    print(f"\n[1] bulk import into SQLite (files of {scale.file_size:,} statements)")
    db = str(folder / "ledger.sqlite")
    app, projector = open_ledger(db)
    fresh_cache()
    files: list[list[Located]] = []
    validate_s = record_s = 0.0
    budget = scale.import_budget
    total_files = math.ceil(len(dataset) / scale.file_size)
    for index in range(total_files):
        spent = validate_s + record_s
        if index and spent / index * (index + 1) * (1 + VIEW_FACTOR) > budget:
            break
        chunk = dataset[index * scale.file_size : (index + 1) * scale.file_size]
        with stopwatch() as validating:
            items = located(f"part-{index:03d}.jsonl", chunk)
        with stopwatch() as recording:
            new = record(app, items)
        if new != len(items):
            raise SystemExit(f"file {index}: {len(items) - new} statements not new")
        validate_s += validating[0]
        record_s += recording[0]
        files.append(items)
        print(f"  file {index}: validate {validating[0]:.1f} s, record {recording[0]:.1f} s")
    with stopwatch() as viewing:
        events = projector.catch_up()
    view_s = viewing[0]
    count = sum(len(items) for items in files)
    parses = date_parses()
    partial = count < len(dataset)
    done = f"{len(files)} of {total_files} files ({count:,} of {len(dataset):,} statements)"
    product_rate = count / (record_s + view_s)
    full_minutes = len(dataset) / (count / (validate_s + record_s + view_s)) / 60
    note = done + (
        f" within the {budget:.0f} s budget; all {len(dataset):,} would take "
        f"~{duration(60 * full_minutes)} end to end at this rate (extrapolated)"
        if partial
        else ""
    )

    # (a) raw executemany of the same stored event rows.
    table = str(getattr(app.recorder, "events_table_name", "ledger_events"))
    with sqlite3.connect(db) as source:
        rows = source.execute(
            f"SELECT originator_id, originator_version, topic, state FROM {table} ORDER BY rowid"
        ).fetchall()
        schema = source.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    same_as_mapper = mapper_check(app, rows[:50])
    raw_db = folder / "raw.sqlite"
    raw = sqlite3.connect(raw_db, isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute(str(schema[0]).replace(table, "raw_events", 1))
    with stopwatch() as inserting:
        raw.execute("BEGIN")
        raw.executemany("INSERT INTO raw_events VALUES (?, ?, ?, ?)", rows)
        raw.execute("COMMIT")
    raw.close()
    raw_rate = len(rows) / inserting[0]

    # (b) the naive path: one Ledger.record, one save(), per statement, on a sample.
    naive_app, naive_projector = open_ledger(str(folder / "naive.sqlite"))
    fresh_cache()
    naive_validate = naive_record = 0.0
    naive_count = 0
    started = time.perf_counter()
    for number, raw_statement in enumerate(dataset[: scale.naive_sample], start=1):
        if time.perf_counter() - started > scale.naive_budget:
            break
        with stopwatch() as validating:
            item = Located(f"naive: {number}", StatementInput.model_validate(raw_statement))
        with stopwatch() as recording:
            record(naive_app, [item])
        naive_validate += validating[0]
        naive_record += recording[0]
        naive_count += 1
    naive_app.close()
    view_per_event = view_s / max(events, 1)
    naive_rate = naive_count / (naive_record + naive_count * view_per_event)
    naive_note = (
        f"measured on {naive_count:,} statements (sample of {scale.naive_sample:,}, "
        f"{scale.naive_budget:.0f} s budget); rate extrapolated to the full import; "
        "view cost per event taken from the product run"
    )

    results.add(
        Row(
            "1",
            "bulk import, record + view (SQLite)",
            product_rate,
            "statements/s",
            "raw sqlite3 executemany of the same rows",
            raw_rate,
            product_rate / raw_rate,
            ">= 0.5 of raw",
            verdict(product_rate / raw_rate >= 0.5),
            note,
        )
    )
    results.add(
        Row(
            "1",
            "  of which Ledger.record (decide + save)",
            count / record_s,
            "statements/s",
            note=f"{record_s:.1f} s",
        )
    )
    results.add(
        Row(
            "1",
            "  of which Projector.catch_up (view)",
            events / view_s,
            "events/s",
            note=f"{view_s:.1f} s",
        )
    )
    results.add(
        Row(
            "1",
            "  importer's validation (StatementInput), not in the figure above",
            count / validate_s,
            "statements/s",
            note=f"{validate_s:.1f} s; {parses:,} EDTF parses (date_bounds cache misses)",
        )
    )
    results.add(
        Row(
            "1",
            "bulk import end to end (validation + record + view)",
            count / (validate_s + record_s + view_s),
            "statements/s",
            "raw sqlite3 executemany",
            raw_rate,
            count / (validate_s + record_s + view_s) / raw_rate,
        )
    )
    results.add(
        Row(
            "1",
            "naive import, one save() per statement, + view",
            naive_rate,
            "statements/s",
            "product import (record + view)",
            product_rate,
            naive_rate / product_rate,
            note=naive_note,
        )
    )
    results.items["1_import_sqlite"] = {
        "statements_in_dataset": len(dataset),
        "files_total": total_files,
        "files_imported": len(files),
        "statements_imported": count,
        "partial": partial,
        "budget_seconds": budget,
        "validate_seconds": validate_s,
        "record_seconds": record_s,
        "view_seconds": view_s,
        "view_events": events,
        "edtf_parses": parses,
        "product_statements_per_second": product_rate,
        "end_to_end_statements_per_second": count / (validate_s + record_s + view_s),
        "full_import_minutes_extrapolated": full_minutes,
        "raw_rows": len(rows),
        "raw_seconds": inserting[0],
        "raw_rows_per_second": raw_rate,
        "raw_rows_same_as_mapper_output": same_as_mapper,
        "ratio_product_to_raw": product_rate / raw_rate,
        "naive_statements_measured": naive_count,
        "naive_validate_seconds": naive_validate,
        "naive_record_seconds": naive_record,
        "naive_statements_per_second_with_view_extrapolated": naive_rate,
        "naive_record_only_statements_per_second": naive_count / naive_record,
    }
    del naive_projector
    return Imported(db, app, projector, dataset[:count], files)


def mapper_check(app: Ledger, rows: Sequence[tuple[Any, ...]]) -> bool:
    """The rows read back are what `app.mapper.to_stored_event` makes of their events."""
    for originator_id, version, topic, state in rows:
        stored = StoredEvent(
            originator_id=uuid.UUID(str(originator_id)),
            originator_version=int(version),
            topic=str(topic),
            state=bytes(state),
        )
        again = app.mapper.to_stored_event(app.mapper.to_domain_event(stored))
        if (again.topic, again.state) != (stored.topic, stored.state):
            return False
    return True


def apply_corrections(imported: Imported, results: Results) -> None:
    """Errata on some imported statements (so the rebuild folds corrections too)."""
    errata = corrections(imported.statements, random.Random(SEED + 1))
    fresh_cache()
    refused = 0
    with stopwatch() as correcting:
        for slug, statement_id, changes, reason in errata:
            try:
                imported.app.correct(slug, statement_id, changes, reason)
            except InputRejected:
                refused += 1
    with stopwatch() as viewing:
        imported.projector.catch_up()
    done = len(errata) - refused
    rate = done / correcting[0] if correcting[0] else None
    results.add(
        Row(
            "1",
            "corrections (Ledger.correct, one save each)",
            rate,
            "corrections/s",
            note=(
                f"{done} errata in {correcting[0]:.2f} s, view {viewing[0]:.2f} s; "
                f"{refused} refused"
            ),
        )
    )
    results.items["1_corrections"] = {
        "errata": len(errata),
        "refused": refused,
        "seconds": correcting[0],
        "view_seconds": viewing[0],
    }


# Item 2: rebuild --------------------------------------------------------------------------------


def item2_rebuild(imported: Imported, results: Results) -> None:
    print("\n[2] rebuild (SQLite)")
    fresh_cache()
    with stopwatch() as rebuilding:
        events = imported.projector.rebuild()
    parses = date_parses()
    rate = events / rebuilding[0]
    table = str(getattr(imported.app.recorder, "events_table_name", "ledger_events"))
    with sqlite3.connect(imported.db) as connection, stopwatch() as reading:
        rows = connection.execute(
            f"SELECT rowid, originator_id, originator_version, topic, state FROM {table} "
            "ORDER BY rowid"
        ).fetchall()
        decoded = [orjson.loads(row[4]) for row in rows]
    raw_rate = len(decoded) / reading[0]
    results.add(
        Row(
            "2",
            "rebuild (SQLite)",
            rate,
            "events/s",
            "raw SELECT + orjson.loads",
            raw_rate,
            rate / raw_rate,
            ">= 0.4 of raw",
            verdict(rate / raw_rate >= 0.4),
            f"{events:,} events in {rebuilding[0]:.1f} s; {parses:,} EDTF parses",
        )
    )
    results.items["2_rebuild_sqlite"] = {
        "events": events,
        "seconds": rebuilding[0],
        "events_per_second": rate,
        "edtf_parses": parses,
        "raw_rows": len(rows),
        "raw_seconds": reading[0],
        "raw_rows_per_second": raw_rate,
        "ratio": rate / raw_rate,
    }


# Item 3: queries -------------------------------------------------------------------------------


def timed_calls(call: Callable[[], Any], calls: int, budget: float) -> list[float]:
    """Seconds per call, for up to `calls` calls within `budget` seconds (at least one)."""
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < calls and (not times or time.perf_counter() - started < budget):
        before = time.perf_counter()
        if call() is None:
            raise SystemExit("a query found nothing")
        times.append(time.perf_counter() - before)
    return times


def query_rows(
    label: str,
    reads: ReadSide,
    slug: str,
    as_of: date,
    calls: int,
    budget: float,
    target_ms: float,
    targets: tuple[str, ...],
    results: Results,
) -> dict[str, Any]:
    series: dict[str, Callable[[], Any]] = {
        "status": lambda: reads.status(slug),
        "status as_of": lambda: reads.status(slug, as_of=as_of),
        "history": lambda: reads.history(slug),
        "history as_of": lambda: reads.history(slug, as_of=as_of),
    }
    out: dict[str, Any] = {}
    # No cache clearing here: a long-lived process answering queries; the first call of each
    # series (which may parse dates again) is counted, and shown on its own.
    for name, call in series.items():
        times = timed_calls(call, calls, budget)
        median_ms = 1000 * statistics.median(times)
        p99_ms = 1000 * percentile(times, 0.99)
        has_target = name in targets
        results.add(
            Row(
                "3",
                f"{label}: {name}, median",
                median_ms,
                "ms",
                target=f"< {target_ms:g} ms" if has_target else "",
                verdict=verdict(median_ms < target_ms) if has_target else "",
                note=(
                    f"p99 {p99_ms:.3g} ms, first call {1000 * times[0]:.3g} ms, {len(times)} calls"
                    + ("" if len(times) == calls else f" (of {calls}: {budget:g} s budget)")
                ),
            )
        )
        out[name] = {
            "calls": len(times),
            "median_ms": median_ms,
            "p99_ms": p99_ms,
            "first_call_ms": 1000 * times[0],
        }
    return out


def middle_day(statements: Sequence[dict[str, Any]]) -> date:
    days = sorted(date.fromisoformat(s["source"]["published"]) for s in statements)
    return days[len(days) // 2]


def item3_queries(scale: Scale, imported: Imported, folder: Path, results: Results) -> None:
    print("\n[3] status and history of one meeting, in-process (ReadSide)")
    counts = Counter(s["meeting"] for s in imported.statements)
    slug, count = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    own = [s for s in imported.statements if s["meeting"] == slug]
    reads = ReadSide(imported.projector)
    label = f"meeting of {count} statements"
    main = query_rows(
        label,
        reads,
        slug,
        middle_day(own),
        scale.query_calls,
        scale.query_budget,
        1.0,
        ("status",),
        results,
    )
    main.update(meeting=slug, statements=count)

    big = scale.big_meeting
    print(f"  building one meeting of {big:,} statements")
    app, projector = open_ledger(str(folder / "big.sqlite"))
    statements = list(generate(big, 1, random.Random(SEED)))
    fresh_cache()
    with stopwatch() as validating:
        items = located("big.jsonl", statements)
    with stopwatch() as recording:
        for start in range(0, len(items), scale.file_size):
            record(app, items[start : start + scale.file_size])
    with stopwatch() as viewing:
        projector.catch_up()
    results.add(
        Row(
            "3",
            f"build of the {big:,}-statement meeting (validate / record / view)",
            validating[0] + recording[0] + viewing[0],
            "s",
            note=f"{validating[0]:.1f} / {recording[0]:.1f} / {viewing[0]:.1f} s",
        )
    )
    big_slug = statements[0]["meeting"]
    big_reads = ReadSide(projector)
    big_out = query_rows(
        f"meeting of {big:,} statements",
        big_reads,
        big_slug,
        middle_day(statements),
        scale.query_calls,
        scale.big_query_budget,
        20.0,
        ("status", "status as_of"),
        results,
    )
    big_out.update(
        meeting=big_slug,
        statements=big,
        build_validate_seconds=validating[0],
        build_record_seconds=recording[0],
        build_view_seconds=viewing[0],
    )
    app.close()
    results.items["3_queries"] = {"meeting": main, "big_meeting": big_out}


# Item 4: cold start ----------------------------------------------------------------------------


def diplo_command() -> list[str]:
    """`python -m diplo` (what the `diplo` script runs), from the repository's root: the same
    `ledger` package this process measures, even when the venv's `diplo` points elsewhere."""
    return [sys.executable, "-m", "diplo"]


MINIMAL = (
    "import sqlite3, sys\n"
    "c = sqlite3.connect(sys.argv[1])\n"
    "print(c.execute('SELECT * FROM meeting_view WHERE slug = ?', (sys.argv[2],)).fetchone())\n"
)


def run_quiet(command: Sequence[str]) -> float:
    env = {**os.environ, "NO_COLOR": "1"}
    with stopwatch() as running:
        completed = subprocess.run(command, capture_output=True, cwd=ROOT, env=env, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {completed.stderr.decode()[-500:]}")
    return running[0]


def item4_cold_start(scale: Scale, imported: Imported, results: Results) -> None:
    print("\n[4] the CLI's cold start")
    slug = imported.statements[0]["meeting"]
    diplo = [*diplo_command(), "--db", imported.db, "status", slug]
    minimal = [sys.executable, "-c", MINIMAL, imported.db, slug]
    imports = [sys.executable, "-c", "import diplo.cli"]
    for command in (diplo, minimal, imports):
        run_quiet(command)  # warm the page cache
    times: dict[str, list[float]] = {"diplo": [], "minimal": [], "import": []}
    for _ in range(scale.cold_runs):
        times["diplo"].append(run_quiet(diplo))
        times["minimal"].append(run_quiet(minimal))
        times["import"].append(run_quiet(imports))
    medians = {name: 1000 * statistics.median(values) for name, values in times.items()}
    ratio = medians["diplo"] / medians["minimal"]
    heaviest = import_times()
    top = ", ".join(f"{name} {ms:.0f}" for name, ms in heaviest[:6])
    results.add(
        Row(
            "4",
            "cold start: python -m diplo --db FILE status MEETING",
            medians["diplo"],
            "ms",
            "python -c: sqlite3 SELECT of the meeting_view row",
            medians["minimal"],
            ratio,
            "<= 4x minimal",
            verdict(ratio <= 4.0),
            f"median of {scale.cold_runs} runs each; 'import diplo.cli' alone "
            f"{medians['import']:.0f} ms; heaviest imports (ms, -X importtime): {top}",
        )
    )
    results.items["4_cold_start"] = {
        "command": diplo,
        "runs": scale.cold_runs,
        "median_ms": medians,
        "all_ms": {name: [1000 * t for t in values] for name, values in times.items()},
        "ratio": ratio,
        "import_ms_by_top_level_package": dict(heaviest[:15]),
    }


def import_times() -> list[tuple[str, float]]:
    """Import time of `import diplo.cli`, per top-level package: the sum of the `self` times
    (python -X importtime) of its modules, in ms."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import diplo.cli"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    by_package: dict[str, float] = {}
    for line in completed.stderr.splitlines():
        # "import time:   self [us] | cumulative | imported package"
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue
        package = parts[2].strip().split(".")[0]
        by_package[package] = by_package.get(package, 0.0) + int(parts[0]) / 1000
    return sorted(by_package.items(), key=lambda kv: -kv[1])


# Item 5: peak memory of a big import ---------------------------------------------------------


@dataclass
class Measured:
    seconds: float
    max_rss_mb: float
    returncode: int | None  # None: killed at the time limit
    how: str
    samples: list[tuple[float, float]] = field(default_factory=list)  # (s, VmHWM MB) polled


TIME = Path("/usr/bin/time")


def measured_run(command: Sequence[str], limit: float, folder: Path) -> Measured:
    """Run a subprocess and take its peak RSS; kill it (and its group) at `limit` seconds.

    The peak comes from `/usr/bin/time -f %M`, which forks the command from a small process:
    `getrusage(RUSAGE_CHILDREN)` or `wait4` on a child of this (large) process would report
    this process's own size, since Linux carries the pre-exec RSS of a vfork()ed child into its
    max RSS. Without /usr/bin/time, or for a killed run, /proc/PID/status VmHWM is polled.
    """
    env = {**os.environ, "NO_COLOR": "1"}
    report = folder / "time.txt"
    report.unlink(missing_ok=True)
    wrapped = [str(TIME), "-f", "%M", "-o", str(report), *command] if TIME.exists() else command
    hwm = 0.0
    samples: list[tuple[float, float]] = []
    with (folder / "out.txt").open("wb") as out, (folder / "err.txt").open("wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            wrapped, stdout=out, stderr=err, cwd=ROOT, env=env, start_new_session=True
        )
        killed = False
        while process.poll() is None:
            for pid in (process.pid, *child_pids(process.pid)):
                hwm = max(hwm, vm_hwm_mb(pid))
            samples.append((time.perf_counter() - started, hwm))
            if time.perf_counter() - started > limit:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                killed = True
                break
            time.sleep(0.1)
    seconds = time.perf_counter() - started
    if killed:
        return Measured(seconds, hwm, None, "VmHWM polled until killed", samples)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {(folder / 'err.txt').read_text()[-500:]}")
    if report.exists():
        peak = int(report.read_text().split()[-1]) / 1024
        return Measured(seconds, peak, 0, "/usr/bin/time", samples)
    return Measured(seconds, hwm, 0, "VmHWM polled", samples)


def child_pids(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(part) for part in text.split()]


def vm_hwm_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return 0.0
    return 0.0


def item5_memory(scale: Scale, folder: Path, results: Results) -> None:
    total = scale.memory_statements
    print(f"\n[5] peak memory of diplo import of {total:,} statements (JSON Lines)")
    big_file = folder / "big-import.jsonl"
    probes = sorted(scale.memory_probes)
    probe_files = {n: folder / f"probe-{n}.jsonl" for n in probes}
    with stopwatch() as writing, big_file.open("wb") as handle:
        probe_handles = {n: path.open("wb") for n, path in probe_files.items()}
        stream = generate(total, max(1, total // 10), random.Random(SEED))
        for number, statement in enumerate(stream):
            line = orjson.dumps(statement) + b"\n"
            handle.write(line)
            for n, probe in probe_handles.items():
                if number < n:
                    probe.write(line)
        for probe in probe_handles.values():
            probe.close()
    size_mb = big_file.stat().st_size / 2**20
    print(f"  wrote {total:,} statements ({size_mb:.0f} MB) by streaming in {writing[0]:.1f} s")
    points: list[tuple[int, float, float]] = []
    for n in probes:
        db = folder / f"memory-{n}.sqlite"
        run = measured_run(
            [*diplo_command(), "--db", str(db), "import", str(probe_files[n])], 3600, folder
        )
        points.append((n, run.max_rss_mb, run.seconds))
        print(
            f"  {n:,} statements: peak {run.max_rss_mb:.0f} MB in {run.seconds:.1f} s ({run.how})"
        )
    (n1, m1, s1), (n2, m2, s2) = points[0], points[-1]
    slope = (m2 - m1) / (n2 - n1)  # MB per statement, between the probes
    rate = (n2 - n1) / (s2 - s1) if s2 > s1 else n2 / s2  # statements/s, marginal
    seconds_total = s1 + (total - n1) / rate
    by_probes = m2 + slope * (total - n2)
    db = folder / "memory-big.sqlite"
    big = measured_run(
        [*diplo_command(), "--db", str(db), "import", str(big_file)], scale.memory_budget, folder
    )
    finished = big.returncode is not None
    # Growth of the whole-file run's peak over the second half of its run, carried on to the
    # time the whole import would take: right both when memory grows with the file and when a
    # streamed import holds it bounded (where the small probes alone would mislead).
    half = [(t, m) for t, m in big.samples if t >= big.seconds / 2] or big.samples[-1:]
    growth = (
        (half[-1][1] - half[0][1]) / (half[-1][0] - half[0][0])
        if len(half) > 1 and half[-1][0] > half[0][0]
        else 0.0
    )  # MB/s
    by_growth = big.max_rss_mb + growth * max(0.0, seconds_total - big.seconds)
    read_by_kill = min(total, max(0, round(n1 + rate * (big.seconds - s1))))
    peak = big.max_rss_mb if finished else by_growth
    rough = not finished and read_by_kill < 0.25 * total
    if finished:
        note = f"measured: {total:,} statements imported in {big.seconds:.0f} s"
    else:
        note = (
            f"the run on the whole file was stopped after its {scale.memory_budget:.0f} s budget "
            f"(~{read_by_kill:,} statements in, at the probes' rate) at a peak of "
            f"{big.max_rss_mb:.0f} MB, growing {growth:.2f} MB/s over its second half; carried "
            f"on to the ~{duration(seconds_total)} the whole import would take: {by_growth:.0f} MB "
            f"(extrapolated). Probes: {n1:,} statements {m1:.0f} MB, {n2:,} statements "
            f"{m2:.0f} MB ({1024 * slope:.1f} KB per statement; linear: {by_probes:.0f} MB)"
        )
        if rough:
            note += (
                f". ROUGH: the run saw only ~{100 * read_by_kill / total:.0f} % of the file, "
                "maybe before memory levels off (the --quick budget): likely an overestimate"
            )
    results.add(
        Row(
            "5",
            f"peak memory, diplo import of {total:,} statements",
            peak,
            "MB",
            target="< 250 MB",
            verdict=verdict(peak < 250, extrapolated=not finished) + (", rough" if rough else ""),
            note=note,
        )
    )
    results.items["5_memory"] = {
        "statements": total,
        "file_mb": size_mb,
        "write_seconds": writing[0],
        "probes": [{"statements": n, "max_rss_mb": m, "seconds": s} for n, m, s in points],
        "mb_per_statement_between_probes": slope,
        "peak_mb_linear_from_probes": by_probes,
        "whole_file_run": {
            **asdict(big),
            "samples": [(round(t, 1), round(m, 1)) for t, m in big.samples[::10]],
        },
        "whole_file_growth_mb_per_s_second_half": growth,
        "whole_file_statements_read_by_kill_estimated": None if finished else read_by_kill,
        "whole_file_minutes_extrapolated": seconds_total / 60,
        "peak_mb": peak,
        "peak_extrapolated": not finished,
        "peak_rough": rough,
    }


# Item 6: PostgreSQL --------------------------------------------------------------------------


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def item6_postgres(
    url: str, scale: Scale, imported: Imported, folder: Path, results: Results
) -> None:
    import psycopg

    print("\n[6] bulk import and rebuild on PostgreSQL")
    names = [f"diplo_bench_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    with psycopg.connect(url, autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        postgres_items(with_database(url, names[0]), with_database(url, names[1]), scale,
                       imported, results)  # fmt: skip
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_items(
    product_url: str, raw_url: str, scale: Scale, imported: Imported, results: Results
) -> None:
    import psycopg

    app, projector = open_ledger(product_url)
    fresh_cache()
    record_s = 0.0
    count = 0
    for index, items in enumerate(imported.files):
        if index and record_s / index * (index + 1) * (1 + VIEW_FACTOR) > scale.pg_budget:
            break
        with stopwatch() as recording:
            count += record(app, items)
        record_s += recording[0]
        print(f"  file {index}: record {recording[0]:.1f} s")
    with stopwatch() as viewing:
        events = projector.catch_up()
    with psycopg.connect(product_url) as connection:
        rows = connection.execute(
            "SELECT originator_id, originator_version, topic, state FROM ledger_events "
            "ORDER BY notification_id"
        ).fetchall()
    with psycopg.connect(raw_url) as connection:
        connection.execute(
            "CREATE TABLE raw_events (originator_id uuid NOT NULL, originator_version bigint "
            "NOT NULL, topic text, state bytea, notification_id bigserial, "
            "PRIMARY KEY (originator_id, originator_version))"
        )
        connection.execute("CREATE UNIQUE INDEX ON raw_events (notification_id)")
        connection.commit()
        with stopwatch() as inserting, connection.transaction(), connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO raw_events (originator_id, originator_version, topic, state) "
                "VALUES (%s, %s, %s, %s)",
                rows,
            )
    raw_rate = len(rows) / inserting[0]
    events_only = count / record_s
    with_view = count / (record_s + viewing[0])
    results.add(
        Row(
            "6",
            "bulk import, events only, as diplo import on PostgreSQL",
            events_only,
            "statements/s",
            "psycopg executemany of the same rows",
            raw_rate,
            events_only / raw_rate,
            ">= 20,000 statements/s",
            verdict(events_only >= 20_000),
            f"{count:,} statements ({len(imported.files)} files offered, "
            f"{scale.pg_budget:.0f} s budget); validation not included",
        )
    )
    results.add(
        Row(
            "6",
            "bulk import, record + view (PostgreSQL)",
            with_view,
            "statements/s",
            "psycopg executemany",
            raw_rate,
            with_view / raw_rate,
            ">= 20,000 statements/s",
            verdict(with_view >= 20_000),
            f"view {viewing[0]:.1f} s for {events:,} events",
        )
    )
    fresh_cache()
    with stopwatch() as rebuilding:
        rebuilt = projector.rebuild()
    with psycopg.connect(product_url) as connection, stopwatch() as reading:
        selected = connection.execute(
            "SELECT notification_id, originator_id, originator_version, topic, state "
            "FROM ledger_events ORDER BY notification_id"
        ).fetchall()
        decoded = [orjson.loads(row[4]) for row in selected]
    rate = rebuilt / rebuilding[0]
    raw_select = len(decoded) / reading[0]
    results.add(
        Row(
            "6",
            "rebuild (PostgreSQL)",
            rate,
            "events/s",
            "raw SELECT + orjson.loads",
            raw_select,
            rate / raw_select,
            ">= 0.4 of raw",
            verdict(rate / raw_select >= 0.4),
            f"{rebuilt:,} events in {rebuilding[0]:.1f} s",
        )
    )
    app.close()
    results.items["6_postgres"] = {
        "statements": count,
        "record_seconds": record_s,
        "view_seconds": viewing[0],
        "events_only_statements_per_second": events_only,
        "with_view_statements_per_second": with_view,
        "raw_rows": len(rows),
        "raw_seconds": inserting[0],
        "raw_rows_per_second": raw_rate,
        "rebuild_events": rebuilt,
        "rebuild_seconds": rebuilding[0],
        "rebuild_events_per_second": rate,
        "raw_select_seconds": reading[0],
        "raw_select_rows_per_second": raw_select,
    }


# The table and the run ---------------------------------------------------------------------


def print_table(rows: Sequence[Row]) -> None:
    header = ("#", "figure", "product", "unit", "baseline", "ratio", "target", "verdict")
    lines = [
        (
            row.item,
            row.figure,
            fmt(row.value),
            row.unit,
            f"{fmt(row.baseline_value)} ({row.baseline})" if row.baseline else "",
            f"{row.ratio:.3g}" if row.ratio is not None else "",
            row.target,
            row.verdict,
        )
        for row in rows
    ]
    widths = [max(len(header[i]), *(len(line[i]) for line in lines)) for i in range(len(header))]
    rule = "-+-".join("-" * w for w in widths)
    print("\n" + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print(rule)
    for line in lines:
        print(" | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)))
    print("\nnotes:")
    for row in rows:
        if row.note:
            print(f"  [{row.item}] {row.figure.strip()}: {row.note}")


def machine() -> dict[str, Any]:
    from importlib.metadata import version

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], capture_output=True, text=True, cwd=ROOT, check=False
        ).stdout.strip()

    commit = git("rev-parse", "HEAD")
    changed = git("status", "--porcelain", "--", "ledger", "projections", "diplo").splitlines()
    return {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "eventsourcing": version("eventsourcing"),
        "pydantic": version("pydantic"),
        "git_head": commit,
        "uncommitted_product_changes": changed,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="Scaled down: about a minute.")
    parser.add_argument("--out", default="benchmarks/results/latest.json")
    parser.add_argument("--postgres", default=None, help="postgresql://USER:PASS@HOST:PORT/DB")
    parser.add_argument(
        "--budget-factor", type=float, default=1.0, help="Multiply every time budget by this."
    )
    parser.add_argument("--keep", default=None, help="Keep the databases and files here.")
    args = parser.parse_args(argv)
    base = QUICK if args.quick else FULL
    factor = args.budget_factor
    scale = Scale(
        **{
            **asdict(base),
            "memory_probes": base.memory_probes,
            "import_budget": base.import_budget * factor,
            "naive_budget": base.naive_budget * factor,
            "query_budget": base.query_budget * factor,
            "big_query_budget": base.big_query_budget * factor,
            "memory_budget": base.memory_budget * factor,
            "pg_budget": base.pg_budget * factor,
        }
    )
    started = time.perf_counter()
    info = machine()
    print(
        f"benchmarks ({scale.name}) on {info['nproc']} CPUs, Python {info['python']}, "
        f"product at {info['git_head'][:10]}"
        + (
            f" with uncommitted changes in {len(info['uncommitted_product_changes'])} files"
            if info["uncommitted_product_changes"]
            else ""
        )
    )
    folder = Path(args.keep or tempfile.mkdtemp(prefix="diplo-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = Results()
    try:
        with stopwatch() as generating:
            dataset = list(generate(scale.statements, scale.meetings, random.Random(SEED)))
        kinds = Counter(s["kind"] for s in dataset)
        print(
            f"synthetic ledger: {len(dataset):,} statements over {scale.meetings:,} meetings "
            f"in {generating[0]:.1f} s"
        )
        results.items["dataset"] = {
            "statements": len(dataset),
            "meetings": scale.meetings,
            "seed": SEED,
            "kinds": {k: round(v / len(dataset), 4) for k, v in sorted(kinds.items())},
            "generate_seconds": generating[0],
        }
        imported = item1_import(scale, dataset, folder, results)
        apply_corrections(imported, results)
        item2_rebuild(imported, results)
        item3_queries(scale, imported, folder, results)
        item4_cold_start(scale, imported, results)
        item5_memory(scale, folder, results)
        if args.postgres:
            item6_postgres(args.postgres, scale, imported, folder, results)
        imported.app.close()
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    elapsed = time.perf_counter() - started
    print_table(results.rows)
    print(f"\n{scale.name} run: {elapsed:.0f} s")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "scale": asdict(scale),
        "machine": info,
        "seconds": elapsed,
        "postgres": bool(args.postgres),
        "rows": [asdict(row) for row in results.rows],
        "items": results.items,
    }
    out.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
