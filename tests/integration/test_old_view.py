"""A view made by the previous release (`meeting_view` without `carried`), opened by this one:
several processes at once all open it, and a read-only file still answers every query. Each
opener is a real process of its own, on a real SQLite file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from ledger.application import Ledger, Located
from ledger.statement import StatementInput
from ledger.storage import choose_database
from projections.view import Projector
from tests.unit.test_properties import spoken

SLUG = "paris-talks"
OPEN_WHEN_TOLD = """
import sys, time
from pathlib import Path
from ledger.application import Ledger
from ledger.storage import choose_database
from projections.view import Projector
app = Ledger(choose_database(sys.argv[1]))
while not Path(sys.argv[2]).exists():
    time.sleep(0.001)
Projector.of(app)
print("opened")
"""
READ_ONLY = """
import sqlite3, sys, urllib.parse
opened = sqlite3.connect
def read_only(database, *args, **kwargs):  # a file this process may not write, as root
    kwargs["uri"] = True
    return opened(f"file:{urllib.parse.quote(str(database))}?mode=ro", *args, **kwargs)
sqlite3.connect = read_only
from diplo.cli import main
main(["--db", sys.argv[1], *sys.argv[2:]])
"""


def old_view(folder: Path) -> Path:
    """A ledger of two statements, its view caught up, then made as the previous release
    made it: without the `carried` column."""
    path = folder / "ledger.sqlite"
    app = Ledger(choose_database(str(path)))
    told = [
        spoken("a", SLUG, "US", "2018-10-20", "announced"),
        spoken("b", SLUG, "RU", "2018-10-21", "confirmed"),
    ]
    app.record([Located("story", StatementInput.model_validate(raw)) for raw in told])
    Projector.of(app).catch_up()
    app.close()
    with sqlite3.connect(path) as connection:
        connection.execute("ALTER TABLE meeting_view DROP COLUMN carried")
    return path


def test_processes_opening_an_old_view_at_once_all_open_it(tmp_path: Path) -> None:
    path, go = old_view(tmp_path), tmp_path / "go"
    openers = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_WHEN_TOLD, str(path), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    time.sleep(3)  # all started and waiting
    go.touch()
    results = [opener.communicate(timeout=60) for opener in openers]
    assert [out for out, _ in results] == ["opened\n"] * 6, [err for _, err in results]
    with sqlite3.connect(path) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(meeting_view)")]
    assert columns.count("carried") == 1


def test_a_read_only_old_view_still_answers_status_history_and_verify(tmp_path: Path) -> None:
    path = old_view(tmp_path)
    for args, expected in (
        (["status", SLUG, "--json"], '"status": "agreed"'),
        (["history", SLUG, "--json"], '"id": "b"'),
        (["verify"], "ok: checked 2 events in 1 meeting"),
    ):
        done = subprocess.run(
            [sys.executable, "-c", READ_ONLY, str(path), *args],
            capture_output=True,
            text=True,
            check=False,
        )
        assert (done.returncode, done.stderr) == (0, ""), args
        assert expected in done.stdout, args
