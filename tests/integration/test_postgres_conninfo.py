"""The PostgreSQL URL: read by psycopg's conninfo parsing, every parameter reaching every
connection, the password never shown, and the session settings a long import needs."""

from __future__ import annotations

import time
import traceback

import pytest
from click.testing import CliRunner

from diplo.cli import main
from ledger.application import Ledger
from ledger.storage import DatabaseURLError, choose_database
from tests.pg_server import PASSWORD, Cluster


def session_setting(url: str, name: str) -> str:
    """A setting as seen by a connection of the ledger's own pool (the library's)."""
    app = Ledger(choose_database(url))
    try:
        with app.factory.datastore.get_connection() as connection:  # type: ignore[attr-defined]
            row = connection.execute(f"SHOW {name}").fetchone()
            return str(row[name])
    finally:
        app.close()


def test_url_parameters_reach_the_connections_the_library_opens(pg_cluster: Cluster) -> None:
    url = pg_cluster.create_database() + "?application_name=diplo-conninfo-test"
    assert session_setting(url, "application_name") == "diplo-conninfo-test"


def test_sslmode_from_the_url_is_applied_not_dropped(pg_cluster: Cluster) -> None:
    # The test server has no SSL: a URL that requires it must fail, as libpq would.
    url = pg_cluster.create_database() + "?sslmode=require"
    result = CliRunner().invoke(main, ["--db", url, "meetings"])
    assert result.exit_code == 1
    assert "SSL" in result.output
    assert PASSWORD not in result.output


def test_the_idle_in_transaction_timeout_is_set_for_long_imports(pg_cluster: Cluster) -> None:
    # The library's default is 5 s; a long import under load sits idle longer between batches.
    assert session_setting(pg_cluster.create_database(), "idle_in_transaction_session_timeout") == (
        "10min"
    )


@pytest.mark.parametrize("debug", [[], ["--debug"]])
def test_a_password_with_an_unencoded_slash_is_never_echoed(
    pg_cluster: Cluster, debug: list[str]
) -> None:
    # libpq reads "u:pw/x@host/db" as host "u", port "pw": the old message named the password.
    url = f"postgresql://diplo:{PASSWORD}/x@127.0.0.1:{pg_cluster.port}/db"
    result = CliRunner().invoke(main, [*debug, "--db", url, "meetings"])
    assert result.exit_code == 1
    text = result.output + "".join(traceback.format_exception(result.exception))
    assert PASSWORD not in text
    assert "percent-encode" in text


def test_an_unknown_url_parameter_is_refused_by_name() -> None:
    with pytest.raises(DatabaseURLError) as refused:
        choose_database("postgresql://u:topsecret@h/d?sslmod=require")
    assert str(refused.value).startswith(
        "the PostgreSQL URL cannot be read: 'sslmod' is not a PostgreSQL connection parameter"
    )
    assert "topsecret" not in str(refused.value)


def test_a_url_libpq_cannot_read_quotes_none_of_it() -> None:
    with pytest.raises(DatabaseURLError) as refused:
        choose_database("postgresql://u:top%zzsecret@h/d")
    assert "topsecret" not in str(refused.value) and "%zz" not in str(refused.value)
    assert "\n" not in str(refused.value)


def test_every_other_parameter_is_kept_and_the_display_shows_no_secret() -> None:
    database = choose_database(
        "postgresql://u:topsecret@db.example:6543/ledger?sslmode=verify-full&connect_timeout=3"
    )
    assert database.display == "postgresql://u@db.example:6543/ledger"
    assert database.connection_params() == {
        "host": "db.example",
        "port": "6543",
        "user": "u",
        "password": "topsecret",
        "dbname": "ledger",
        "sslmode": "verify-full",
        "connect_timeout": "3",
    }


def test_a_write_transaction_idle_longer_than_the_library_default_still_commits(
    pg_cluster: Cluster,
) -> None:
    # With the library's 5 s default the server ended such a transaction (a long import under
    # load pauses that long between batches): "terminating connection due to idle-in-
    # transaction timeout".
    from ledger.events import meeting_id

    app = Ledger(choose_database(pg_cluster.create_database()))
    try:
        with app.transaction() as transaction:
            assert transaction.events_of(meeting_id("idle-summit-2026")) == []
            time.sleep(6)
        assert app.meeting_events("idle-summit-2026") == []
    finally:
        app.close()
