"""Every row of the tracking table is checked before it is trusted: the search index's place
in the log as the view's is, and the library's own marker row. Damage is reported in one line,
never an endless retry or an "unexpected" error, and `diplo rebuild` mends it."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from eventsourcing.persistence import IntegrityError, Tracking
from starlette.testclient import TestClient

from diplo.web.app import Ledger as WebLedger
from diplo.web.app import create_app
from ledger.application import Ledger
from ledger.events import meeting_id
from ledger.storage import choose_database
from projections.queries import ReadSide
from projections.search import SEARCH_NAME, StatementSearch
from tests.conftest import Diplo, is_postgres, statement
from tests.integration.test_integrity import RawTable
from tests.integration.test_view_repair import PARIS, POSITIONS, damage_position

QUOTE_WORD = "Paris"  # a word of the quote of `statement()`


def tracking(diplo: Diplo, sql: str, params: tuple[object, ...] = ()) -> None:
    """Run SQL on the tracking table (`TRACKING` in it names the table on either backend)."""
    table = "ledger_tracking" if is_postgres(diplo.db) else "tracking"
    RawTable(diplo.db).execute(sql.replace("TRACKING", table), params)


def found_ids(diplo: Diplo, word: str = QUOTE_WORD) -> list[str]:
    return [hit["id"] for hit in diplo.json("search", word)]


@pytest.mark.parametrize("case", list(POSITIONS))
def test_a_damaged_search_position_is_reported_never_retried_and_rebuild_mends_it(
    diplo: Diplo, write_yaml: Callable[..., str], case: str
) -> None:
    why = POSITIONS[case][1]
    diplo.ok("import", write_yaml([statement(id="seed")]))
    assert found_ids(diplo) == ["seed"]  # the index is made, its position recorded
    if not damage_position(diplo, "statement_search", case):
        return
    searched = diplo("search", QUOTE_WORD)
    assert searched.exit_code == 1
    assert searched.output == (
        f"Error: the search index's place in the log is damaged ({why}): "
        "run `diplo rebuild` to remake it\n"
    )
    checked = diplo("verify")  # says it too, never "ok" for a place the search refuses
    assert checked.exit_code == 1
    assert checked.output.splitlines()[0] == (
        f"search: the search index's place in the log is damaged ({why}): "
        "run `diplo rebuild` to remake it"
    )
    diplo.ok("rebuild")
    assert found_ids(diplo) == ["seed"]


def test_rebuild_remakes_the_search_index_from_the_log(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ok("import", write_yaml([statement(id="seed")]))
    assert found_ids(diplo) == ["seed"]
    RawTable(diplo.db).execute(
        "INSERT INTO statement_search (statement_id, meeting_id, slug, quote) "
        "VALUES ('ghost', '00000000-0000-0000-0000-000000000000', 'nowhere-2020', 'Paris')"
    )
    assert sorted(found_ids(diplo)) == ["ghost", "seed"]  # a forged row is found ...
    diplo.ok("rebuild")
    assert found_ids(diplo) == ["seed"]  # ... until the index is made again from the log


CONFIRMED = (
    f"--meeting={PARIS}",
    "--kind=confirmed",
    "--speaker=Dmitry Peskov",
    "--side=RU",
    "--said-on=2018-10-24",
    "--summary=The Kremlin confirms the Paris meeting",
    "--outlet=TASS",
    "--published=2018-10-24",
)
HOLDS, KEPT = "its '__migration__' row holds", "where the library keeps 1"
MARKERS = {
    "missing": ("DELETE FROM TRACKING", "its '__migration__' row is missing"),
    "NULL": ("UPDATE TRACKING SET notification_id = NULL", f"{HOLDS} NULL, {KEPT}"),
    "zero": ("UPDATE TRACKING SET notification_id = 0", f"{HOLDS} '0', {KEPT}"),
    "two": ("UPDATE TRACKING SET notification_id = 2", f"{HOLDS} '2', {KEPT}"),
}
"""How the library's marker row was damaged, and what verify says of it."""


