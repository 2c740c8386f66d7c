"""Ctrl-C (or SIGTERM) that comes once a file's statements are committed, while the view is
brought up to date: the command says what it recorded and that the view is behind, imports no
further file, and exits 130 (143), never "Aborted!" as if nothing had been written."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import statement

INTERRUPTED = """
import os, signal, sys
from projections.view import Projector

catch_up = Projector.catch_up_or_explain

def interrupted(self):
    os.kill(os.getpid(), int(os.environ["STOP_WITH"]))  # as the view starts to catch up
    return catch_up(self)

Projector.catch_up_or_explain = interrupted
from diplo.cli import main
main(sys.argv[1:], prog_name="diplo")
"""


@pytest.mark.parametrize(("stop", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_stop_while_the_view_catches_up_reports_the_statements_recorded(
    tmp_path: Path, stop: signal.Signals, status: int
) -> None:
    db = str(tmp_path / "ledger.sqlite")
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(
        json.dumps(statement(id="us")) + "\n"
        + json.dumps(statement(id="ru", kind="confirmed", side="RU")) + "\n"
    )  # fmt: skip
    second.write_text(json.dumps(statement(id="us-2", kind="confirmed")) + "\n")
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED, "--db", db, "import", str(first), str(second)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "STOP_WITH": str(int(stop))},
    )
    assert done.returncode == status, done.stderr
    assert done.stdout == (
        f"{first}: 2 new, 0 already present\n"
        f"{second}: skipped: interrupted before it was begun\n"
        "total: 2 files, 2 new, 0 already present, 1 skipped, 0 failed\n"
    )
    assert done.stderr == (
        "2 recorded; interrupted before the view was brought up to date: run `diplo project`\n"
    )
    listed = subprocess.run(
        [sys.executable, "-m", "diplo", "--db", db, "history", "trump-putin-paris-2018", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert [step["id"] for step in json.loads(listed.stdout)] == ["us", "ru"]
