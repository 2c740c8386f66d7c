"""The benchmarks of issues 14 and 13: each figure of `diplo` beside a raw baseline measured in
the same run, as a ratio.

    python -m benchmarks.run [--quick] [--big] [--postgres URL] [--only ITEM ...] [--keep DIR]

Run from the repository's root. Prints a table and writes benchmarks/results/latest.json.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.harness import ROOT, Report, environment
from benchmarks.items import imports, memory, postgres, queries, rebuild, startup
from benchmarks.workspace import FULL, MEDIUM, QUICK, Workspace

ITEMS: dict[str, Callable[[Workspace], None]] = {
    "import": imports.run,
    "rebuild": rebuild.run,
    "queries": queries.run,
    "start-up": startup.run,
    "memory": memory.run,
    "postgres": postgres.run,
}
OUT = ROOT / "benchmarks" / "results" / "latest.json"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="Small sizes: checks it all works.")
    parser.add_argument("--medium", action="store_true", help="A fifth of the sizes.")
    parser.add_argument("--big", action="store_true", help="Add the 1M-statement memory import.")
    parser.add_argument("--postgres", metavar="URL", help="Add the PostgreSQL item on this server.")
    parser.add_argument("--only", action="append", choices=list(ITEMS), help="Only these items.")
    parser.add_argument("--out", type=Path, default=OUT, help="Where the JSON goes.")
    parser.add_argument("--keep", type=Path, help="Keep the feeds and ledgers in this folder.")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else MEDIUM if args.medium else FULL
    report = Report(sizes.name)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="diplo-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    space = Workspace(sizes, folder, report, big=args.big, postgres=args.postgres)
    run = environment()
    report.console.print(
        f"diplo benchmarks ({sizes.name}), Python {run['python']}, SQLite {run['sqlite']}, "
        f"{run['cpus']} CPUs, load {run['load_average'][0]:.1f}",
        highlight=False,
    )
    chosen = [
        name for name in args.only or ITEMS if name != "postgres" or args.postgres
    ]  # the PostgreSQL item only with --postgres URL
    started = time.perf_counter()
    failed: dict[str, str] = {}
    try:
        for name in chosen:
            report.console.rule(name)
            item_started = time.perf_counter()
            try:
                ITEMS[name](space)
            except (SystemExit, Exception) as error:  # one failed item: report it, go on
                failed[name] = f"{type(error).__name__}: {error}"
                report.console.print(f"  [red]failed[/]: {failed[name]}", highlight=False)
            report.console.print(f"  ({time.perf_counter() - item_started:.0f} s)")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    run.update(
        mode=sizes.name,
        seconds=time.perf_counter() - started,
        load_average_after=list(os.getloadavg()),
        items=chosen,
        failed=failed,
    )
    report.console.print(report.table())
    report.console.print(report.notes())
    report.write(args.out, run)
    report.console.print(f"{run['seconds']:.0f} s; written to {args.out}")
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
