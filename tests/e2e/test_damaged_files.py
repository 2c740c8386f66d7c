"""A SQLite ledger damaged on disk (cut short, or a row whose text is not UTF-8) gets the one-line
diagnosis of an ordinary storage fault, never "unexpected"; a damaged row of the view is mended
by `diplo rebuild`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import Diplo

CUT_SHORT = (
    "is damaged (SQLite cannot read it whole): restore it from a backup "
    "(`sqlite3 FILE .recover` may save what is left)"
)
NOT_UTF8 = (
    "has a row whose text is not UTF-8 (damaged): `diplo rebuild` remakes the view's rows; "
    "stored events need a backup"
)


@pytest.fixture
def seeded(sqlite_path: str) -> Diplo:
    diplo = Diplo(sqlite_path, CliRunner())
    diplo.import_seed()
    return diplo


def damage(db: str, sql: str) -> None:
    with sqlite3.connect(db) as connection:
        connection.execute(sql)


@pytest.mark.parametrize("args", [["meetings"], ["verify"], ["export"], ["rebuild"]])
def test_a_ledger_cut_short_is_said_to_be_damaged(
    seeded: Diplo, tmp_path: Path, args: list[str]
) -> None:
    cut = tmp_path / "cut.sqlite"
    cut.write_bytes(Path(seeded.db).read_bytes()[:20_000])
    result = Diplo(str(cut), CliRunner())(*args)
    assert result.exit_code == 1
    assert result.output == f"Error: {cut}: {CUT_SHORT}\n"


@pytest.mark.parametrize("args", [["verify"], ["export"], ["rebuild"]])
def test_a_stored_topic_that_is_not_utf8_is_said_to_be_damaged(
    seeded: Diplo, args: list[str]
) -> None:
    damage(
        seeded.db,
        "UPDATE stored_events SET topic = CAST(x'6c6564676572ff' AS TEXT) WHERE rowid = 1",
    )
    result = seeded(*args)
    assert result.exit_code == 1
    assert result.output == f"Error: {seeded.db}: {NOT_UTF8}\n"


def test_a_view_row_that_is_not_utf8_is_mended_by_a_rebuild(seeded: Diplo) -> None:
    listed = seeded.ok("meetings", "--json").output
    damage(seeded.db, "UPDATE meeting_view SET stances = CAST(x'7b22ff' AS TEXT) WHERE rowid = 1")
    refused = seeded("meetings", "--json")
    assert (refused.exit_code, refused.output) == (1, f"Error: {seeded.db}: {NOT_UTF8}\n")
    seeded.ok("rebuild")
    assert seeded.ok("meetings", "--json").output == listed
