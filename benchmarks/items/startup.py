"""Item `start-up`: a cold `diplo status X --json` (and `diplo --version`) as a subprocess,
against `python -c 'import sqlite3'`, the median of several runs each; and what `python -X
importtime` says the status command imports, summed by top-level package.

The runs are made with Python free to write its bytecode cache (PYTHONDONTWRITEBYTECODE left
out of their environment), so that the warm-up round caches the project's bytecode as a user's
first run or `pip install` does: otherwise every run would compile the project's modules from
source, while the baseline's `sqlite3` is always precompiled."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from rich.table import Table

from benchmarks.harness import ROOT, Figure, Target, Timing
from benchmarks.workspace import Workspace

TARGET = Target("ratio", "<=", 4, "<= 4x raw")
BASELINE = "python -c 'import sqlite3'"
SHOWN = 10


def run(space: Workspace) -> None:
    sizes = space.sizes
    feed = space.feed("round-robin", sizes.feed, sizes.feed_meetings)
    db = str(space.ledger(feed))
    diplo = [sys.executable, "-m", "diplo"]
    status = [*diplo, "--db", db, "status", feed.first_meeting.slug, "--json"]
    commands = {
        "status": status,
        "version": [*diplo, "--version"],
        "minimal": [sys.executable, "-c", "import sqlite3"],
    }
    times = cold_runs(commands, sizes.repeat)
    for name, key, target in (
        ("cold diplo status X --json", "status", TARGET),
        ("cold diplo --version", "version", None),
    ):
        space.report.add(
            Figure(
                "start-up",
                name,
                1000 * times[key].median,
                "ms",
                BASELINE,
                1000 * times["minimal"].median,
                "time",
                target,
                note=f"subprocess, median of {sizes.repeat} runs (python -m diplo)",
            )
        )
    packages = import_times(status)
    space.report.console.print("  python -X importtime of diplo status X --json, by package:")
    table = Table()
    table.add_column("package")
    table.add_column("ms", justify="right")
    for package, ms in packages[:SHOWN]:
        table.add_row(package, f"{ms:.1f}")
    space.report.console.print(table)
    space.report.details["start-up"] = {
        "runs_seconds": {name: timing.runs for name, timing in times.items()},
        "import_ms_by_package": dict(packages),
    }


def cold_runs(commands: dict[str, list[str]], repeat: int) -> dict[str, Timing]:
    """Each command `repeat` times, interleaved, after one run each to warm the page cache."""
    runs: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(max(1, repeat) + 1):
        for name, command in commands.items():
            started = time.perf_counter()
            quiet(command)
            if round_:
                runs[name].append(time.perf_counter() - started)
    return {name: Timing(tuple(values)) for name, values in runs.items()}


def quiet(command: list[str]) -> str:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # see the module's docstring
    completed = subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, env=env, check=False
    )
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {completed.stderr[-500:]}")
    return completed.stderr


def import_times(command: list[str]) -> list[tuple[str, float]]:
    """Milliseconds of import per top-level package (the sum of its modules' own times),
    heaviest first."""
    stderr = quiet([command[0], "-X", "importtime", *command[1:]])
    by_package: dict[str, float] = {}
    for line in stderr.splitlines():
        # import time: self [us] | cumulative | imported package
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue
        package = parts[2].strip().split(".")[0]
        by_package[package] = by_package.get(package, 0.0) + int(parts[0]) / 1000
    return sorted(by_package.items(), key=lambda item: -item[1])
