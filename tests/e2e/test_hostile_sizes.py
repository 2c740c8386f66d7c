"""Issue 13, item 13: bounded resources. A YAML file is measured by a streaming pre-scan before
anything is built (a hostile one is refused in about a second); a large import is sent to JSON
Lines, which is read a line at a time in memory that does not grow with the file."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import Diplo, statement
from tests.e2e.test_hostile_inputs import assert_refused

NODES_MESSAGE = (
    "not valid YAML: more than 250000 YAML nodes: write an import this large as JSON Lines "
    "(one statement a line), which is read a line at a time"
)


def test_a_4_mb_yaml_list_of_zeros_is_refused_in_under_two_seconds(
    diplo: Diplo, tmp_path: Path
) -> None:
    path = tmp_path / "zeros.yaml"
    path.write_bytes(b"statements: [" + b"0," * (2 * 1024 * 1024) + b"0]\n")
    assert path.stat().st_size > 4_000_000
    started = time.process_time()  # this process's own time: the tests share the machine
    assert_refused(diplo, ["import", str(path)], f"{path}: {NODES_MESSAGE}")
    assert time.process_time() - started < 2.0


def test_a_yaml_file_of_100_000_statements_is_sent_to_json_lines_at_once(
    diplo: Diplo, tmp_path: Path
) -> None:
    path = tmp_path / "many.yaml"
    one = "\n".join(
        [
            "  - meeting: trump-putin-paris-2018",
            "    kind: announced",
            "    speaker: John Bolton",
            "    side: US",
            "    said_on: 2018-10-23",
            "    quote: President Trump would look forward to meeting with him in Paris",
            "    parties: [US, RU]",
            "    source: {outlet: The Hill, published: 2018-10-23}",
            "",
        ]
    )
    path.write_text("statements:\n" + one * 100_000, encoding="utf-8")
    assert path.stat().st_size > 13_000_000
    started = time.process_time()  # (as above)
    assert_refused(diplo, ["import", str(path)], f"{path}: {NODES_MESSAGE}")
    assert time.process_time() - started < 5.0


def test_a_yaml_file_within_the_limits_still_imports(diplo: Diplo, tmp_path: Path) -> None:
    path = tmp_path / "thousand.yaml"
    rows = [statement(id=f"s{i}", quote=f"words {i}") for i in range(1_000)]
    path.write_text(json.dumps({"statements": rows}), encoding="utf-8")  # JSON is YAML
    assert diplo.ok("import", str(path)).output == f"{path}: 1000 new, 0 already present\n"


def test_deep_yaml_nesting_is_refused_by_the_pre_scan(diplo: Diplo, tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_bytes(b"statements: " + b"[" * 65 + b"]" * 65 + b"\n")
    assert_refused(diplo, ["import", str(path)], "not valid YAML: nested deeper than 64 levels")


def peak_rss_mb(db: str, path: Path, summaries_mb: int | None = None) -> float:
    """Peak resident memory (MB) of `diplo import PATH` in its own process, read by a launcher
    (getrusage of its one child), with the import's memory for meeting summaries set to
    `summaries_mb` (ledger.work.SUMMARY_BUDGET) if given."""
    budget = (
        "import sys, ledger.work as work, diplo.cli as cli\n"
        f"work.SUMMARY_BUDGET = {summaries_mb} * 2**20\n"
        if summaries_mb is not None
        else "import sys, diplo.cli as cli\n"
    ) + ("sys.argv[0] = 'diplo'\ncli.main()\n")
    launcher = (
        "import resource, subprocess, sys\n"
        "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(code)\n"
    )
    command = [sys.executable, "-c", launcher, sys.executable, "-c", budget, "--db", db]
    done = subprocess.run([*command, "import", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return int(done.stdout) / 1024


def feed(path: Path, statements: int) -> Path:
    """`statements` statements, each about its own meeting, as JSON Lines."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(statements):
            row = statement(meeting=f"meeting-{i:06d}", quote=f"statement {i} " + "words " * 40)
            out.write(json.dumps(row) + "\n")
    return path


def test_json_lines_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    # Both files are past every bounded buffer: the summaries of the meetings an import has
    # touched (here 8 MB, about 6,000 of these one-statement meetings), the cache of 2,000 full
    # meetings, and the view's catch-up after the import, which holds up to two batches of
    # 10,000 events at a time (the one being written and the next one read). What is left to
    # grow would be kept per statement.
    small = peak_rss_mb(str(tmp_path / "a.sqlite"), feed(tmp_path / "small.jsonl", 22_000), 8)
    large = peak_rss_mb(str(tmp_path / "b.sqlite"), feed(tmp_path / "large.jsonl", 33_000), 8)
    assert large < 250
    assert large - small < 10, (small, large)  # half as much again, the same memory
    # With the default budget (64 MB) every one of the 33,000 meetings keeps its summary.
    default = peak_rss_mb(str(tmp_path / "c.sqlite"), tmp_path / "large.jsonl")
    assert default < 250, default
