"""PLOVER records and CAMEO rows of the seed meetings, against hand-written values.

The expected codings follow the PLOVER manual (openeventdata/PLOVER, PLOVER_MANUAL.tex) and
the CAMEO 1.1b3 codebook, section by section as README's export section cites them; every PLOVER
record is validated against the data model's JSON Schema (diplo/exports/plover.schema.json).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from diplo.exports.cameo import CAMEO_COLUMNS, cameo_rows, write_cameo_csv
from diplo.exports.plover import plover_records
from projections.queries import ReadSide
from tests.e2e.export_ledger import MADE_UP, PARIS, SCHEMA, all_steps, by_id, history, seed_reads


@pytest.fixture(scope="module")
def reads(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReadSide]:
    yield from seed_reads(tmp_path_factory)


# --- PLOVER ---------------------------------------------------------------------------------


def test_every_plover_record_of_the_ledger_fits_the_data_model(reads: ReadSide) -> None:
    records = plover_records(all_steps(reads))
    assert len(records) == 34 + 8
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for record in records:
        validator.validate(record)


def test_the_schema_refuses_the_old_record_shape() -> None:
    """The schema can fail: a record in the shape the exports had before issue 15."""
    old = {"id": "x", "date": "2018-10-23", "event_type": "AGREE", "actor": "RU"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(old, SCHEMA)


def test_plover_record_of_the_kremlin_confirmation(reads: ReadSide) -> None:
    """Ushakov (Danish report): the Kremlin confirms the Paris summit -> AGREE (a future
    meeting, manual: CONSULT, potential ambiguities), Russia to the United States."""
    record = by_id(plover_records(history(reads, PARIS)))["dk-ushakov-confirms-paris"]
    assert record == {
        "id": "dk-ushakov-confirms-paris",
        "date": "2018-10-23",
        "actor": [{"code": "RUS", "entity_text": "RU"}],
        "recipient": [{"code": "USA", "entity_text": "US"}],
        "event": ["AGREE"],
        "mode": None,
        "context": ["diplomatic"],
        "quad_code": 1,
        "event_text": [
            "Vi planlægger, at vore præsidenter holder et bilateralt møde",
            "Kremlin spokesman Yuri Ushakov confirms that there is a preliminary agreement on "
            "a summit in Paris on 11 November.",
        ],
        "cite_info": {
            "language": "da",
            "publication": "unnamed Danish outlet",
            "coder": "diplomatic-ledger",
        },
        "comment": "confirmed: Yuri Ushakov (RU), 23 Oct 2018",
        "meeting": PARIS,
        "kind": "confirmed",
        "speaker": "Yuri Ushakov",
        "attribution": "on_record",
        "counted": True,
        "retracted_by": None,
        "translation": "We are planning for our presidents to hold a bilateral meeting",
    }


def test_plover_record_of_the_oval_office_meeting(reads: ReadSide) -> None:
    """DW: Trump met Lavrov in the Oval Office -> CONSULT `visit`, the visitor (Russia) as
    actor and the host as recipient, dated the day it was held."""
    [record] = plover_records(history(reads, "trump-lavrov-oval-office-2019"))
    assert record == {
        "id": "dw-trump-lavrov-held",
        "date": "2019-12-10",
        "actor": [{"code": "RUS", "entity_text": "RU"}],
        "recipient": [{"code": "USA", "entity_text": "US"}],
        "event": ["CONSULT"],
        "mode": ["visit"],
        "context": ["diplomatic"],
        "quad_code": 1,
        "event_text": [
            "DW reports that Trump met Russian Foreign Minister Lavrov on Tuesday behind "
            "closed doors in the Oval Office of the White House."
        ],
        "event_loc": {"extracted_place": "Oval Office, White House", "country_code": "USA"},
        "cite_info": {
            "url": "https://p.dw.com/p/3UZbK",
            "title": "Trump meets Russia's top diplomat in Washington",
            "language": "en",
            "publication": "DW",
            "coder": "diplomatic-ledger",
        },
        "comment": "held: DW (DE), 11 Dec 2019",
        "meeting": "trump-lavrov-oval-office-2019",
        "kind": "held",
        "speaker": "DW",
        "attribution": "on_record",
        "counted": True,
        "retracted_by": None,
        "translation": None,
    }


def test_a_meeting_reported_years_later_is_dated_when_held_and_historical(
    reads: ReadSide,
) -> None:
    """Geneva, June 2021, told by the NYT on 6 Aug 2025: all parties act, no recipient."""
    [record] = plover_records(history(reads, "biden-putin-geneva-2021"))
    assert (record["date"], record["enddate"]) == ("2021-06-01", "2021-06-30")
    assert record["context"] == ["diplomatic", "historical"]
    assert record["actor"] == [
        {"code": "USA", "entity_text": "US"},
        {"code": "RUS", "entity_text": "RU"},
    ]
    assert "recipient" not in record
    assert record["mode"] == ["third-party"]
    assert record["event_loc"] == {"extracted_place": "Geneva", "country_code": "CHE"}


def codes(entities: list[dict[str, str]] | None) -> list[str]:
    return [entity["code"] for entity in entities or []]


def test_plover_events_modes_and_actors_of_the_seed(reads: ReadSide) -> None:
    records = by_id(plover_records(all_steps(reads)))
    expected = {
        # Peskov's denial that a summit was imminent: REJECT, mode meet.
        "nyt-peskov-denies-summit": ("REJECT", ["meet"], ["RUS"], ["USA"]),
        # Putin's suggestion, second-hand through Bolton: still exported, as not counted.
        "hill-putin-suggests-meeting": ("AGREE", None, ["RUS"], ["USA"]),
        # Zelensky signals a three-way meeting is possible: the others as recipients.
        "nyt-zelensky-signals-meeting": ("AGREE", None, ["UKR"], ["USA", "RUS"]),
        # Bolton met Putin in Moscow: the US visiting Russia.
        "hill-bolton-putin-held": ("CONSULT", ["visit"], ["USA"], ["RUS"]),
        # Zelensky in the Oval Office, told by the NYT (side US): the visitor is Ukraine.
        "nyt-trump-zelensky-oval-held": ("CONSULT", ["visit"], ["UKR"], ["USA"]),
        # Pope Francis's funeral in St. Peter's Basilica: neither side's country.
        "nyt-trump-zelensky-funeral-held": ("CONSULT", ["third-party"], ["USA", "UKR"], []),
        # Helsinki: a third location, every party an actor.
        "rt-helsinki-held": ("CONSULT", ["third-party"], ["USA", "RUS"], []),
        # The Normandy-format summit in Paris: four parties, no recipient.
        "dw-normandy-paris-held": ("CONSULT", ["multilateral"], ["RUS", "UKR", "DEU", "FRA"], []),
    }
    found = {
        key: (r["event"][0], r["mode"], codes(r["actor"]), codes(r.get("recipient")))
        for key, r in records.items()
        if key in expected
    }
    assert found == expected
    assert records["hill-putin-suggests-meeting"]["counted"] is False
    assert records["hill-helsinki-held"]["context"] == ["diplomatic", "historical"]
    assert records["nyt-trump-zelensky-oval-held"]["enddate"] == "2025-08-06"


def test_plover_of_the_other_kinds(reads: ReadSide) -> None:
    """Cancelled and postponed are REJECT `meet` (the manual's SANCTION section sends
    cancelled meetings to REJECT); a walk-back is coded by what it leaves."""
    records = plover_records(history(reads, MADE_UP))
    assert [
        (r["id"], r["event"], r["mode"], codes(r["actor"]), codes(r["recipient"])) for r in records
    ] == [
        ("ex-us-announces", ["AGREE"], None, ["USA"], ["CHN"]),
        ("ex-cn-confirms", ["AGREE"], None, ["CHN"], ["USA"]),
        ("ex-cn-denies", ["REJECT"], ["meet"], ["CHN"], ["USA"]),
        ("ex-cn-walks-back-denial", ["AGREE"], None, ["CHN"], ["USA"]),  # on again
        ("ex-cn-postpones", ["REJECT"], ["meet"], ["CHN"], ["USA"]),
        ("ex-us-reschedules", ["AGREE"], None, ["USA"], ["CHN"]),
        ("ex-us-walks-back-new-date", ["REJECT"], ["meet"], ["USA"], ["CHN"]),  # postponed again
        ("ex-cn-cancels", ["REJECT"], ["meet"], ["CHN"], ["USA"]),
    ]
    assert [r["quad_code"] for r in records] == [1, 1, 3, 1, 3, 1, 3, 3]
    assert records[2]["retracted_by"] == "ex-cn-walks-back-denial"
    assert records[1]["event_text"] == ["We will meet in Geneva."]
    assert records[1]["cite_info"]["url"] == "https://example.org/wire/summit"


# --- CAMEO ----------------------------------------------------------------------------------


def test_cameo_row_of_the_kremlin_confirmation(reads: ReadSide) -> None:
    [row] = [
        r
        for r in cameo_rows(history(reads, PARIS))
        if r["statement"] == "dk-ushakov-confirms-paris"
    ]
    assert row == {
        "statement": "dk-ushakov-confirms-paris",
        "date": "2018-10-23",
        "source": "RUS",
        "target": "USA",
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


def dyads(rows: list[dict[str, str]], statement: str) -> list[tuple[str, str, str]]:
    return [(r["source"], r["target"], r["cameo"]) for r in rows if r["statement"] == statement]


def test_a_visit_is_two_rows_the_visit_and_the_hosting(reads: ReadSide) -> None:
    """CAMEO 042 comes with its linked event, the host's 043 (codebook, 042 usage notes)."""
    rows = cameo_rows(history(reads, "trump-lavrov-oval-office-2019"))
    assert [(r["date"], r["source"], r["target"], r["cameo"], r["cameo_label"]) for r in rows] == [
        ("2019-12-10", "RUS", "USA", "042", "Make a visit"),
        ("2019-12-10", "USA", "RUS", "043", "Host a visit"),
    ]


