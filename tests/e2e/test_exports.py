"""Exports: PLOVER records, CAMEO rows and CSV, and the iCalendar, against hand-written values.

The seed fixtures (and one made-up meeting that uses the kinds the seed lacks) are imported
into a fresh SQLite ledger and read back through the real read side. The expected records
were written by hand from the fixtures, the seed articles and the mapping tables.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from icalendar import Calendar

from diplo.exports.cameo import CAMEO_COLUMNS, cameo_rows, write_cameo_csv
from diplo.exports.ical import ical_calendar
from diplo.exports.plover import plover_records
from ledger.application import Ledger
from ledger.importer import read_people, read_statements
from ledger.storage import choose_database
from projections.queries import ReadSide

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
PARIS = "trump-putin-paris-2018"
MADE_UP = "example-summit-2021"

# A made-up meeting (US and CN, in Geneva) that goes through every kind the seed has not:
# agreed, disputed by a denial, the denial walked back, postponed, rescheduled, the
# rescheduling walked back, cancelled.
MADE_UP_FILE: dict[str, Any] = {
    "source": {
        "outlet": "Example Wire",
        "published": "2021-03-01",
        "url": "https://example.org/wire/summit",
        "language": "en",
    },
    "statements": [
        {
            "id": "ex-us-announces",
            "kind": "announced",
            "speaker": "US spokesperson",
            "side": "US",
            "said_on": "2021-01-10",
            "summary": "The US announces a summit with China in Geneva in March.",
            "parties": ["US", "CN"],
            "place": "Geneva",
            "planned_for": "2021-03",
        },
        {
            "id": "ex-cn-confirms",
            "kind": "confirmed",
            "speaker": "CN spokesperson",
            "side": "CN",
            "said_on": "2021-01-15",
            "quote": "We will meet in Geneva.",
        },
        {
            "id": "ex-cn-denies",
            "kind": "denied",
            "speaker": "CN official",
            "side": "CN",
            "said_on": "2021-01-20",
            "summary": "A Chinese official says no summit is planned.",
        },
        {
            "id": "ex-cn-walks-back-denial",
            "kind": "walked_back",
            "speaker": "CN spokesperson",
            "side": "CN",
            "said_on": "2021-01-22",
            "summary": "The spokesperson says the official was wrong: the summit is on.",
            "retracts": "ex-cn-denies",
        },
        {
            "id": "ex-cn-postpones",
            "kind": "postponed",
            "speaker": "CN spokesperson",
            "side": "CN",
            "said_on": "2021-02-01",
            "summary": "China postpones the summit.",
        },
        {
            "id": "ex-us-reschedules",
            "kind": "rescheduled",
            "speaker": "US spokesperson",
            "side": "US",
            "said_on": "2021-02-10",
            "summary": "The US proposes 20 May instead.",
            "planned_for": "2021-05-20",
        },
        {
            "id": "ex-us-walks-back-new-date",
            "kind": "walked_back",
            "speaker": "US spokesperson",
            "side": "US",
            "said_on": "2021-02-12",
            "summary": "The US says no new date has been proposed after all.",
            "retracts": "ex-us-reschedules",
        },
        {
            "id": "ex-cn-cancels",
            "kind": "cancelled",
            "speaker": "CN spokesperson",
            "side": "CN",
            "said_on": "2021-02-20",
            "summary": "China calls the summit off.",
        },
    ],
}


@pytest.fixture(scope="module")
def reads(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReadSide]:
    """The read side over the seed fixtures and the made-up meeting, in a fresh SQLite ledger."""
    folder = tmp_path_factory.mktemp("exports-ledger")
    made_up = folder / "made_up.yaml"
    document = {
        "source": MADE_UP_FILE["source"],
        "statements": [{"meeting": MADE_UP, **item} for item in MADE_UP_FILE["statements"]],
    }
    made_up.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    app = Ledger(
        choose_database(str(folder / "ledger.sqlite")),
        people=read_people(str(FIXTURES / "people.yaml")),
    )
    try:
        for path in [*sorted(FIXTURES.glob("0*.yaml")), made_up]:
            app.record(read_statements(str(path)))
        side = ReadSide.of(app)
        side.projector.catch_up()
        yield side
    finally:
        app.close()


def history(reads: ReadSide, slug: str) -> list[dict[str, Any]]:
    steps = reads.history(slug)
    assert steps, slug
    return steps


def all_steps(reads: ReadSide) -> list[dict[str, Any]]:
    return [step for m in reads.meetings() for step in history(reads, m["meeting"])]


def by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(record["id"]): record for record in records}


# --- PLOVER ---------------------------------------------------------------------------------


def test_plover_record_of_the_kremlin_confirmation(reads: ReadSide) -> None:
    """Ushakov (Danish report): the Kremlin confirms the Paris summit -> AGREE, RU to US."""
    record = by_id(plover_records(history(reads, PARIS)))["dk-ushakov-confirms-paris"]
    assert record == {
        "id": "dk-ushakov-confirms-paris",
        "date": "2018-10-23",
        "event_type": "AGREE",
        "mode": None,
        "context": ["diplomatic"],
        "actor": "RU",
        "recipient": ["US"],
        "meeting": PARIS,
        "kind": "confirmed",
        "speaker": "Yuri Ushakov",
        "attribution": "on_record",
        "counted": True,
        "retracted_by": None,
        "text": "Vi planlægger, at vore præsidenter holder et bilateralt møde",
        "translation": "We are planning for our presidents to hold a bilateral meeting",
        "cite_info": {
            "url": None,
            "publication": "unnamed Danish outlet",
            "published": "2018-10-23",
            "title": None,
            "language": "da",
        },
    }


def test_plover_record_of_the_oval_office_meeting(reads: ReadSide) -> None:
    """DW: Trump met Lavrov in the Oval Office -> CONSULT visit, Russia visiting the US."""
    [record] = plover_records(history(reads, "trump-lavrov-oval-office-2019"))
    assert record == {
        "id": "dw-trump-lavrov-held",
        "date": "2019-12-11",
        "event_type": "CONSULT",
        "mode": "visit",
        "context": ["diplomatic"],
        "actor": "RU",
        "recipient": ["US"],
        "meeting": "trump-lavrov-oval-office-2019",
        "kind": "held",
        "speaker": "DW",
        "attribution": "on_record",
        "counted": True,
        "retracted_by": None,
        "text": "DW reports that Trump met Russian Foreign Minister Lavrov on Tuesday behind "
        "closed doors in the Oval Office of the White House.",
        "translation": None,
        "cite_info": {
            "url": "https://p.dw.com/p/3UZbK",
            "publication": "DW",
            "published": "2019-12-11",
            "title": "Trump meets Russia's top diplomat in Washington",
            "language": "en",
        },
        "event_loc": {"name": "Oval Office, White House"},
    }


def test_plover_types_and_modes_of_the_seed(reads: ReadSide) -> None:
    records = by_id(plover_records(all_steps(reads)))
    expected = {
        # Peskov's denial that a summit was imminent.
        "nyt-peskov-denies-summit": ("REJECT", "meet", "RU", ["US"]),
        # Putin's suggestion, second-hand through Bolton: still exported, as not counted.
        "hill-putin-suggests-meeting": ("AGREE", None, "RU", ["US"]),
        # Zelensky signals a three-way meeting is possible.
        "nyt-zelensky-signals-meeting": ("AGREE", None, "UA", ["US", "RU"]),
        # Bolton met Putin in Moscow: the US visiting Russia.
        "hill-bolton-putin-held": ("CONSULT", "visit", "US", ["RU"]),
        # Zelensky in the Oval Office, told by the NYT (side US): the visitor is Ukraine.
        "nyt-trump-zelensky-oval-held": ("CONSULT", "visit", "UA", ["US"]),
        # Pope Francis's funeral in St. Peter's Basilica: neither side's country.
        "nyt-trump-zelensky-funeral-held": ("CONSULT", "third-party", "US", ["UA"]),
        # Helsinki, told by RT (side RU).
        "rt-helsinki-held": ("CONSULT", "third-party", "RU", ["US"]),
        # The Normandy-format summit in Paris, told by DW (side DE, a party).
        "dw-normandy-paris-held": ("CONSULT", "multilateral", "DE", ["RU", "UA", "FR"]),
    }
    found = {
        key: (r["event_type"], r["mode"], r["actor"], r["recipient"])
        for key, r in records.items()
        if key in expected
    }
    assert found == expected
    assert records["hill-putin-suggests-meeting"]["counted"] is False


def test_plover_of_the_other_kinds(reads: ReadSide) -> None:
    records = plover_records(history(reads, MADE_UP))
    assert [(r["id"], r["event_type"], r["mode"], r["actor"], r["recipient"]) for r in records] == [
        ("ex-us-announces", "AGREE", None, "US", ["CN"]),
        ("ex-cn-confirms", "AGREE", None, "CN", ["US"]),
        ("ex-cn-denies", "REJECT", "meet", "CN", ["US"]),
        ("ex-cn-walks-back-denial", "AGREE", None, "CN", ["US"]),  # the meeting is on again
        ("ex-cn-postpones", "SANCTION", None, "CN", ["US"]),
        ("ex-us-reschedules", "AGREE", None, "US", ["CN"]),
        ("ex-us-walks-back-new-date", "REJECT", "meet", "US", ["CN"]),  # withdraws support
        ("ex-cn-cancels", "SANCTION", "cancel", "CN", ["US"]),
    ]
    assert records[2]["retracted_by"] == "ex-cn-walks-back-denial"
    assert records[1]["text"] == "We will meet in Geneva."
    assert records[1]["cite_info"]["url"] == "https://example.org/wire/summit"


# --- CAMEO ----------------------------------------------------------------------------------


def test_cameo_row_of_the_kremlin_confirmation(reads: ReadSide) -> None:
    row = by_id(cameo_rows(history(reads, PARIS)))["dk-ushakov-confirms-paris"]
    assert row == {
        "id": "dk-ushakov-confirms-paris",
        "date": "2018-10-23",
        "actor": "RU",
        "recipient": "US",
        "cameo": "036",
        "cameo_label": "Express intent to meet or negotiate",
        "meeting": PARIS,
        "speaker": "Yuri Ushakov",
        "quote_or_summary": "Vi planlægger, at vore præsidenter holder et bilateralt møde "
        "[We are planning for our presidents to hold a bilateral meeting]",
        "source_url": "",
        "outlet": "unnamed Danish outlet",
        "kind": "confirmed",
        "attribution": "on_record",
        "counted": "yes",
    }


def test_cameo_row_of_the_oval_office_meeting(reads: ReadSide) -> None:
    [row] = cameo_rows(history(reads, "trump-lavrov-oval-office-2019"))
    assert row == {
        "id": "dw-trump-lavrov-held",
        "date": "2019-12-11",
        "actor": "RU",
        "recipient": "US",
        "cameo": "042",
        "cameo_label": "Make a visit",
        "meeting": "trump-lavrov-oval-office-2019",
        "speaker": "DW",
        "quote_or_summary": "DW reports that Trump met Russian Foreign Minister Lavrov on "
        "Tuesday behind closed doors in the Oval Office of the White House.",
        "source_url": "https://p.dw.com/p/3UZbK",
        "outlet": "DW",
        "kind": "held",
        "attribution": "on_record",
        "counted": "yes",
    }


def test_cameo_codes_of_the_seed(reads: ReadSide) -> None:
    rows = by_id(cameo_rows(all_steps(reads)))
    expected = {
        "nyt-peskov-denies-summit": ("RU", "US", "125"),
        "hill-bolton-paris-plan": ("US", "RU", "036"),
        "hill-putin-agrees-date": ("RU", "US", "036"),
        "nyt-anon-trilateral-plan": ("US", "RU;UA", "036"),
        "hill-bolton-putin-held": ("US", "RU", "042"),  # Bolton in Moscow
        "nyt-witkoff-putin-held": ("US", "RU", "042"),  # Witkoff in Moscow
        "rt-obama-putin-new-york-held": ("RU", "US", "042"),  # Putin in New York
        "dw-pompeo-talked-ukraine": ("US", "RU", "043"),  # Pompeo hosting in Washington
        "nyt-trump-zelensky-oval-held": ("US", "UA", "043"),  # the NYT, side US: hosting
        "nyt-trump-zelensky-funeral-held": ("US", "UA", "044"),  # the Vatican
        "nyt-biden-putin-geneva-held": ("US", "RU", "044"),
        "rt-trump-summit-success": ("US", "RU", "044"),  # Helsinki, named by RT later on
        "dw-normandy-paris-held": ("DE", "FR", "042"),  # Germany visiting France
    }
    found = {
        key: (row["actor"], row["recipient"], row["cameo"])
        for key, row in rows.items()
        if key in expected
    }
    assert found == expected
    assert rows["nyt-peskov-denies-summit"]["cameo_label"] == (
        "Reject proposal to meet, discuss, or negotiate"
    )
    assert rows["hill-putin-agrees-date"]["counted"] == "no"


def test_cameo_codes_of_the_other_kinds(reads: ReadSide) -> None:
    rows = cameo_rows(history(reads, MADE_UP))
    assert [(r["id"], r["cameo"], r["cameo_label"]) for r in rows] == [
        ("ex-us-announces", "036", "Express intent to meet or negotiate"),
        ("ex-cn-confirms", "036", "Express intent to meet or negotiate"),
        ("ex-cn-denies", "125", "Reject proposal to meet, discuss, or negotiate"),
        ("ex-cn-walks-back-denial", "036", "Express intent to meet or negotiate"),
        ("ex-cn-postpones", "164", "Halt negotiations"),
        ("ex-us-reschedules", "036", "Express intent to meet or negotiate"),
        ("ex-us-walks-back-new-date", "125", "Reject proposal to meet, discuss, or negotiate"),
        ("ex-cn-cancels", "164", "Halt negotiations"),
    ]


def test_several_meetings_are_coded_each_on_its_own(reads: ReadSide) -> None:
    """Steps of all meetings at once code as each meeting's steps alone (no place leaks)."""
    one_by_one = [row for m in reads.meetings() for row in cameo_rows(history(reads, m["meeting"]))]
    assert cameo_rows(all_steps(reads)) == one_by_one
    records = [r for m in reads.meetings() for r in plover_records(history(reads, m["meeting"]))]
    assert plover_records(all_steps(reads)) == records


