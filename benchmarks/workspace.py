"""What the items share in one run: the sizes, a temporary folder of feeds (JSON Lines files from
the generator) and ledgers (SQLite files imported with `diplo import`), and how to run `diplo`.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from benchmarks import generator
from benchmarks.harness import ROOT, Report, Timing


@dataclass(frozen=True)
class Sizes:
    """How big each item is. FULL is issue 14's; QUICK checks that everything works."""

    name: str
    feed: int  # statements of the round-robin and grouped feeds
    feed_meetings: int
    small_feed: int  # the round-robin feed at a tenth of the size: the linearity point
    big_meeting: int  # statements of the one-meeting feed (5% walk-backs)
    repeat: int  # queries, cold starts and raw baselines
    heavy_repeat: int  # imports and rebuilds, each in a fresh process (imports: a fresh file)
    memory_mb: tuple[float, ...]  # sizes of the JSON Lines files for peak memory
    big_import: int  # statements of the --big import
    postgres: int  # statements of the PostgreSQL import

    @property
    def small_meetings(self) -> int:
        """The small feed keeps the statements-per-meeting of the full feed."""
        return max(1, self.feed_meetings * self.small_feed // self.feed)


FULL = Sizes(
    name="full",
    feed=100_000,
    feed_meetings=10_000,
    small_feed=10_000,
    big_meeting=10_000,
    repeat=5,
    heavy_repeat=1,
    memory_mb=(100, 400),
    big_import=1_000_000,
    postgres=20_000,
)
MEDIUM = Sizes(
    name="medium",
    feed=20_000,
    feed_meetings=4_000,
    small_feed=2_000,
    big_meeting=10_000,
    repeat=3,
    heavy_repeat=1,
    memory_mb=(10,),
    big_import=200_000,
    postgres=20_000,
)
"""A fifth of the feed on a shared machine: more meetings than a 2,000-meeting cache and
spanning catch-up batches, the 10,000-statement meeting of the queries kept whole."""
QUICK = Sizes(
    name="quick",
    feed=600,
    feed_meetings=60,
    small_feed=60,
    big_meeting=200,
    repeat=3,
    heavy_repeat=1,
    memory_mb=(0.2, 0.4),
    big_import=2_000,
    postgres=1_000,
)


@dataclass(frozen=True)
class Feed:
    """A JSON Lines file of a pattern."""

    pattern: str
    statements: int
    meetings: int
    path: Path

    @property
    def first_meeting(self) -> generator.MeetingPlan:
        """The plan of the feed's first meeting (its slug, its days)."""
        count = generator.share(self.statements, self.meetings, 0)
        return generator.meeting_plan(generator.PREFIXES[self.pattern], 0, count)


@dataclass
class Workspace:
    """The run's sizes, folder, report and options, and the feeds and ledgers made so far."""

    sizes: Sizes
    folder: Path
    report: Report
    big: bool = False  # the 1,000,000-statement import of the memory item
    postgres: str | None = None  # the server of the PostgreSQL item
    feeds: dict[tuple[str, int, int], Feed] = field(default_factory=dict)
    ledgers: dict[Path, Path] = field(default_factory=dict)  # feed file -> imported ledger
    counter: int = 0

    def feed(self, pattern: str, statements: int, meetings: int = 1) -> Feed:
        """The feed's file, written once per run."""
        key = (pattern, statements, meetings)
        if key not in self.feeds:
            path = self.folder / f"{pattern}-{statements}-{meetings}.jsonl"
            generator.write_jsonl(path, generator.pattern(pattern, statements, meetings))
            self.feeds[key] = Feed(pattern, statements, meetings, path)
        return self.feeds[key]

    def fresh(self, stem: str, suffix: str = ".sqlite") -> Path:
        """A new path in the folder."""
        self.counter += 1
        return self.folder / f"{stem}-{self.counter}{suffix}"

    def ledger(self, feed: Feed) -> Path:
        """A ledger holding the feed (the one an import item made, else imported now)."""
        if feed.path not in self.ledgers:
            db = self.fresh(feed.path.stem)
            self.diplo(["--db", str(db), "import", str(feed.path)])
            self.ledgers[feed.path] = db
        return self.ledgers[feed.path]

    def diplo(self, args: list[str], repeat: int = 1, profile: Path | None = None) -> Timing:
        """Time a diplo command in a fresh process (`benchmarks.child`): `repeat` runs there."""
        out = self.fresh("child", ".json")
        command = [sys.executable, "-m", "benchmarks.child", "--out", str(out)]
        command += ["--repeat", str(repeat)]
        if profile is not None:
            command += ["--profile", str(profile)]
        run_command(command + ["--", *args])
        return Timing(tuple(orjson.loads(out.read_bytes())["seconds"]))


def run_command(command: list[str]) -> subprocess.CompletedProcess[bytes]:
    """Run a command from the repository's root; a failure stops the benchmark, saying why."""
    completed = subprocess.run(command, capture_output=True, cwd=ROOT, check=False)
    if completed.returncode != 0:
        tail = completed.stderr.decode(errors="replace")[-800:]
        raise SystemExit(f"{' '.join(command)} failed ({completed.returncode}):\n{tail}")
    return completed
