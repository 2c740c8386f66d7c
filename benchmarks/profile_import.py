"""Profile the product's bulk import (and rebuild) with cProfile.

    python -m benchmarks.profile_import [--statements 20000] [--file-size 10000] [--no-rebuild]

The import is the product's own command, run in-process: `diplo --db FILE import a.jsonl
b.jsonl ...` (`diplo.cli.main`), whatever its code path is today (reading, validation,
`Ledger.record`, the view's catch-up); then `diplo rebuild`. The statements are the
deterministic synthetic ledger of `benchmarks.run` (seed 2026), written to JSON Lines files of
`--file-size` statements. For each part it prints the top 25 functions by cumulative and by
total time, the cumulative time of the product's main steps, and the total time grouped by where
it is spent (EDTF parsing, Pydantic, SQLite...). cProfile inflates code made of many small
calls (the EDTF grammar above all), so pass 2 runs the same without the profiler and times only
the EDTF parser, and pass 3 (a what-if, not the product) shows what remains once ISO days,
months, day intervals, uncertain days (2018-11-11?) and seasons (2018-23) no longer go through the
EDTF grammar.

The product's date-parsing cache (`ledger.dates.date_bounds`) is cleared before each part, as
in a fresh `diplo` process.
"""

from __future__ import annotations

import argparse
import calendar
import cProfile
import functools
import io
import itertools
import pstats
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import orjson

import ledger.dates
from benchmarks.synthetic import generate
from diplo.cli import main as main_command

SEED = 2026

# Where time goes, by the file a function lives in (first match wins).
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("pyparsing", "EDTF parsing (edtf + pyparsing)"),
    ("/edtf/", "EDTF parsing (edtf + pyparsing)"),
    ("langcodes", "language tags (langcodes)"),
    ("iso3166", "country codes (iso3166)"),
    ("pydantic", "Pydantic (validate / dump)"),
    ("orjson", "orjson"),
    ("sqlite3", "SQLite (sqlite3 module)"),
    ("psycopg", "PostgreSQL driver"),
    ("eventsourcing", "eventsourcing library"),
    ("projections/fold.py", "projections/fold.py (the fold)"),
    ("projections/view.py", "projections/view.py"),
    ("ledger/statement.py", "ledger/statement.py"),
    ("ledger/meeting.py", "ledger/meeting.py"),
    ("ledger/persistence.py", "ledger/persistence.py (mapper)"),
    ("ledger/importer.py", "ledger/importer.py (reading)"),
    ("ledger/dates.py", "ledger/dates.py"),
    ("ledger/", "ledger/ (other)"),
    ("json/", "json (stdlib)"),
    ("hashlib", "hashlib"),
    ("uuid", "uuid (stdlib)"),
    ("dataclasses", "dataclasses (replace)"),
)
BUILTIN_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("sqlite3.Cursor", "SQLite (sqlite3 module)"),
    ("sqlite3.Connection", "SQLite (sqlite3 module)"),
    ("pydantic_core", "Pydantic (validate / dump)"),
    ("orjson", "orjson"),
    ("_hashlib", "hashlib"),
    ("_json", "json (stdlib)"),
)


def category(filename: str, name: str) -> str:
    if filename == "~":
        for marker, label in BUILTIN_CATEGORIES:
            if marker in name:
                return label
        return "builtins (other)"
    for marker, label in CATEGORIES:
        if marker in filename:
            return label
    return "other Python"