def test_cameo_csv_round_trips(reads: ReadSide) -> None:
    steps = all_steps(reads)
    stream = io.StringIO(newline="")
    write_cameo_csv(steps, stream)
    text = stream.getvalue()
    assert text.startswith(",".join(CAMEO_COLUMNS) + "\r\n")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(steps) == 34 + 8
    assert rows == cameo_rows(steps)
    assert any("præsidenter" in row["quote_or_summary"] for row in rows)


# --- iCalendar ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def calendar(reads: ReadSide) -> Calendar:
    data = ical_calendar(reads.meetings(), stamp=datetime(2025, 8, 7, 12, tzinfo=UTC))
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    return Calendar.from_ical(data)


def events(calendar: Calendar) -> dict[str, Any]:
    return {str(event["UID"]).split("@")[0]: event for event in calendar.walk("VEVENT")}


def test_ical_has_one_event_per_meeting_with_a_planned_date(
    reads: ReadSide, calendar: Calendar
) -> None:
    slugs = {m["meeting"] for m in reads.meetings() if m["plan"]["planned_for"]}
    assert set(events(calendar)) == slugs
    assert "trump-putin-zelensky-2025" not in slugs  # no date was ever given
    assert len(slugs) == 18


def test_ical_status_follows_the_meeting_status(calendar: Calendar) -> None:
    found = {slug: str(event["STATUS"]) for slug, event in events(calendar).items()}
    assert found[PARIS] == "CONFIRMED"  # agreed
    assert found["trump-putin-summit-2025"] == "TENTATIVE"  # proposed, disputed
    assert found["trump-putin-washington-2018"] == "TENTATIVE"  # proposed
    assert found[MADE_UP] == "CANCELLED"
    for slug in ("trump-putin-helsinki-2018", "normandy-paris-2019", "bolton-putin-moscow-2018"):
        assert found[slug] == "CONFIRMED"  # held


