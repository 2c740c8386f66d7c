"""Where `diplo import` (and `diplo rebuild`) spend their time: cProfile of the real commands.

    python -m benchmarks.profile [--pattern round-robin] [--statements 10000] [--meetings 1000]
                                 [--top 25] [--keep DIR]

The feed comes from `benchmarks.generator`; the commands run in a fresh process each
(`benchmarks.child --profile`), and the top functions by cumulative and by own time are printed.
"""

from __future__ import annotations

import argparse
import io
import pstats
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.generator import PREFIXES
from benchmarks.harness import Report
from benchmarks.workspace import QUICK, Workspace


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("--pattern", choices=list(PREFIXES), default="round-robin")
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--meetings", type=int, default=1_000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--keep", type=Path, help="Keep the feed, ledger and profiles here.")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="diplo-profile-"))
    folder.mkdir(parents=True, exist_ok=True)
    space = Workspace(QUICK, folder, Report("profile"))
    try:
        feed = space.feed(args.pattern, args.statements, args.meetings)
        db = space.fresh("profiled")
        for name, command in (
            ("import", ["--db", str(db), "import", str(feed.path)]),
            ("rebuild", ["--db", str(db), "rebuild"]),
        ):
            stats_file = folder / f"{name}.pstats"
            seconds = space.diplo(command, profile=stats_file).median
            space.report.console.rule(f"diplo {name}: {seconds:.2f} s under cProfile")
            for order in ("cumulative", "tottime"):
                text = io.StringIO()
                stats = pstats.Stats(str(stats_file), stream=text)
                stats.strip_dirs().sort_stats(order).print_stats(args.top)
                space.report.console.print(text.getvalue(), highlight=False, markup=False)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