def test_cameo_dyads_of_the_seed(reads: ReadSide) -> None:
    rows = cameo_rows(all_steps(reads))
    assert dyads(rows, "nyt-peskov-denies-summit") == [("RUS", "USA", "125")]
    assert dyads(rows, "nyt-anon-trilateral-plan") == [("USA", "RUS", "036"), ("USA", "UKR", "036")]
    assert dyads(rows, "hill-bolton-putin-held") == [("USA", "RUS", "042"), ("RUS", "USA", "043")]
    assert dyads(rows, "rt-obama-putin-new-york-held") == [
        ("RUS", "USA", "042"),  # Putin in New York
        ("USA", "RUS", "043"),
    ]
    assert dyads(rows, "nyt-trump-zelensky-funeral-held") == [
        ("USA", "UKR", "044"),  # the Vatican: reciprocal
        ("UKR", "USA", "044"),
    ]
    assert dyads(rows, "dw-normandy-paris-held") == [
        ("RUS", "FRA", "042"),
        ("FRA", "RUS", "043"),
        ("UKR", "FRA", "042"),
        ("FRA", "UKR", "043"),
        ("DEU", "FRA", "042"),
        ("FRA", "DEU", "043"),
        ("RUS", "UKR", "044"),  # the visitors among themselves: a third location for them
        ("RUS", "DEU", "044"),
        ("UKR", "RUS", "044"),
        ("UKR", "DEU", "044"),
        ("DEU", "RUS", "044"),
        ("DEU", "UKR", "044"),
    ]
    [new_york] = {r["date"] for r in rows if r["statement"] == "rt-obama-putin-new-york-held"}
    assert new_york == "2015-09-01"  # planned_for 2015-09: held in September 2015
    [second_hand] = {r["counted"] for r in rows if r["statement"] == "hill-putin-agrees-date"}
    assert second_hand == "no"


