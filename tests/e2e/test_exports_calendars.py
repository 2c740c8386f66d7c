"""The meeting-level exports of the seed: the iCalendar (read by `icalendar` and by
`vobject`), JSON-LD (read as RDF by `rdflib`) and TimelineJS (checked against the format's
documented shape), all against hand-written values; and every format reproducible byte for
byte."""

from __future__ import annotations

import io
import json
import warnings
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import jsonschema
import pytest
import rdflib
import vobject
from icalendar import Calendar

from diplo.exports import FORMATS, write_export
from projections.queries import ReadSide
from tests.e2e.export_ledger import MADE_UP, PARIS, history, seed_reads

SCHEMA_ORG = rdflib.Namespace("https://schema.org/")
WASHINGTON = "trump-putin-washington-2018"


@pytest.fixture(scope="module")
def reads(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReadSide]:
    yield from seed_reads(tmp_path_factory)


def exported(reads: ReadSide, fmt: str, meeting: str | None = None) -> bytes:
    stream = io.BytesIO()
    write_export(fmt, reads, meeting, stream)
    return stream.getvalue()


def latest_recorded(reads: ReadSide, slug: str) -> datetime:
    """The meeting's latest recorded moment, read from its history (statements and errata),
    to the second (RFC 5545 date-times have no fractions of a second)."""
    steps = history(reads, slug)
    moments = [step["recorded_at"] for step in steps]
    moments += [e["recorded_at"] for step in steps for e in step["errata"]]
    return max(datetime.fromisoformat(moment) for moment in moments).replace(microsecond=0)


def test_every_format_exports_the_same_ledger_to_the_same_bytes(reads: ReadSide) -> None:
    assert set(FORMATS) == {"plover", "cameo", "ical", "jsonld", "timelinejs"}
    for fmt in FORMATS:
        first, second = exported(reads, fmt), exported(reads, fmt)
        assert first, fmt
        assert first == second, fmt


# --- iCalendar ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def calendar(reads: ReadSide) -> Calendar:
    data = exported(reads, "ical")
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    return Calendar.from_ical(data)


def events(calendar: Calendar) -> dict[str, Any]:
    return {str(event["UID"]).split("@")[0]: event for event in calendar.walk("VEVENT")}


def test_ical_has_one_event_per_meeting_with_a_date_and_names_the_rest(
    reads: ReadSide, calendar: Calendar, capsys: pytest.CaptureFixture[str]
) -> None:
    slugs = {m["meeting"] for m in reads.meetings() if m["plan"]["planned_for"]}
    assert set(events(calendar)) == slugs
    assert len(slugs) == 17 + 1  # the seed's dated meetings and the made-up one
    notes = write_export("ical", reads, None, io.BytesIO())
    assert notes == ["ical: 1 meeting with no planned date left out: trump-putin-zelensky-2025"]
    assert capsys.readouterr().err == ""  # said by the command, not by the export


def test_ical_paris_event_in_full(reads: ReadSide, calendar: Calendar) -> None:
    event = events(calendar)[PARIS]
    assert str(event["UID"]) == f"{PARIS}@diplomatic-ledger"
    assert str(event["SUMMARY"]) == "Donald Trump – Vladimir Putin (US–RU): agreed"
    assert str(event["LOCATION"]) == "Paris"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        date(2018, 11, 11),
        date(2018, 11, 12),
    )
    moment = latest_recorded(reads, PARIS)
    assert event.decoded("DTSTAMP") == moment
    assert event.decoded("LAST-MODIFIED") == moment
    # 2018-11 narrowed to 2018-11-11, then proposed -> agreed: two revisions.
    assert event.decoded("SEQUENCE") == 2
    assert "TRANSP" not in event  # a definite day: it blocks its time (RFC 5545 default)
    assert "X-DIPLO-EDTF" not in event
    assert str(event["DESCRIPTION"]).splitlines() == [
        f"Meeting: {PARIS}",
        "Status: agreed",
        "Parties: US supports, RU supports",
        "Participants: Donald Trump, Vladimir Putin",
        "Planned for: 11 Nov 2018",
        "Earlier planned for: Nov 2018",
        "Statements: 5 (first 23 Oct 2018, latest 23 Oct 2018)",
    ]


