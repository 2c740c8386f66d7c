"""Integrity: verify finds tampering, exports round-trip, a killed import is all or nothing."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
from click.testing import CliRunner

from ledger.events import meeting_id
from tests.conftest import Diplo, statement

PARIS = "trump-putin-paris-2018"


def seed(diplo: Diplo) -> None:
    diplo.import_seed()
    diplo.ok("correct", "hill-bolton-paris-yes", "--said-on", "2018-10-22", "--reason", "test")


class RawTable:
    """The stored events table, reached around the ledger, as a tamperer would."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_postgres = url.startswith("postgresql://")

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.is_postgres:
            sql = sql.replace("stored_events", "ledger_events").replace("?", "%s")
            with psycopg.connect(self.url, autocommit=True) as connection:
                cursor = connection.execute(sql, params)
                return list(cursor.fetchall()) if cursor.description else []
        with sqlite3.connect(self.url) as connection:
            return connection.execute(sql, params).fetchall()

    def key(self, slug: str) -> Any:
        return meeting_id(slug) if self.is_postgres else meeting_id(slug).hex

    def state(self, slug: str, version: int) -> bytes:
        [(state,)] = self.execute(
            "SELECT state FROM stored_events WHERE originator_id = ? AND originator_version = ?",
            (self.key(slug), version),
        )
        return bytes(state)


def test_verify_on_an_intact_ledger_says_what_it_checked(diplo: Diplo) -> None:
    seed(diplo)
    result = diplo.ok("verify")
    assert result.output.strip() == "ok: checked 35 events in 18 meetings"
    assert diplo.ok("verify", PARIS).output.strip() == "ok: checked 6 events in 1 meeting"


def test_one_changed_byte_is_detected_naming_meeting_version_and_statement(diplo: Diplo) -> None:
    seed(diplo)
    raw = RawTable(diplo.db)
    state = raw.state(PARIS, 4)
    assert b"look forward" in state
    raw.execute(
        "UPDATE stored_events SET state = ? WHERE originator_id = ? AND originator_version = ?",
        (state.replace(b"look forward", b"look fOrward"), raw.key(PARIS), 4),
    )
    result = diplo("verify")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{PARIS} version 4 (hill-bolton-paris-yes): "
        "hash does not match its content and the previous event's hash"
    )
    assert result.output.splitlines()[-1].startswith("FAILED: checked 35 events in 18 meetings")


def test_a_deleted_event_is_detected(diplo: Diplo) -> None:
    seed(diplo)
    raw = RawTable(diplo.db)
    raw.execute(
        "DELETE FROM stored_events WHERE originator_id = ? AND originator_version = ?",
        (raw.key(PARIS), 2),
    )
    result = diplo("verify", PARIS)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{PARIS} version 2 (?): missing: the next stored version is 3"
    assert lines[1].startswith(f"{PARIS} version 3 (hill-putin-agrees-date): hash does not match")


def test_two_swapped_events_are_detected(diplo: Diplo) -> None:
    seed(diplo)
    raw = RawTable(diplo.db)
    key = raw.key(PARIS)
    update = (
        "UPDATE stored_events SET originator_version = ? "
        "WHERE originator_id = ? AND originator_version = ?"
    )
    raw.execute(update, (99, key, 2))
    raw.execute(update, (2, key, 3))
    raw.execute(update, (3, key, 99))
    result = diplo("verify")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{PARIS} version 2 (hill-putin-agrees-date): hash does not match")
    assert lines[1].startswith(f"{PARIS} version 3 (hill-putin-suggests-meeting): hash does not")