def write_files(folder: Path, statements: int, file_size: int) -> list[str]:
    """The synthetic statements as JSON Lines files of `file_size` lines, streamed."""
    stream = generate(statements, max(1, statements // 10), random.Random(SEED))
    names: list[str] = []
    for number in range(0, statements, file_size):
        names.append(str(folder / f"part-{number // file_size:03d}.jsonl"))
        with Path(names[-1]).open("wb") as handle:
            for statement in itertools.islice(stream, file_size):
                handle.write(orjson.dumps(statement) + b"\n")
    return names


def profiled(label: str, work: Callable[[], object]) -> pstats.Stats:
    clear_date_cache()
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    work()
    profile.disable()
    print(f"\n=== {label}: {time.perf_counter() - started:.1f} s under cProfile ===")
    return pstats.Stats(profile)


def report(stats: pstats.Stats, top: int) -> None:
    for key in ("cumulative", "tottime"):
        out = io.StringIO()
        stats.stream = out  # type: ignore[attr-defined]
        stats.sort_stats(key).print_stats(top)
        text = out.getvalue()
        start = text.find("   ncalls")
        print(f"\n--- top {top} by {key} ---")
        print(text[start:] if start >= 0 else text)
    by_category: dict[str, float] = defaultdict(float)
    raw = stats.stats  # type: ignore[attr-defined]
    total = 0.0
    for (filename, _, name), (_, _, tottime, _, callers) in raw.items():
        total += tottime
        if filename != "~" or not callers:
            by_category[category(filename, name)] += tottime
            continue
        # A C function (dict.get, isinstance...): its time goes to its callers' categories,
        # in proportion to the time it spent for each.
        shares = {caller: edge[2] for caller, edge in callers.items()}
        whole = sum(shares.values()) or 1.0
        for (caller_file, _, caller_name), part in shares.items():
            label = category(filename, name)
            if caller_file != "~" and label == "builtins (other)":
                label = category(caller_file, caller_name)
            by_category[label] += tottime * part / whole
    print("--- total (own) time by where it is spent ---")
    for label, seconds in sorted(by_category.items(), key=lambda kv: -kv[1]):
        print(f"  {label:<36} {seconds:8.2f} s  {100 * seconds / total:5.1f} %")


DATES: Any = ledger.dates
EDTF_NAMES = ("_parse_edtf", "parse_edtf")
"""Where `ledger.dates` keeps the EDTF parser it calls on a cache miss (the name has changed)."""


def clear_date_cache() -> None:
    cache = getattr(DATES.date_bounds, "cache_clear", None)
    if cache is not None:
        cache()
    ORIGINAL_DATE_BOUNDS.cache_clear()
    FAST_DATE_BOUNDS.cache_clear()


class EdtfTimer:
    """Instrumentation for the unprofiled pass: time spent in the EDTF parser that
    `ledger.dates.date_bounds` calls on a cache miss (two clock reads per call)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self.name = next((n for n in EDTF_NAMES if hasattr(DATES, n)), "")
        self.original: Callable[[str], Any] | None = getattr(DATES, self.name, None)

    def __call__(self, text: str) -> Any:
        assert self.original is not None
        started = time.perf_counter()
        try:
            return self.original(text)
        finally:
            self.seconds += time.perf_counter() - started
            self.calls += 1

    def install(self) -> bool:
        if self.original is None:
            return False
        setattr(DATES, self.name, self)
        return True

    def remove(self) -> None:
        if self.original is not None:
            setattr(DATES, self.name, self.original)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


_SEASONS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 12)}  # as the edtf library bounds them


def _fast_bounds(text: str) -> tuple[date, date]:
    """What-if only: ISO days, months, day intervals, uncertain/approximate days and months
    (a trailing ?, ~ or %) and seasons (YYYY-21..24), without the EDTF grammar."""
    plain = text[:-1] if text[-1:] in ("?", "~", "%") else text
    try:
        if len(plain) == 10 and _ISO_DAY.fullmatch(plain):
            day = date.fromisoformat(plain)
            return day, day
        if len(plain) == 7 and _ISO_MONTH.fullmatch(plain):
            year, month = int(plain[:4]), int(plain[5:])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if len(text) == 7 and text[:4].isdigit() and text[4] == "-" and text[5:].isdigit():
            year, season = int(text[:4]), int(text[5:])
            if season in _SEASONS:
                first, last = _SEASONS[season]
                end = calendar.monthrange(year, last)[1]
                return date(year, first, 1), date(year, last, end)
        if len(text) == 21 and text[10] == "/":
            first_day, last_day = text[:10], text[11:]
            if _ISO_DAY.fullmatch(first_day) and _ISO_DAY.fullmatch(last_day):
                return date.fromisoformat(first_day), date.fromisoformat(last_day)
    except ValueError:
        pass
    bounds: tuple[date, date] = ORIGINAL_DATE_BOUNDS(text)
    return bounds


ORIGINAL_DATE_BOUNDS = DATES.date_bounds
FAST_DATE_BOUNDS = functools.lru_cache(maxsize=None)(_fast_bounds)


def fast_dates(enabled: bool) -> None:
    """What-if only (never the product's behaviour): swap in `_fast_bounds` wherever a module
    of the product holds `date_bounds`, to see what the rest of the import costs."""
    old, new = (
        (ORIGINAL_DATE_BOUNDS, FAST_DATE_BOUNDS)
        if enabled
        else (
            FAST_DATE_BOUNDS,
            ORIGINAL_DATE_BOUNDS,
        )
    )
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in ("ledger", "projections", "diplo") and (
            getattr(module, "date_bounds", None) is old
        ):
            module.date_bounds = new  # type: ignore[attr-defined]


def diplo(*args: str) -> None:
    """`diplo ARGS`, run in-process as the product runs it (its output goes to stdout)."""
    main_command.main(list(args), prog_name="diplo", standalone_mode=False)


KEY_STEPS: tuple[tuple[str, str, str], ...] = (
    ("ledger/cli.py", "import_", "diplo import (whole command)"),
    ("ledger/importer.py", "_statement", "importer: StatementInput validation"),
    ("ledger/importer.py", "_jsonl_statements", "importer: reading JSON Lines (incl. validation)"),
    ("ledger/application.py", "record", "Ledger.record (decide + save)"),
    ("ledger/statement.py", "record_statement", "  record_statement (Statement validation)"),
    ("ledger/meeting.py", "record", "  Meeting.record"),
    ("ledger/meeting.py", "_trigger", "  Meeting._trigger (event + hash)"),
    ("ledger/persistence.py", "to_stored_event", "  mapper.to_stored_event"),
    ("projections/view.py", "catch_up", "Projector.catch_up (the view)"),
    ("projections/view.py", "rebuild", "Projector.rebuild"),
    ("ledger/persistence.py", "to_domain_event", "  mapper.to_domain_event (decode)"),
    ("projections/fold.py", "current_state", "  fold: current_state"),
    ("projections/fold.py", "fold", "  fold: fold"),
    ("ledger/dates.py", "date_bounds", "ledger.dates.date_bounds (all callers)"),
)


def key_steps(stats: pstats.Stats) -> None:
    raw = stats.stats  # type: ignore[attr-defined]
    total = max((entry[3] for entry in raw.values()), default=0.0) or 1.0
    print("--- the product's main steps (cumulative, under cProfile) ---")
    for suffix, function, label in KEY_STEPS:
        cumulative = sum(
            entry[3]
            for (filename, _, name), entry in raw.items()
            if name == function and filename.endswith(suffix)
        )
        if cumulative:
            print(f"  {label:<48} {cumulative:8.2f} s  {100 * cumulative / total:5.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=20_000)
    parser.add_argument("--file-size", type=int, default=10_000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--no-rebuild", action="store_true")
    parser.add_argument("--no-unprofiled", action="store_true", help="Skip pass 2.")
    parser.add_argument("--no-what-if", action="store_true", help="Skip pass 3.")
    parser.add_argument("--save", default=None, help="Also write the raw profiles here (prefix).")
    args = parser.parse_args()
    count = args.statements

    with tempfile.TemporaryDirectory(prefix="diplo-profile-") as folder:
        files = write_files(Path(folder), count, args.file_size)
        print(f"{count} statements in {len(files)} JSON Lines files of {args.file_size}")

        def parts(db: Path) -> list[tuple[str, Callable[[], object]]]:
            made: list[tuple[str, Callable[[], object]]] = [
                ("import", lambda: diplo("--db", str(db), "import", *files))
            ]
            if not args.no_rebuild:
                made.append(("rebuild", lambda: diplo("--db", str(db), "rebuild")))
            return made

        print("\n##### Pass 1: the product as it is, under cProfile #####")
        for label, work in parts(Path(folder) / "pass1.sqlite"):
            stats = profiled(label, work)
            key_steps(stats)
            report(stats, args.top)
            if args.save:
                stats.dump_stats(f"{args.save}-{label}.pstats")

        if not args.no_unprofiled:
            print(
                "\n##### Pass 2: the product as it is, no profiler; time in the EDTF parser #####"
            )
            timer = EdtfTimer()
            installed = timer.install()
            try:
                for label, work in parts(Path(folder) / "pass2.sqlite"):
                    clear_date_cache()
                    timer.seconds, timer.calls = 0.0, 0
                    started = time.perf_counter()
                    work()
                    wall = time.perf_counter() - started
                    line = f"{label}: {wall:.1f} s wall ({count / wall:.0f} statements/s)"
                    if installed:
                        share = 100 * timer.seconds / wall
                        each = 1000 * timer.seconds / max(timer.calls, 1)
                        line += (
                            f"; EDTF parser ledger.dates.{timer.name} {timer.seconds:.1f} s = "
                            f"{share:.0f} % ({timer.calls} parses, {each:.2f} ms each)"
                        )
                    print(line)
            finally:
                timer.remove()

        if not args.no_what_if:
            print("\n##### Pass 3: what-if, the remaining EDTF forms parsed directly #####")
            print("(not the product: shows where the rest of the time goes once dates are cheap)")
            fast_dates(True)
            try:
                for label, work in parts(Path(folder) / "pass3.sqlite"):
                    clear_date_cache()
                    started = time.perf_counter()
                    work()
                    wall = time.perf_counter() - started
                    print(f"{label} without profiler: {wall:.1f} s ({count / wall:.0f} per s)")
                for label, work in parts(Path(folder) / "pass3b.sqlite"):
                    stats = profiled(f"{label} (what-if)", work)
                    key_steps(stats)
                    report(stats, args.top)
            finally:
                fast_dates(False)


if __name__ == "__main__":
    main()