def test_cameo_codes_of_the_other_kinds(reads: ReadSide) -> None:
    """Cancelled and postponed are 161 (the codebook codes the cancellation of meetings
    there), not 164 (halt negotiations)."""
    rows = cameo_rows(history(reads, MADE_UP))
    assert [(r["statement"], r["cameo"], r["cameo_label"]) for r in rows] == [
        ("ex-us-announces", "036", "Express intent to meet or negotiate"),
        ("ex-cn-confirms", "036", "Express intent to meet or negotiate"),
        ("ex-cn-denies", "125", "Reject proposal to meet, discuss, or negotiate"),
        ("ex-cn-walks-back-denial", "036", "Express intent to meet or negotiate"),
        ("ex-cn-postpones", "161", "Reduce or break diplomatic relations"),
        ("ex-us-reschedules", "036", "Express intent to meet or negotiate"),
        ("ex-us-walks-back-new-date", "125", "Reject proposal to meet, discuss, or negotiate"),
        ("ex-cn-cancels", "161", "Reduce or break diplomatic relations"),
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
    rows: list[dict[str, Any]] = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows == cameo_rows(steps)
    assert {row["statement"] for row in rows} == {step["id"] for step in steps}
    assert any("præsidenter" in row["quote_or_summary"] for row in rows)