@pytest.mark.parametrize("case", list(MARKERS))
def test_a_damaged_marker_row_leaves_every_command_working_and_rebuild_mends_it(
    diplo: Diplo, write_yaml: Callable[..., str], case: str
) -> None:
    damage, said = MARKERS[case]
    diplo.ok("import", write_yaml([statement(id="seed")]))
    tracking(diplo, damage + " WHERE application_name = ?", ("__migration__",))
    # the library would "migrate" such a table on the first start, then fail on every other
    assert diplo.json("status", PARIS)["status"] == "proposed"
    diplo.ok("append", *CONFIRMED)
    assert diplo.json("status", PARIS)["status"] == "agreed"  # both sides have said yes
    checked = diplo("verify")
    assert checked.exit_code == 1
    assert checked.output.splitlines() == [
        f"view: the tracking table is damaged ({said}); run `diplo rebuild`",
        "FAILED: checked 2 events in 1 meeting; 1 problem",
    ]
    diplo.ok("rebuild")
    assert diplo.ok("verify").output.startswith("ok: checked 2 events")
    assert diplo.json("status", PARIS)["status"] == "agreed"  # both sides have said yes


@pytest.fixture
def served(diplo: Diplo, write_yaml: Callable[..., str]) -> Iterator[WebLedger]:
    """A ledger of one statement, open as `diplo serve` holds it: its view and search index
    caught up."""
    diplo.ok("import", write_yaml([statement(id="seed")]))
    app = Ledger(choose_database(diplo.db))
    try:
        reads = ReadSide.of(app)
        web = WebLedger(reads, StatementSearch.of(reads))
        web.catch_up()
        yield web
    finally:
        app.close()


def test_a_search_index_kept_open_by_a_server_through_a_rebuild_indexes_again(
    diplo: Diplo, served: WebLedger
) -> None:
    assert served.search.position() == 1
    diplo.ok("rebuild")  # another process throws the index away meanwhile
    assert served.search.search(QUOTE_WORD) == []  # empty, not gone: the server still answers
    assert served.search.catch_up() == 1  # its next poll indexes the log again
    assert [hit["id"] for hit in served.search.search(QUOTE_WORD)] == ["seed"]


@pytest.mark.parametrize("what", ["view", "search index"])
@pytest.mark.parametrize("command", ["site", "serve"])
def test_site_and_serve_refuse_a_damaged_place_in_one_line_writing_nothing(
    diplo: Diplo, write_yaml: Callable[..., str], tmp_path: Path, command: str, what: str
) -> None:
    diplo.ok("import", write_yaml([statement(id="seed")]))
    assert found_ids(diplo) == ["seed"]  # both places recorded, at the one event
    name = {"view": "meeting_view", "search index": "statement_search"}[what]
    assert damage_position(diplo, name, "past the log")
    args = [str(tmp_path / "site")] if command == "site" else ["--port", "0"]
    run = [sys.executable, "-m", "diplo", "--db", diplo.db, command, *args]
    refused = subprocess.run(run, capture_output=True, text=True, timeout=60, check=False)
    assert (refused.returncode, refused.stdout) == (1, "")  # a server would run: timed out
    assert refused.stderr == (
        f"Error: the {what}'s place in the log is damaged (99 is past the log's last event, 1): "
        "run `diplo rebuild` to remake it\n"
    )
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("case", ["past the log", "negative", "NULL"])
def test_a_served_search_page_on_a_damaged_index_says_how_to_mend_it(
    diplo: Diplo, served: WebLedger, case: str
) -> None:
    assert damage_position(diplo, "statement_search", case)
    with TestClient(create_app(served, poll_seconds=0)) as client:
        for page in ("/search?q=Paris", "/search.json?q=Paris"):
            response = client.get(page)
            assert response.status_code == 503, page
            assert "the search index&#39;s place in the log is damaged (" in response.text
            assert "run `diplo rebuild` to remake it" in response.text


def test_a_server_that_cannot_catch_up_says_so_once_while_it_lasts(
    diplo: Diplo, served: WebLedger, caplog: pytest.LogCaptureFixture
) -> None:
    assert damage_position(diplo, "statement_search", "negative")
    with caplog.at_level(logging.WARNING, logger="diplo.web"):
        for _ in range(3):  # three polls
            served.catch_up_or_warn()
        diplo.ok("rebuild")
        served.catch_up_or_warn()  # mended: nothing to say
        assert damage_position(diplo, "statement_search", "negative")
        served.catch_up_or_warn()  # damaged again: said again
    said = (
        "could not bring the view up to date: the search index's place in the log is "
        "damaged ('-5' is not a position in the log): run `diplo rebuild` to remake it"
    )
    assert caplog.messages == [said, said]