def test_a_fuzzy_plan_spans_its_days_blocks_no_time_and_keeps_its_edtf(
    calendar: Calendar,
) -> None:
    event = events(calendar)[WASHINGTON]
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        date(2018, 9, 1),
        date(2018, 12, 1),
    )
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert str(event["X-DIPLO-EDTF"]) == "2018-23"
    assert event.decoded("SEQUENCE") == 1  # Sanders adds the place and the date
    assert "Planned for: autumn 2018 (any day from 1 Sept 2018 to 30 Nov 2018)" in str(
        event["DESCRIPTION"]
    )
    summit = events(calendar)["trump-putin-summit-2025"]
    assert "Status: proposed (disputed)" in str(summit["DESCRIPTION"])
    assert "Parties: US supports, RU denies" in str(summit["DESCRIPTION"])
    assert "LOCATION" not in summit


def test_the_made_up_meeting_is_cancelled_after_seven_revisions(calendar: Calendar) -> None:
    event = events(calendar)[MADE_UP]
    assert str(event["STATUS"]) == "CANCELLED"
    # agreed, disputed, agreed, postponed, new date (proposed), date walked back (postponed),
    # cancelled: seven changes of status or date after the announcement.
    assert event.decoded("SEQUENCE") == 7
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        date(2021, 3, 1),
        date(2021, 4, 1),
    )
    assert "Earlier planned for: 20 May 2021" in str(event["DESCRIPTION"])


def test_a_second_parser_reads_the_same_calendar(reads: ReadSide) -> None:
    parsed = vobject.readOne(exported(reads, "ical").decode())
    found = {str(e.uid.value).split("@")[0]: e for e in parsed.vevent_list}
    assert len(found) == 18
    paris = found[PARIS]
    assert paris.dtstart.value == date(2018, 11, 11)
    assert paris.sequence.value == "2"
    assert paris.dtstamp.value == latest_recorded(reads, PARIS)
    washington = found[WASHINGTON]
    assert washington.transp.value == "TRANSPARENT"
    assert washington.x_diplo_edtf.value == "2018-23"
    assert found[MADE_UP].status.value == "CANCELLED"


# --- JSON-LD --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph(reads: ReadSide) -> rdflib.Graph:
    with warnings.catch_warnings():  # rdflib 7.6's own JSON-LD parser uses its deprecated class
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return rdflib.Graph().parse(data=exported(reads, "jsonld"), format="json-ld")


def node(graph: rdflib.Graph, slug: str) -> rdflib.term.Node:
    [subject] = graph.subjects(SCHEMA_ORG.identifier, rdflib.Literal(slug))
    return subject


def values(graph: rdflib.Graph, subject: rdflib.term.Node, name: str) -> set[str]:
    return {str(value) for value in graph.objects(subject, SCHEMA_ORG[name])}


def test_every_meeting_is_a_schema_org_event(reads: ReadSide, graph: rdflib.Graph) -> None:
    found = set(graph.subjects(rdflib.RDF.type, SCHEMA_ORG.Event))
    assert len(found) == len(reads.meetings()) == 18 + 1


def test_the_paris_event_as_rdf(graph: rdflib.Graph) -> None:
    paris = node(graph, PARIS)
    # Narrowing November to 11 November is no new date: still scheduled.
    assert values(graph, paris, "eventStatus") == {"https://schema.org/EventScheduled"}
    assert values(graph, paris, "startDate") == {"2018-11-11"}
    assert values(graph, paris, "previousStartDate") == {"2018-11-01"}
    [place] = graph.objects(paris, SCHEMA_ORG.location)
    assert values(graph, place, "name") == {"Paris"}
    [address] = graph.objects(place, SCHEMA_ORG.address)
    assert values(graph, address, "addressCountry") == {"FR"}
    people = {
        str(graph.value(person, SCHEMA_ORG.name))
        for person in graph.objects(paris, SCHEMA_ORG.attendee)
    }
    assert people == {"Donald Trump", "Vladimir Putin"}
    assert not values(graph, paris, "organizer")  # France hosts but is no party


