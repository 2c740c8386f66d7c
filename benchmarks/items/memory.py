"""Item `memory` (issue 13): peak RSS of `diplo import` of JSON Lines files of 100 MB and 400 MB,
and with `--big` of a 1,000,000-statement import (round-robin, ten statements a meeting).

The import is the real command in its own process, started by a small launcher whose
`getrusage(RUSAGE_CHILDREN)` gives the peak: not this process's own children, since Linux
counts a vfork()ed child's memory before exec (here: this whole process) in its peak.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import orjson

from benchmarks import generator
from benchmarks.harness import Figure, Target
from benchmarks.workspace import Workspace, run_command

TARGET = Target("value", "<", 250, "< 250 MB")
STATEMENTS_PER_MEETING = 10
SAMPLE = 1_000
"""Statements generated to learn the average length of a line."""
LAUNCHER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:], stdout=subprocess.DEVNULL)\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)


def run(space: Workspace) -> None:
    for megabytes in space.sizes.memory_mb:
        path = space.folder / f"memory-{megabytes:g}mb.jsonl"
        room = int(megabytes * 2**20)
        expected = int(room / average_line())
        stream = generator.round_robin(2 * expected, max(1, expected // STATEMENTS_PER_MEETING))
        count = generator.write_jsonl(path, stream, max_bytes=room)
        add(space, f"a {megabytes:g} MB JSON Lines file ({count:,} statements)", path)
    if space.big:
        count = space.sizes.big_import
        path = space.folder / f"memory-{count}.jsonl"
        stream = generator.round_robin(count, max(1, count // STATEMENTS_PER_MEETING))
        generator.write_jsonl(path, stream)
        size = path.stat().st_size / 2**20
        add(space, f"a {count:,}-statement import ({size:.0f} MB)", path)


def average_line() -> float:
    """Bytes per line of a round-robin feed."""
    sample = generator.round_robin(SAMPLE, SAMPLE // STATEMENTS_PER_MEETING)
    return sum(len(orjson.dumps(item)) + 1 for item in sample) / SAMPLE


def add(space: Workspace, what: str, path: Path) -> None:
    peak_mb, seconds = peak_rss(space, path)
    space.report.add(
        Figure(
            "memory",
            f"peak RSS, diplo import of {what}",
            peak_mb,
            "MB",
            target=TARGET,
            note=f"import took {seconds:.1f} s (start-up included)",
        )
    )
    space.report.details[f"memory {path.name}"] = {"peak_mb": peak_mb, "seconds": seconds}


def peak_rss(space: Workspace, path: Path) -> tuple[float, float]:
    """Peak resident memory (MB) and seconds of `diplo import FILE` into a fresh ledger."""
    out = space.fresh("maxrss", ".txt")
    db = space.fresh(path.stem)
    command = [sys.executable, "-c", LAUNCHER, str(out)]
    command += [sys.executable, "-m", "diplo", "--db", str(db), "import", str(path)]
    started = time.perf_counter()
    run_command(command)
    seconds = time.perf_counter() - started
    return int(out.read_text()) / 1024, seconds
