"""Where the ledger is, read without the storage libraries (`ledger.locations`): the file a
query may read directly, and nothing for what needs the application."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger.locations import existing_sqlite_file, named_database


def test_a_file_path_or_a_sqlite_url_of_a_file_there_is_that_file(tmp_path: Path) -> None:
    db = tmp_path / "ledger.sqlite"
    db.write_bytes(b"")
    assert existing_sqlite_file(str(db)) == db
    assert existing_sqlite_file(f"sqlite://{db}") == db
    assert existing_sqlite_file(f"SQLite://{db}") == db


@pytest.mark.parametrize(
    "value",
    [
        "postgresql://diplo@localhost/diplo",
        "postgres://localhost/diplo",
        "mysql://localhost/diplo",
        ":memory:",
        "file:ledger?mode=memory",
    ],
)
def test_postgresql_other_schemes_and_in_memory_names_are_no_file_to_read(value: str) -> None:
    assert existing_sqlite_file(value) is None


def test_a_file_not_there_yet_is_left_to_the_application_to_make(tmp_path: Path) -> None:
    assert existing_sqlite_file(str(tmp_path / "new.sqlite")) is None


def test_without_a_value_the_environment_then_the_default_file_are_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DIPLO_DB", "postgresql://elsewhere/db")
    assert named_database(None) == ("postgresql", "postgresql://elsewhere/db")
    monkeypatch.delenv("DIPLO_DB")
    assert named_database(None).sqlite_name == ".diplo/ledger.sqlite"