def test_statuses_and_hosts_as_rdf(graph: rdflib.Graph) -> None:
    made_up = node(graph, MADE_UP)
    assert values(graph, made_up, "eventStatus") == {"https://schema.org/EventCancelled"}
    assert values(graph, made_up, "previousStartDate") == {"2021-05-20"}
    assert (values(graph, made_up, "startDate"), values(graph, made_up, "endDate")) == (
        {"2021-03-01"},
        {"2021-03-31"},
    )
    parties = {
        str(graph.value(o, SCHEMA_ORG.identifier))
        for o in graph.objects(made_up, SCHEMA_ORG.attendee)
    }
    assert parties == {"US", "CN"}  # no participants named: the parties attend
    oval = node(graph, "trump-lavrov-oval-office-2019")
    [organizer] = graph.objects(oval, SCHEMA_ORG.organizer)
    assert values(graph, organizer, "identifier") == {"US"}
    zelensky = node(graph, "trump-putin-zelensky-2025")
    assert not values(graph, zelensky, "startDate")  # listed, with no date


# --- TimelineJS -----------------------------------------------------------------------------

DATE_OBJECT = {
    "type": "object",
    "required": ["year"],
    "properties": {
        "year": {"type": "integer"},
        "month": {"type": "integer", "minimum": 1, "maximum": 12},
        "day": {"type": "integer", "minimum": 1, "maximum": 31},
        "display_date": {"type": "string"},
    },
    "additionalProperties": False,
}
TIMELINE_SHAPE = {
    "type": "object",
    "required": ["events"],
    "properties": {
        "title": {"type": "object", "required": ["text"]},
        "events": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start_date", "text"],
                "properties": {
                    "start_date": DATE_OBJECT,
                    "end_date": DATE_OBJECT,
                    "display_date": {"type": "string"},
                    "text": {
                        "type": "object",
                        "properties": {"headline": {"type": "string"}, "text": {"type": "string"}},
                    },
                    "media": {"type": "object", "required": ["url"]},
                    "group": {"type": "string"},
                    "unique_id": {"type": "string"},
                },
                "additionalProperties": False,
            },
        },
    },
}
"""The Knight Lab TimelineJS JSON format as its documentation describes it (slides with date,
text and media objects; a media object needs its url), written by hand."""


def test_the_paris_timeline(reads: ReadSide) -> None:
    timeline = json.loads(exported(reads, "timelinejs", PARIS))
    jsonschema.validate(timeline, TIMELINE_SHAPE)
    assert timeline["title"]["text"]["headline"] == (
        "Donald Trump – Vladimir Putin (US–RU): agreed"
    )
    slides = {slide["unique_id"]: slide for slide in timeline["events"]}
    assert len(slides) == 5
    danish = slides[f"{PARIS}--dk-ushakov-confirms-paris"]
    assert danish["start_date"] == {"year": 2018, "month": 10, "day": 23}
    assert danish["display_date"] == "23 Oct 2018"
    assert danish["text"]["headline"] == "confirmed: Yuri Ushakov (RU)"
    assert "<p>Source: unnamed Danish outlet, 23 Oct 2018</p>" in danish["text"]["text"]
    assert "media" not in danish  # no link to show
    assert "group" not in danish


def test_partial_and_fuzzy_dates_on_the_timeline(reads: ReadSide) -> None:
    timeline = json.loads(exported(reads, "timelinejs"))
    jsonschema.validate(timeline, TIMELINE_SHAPE)
    assert len(timeline["events"]) == 34 + 8
    slides = {slide["unique_id"]: slide for slide in timeline["events"]}
    january = slides["trump-putin-summit-2025--nyt-putin-january-meet"]
    assert january["start_date"] == {"year": 2025, "month": 1}
    assert january["display_date"] == "Jan 2025"
    assert january["group"] == "trump-putin-summit-2025"
    weeks = slides["trump-putin-summit-2025--nyt-peskov-denies-summit"]
    assert (weeks["start_date"], weeks["end_date"]) == (
        {"year": 2025, "month": 7, "day": 9},
        {"year": 2025, "month": 8, "day": 5},
    )
    assert weeks["display_date"] == "9 Jul – 5 Aug 2025"
    oval = slides["trump-lavrov-oval-office-2019--dw-trump-lavrov-held"]
    assert oval["media"] == {
        "url": "https://p.dw.com/p/3UZbK",
        "credit": "DW",
        "caption": "Trump meets Russia&#x27;s top diplomat in Washington",
    }
