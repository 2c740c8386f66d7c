"""Exports from plain data: history steps and meeting rows written by hand, as the read side
gives them (each step with the meeting's `state_after`), coded without any database."""

from __future__ import annotations

from datetime import date
from typing import Any

from icalendar import Calendar

from diplo.exports.cameo import cameo_rows
from diplo.exports.ical import ical_calendar
from diplo.exports.plover import iso639_1, plover_records

RECORDED = "2026-01-02T03:04:05.678+00:00"


def state(status: str, parties: dict[str, str], **plan: Any) -> dict[str, Any]:
    return {
        "status": status,
        "disputed": False,
        "parties": parties,
        "plan": {"parties": list(parties), "participants": [], "place": None, "planned_for": None}
        | plan,
    }


def step(kind: str, side: str, after: dict[str, Any], **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": f"{kind}-{side}",
        "meeting": "example-meeting",
        "said_on": "2024-05-02",
        "effective_on": "2024-05-02",
        "kind": kind,
        "speaker": f"{side} spokesperson",
        "side": side,
        "attribution": "on_record",
        "quote": None,
        "summary": "A statement.",
        "translation": None,
        "source": {"outlet": "Example Wire", "published": "2024-05-02", "language": "en"},
        "plan_given": {},
        "retracted_by": None,
        "counted": True,
        "state_after": after,
        "errata": [],
        "recorded_at": RECORDED,
    }
    return base | fields


def test_organisations_get_their_plover_and_cameo_codes() -> None:
    after = state("proposed", {"UN": "supports", "UA": "silent"})
    [record] = plover_records([step("announced", "UN", after)])
    assert record["actor"] == [{"code": "UNO", "entity_text": "UN"}]
    assert record["recipient"] == [{"code": "UKR", "entity_text": "UA"}]
    [row] = cameo_rows([step("announced", "UN", after)])
    assert (row["source"], row["target"], row["cameo"]) == ("IGOUNO", "UKR", "036")
    eu = state("proposed", {"EU": "supports", "CN": "silent"})
    [row] = cameo_rows([step("announced", "EU", eu)])
    assert row["source"] == "IGOEEC"
    [record] = plover_records([step("announced", "EU", eu)])
    assert record["actor"][0]["code"] == "EUR"


def test_a_meeting_held_with_no_place_is_reciprocal_040_with_no_mode() -> None:
    after = state("held", {"US": "silent", "RU": "silent"}, planned_for="2024-05-01")
    held = step("held", "US", after)
    [record] = plover_records([held])
    assert (record["event"], record["mode"], record["date"]) == (["CONSULT"], None, "2024-05-01")
    assert [entity["code"] for entity in record["actor"]] == ["USA", "RUS"]
    assert "recipient" not in record and "event_loc" not in record
    assert [(r["source"], r["target"], r["cameo"]) for r in cameo_rows([held])] == [
        ("USA", "RUS", "040"),
        ("RUS", "USA", "040"),
    ]


def test_a_held_meeting_with_an_open_date_is_dated_when_reported() -> None:
    after = state("held", {"US": "silent", "RU": "silent"}, planned_for="../2024-04-30")
    [record] = plover_records([step("held", "US", after)])
    assert record["date"] == "2024-05-02"
    assert "enddate" not in record


def test_a_speaker_who_is_no_party_acts_towards_every_party() -> None:
    after = state("proposed", {"US": "supports", "RU": "silent"})
    [record] = plover_records([step("announced", "DE", after)])
    assert [e["code"] for e in record["recipient"]] == ["USA", "RUS"]
    rows = cameo_rows([step("announced", "DE", after)])
    assert [(r["source"], r["target"]) for r in rows] == [("DEU", "USA"), ("DEU", "RUS")]


def test_cite_info_carries_iso_639_1_or_no_language() -> None:
    assert iso639_1("en-GB") == "en"
    assert iso639_1("eng") == "en"
    assert iso639_1("fil") is None  # Filipino has no two-letter code
    after = state("proposed", {"US": "supports", "PH": "silent"})
    source = {"outlet": "Example Wire", "published": "2024-05-02", "language": "fil"}
    [record] = plover_records([step("announced", "US", after, source=source)])
    assert record["cite_info"] == {"publication": "Example Wire", "coder": "diplomatic-ledger"}


def meeting(status: str, planned_for: str | None, **fields: Any) -> dict[str, Any]:
    return {
        "meeting": "example-meeting",
        "status": status,
        "disputed": False,
        "parties": {"US": "supports", "RU": "supports"},
        "plan": {
            "parties": ["US", "RU"],
            "participants": [],
            "place": None,
            "planned_for": planned_for,
        },
        "first_said": "2024-05-02",
        "latest_said": "2024-05-02",
        "statement_count": 2,
    } | fields


def only_event(data: bytes) -> Any:
    [event] = Calendar.from_ical(data).walk("VEVENT")
    return event


def test_a_postponed_meeting_stays_tentative_with_its_last_date() -> None:
    agreed = state("agreed", {"US": "supports", "RU": "supports"}, planned_for="2024-06-10")
    postponed = state("postponed", {"US": "supports", "RU": "supports"}, planned_for="2024-06-10")
    steps = [step("confirmed", "RU", agreed), step("postponed", "RU", postponed)]
    event = only_event(
        ical_calendar([meeting("postponed", "2024-06-10")], {"example-meeting": steps})
    )
    assert str(event["STATUS"]) == "TENTATIVE"
    assert event.decoded("SEQUENCE") == 1
    assert "Postponed; last planned for 10 Jun 2024" in str(event["DESCRIPTION"])


def test_winter_runs_into_the_next_year_in_the_calendar() -> None:
    after = state("proposed", {"US": "supports", "RU": "silent"}, planned_for="2024-24")
    event = only_event(
        ical_calendar(
            [meeting("proposed", "2024-24")], {"example-meeting": [step("announced", "US", after)]}
        )
    )
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        date(2024, 12, 1),
        date(2025, 3, 1),
    )
    assert str(event["X-DIPLO-EDTF"]) == "2024-24"
    assert "Planned for: winter 2024–25" in str(event["DESCRIPTION"])


def test_a_deadline_is_one_transparent_day_in_the_calendar() -> None:
    after = state("proposed", {"US": "supports", "RU": "silent"}, planned_for="../2024-05-31")
    event = only_event(
        ical_calendar(
            [meeting("proposed", "../2024-05-31")],
            {"example-meeting": [step("announced", "US", after)]},
        )
    )
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        date(2024, 5, 31),
        date(2024, 6, 1),
    )
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert "Planned for: by 31 May 2024" in str(event["DESCRIPTION"])
