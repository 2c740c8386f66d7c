"""`diplo site` stopped while its drawing processes work leaves no process and no site behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import Diplo, statement
from tests.e2e.test_new_ledger_file import jsonl

MEETINGS = 40
"""Enough meetings for two drawing processes (one is started for each 16)."""


def marked_processes(mark: str) -> list[int]:
    """The processes whose environment holds `mark` (a command's and those it started)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and mark.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue  # ended meanwhile, or not ours to read
    return found


@pytest.mark.parametrize(
    ("how", "twice"),
    [(signal.SIGTERM, False), (signal.SIGKILL, False), (signal.SIGTERM, True)],
    ids=["SIGTERM", "SIGKILL", "SIGTERM-twice"],
)
def test_a_site_stopped_while_drawing_leaves_no_process(
    tmp_path: Path, how: int, twice: bool
) -> None:
    ledger = str(tmp_path / "ledger.sqlite")
    told = [statement(id=f"s{n}", meeting=f"meeting-{n:02d}-2018") for n in range(MEETINGS)]
    Diplo(ledger, CliRunner()).ok("import", jsonl(tmp_path / "feed.jsonl", *told))
    mark = f"DIPLO_TEST_MARK={uuid.uuid4()}"
    command = [sys.executable, "-m", "diplo", "--db", ledger, "site", str(tmp_path / "public")]
    site = subprocess.Popen(
        [*command, "--jobs", "2"],
        env={**os.environ, mark.split("=")[0]: mark.split("=")[1]},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while len(marked_processes(mark)) < 3 and time.monotonic() < deadline:
        time.sleep(0.1)  # until both drawing processes run beside the command
    assert len(marked_processes(mark)) >= 3
    site.send_signal(how)
    if twice:  # a second stop while the drawing processes end: at once, not hanging
        time.sleep(0.2)
        site.send_signal(how)
    site.wait(timeout=30)
    assert site.returncode == (143 if how == signal.SIGTERM else -signal.SIGKILL)
    deadline = time.monotonic() + 10
    while marked_processes(mark) and time.monotonic() < deadline:
        time.sleep(0.1)  # a drawing process notices its parent's end within a second
    assert marked_processes(mark) == []
    if how == signal.SIGTERM:  # ended as by Ctrl-C (or at once): the half-written site is gone
        left = sorted(path.name for path in tmp_path.iterdir())
        if twice:  # (ended at once, the ledger's connection was not closed: SQLite's WAL files)
            left = [name for name in left if not name.endswith(("-wal", "-shm"))]
        assert left == ["feed.jsonl", "ledger.sqlite"]


def test_a_site_stopped_before_it_draws_leaves_the_old_site_as_it_was(tmp_path: Path) -> None:
    # One process (--jobs 1): stopped as soon as the new site is begun beside the old one.
    ledger = str(tmp_path / "ledger.sqlite")
    told = [statement(id=f"s{n}", meeting=f"meeting-{n:02d}-2018") for n in range(3)]
    Diplo(ledger, CliRunner()).ok("import", jsonl(tmp_path / "feed.jsonl", *told))
    public = tmp_path / "public"
    public.mkdir()
    (public / ".diplo-site").write_text("Written by `diplo site`.\n")
    (public / "index.html").write_text("the old site")
    command = [sys.executable, "-m", "diplo", "--db", ledger, "site", str(public), "--jobs", "1"]
    site = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".public.new-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    site.send_signal(signal.SIGTERM)
    site.wait(timeout=30)
    assert site.returncode == 143
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.jsonl", "ledger.sqlite", "public"]
    assert (public / "index.html").read_text() == "the old site"