def test_ical_dates_span_every_day_the_plan_can_mean(calendar: Calendar) -> None:
    found = {
        slug: (event.decoded("DTSTART"), event.decoded("DTEND"))
        for slug, event in events(calendar).items()
    }
    assert found[PARIS] == (date(2018, 11, 11), date(2018, 11, 12))
    assert found["trump-putin-summit-2025"] == (date(2025, 8, 11), date(2025, 8, 18))
    assert found["trump-putin-washington-2018"] == (date(2018, 9, 1), date(2018, 12, 1))  # fall
    assert found["bolton-lavrov-moscow-2018"] == (date(2018, 10, 22), date(2018, 10, 24))
    assert found[MADE_UP] == (date(2021, 3, 1), date(2021, 4, 1))  # the new date walked back


def test_ical_paris_event_in_full(calendar: Calendar) -> None:
    event = events(calendar)[PARIS]
    assert str(event["UID"]) == f"{PARIS}@diplomatic-ledger"
    assert str(event["SUMMARY"]) == "Donald Trump – Vladimir Putin (US–RU): agreed"
    assert str(event["LOCATION"]) == "Paris"
    assert event.decoded("DTSTAMP") == datetime(2025, 8, 7, 12, tzinfo=UTC)
    assert str(event["DESCRIPTION"]).splitlines() == [
        f"Meeting: {PARIS}",
        "Status: agreed",
        "Parties: US supports, RU supports",
        "Participants: Donald Trump, Vladimir Putin",
        "Planned for: 2018-11-11",
        "Statements: 5 (first 2018-10-23, latest 2018-10-23)",
    ]
    summit = events(calendar)["trump-putin-summit-2025"]
    assert "Status: proposed (disputed)" in str(summit["DESCRIPTION"])
    assert "Parties: US supports, RU denies" in str(summit["DESCRIPTION"])
    assert "LOCATION" not in summit
