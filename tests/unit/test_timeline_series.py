"""The timeline's series read the fold's answer from each step's `state_after`, and put dates in
words; here on hand-made steps (plain dicts shaped like `ReadSide.history`'s), no database."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from diplo.dates import human_date
from diplo.timeline.series import (
    Event,
    default_title,
    parties,
    plan_changes,
    said_from,
    stance_intervals,
    status_intervals,
    story_events,
    time_range,
)
from projections.vocabulary import Status


def step(day: str, status: str, stances: dict[str, str], **plan: Any) -> dict[str, Any]:
    """A history step whose `changes` are left empty: only `state_after` says what holds."""
    return {
        "effective_on": day,
        "said_on": day,
        "changes": [],
        "state_after": {
            "status": status,
            "disputed": False,
            "parties": stances,
            "plan": {"parties": list(stances), "participants": [], "place": None, **plan},
        },
    }


STORY = [
    step("2018-03-08", "proposed", {"US": "supports", "KP": "silent"}, planned_for="2018-05"),
    step("2018-03-09", "agreed", {"US": "supports", "KP": "supports"}, planned_for="2018-05"),
    step("2018-05-24", "cancelled", {"US": "denies", "KP": "supports"}, planned_for="2018-06-12"),
    step("2018-06-01", "agreed", {"US": "supports", "KP": "supports"}, planned_for="2018-06-12"),
    step("2018-06-12", "held", {"US": "supports", "KP": "supports"}, planned_for="2018-06-12"),
]


@pytest.mark.parametrize(
    ("edtf", "words"),
    [
        ("2018-11-11", "11 Nov 2018"),
        ("2018-11", "Nov 2018"),
        ("2018", "2018"),
        ("2018-23", "autumn 2018"),
        ("2025-08-11/2025-08-17", "11–17 Aug 2025"),
        ("2018-03/2018-05", "Mar – May 2018"),
        ("2018-12-20/2019-01-10", "20 Dec 2018 – 10 Jan 2019"),
        ("2018-11-11?", "11 Nov 2018?"),
        ("2018-11-11~", "about 11 Nov 2018"),
    ],
)
def test_the_picture_labels_fuzzy_dates_with_the_one_human_form(edtf: str, words: str) -> None:
    assert human_date(edtf) == words


def test_status_and_stances_come_from_the_state_after_each_step_not_from_changes() -> None:
    start, end = date(2018, 3, 1), date(2018, 7, 1)
    assert [(i.start, i.value) for i in status_intervals(STORY, start, end)] == [
        (date(2018, 3, 1), "unannounced"),
        (date(2018, 3, 8), "proposed"),
        (date(2018, 3, 9), "agreed"),
        (date(2018, 5, 24), "cancelled"),
        (date(2018, 6, 1), "agreed"),
        (date(2018, 6, 12), "held"),
    ]
    assert [(i.start, i.end, i.value) for i in stance_intervals(STORY, "US", start, end)] == [
        (date(2018, 3, 1), date(2018, 3, 8), "silent"),
        (date(2018, 3, 8), date(2018, 5, 24), "supports"),
        (date(2018, 5, 24), date(2018, 6, 1), "denies"),
        (date(2018, 6, 1), date(2018, 7, 1), "supports"),
    ]
    assert parties(STORY) == ["US", "KP"]
    assert [(p.said, p.value) for p in plan_changes(STORY)] == [
        (date(2018, 3, 8), "2018-05"),
        (date(2018, 5, 24), "2018-06-12"),
    ]


def test_the_story_events_are_the_cancelled_stretch_the_held_day_and_the_notes() -> None:
    notes = [(date(2018, 4, 27), "Border talks")]
    assert story_events(STORY, date(2018, 7, 1), notes) == [
        Event(date(2018, 4, 27), date(2018, 4, 27), "Border talks"),
        Event(date(2018, 5, 24), date(2018, 6, 1), "cancelled 24–31 May 2018", Status.CANCELLED),
        Event(date(2018, 6, 12), date(2018, 6, 12), "reported held 12 Jun 2018", Status.HELD),
    ]


def test_the_default_title_names_the_participants_and_place_or_else_the_parties() -> None:
    assert default_title(STORY) == "US–KP meeting"
    named = step("2018-06-12", "held", {"US": "supports", "KP": "supports"})
    named["state_after"]["plan"] |= {
        "participants": ["Leader One", "Leader Two"],
        "place": "Sentosa",
    }
    assert default_title([named]) == "Leader One and Leader Two in Sentosa"
    three = step("2019-12-09", "held", {"RU": "supports", "UA": "supports", "FR": "supports"})
    three["state_after"]["plan"]["participants"] = ["A", "B", "C"]
    assert default_title([three]) == "A, B and C"


def test_a_stretch_that_lasts_to_the_end_is_named_from_its_first_day() -> None:
    dropped = STORY[:3]  # agreed, then cancelled on 24 May and never reopened
    assert story_events(dropped, date(2018, 7, 1)) == [
        Event(date(2018, 5, 24), date(2018, 7, 1), "cancelled from 24 May 2018", Status.CANCELLED)
    ]


@pytest.mark.parametrize(
    ("said_on", "first"),
    [
        ("2018-10", date(2018, 10, 1)),  # a month: its first day
        ("2018-10-20/2018-10-24", date(2018, 10, 20)),
        ("../2018-10-24", date(2018, 10, 24)),  # an open start: no earlier day to draw
        ("/2018-10-24", date(2018, 10, 24)),  # an unknown start: no earlier day known either
    ],
)
def test_a_statement_is_drawn_from_the_first_day_it_may_have_been_said(
    said_on: str, first: date
) -> None:
    said = {**step("2018-10-24", "proposed", {"US": "supports"}), "said_on": said_on}
    assert said_from(said) == first
    start, end = time_range([said], [])
    assert start <= first and end > date(2018, 10, 24)
