"""The meetings page's filters, sort and pages, through the application (Starlette's client).

Expected meetings are read off tests/golden_expectations.py (written by hand); its "today"
expectations hold for any day after 2025-08-18.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from lxml import html
from starlette.testclient import TestClient

from diplo.web.app import Ledger as WebLedger
from diplo.web.app import create_app
from projections.queries import ReadSide
from projections.search import StatementSearch
from tests.conftest import Diplo, statement
from tests.golden_expectations import MEETINGS


@contextmanager
def serving(diplo: Diplo) -> Iterator[TestClient]:
    """The application on the test's ledger, the view brought up to date at start."""
    app = diplo.ledger()
    reads = ReadSide.of(app)
    web = WebLedger(reads, StatementSearch.of(reads))
    try:
        with TestClient(create_app(web, poll_seconds=0)) as test_client:
            yield test_client
    finally:
        app.close()


@pytest.fixture
def client(diplo: Diplo) -> Iterator[TestClient]:
    diplo.import_seed()
    with serving(diplo) as test_client:
        yield test_client


def listed(client: TestClient, query: str) -> list[str]:
    response = client.get("/index.json" + query)
    assert response.status_code == 200, response.text
    return [row["meeting"] for row in response.json()]


def golden(test: Callable[[dict[str, Any]], bool]) -> list[str]:
    return sorted(slug for slug, m in MEETINGS.items() if test(m["checkpoints"][-1]))


def test_the_filters_select_by_status_and_party(client: TestClient) -> None:
    assert listed(client, "?status=proposed") == golden(lambda c: c["status"] == "proposed")
    assert listed(client, "?party=UA") == golden(lambda c: "UA" in c["plan"]["parties"])
    assert listed(client, "?status=held&party=DE") == ["normandy-paris-2019"]


def test_overdue_meetings_are_open_with_every_planned_day_past(client: TestClient) -> None:
    # Paris (agreed, 11 Nov 2018), Washington (proposed, autumn 2018) and the 2025 summit
    # (proposed, 11-17 Aug 2025); the trilateral 2025 meeting has no date, the rest were held.
    assert listed(client, "?overdue=1") == [
        "trump-putin-paris-2018",
        "trump-putin-summit-2025",
        "trump-putin-washington-2018",
    ]
    assert listed(client, "?ever_cancelled=1") == []


def test_sorting_by_planned_date_puts_undated_meetings_last(client: TestClient) -> None:
    by_date = listed(client, "?sort=planned_for")
    assert by_date[0] == "obama-putin-new-york-2015"  # September 2015
    assert by_date[-1] == "trump-putin-zelensky-2025"  # no date given
    assert listed(client, "?sort=meeting&order=desc") == sorted(MEETINGS, reverse=True)


def test_past_a_hundred_meetings_the_list_has_pages(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.import_seed()
    extra = [
        statement(meeting=f"extra-meeting-{n:03d}", id=f"extra-{n:03d}", summary="x")
        for n in range(101)
    ]
    diplo.ok("import", write_yaml(extra))
    with serving(diplo) as client:
        first, second = listed(client, ""), listed(client, "?page=2")
        assert len(first) == 100
        assert len(second) == len(MEETINGS) + 101 - 100
        assert set(first).isdisjoint(second)
        assert "page 1 of 2" in client.get("/").text
        assert client.get("/?page=3").status_code == 400


def test_a_failing_database_gives_a_500_page_without_details(diplo: Diplo) -> None:
    diplo.import_seed()
    app = diplo.ledger()
    reads = ReadSide.of(app)
    web = WebLedger(reads, StatementSearch.of(reads))
    try:
        with TestClient(create_app(web, poll_seconds=0), raise_server_exceptions=False) as client:
            drop_the_view(diplo.db)
            response = client.get("/")
    finally:
        app.close()
    assert response.status_code == 500
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "meeting_view" not in response.text and diplo.db not in response.text
    assert "could not be made" in response.text


def drop_the_view(db: str) -> None:
    """Break the database under the running application, as a failing disk or DBA would."""
    if db.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(db, autocommit=True) as connection:
            connection.execute("DROP TABLE meeting_view")
    else:
        import sqlite3

        with sqlite3.connect(db) as connection:
            connection.execute("DROP TABLE meeting_view")


def test_a_meeting_page_known_by_a_day_counts_only_what_was_published_by_then(
    client: TestClient,
) -> None:
    # Every Paris statement was first published on 23 October 2018 (The Hill, the Danish
    # report): known by the day before, nothing counts; by that day, both sides agree.
    slug = "trump-putin-paris-2018"
    before = client.get(f"/meetings/{slug}.json?known_by=2018-10-22").json()["status"]
    assert (before["status"], before["known_by"]) == ("unannounced", "2018-10-22")
    on_the_day = client.get(f"/meetings/{slug}.json?known_by=2018-10-23").json()["status"]
    assert on_the_day["status"] == "agreed"
    page = client.get(f"/meetings/{slug}?known_by=2018-10-22").text
    assert 'name="known_by"' in page and "as known by" in page


def test_a_walk_back_of_two_statements_links_to_each_and_each_says_it_was_walked_back(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    russian = {"side": "RU", "speaker": "Yuri Ushakov", "parties": None}
    told = [
        statement(id="a", said_on="2018-10-22"),
        statement(id="c", kind="confirmed", said_on="2018-10-23", **russian),
        statement(id="d", kind="denied", said_on="2018-10-23", **russian),
        statement(
            id="w",
            kind="walked_back",
            said_on="2018-10-24",
            retracts=["c", "d"],
            source={"outlet": "TASS", "published": "2018-10-24"},
            **russian,
        ),
    ]
    diplo.ok("import", write_yaml(told))
    with serving(diplo) as client:
        page = html.fromstring(client.get("/meetings/trump-putin-paris-2018").text)
    [walks_back] = page.xpath('//li[@id="statement-w"]//p[@class="retracts"]')
    assert walks_back.text_content() == "Walks back c, d."
    assert walks_back.xpath(".//a/@href") == ["#statement-c", "#statement-d"]
    for retracted in ("c", "d"):
        [item] = page.xpath(f'//li[@id="statement-{retracted}"]')
        assert "walked-back" in item.classes
        assert item.xpath('.//p[@class="walked-back-by"]')[0].text_content() == (
            "Walked back by w."
        )
    [unretracted] = page.xpath('//li[@id="statement-a"]')
    assert "walked-back" not in unretracted.classes
    # d's denial made the meeting disputed, the walk-back undid it: said as the CLI says it
    changed = [li.text_content() for li in page.xpath('//ul[@class="changes"]/li')]
    assert [c for c in changed if c.startswith("disputed")] == [
        "disputed: no → yes",
        "disputed: yes → no",
    ]
