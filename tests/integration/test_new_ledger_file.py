"""Starting a SQLite ledger: built aside, moved into place whole, never over another file."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ledger.application import Ledger, Located
from ledger.new_file import NewLedgerFile, NotInPlace, StartedElsewhere, starting_leftovers
from ledger.statement import StatementInput
from ledger.storage import NoLedger, choose_database
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
    [kept] = starting_leftovers(final)
    assert kept.name.startswith(f"ledger.sqlite.starting-{os.getpid()}-")
    assert str(refused.value) == (
        f"{final} was not made (something else made it meanwhile): what this command recorded "
        f"is kept in {kept}; `diplo copy --from {kept} --to {final}` adds it"
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


def test_a_log_that_cannot_be_copied_in_moves_into_place_with_the_ledger(tmp_path: Path) -> None:
    final = tmp_path / "ledger.sqlite"
    starting = Ledger(choose_database(str(final), "start"))
    record(starting, id="first")
    new_file = starting.database.new_file
    assert new_file is not None
    reader = sqlite3.connect(new_file.temp)  # a reader keeps the log from being copied in
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM stored_events").fetchone()
    try:
        starting.close()
        assert (tmp_path / "ledger.sqlite-wal").stat().st_size > 0  # moved beside it
    finally:
        reader.close()
    assert stored_ids(final) == ["first"]
    assert starting_leftovers(final) == []


def test_a_file_left_by_a_stopped_start_is_never_removed_and_is_named(tmp_path: Path) -> None:
    final = tmp_path / "ledger.sqlite"
    left = tmp_path / f"ledger.sqlite.starting-{os.getpid()}-000000"
    left.write_bytes(b"what a killed import recorded")
    database = choose_database(str(final), "start")
    Ledger(database).close()  # records nothing: its own file goes, the other stays
    assert sorted(path.name for path in tmp_path.iterdir()) == [left.name]
    with pytest.raises(NoLedger) as refused:
        choose_database(str(final), "refuse")
    assert str(refused.value).endswith(
        f"; {left} was left by a command stopped while starting it: `diplo copy --from {left} "
        f"--to {final}` keeps what it recorded"
    )


def test_a_link_to_a_file_not_there_yet_starts_that_file(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    link = tmp_path / "link.sqlite"
    link.symlink_to(tmp_path / "real" / "ledger.sqlite")
    app = Ledger(choose_database(str(link), "start"))
    record(app, id="first")
    app.close()
    assert stored_ids(tmp_path / "real" / "ledger.sqlite") == ["first"]
    assert link.is_symlink() and stored_ids(link) == ["first"]


def test_a_start_waiting_on_a_lock_its_holder_removed_takes_a_new_one(tmp_path: Path) -> None:
    final = tmp_path / "new" / "ledger.sqlite"
    first = NewLedgerFile.start(final)
    assert first is not None
    waited: list[NewLedgerFile | None] = []
    waiter = threading.Thread(target=lambda: waited.append(NewLedgerFile.start(final, wait=10)))
    waiter.start()
    time.sleep(0.3)
    first.settle()  # nothing recorded: its file, lock file and folder are removed
    waiter.join(timeout=10)
    [second] = waited
    assert second is not None and second.lock.path.exists()
    with pytest.raises(StartedElsewhere):  # the second holds the one lock there is now
        NewLedgerFile.start(final, wait=0.2)
    second.settle()
    assert list(tmp_path.iterdir()) == []


def test_ledgers_in_one_folder_start_without_waiting_for_each_other(tmp_path: Path) -> None:
    first = NewLedgerFile.start(tmp_path / "a.sqlite")
    second = NewLedgerFile.start(tmp_path / "b.sqlite", wait=0.2)
    assert first is not None and second is not None
    first.settle()
    second.settle()
    assert list(tmp_path.iterdir()) == []


def test_a_ledger_named_by_a_file_uri_starts_aside_too_with_its_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # (the folder of `file:...` was once made here, as a path)
    final = tmp_path / "uri ledger.sqlite"
    uri = f"file:{final.as_posix().replace(' ', '%20')}?cache=private"
    Ledger(choose_database(uri, "start")).close()  # nothing recorded
    assert sorted(path.name for path in tmp_path.iterdir()) == []  # no file, no `file:` folder
    started = Ledger(choose_database(uri, "start"))
    record(started, id="first")
    started.close()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["uri ledger.sqlite"]
    assert stored_ids(final) == ["first"]
