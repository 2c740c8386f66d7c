"""`diplo verify` of a whole SQLite ledger checks the file as SQLite does (`PRAGMA
integrity_check`): damage in pages no command reads, here the list of free pages, is invisible
to the hash chains and the view, and was reported "ok"."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import Diplo, statement

PAGE_SIZE = 4096
REMEDY = (
    "storage: SQLite's integrity check finds the file damaged: restore the file from a backup "
    "(`sqlite3 FILE .recover` may save what is left)"
)


def with_free_pages(path: str) -> int:
    """Leave the file with free pages (a table of about 40 pages, dropped) and return the
    number of the first page of its list of free pages (the header's bytes 32 to 35)."""
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE scratch (filler BLOB)")
        connection.executemany("INSERT INTO scratch VALUES (?)", [(bytes(4000),)] * 40)
        connection.execute("DROP TABLE scratch")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # (every page in the file itself)
    connection.close()
    header = Path(path).read_bytes()[:100]
    assert int.from_bytes(header[16:18], "big") == PAGE_SIZE
    return int.from_bytes(header[32:36], "big")


def test_a_damaged_list_of_free_pages_fails_verify_though_every_chain_is_whole(
    sqlite_path: str, tmp_path: Path, write_yaml: Callable[..., str]
) -> None:
    diplo = Diplo(sqlite_path, CliRunner())
    diplo.ok("import", write_yaml([statement(id="us-plan")]))
    assert diplo.ok("verify").output == "ok: checked 1 event in 1 meeting\n"
    trunk = with_free_pages(sqlite_path)
    assert trunk > 1
    # A trunk page holds the next trunk's number (0: none), how many leaves it lists, then
    # their numbers: its first leaf is given a number past the end of the file.
    data = bytearray(Path(sqlite_path).read_bytes())
    start = (trunk - 1) * PAGE_SIZE
    assert int.from_bytes(data[start + 4 : start + 8], "big") > 1
    leaf = int.from_bytes(data[start + 8 : start + 12], "big")
    beyond = len(data) // PAGE_SIZE + 1000
    data[start + 8 : start + 12] = beyond.to_bytes(4, "big")
    Path(sqlite_path).write_bytes(bytes(data))

    checked = diplo("verify")
    assert checked.exit_code == 1
    lines = checked.output.splitlines()
    assert lines[0] == f"storage: Main freelist: invalid page number {beyond}"
    # (then the leaf no longer listed, in SQLite's words, which differ between its releases)
    assert [f"Page {leaf}" in line for line in lines[1:-2]] == [True]
    assert lines[-2] == REMEDY
    assert lines[-1] == "FAILED: checked 1 event in 1 meeting; 3 problems"
    # one meeting alone is its chain and its view: the file is not checked
    assert diplo.ok("verify", "trump-putin-paris-2018").output == (
        "ok: checked 1 event in 1 meeting\n"
    )
