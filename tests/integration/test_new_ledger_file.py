"""Starting a SQLite ledger: built aside, moved into place whole, never over another file."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ledger.application import Ledger, Located
from ledger.new_file import NotInPlace
from ledger.statement import StatementInput
from ledger.storage import choose_database
from tests.conftest import statement


def record(app: Ledger, **fields: str) -> None:
    app.record([Located("test", StatementInput.model_validate(statement(**fields)))])


def stored_ids(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        states = connection.execute("SELECT state FROM stored_events ORDER BY rowid").fetchall()
    return [json.loads(state)["statement"]["id"] for (state,) in states]


def test_a_ledger_made_meanwhile_is_never_replaced_and_nothing_recorded_is_lost(
    tmp_path: Path,
) -> None:
    final = tmp_path / "ledger.sqlite"
    starting = Ledger(choose_database(str(final), "start"))
    record(starting, id="first")
    other = Ledger(choose_database(str(final)))  # the library's way: made at once
    record(other, id="second")
    other.close()
    with pytest.raises(NotInPlace) as refused:
        starting.close()
    kept = tmp_path / f"ledger.sqlite.starting-{os.getpid()}"
    assert str(refused.value) == (
        f"{final} was made by something else while this command was starting it: what this "
        f"command recorded is kept in {kept}; run it again to record it in ledger.sqlite"
    )
    assert stored_ids(final) == ["second"]
    assert stored_ids(kept) == ["first"]


def test_a_ledger_that_could_not_be_opened_leaves_nothing(tmp_path: Path) -> None:
    final = tmp_path / "made" / "ledger.sqlite"
    database = choose_database(str(final), "start")
    assert database.new_file is not None
    database.new_file.temp.write_bytes(b"not a database, as a damaged start would leave")
    with pytest.raises(Exception, match="file is not a database"):
        Ledger(database)
    assert list(tmp_path.iterdir()) == []


def test_two_first_imports_at_once_both_land_in_one_ledger(tmp_path: Path) -> None:
    final = tmp_path / "ledger.sqlite"
    feeds = []
    for name in ("a", "b"):
        lines = [statement(id=f"{name}{n}", meeting=f"meeting-{name}") for n in range(300)]
        feed = tmp_path / f"{name}.jsonl"
        feed.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
        feeds.append(feed)
    command = [sys.executable, "-m", "diplo", "--db", str(final), "import"]
    processes = [
        subprocess.Popen([*command, str(feed)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for feed in feeds
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "a.jsonl",
        "b.jsonl",
        "ledger.sqlite",
    ]
    ids = stored_ids(final)
    assert sorted(ids) == sorted([f"a{n}" for n in range(300)] + [f"b{n}" for n in range(300)])
