"""PostgreSQL for shared use: URLs and PG* variables, no password in output, copy, follow."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplo.cli import main
from tests.conftest import Diplo
from tests.pg_server import PASSWORD, USER, Cluster


def seeded_sqlite(tmp_path: Path) -> Diplo:
    diplo = Diplo(str(tmp_path / "original.sqlite"), CliRunner())
    diplo.import_seed()
    diplo.ok("correct", "hill-bolton-paris-yes", "--said-on", "2018-10-22", "--reason", "test")
    return diplo


def snapshot(diplo: Diplo) -> tuple[object, ...]:
    meetings = diplo.json("meetings")
    histories = {m["meeting"]: diplo.json("history", m["meeting"]) for m in meetings}
    rows = [(version, topic, state) for _, version, topic, state in diplo.stored_events()]
    return meetings, histories, rows


def test_a_copy_from_sqlite_to_postgresql_and_back_is_the_same_ledger(
    tmp_path: Path, pg_cluster: Cluster
) -> None:
    original = seeded_sqlite(tmp_path)
    shared = Diplo(pg_cluster.create_database(), CliRunner())
    back = Diplo(str(tmp_path / "back.sqlite"), CliRunner())
    there = shared.runner.invoke(main, ["copy", "--from", original.db, "--to", shared.db])
    assert there.exit_code == 0, there.output
    assert there.output.startswith("copied 35 events to postgresql://diplo@127.0.0.1:")
    assert there.output.strip().endswith("; 0 already present")
    again = shared.runner.invoke(main, ["copy", "--from", original.db, "--to", shared.db])
    assert "copied 0 events" in again.output and "35 already present" in again.output
    home = back.runner.invoke(main, ["copy", "--from", shared.db, "--to", back.db])
    assert home.exit_code == 0, home.output
    assert snapshot(original) == snapshot(shared) == snapshot(back)
    assert PASSWORD not in there.output + again.output + home.output


def test_the_password_never_appears_in_output_or_errors(
    pg_cluster: Cluster, write_yaml: Callable[..., str]
) -> None:
    url = pg_cluster.create_database()
    runner = CliRunner()
    outputs = []
    for args in (
        ["meetings"],
        ["status", "nope"],
        ["import", write_yaml([{"kind": "x"}])],
        ["rebuild"],
        ["project"],
    ):
        outputs.append(runner.invoke(main, ["--db", url, *args]).output)
    wrong_db = url.rsplit("/", 1)[0] + "/no_such_database"
    failed = runner.invoke(main, ["--db", wrong_db, "meetings"])
    assert failed.exit_code == 1
    assert failed.output.startswith("Error: ")
    assert "Traceback" not in failed.output
    outputs.append(failed.output)
    wrong_password = url.replace(PASSWORD, PASSWORD + "x")
    refused = runner.invoke(main, ["--db", wrong_password, "meetings"])
    assert refused.exit_code == 1
    outputs.append(refused.output)
    for output in outputs:
        assert PASSWORD not in output
        assert PASSWORD + "x" not in output


def test_parts_the_url_leaves_out_come_from_the_pg_variables(
    pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    dbname = pg_cluster.create_database().rsplit("/", 1)[1]
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    monkeypatch.setenv("PGPORT", str(pg_cluster.port))
    monkeypatch.setenv("PGUSER", USER)
    monkeypatch.setenv("PGDATABASE", dbname)
    result = CliRunner().invoke(main, ["--db", "postgresql://127.0.0.1", "meetings", "--json"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "[]"


def test_project_follow_keeps_the_view_current_while_others_append(
    pg_cluster: Cluster, write_yaml: Callable[..., str]
) -> None:
    url = pg_cluster.create_database()
    follower = subprocess.Popen(  # the URL in the environment: `ps` shows no password
        [sys.executable, "-m", "diplo", "project", "--follow", "--poll", "0.1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "DIPLO_DB": url},
    )
    try:
        from tests.conftest import statement

        result = CliRunner().invoke(main, ["--db", url, "import", write_yaml([statement(id="f1")])])
        assert result.exit_code == 0, result.output
        diplo = Diplo(url, CliRunner())
        app = diplo.ledger()
        try:
            from projections.queries import ReadSide

            reads = ReadSide.of(app)
            deadline = time.monotonic() + 20
            while not reads.meetings() and time.monotonic() < deadline:
                time.sleep(0.1)  # reads the view only: the follower must have applied the event
            assert [m["meeting"] for m in reads.meetings()] == ["trump-putin-paris-2018"]
        finally:
            app.close()
    finally:
        follower.terminate()
        output, _ = follower.communicate(timeout=10)
    assert re.search(r"^applied 1 event(;|$)", output, re.MULTILINE), output  # either pass
    assert PASSWORD not in " ".join(follower.args)
