"""The harness: time a call (repeat, median), set a figure beside its raw baseline measured in the
same run, and report the figures as a `rich` table and as JSON with the library versions.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Literal

import orjson
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
"""The repository's root: benchmarks run from here, on its own `ledger`, `diplo` packages."""

PACKAGES = (
    "diplomatic-ledger",
    "eventsourcing",
    "pydantic",
    "pydantic-core",
    "orjson",
    "click",
    "rich",
    "edtf",
    "pyyaml",
    "psycopg",
    "psycopg-binary",
    "psycopg-c",
)


@dataclass(frozen=True)
class Timing:
    """Seconds of each run of one measurement."""

    runs: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def measure(call: Callable[[], object], repeat: int) -> Timing:
    """Run `call` `repeat` times (at least once), timing each run."""
    runs = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        call()
        runs.append(time.perf_counter() - started)
    return Timing(tuple(runs))


Comparison = Literal["speed", "time"]
"""How a figure compares to its baseline: `speed` is product rate / raw rate (1 = as fast as
raw, higher is better); `time` is product time / raw time (how many times slower)."""


@dataclass(frozen=True)
class Target:
    """A target of issue 14 or 13: on the ratio (`ratio`) or on the figure's own value."""

    on: Literal["ratio", "value"]
    op: Literal[">=", "<=", "<"]
    limit: float
    text: str

    def met(self, figure: Figure) -> bool | None:
        measured = figure.ratio if self.on == "ratio" else figure.value
        if measured is None:
            return None
        if self.op == ">=":
            return measured >= self.limit
        if self.op == "<=":
            return measured <= self.limit
        return measured < self.limit


@dataclass
class Figure:
    """One line of the report: the product's figure and its raw baseline from the same run."""

    item: str
    name: str
    value: float
    unit: str
    baseline: str = ""
    baseline_value: float | None = None
    comparison: Comparison = "time"
    target: Target | None = None
    note: str = ""
    against: str = "raw"  # how the ratio names the baseline

    @property
    def ratio(self) -> float | None:
        """value / baseline: a rate over the raw rate (`speed`) or a time over the raw time."""
        if not self.baseline_value or not self.value:
            return None
        return self.value / self.baseline_value

    @property
    def verdict(self) -> str:
        met = self.target.met(self) if self.target else None
        return "" if met is None else ("met" if met else "MISSED")

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(ratio=self.ratio, verdict=self.verdict)
        data["target"] = self.target.text if self.target else None
        return data


def ratio_text(figure: Figure) -> str:
    ratio = figure.ratio
    if ratio is None:
        return ""
    if figure.comparison == "speed":
        return f"{ratio:.3g} of {figure.against}"
    return f"{ratio:.3g}x {figure.against}"


def number(value: float | None) -> str:
    if value is None:
        return ""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


@dataclass
class Report:
    """The figures of one run, their details, and where the run happened."""

    mode: str
    console: Console = field(default_factory=lambda: wide_console())
    figures: list[Figure] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        ratio = ratio_text(figure)
        self.console.print(
            f"  [bold]{figure.name}[/]: {number(figure.value)} {figure.unit}"
            + (f" ({ratio})" if ratio else "")
            + (f" [{figure.verdict}]" if figure.verdict else ""),
            highlight=False,
        )

    def table(self) -> Table:
        table = Table(title=f"diplo benchmarks ({self.mode})", show_lines=False)
        for column in ("item", "figure", "value", "baseline (raw, same run)", "ratio", "target"):
            table.add_column(column, overflow="fold")
        table.add_column("verdict")
        for figure in self.figures:
            baseline = (
                f"{number(figure.baseline_value)} {figure.unit} ({figure.baseline})"
                if figure.baseline
                else ""
            )
            style = {"met": "green", "MISSED": "red"}.get(figure.verdict, "")
            table.add_row(
                figure.item,
                figure.name,
                f"{number(figure.value)} {figure.unit}",
                baseline,
                ratio_text(figure),
                figure.target.text if figure.target else "",
                f"[{style}]{figure.verdict}[/]" if style else "",
            )
        return table

    def notes(self) -> Table:
        table = Table(title="notes", show_header=False, box=None)
        table.add_column("figure", style="bold")
        table.add_column("note", overflow="fold")
        for figure in self.figures:
            if figure.note:
                table.add_row(figure.name, figure.note)
        return table

    def write(self, path: Path, run: dict[str, Any]) -> None:
        document = {
            "run": run,
            "figures": [figure.as_json() for figure in self.figures],
            "details": self.details,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")


WIDTH = 150
"""Width of the report when it goes to a file or a pipe (a terminal gives its own)."""


def wide_console() -> Console:
    """A console as wide as the terminal, or WIDTH columns when the output is not one."""
    probe = Console()
    return probe if probe.is_terminal else Console(width=WIDTH)


def environment() -> dict[str, Any]:
    """Where the run happened: the real versions of Python, SQLite and the libraries, the
    commit, the machine and its load (the figures of a loaded machine are not comparable)."""
    versions: dict[str, str | None] = {}
    for package in PACKAGES:
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    try:
        import psycopg

        versions["psycopg implementation"] = psycopg.pq.__impl__
    except ImportError:
        versions["psycopg implementation"] = None
    return {
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "packages": versions,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": list(os.getloadavg()),
        "git_head": _git("rev-parse", "HEAD"),
        "uncommitted": _git("status", "--porcelain", "--", "ledger", "projections", "diplo"),
    }


def _git(*args: str) -> str:
    completed = subprocess.run(
        ["git", *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    return completed.stdout.strip()