def test_a_tracking_table_made_again_without_its_key_is_made_anew_by_rebuild(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ok("import", write_yaml([statement(id="seed")]))
    diplo.ok("meetings")
    number = "BIGINT" if is_postgres(diplo.db) else "INTEGER"
    for sql in (
        "CREATE TABLE kept AS SELECT * FROM TRACKING",
        "DROP TABLE TRACKING",
        f"CREATE TABLE TRACKING (application_name TEXT, notification_id {number})",
        "INSERT INTO TRACKING SELECT * FROM kept",
        "DROP TABLE kept",
    ):
        tracking(diplo, sql)
    diplo.ok("append", *CONFIRMED)  # recorded; the view's position cannot be written
    refused = diplo("status", PARIS)
    assert refused.exit_code == 1
    assert refused.output.endswith(
        ": has a table that has lost its key (made again by hand?): `diplo rebuild` makes the "
        "view's tables anew\n"
    )
    diplo.ok("rebuild")
    assert diplo.json("status", PARIS)["status"] == "agreed"
    assert diplo.ok("verify").output == "ok: checked 2 events in 1 meeting\n"
    appended_again = diplo.ok("append", *CONFIRMED[:-3], "--summary=Peskov again", *CONFIRMED[-2:])
    assert "behind" not in appended_again.stderr  # positions are written again


def test_a_batch_indexed_across_a_rebuild_is_not_written_and_the_index_is_made_whole(
    diplo: Diplo, served: WebLedger
) -> None:
    index = served.search
    assert index.position() == 1
    diplo.ok("append", *CONFIRMED)  # event 2, which the server reads as its next batch
    diplo.ok("rebuild")  # meanwhile another process throws the index away
    late = Tracking(SEARCH_NAME, 2)  # the batch's rows and position, read before that
    with pytest.raises(IntegrityError):
        index.tables.write_rows([str(meeting_id(PARIS))], [], late, start=1)
    assert index.position() == 0  # the late batch wrote nothing
    assert index.catch_up() == 2  # the next poll indexes the whole log again
    assert sorted(hit["id"] for hit in index.search("Paris")) == sorted(
        ["seed", "trump-putin-paris-2018-confirmed-2018-10-24"]
    )


def test_a_search_position_of_0_is_read_as_none_and_the_index_made_again(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    # No index writes 0 (its first batch ends past it); found there, it is taken as no position
    # at all, as the view takes it: every statement is indexed again, none twice.
    diplo.ok("import", write_yaml([statement(id="seed")]))
    assert found_ids(diplo) == ["seed"]
    tracking(
        diplo, "UPDATE TRACKING SET notification_id = 0 WHERE application_name = ?", (SEARCH_NAME,)
    )
    diplo.ok(
        "import", write_yaml([statement(id="later", said_on="2018-10-23", quote="Paris again")])
    )
    assert sorted(found_ids(diplo)) == ["later", "seed"]
    assert diplo.ok("verify").output.startswith("ok: checked 2 events")


def test_every_served_page_says_when_it_could_not_be_brought_up_to_date(
    diplo: Diplo, served: WebLedger
) -> None:
    assert damage_position(diplo, "meeting_view", "past the log")
    said = (
        "These pages could not be brought up to date with the ledger (the view&#39;s place in "
        "the log is damaged (99 is past the log&#39;s last event, 1): run `diplo rebuild` to "
        "remake it); they show it as it was last read."
    )
    with TestClient(create_app(served, poll_seconds=0)) as client:
        for page in ("/", "/meetings/trump-putin-paris-2018", "/statements/seed"):
            response = client.get(page)
            assert response.status_code == 200, page
            assert said in response.text, page
        diplo.ok("rebuild")
        served.catch_up_or_warn()  # the next poll: mended
        assert "could not be brought up to date" not in client.get("/").text