def test_an_export_reimported_into_an_empty_ledger_is_the_same_ledger(
    diplo: Diplo, tmp_path: Path
) -> None:
    seed(diplo)
    exported = tmp_path / "ledger.jsonl"
    diplo.ok("export", "-o", str(exported))
    lines = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 35
    assert lines[0]["hash"] == lines[0]["state"]["hash"]
    copy = Diplo(str(tmp_path / "copy.sqlite"), CliRunner())
    assert (
        copy.ok("import", str(exported)).output.strip() == f"{exported}: 35 new, 0 already present"
    )
    assert (
        copy.ok("import", str(exported)).output.strip() == f"{exported}: 0 new, 35 already present"
    )
    assert copy.ok("verify").output.startswith("ok: checked 35 events")
    for slug in (m["meeting"] for m in diplo.json("meetings")):
        assert copy.json("history", slug) == diplo.json("history", slug)
        assert copy.json("status", slug) == diplo.json("status", slug)
    assert [row[1:] for row in copy.stored_events()] == [row[1:] for row in diplo.stored_events()]


def test_an_altered_export_is_refused_on_import(diplo: Diplo, tmp_path: Path) -> None:
    seed(diplo)
    exported = tmp_path / "ledger.jsonl"
    diplo.ok("export", "--meeting", PARIS, "-o", str(exported))
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 6
    lines[1] = lines[1].replace("second_hand", "on_record")
    exported.write_text("\n".join(lines) + "\n", encoding="utf-8")
    copy = Diplo(str(tmp_path / "copy.sqlite"), CliRunner())
    result = copy("import", str(exported))
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {exported}: line 2: hash: does not match the event's content and the previous "
        "event's hash: the export was altered"
    )
    assert copy.stored_events() == []


FULL_STRENGTH = (20, 20_000)
"""Kills and statements on SQLite: 20 kills during a 20,000-statement import."""
REDUCED_STRENGTH = (5, 5_000)
"""The same on PostgreSQL, at a reduced size (the full strength runs once, on SQLite)."""


def big_file(path: Path, statements: int) -> Path:
    chooser = random.Random(7)
    with path.open("w", encoding="utf-8") as out:
        for number in range(statements):
            out.write(
                json.dumps(
                    statement(
                        id=f"k{number}",
                        meeting=f"kill-test-{number % 100:03d}",
                        kind=chooser.choice(["announced", "confirmed", "denied", "held"]),
                        side=chooser.choice(["US", "RU"]),
                        quote="q" * chooser.randint(100, 400),
                    )
                )
                + "\n"
            )
    return path


def diplo_process(db: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "diplo", "--db", db, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_delays(duration: float, kills: int, chooser: random.Random) -> list[float]:
    """One random moment in each of `kills` equal slices of an unkilled import's `duration`.

    The slices span the whole run, from the process starting to its commit, so the kills land
    in every phase (start-up, reading, validating, writing, committing) rather than by luck.
    """
    return [duration * (slice_ + chooser.random()) / kills for slice_ in range(kills)]


def test_an_import_killed_at_any_moment_leaves_all_or_nothing(db_url: str, tmp_path: Path) -> None:
    reset = RawTable(db_url)
    kills, statements = REDUCED_STRENGTH if reset.is_postgres else FULL_STRENGTH
    path = str(big_file(tmp_path / "big.jsonl", statements))
    diplo = Diplo(db_url, CliRunner())
    started = time.monotonic()
    full = diplo_process(db_url, "import", path)
    full.communicate(timeout=600)
    duration = time.monotonic() - started
    reset.execute("DELETE FROM stored_events")
    diplo.ok("rebuild")
    for delay in kill_delays(duration, kills, random.Random(2026)):
        process = diplo_process(db_url, "import", path)
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=60)
        verified = diplo("verify")
        assert verified.exit_code == 0, verified.output
        count = len(diplo.stored_events())
        assert count in (0, statements)
        if count:
            reset.execute("DELETE FROM stored_events")
            diplo.ok("rebuild")
    rerun = diplo.ok("import", path)
    assert rerun.output.strip() == f"{path}: {statements} new, 0 already present"
    assert diplo.ok("verify").output.startswith(f"ok: checked {statements} events")
    again = diplo.ok("import", path)
    assert again.output.strip() == f"{path}: 0 new, {statements} already present"
