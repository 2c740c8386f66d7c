"""The view is always repairable and never silently partial: verify compares its columns, its
rows and its statement index with a fresh fold, and rebuild recreates it from nothing."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest

from tests.conftest import Diplo, is_postgres, statement
from tests.integration.test_integrity import RawTable

PARIS = "trump-putin-paris-2018"


def view_sql(diplo: Diplo, sql: str, params: tuple[object, ...] = ()) -> None:
    diplo.ok("meetings")  # the view's tables exist once the view is first read
    RawTable(diplo.db).execute(sql, params)


def test_a_deleted_statement_index_row_is_reported_and_rebuild_repairs_it(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ok("import", write_yaml([statement(id="seed")]))
    view_sql(diplo, "DELETE FROM statement_index WHERE statement_id = ?", ("seed",))
    assert diplo("show", "seed").exit_code == 1  # the index is how `show` finds a statement
    checked = diplo("verify")
    assert checked.exit_code == 1
    assert f"view: statement_index lacks 'seed' of '{PARIS}'" in checked.output.splitlines()
    diplo.ok("rebuild")
    assert diplo.ok("verify").output.startswith("ok:")
    assert diplo.json("show", "seed")["id"] == "seed"


def test_a_stray_statement_index_row_is_reported(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ok("import", write_yaml([statement(id="seed")]))
    view_sql(
        diplo,
        "INSERT INTO statement_index VALUES (?, ?, ?, ?)",
        ("ghost", "00000000-0000-0000-0000-000000000000", "nowhere-2020", 1),
    )
    checked = diplo("verify")
    assert checked.exit_code == 1
    assert (
        "view: statement_index has 'ghost' of 'nowhere-2020', a meeting with no events"
        in checked.output.splitlines()
    )


def test_a_dropped_view_column_is_reported_and_rebuild_recreates_the_table(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ok("import", write_yaml([statement(id="seed")]))
    view_sql(diplo, "ALTER TABLE meeting_view DROP COLUMN plan")
    checked = diplo("verify")
    assert checked.exit_code == 1
    assert "view: meeting_view.plan is missing; run `diplo rebuild`" in checked.output
    assert diplo.ok("rebuild").output.startswith("rebuilt the view from 1 event in ")
    assert diplo.ok("verify").output.startswith("ok:")
    assert diplo.json("status", PARIS)["plan"]["parties"] == ["US", "RU"]


def test_rebuild_recreates_dropped_view_tables(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ok("import", write_yaml([statement(id="seed")]))
    view_sql(diplo, "DROP TABLE meeting_view")
    view_sql(diplo, "DROP TABLE statement_index")
    diplo.ok("rebuild")
    assert [m["meeting"] for m in diplo.json("meetings")] == [PARIS]
    assert diplo.ok("verify").output.startswith("ok:")


def test_an_import_whose_view_update_fails_says_what_was_recorded_and_exits_0(
    sqlite_path: str, write_yaml: Callable[..., str]
) -> None:
    # The events commit first; the view is updated after (on SQLite, by the same command).
    # A trigger stands in for a full disk that refuses only the view's write.
    from click.testing import CliRunner

    diplo = Diplo(sqlite_path, CliRunner())
    diplo.ok("import", write_yaml([statement(id="seed")]))
    view_sql(
        diplo,
        "CREATE TRIGGER full BEFORE INSERT ON meeting_view "
        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
    )
    second = statement(id="other", meeting="trump-putin-helsinki-2018")
    result = diplo("import", path := write_yaml([second, statement(id="third", meeting="a-b-c")]))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "2 recorded; the view is behind (database or disk is full), run `diplo project`",
        f"{path}: 2 new, 0 already present",
    ]
    assert len(diplo.stored_events()) == 3
    assert diplo("meetings").output.startswith(f"Error: {sqlite_path}: the disk is full")
    RawTable(sqlite_path).execute("DROP TRIGGER full")
    assert diplo.ok("project").output.startswith("applied 2 events")
    assert len(diplo.json("meetings")) == 3


DAMAGED = "the view's place in the log is damaged ("
POSITIONS = {
    "past the log": ("notification_id + 98", "99 is past the log's last event, 1", True),
    "negative": ("-5", "'-5' is not a position in the log", True),
    "text": ("'x'", "'x' is not a position in the log", False),
    "empty text": ("''", "'' is not a position in the log", False),
    "NULL": ("NULL", "it holds no position (NULL)", True),
}
"""How the view's tracking row was damaged (SQL), what the error says, and whether the case
runs on PostgreSQL too (whose column takes only a number)."""


def damage_position(diplo: Diplo, name: str, case: str) -> bool:
    """Damage the tracking row of `name` as `POSITIONS[case]` says; False if the backend
    cannot store that damage (checked: PostgreSQL refuses text in its number column)."""
    value, _, on_postgres = POSITIONS[case]
    table = "ledger_tracking" if is_postgres(diplo.db) else "tracking"
    damage = f"UPDATE {table} SET notification_id = {value} WHERE application_name = ?"
    if is_postgres(diplo.db) and not on_postgres:
        with pytest.raises(psycopg.errors.InvalidTextRepresentation):
            RawTable(diplo.db).execute(damage, (name,))
        return False
    RawTable(diplo.db).execute(damage, (name,))
    return True


@pytest.mark.parametrize("case", list(POSITIONS))
def test_a_damaged_view_position_is_reported_never_trusted_and_rebuild_mends_it(
    diplo: Diplo, write_yaml: Callable[..., str], case: str
) -> None:
    why = POSITIONS[case][1]
    diplo.ok("import", write_yaml([statement(id="seed")]))
    diplo.ok("meetings")  # the view's tables exist once the view is first read
    if not damage_position(diplo, "meeting_view", case):
        return
    status = diplo("status", PARIS)
    assert status.exit_code == 1
    assert status.output.startswith(f"Error: {DAMAGED}{why}")
    assert status.output.endswith("): run `diplo rebuild` to remake it\n")
    checked = diplo("verify")
    assert checked.exit_code == 1
    assert f"view: {DAMAGED}{why}" in checked.output
    diplo.ok("rebuild")
    assert diplo.ok("verify").output.startswith("ok: checked 1 event")
    assert diplo.json("status", PARIS)["status"] == "proposed"
