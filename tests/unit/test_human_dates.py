"""Fuzzy dates as people read them: each EDTF form the ledger stores, in words and by Babel.

Every expected string is written by hand from the EDTF specification's meaning of the form
and the en_GB way of writing dates (day, short month, year).
"""

from __future__ import annotations

import pytest

from diplo.dates import human_date, with_human_dates


@pytest.mark.parametrize(
    ("edtf", "expected"),
    [
        ("2018-11-11", "11 Nov 2018"),
        ("2018-11", "Nov 2018"),
        ("2018", "2018"),
        ("2021-06", "Jun 2021"),
    ],
)
def test_a_day_a_month_and_a_year_read_as_written_in_britain(edtf: str, expected: str) -> None:
    assert human_date(edtf) == expected


@pytest.mark.parametrize(
    ("edtf", "expected"),
    [
        ("2018-21", "spring 2018"),
        ("2018-22", "summer 2018"),
        ("2018-23", "autumn 2018"),
        ("2018-24", "winter 2018–19"),
    ],
)
def test_seasons_are_named_and_winter_runs_into_the_next_year(edtf: str, expected: str) -> None:
    assert human_date(edtf) == expected


def test_a_range_of_days_in_one_month_names_the_month_once() -> None:
    assert human_date("2025-08-11/2025-08-17") == "11–17 Aug 2025"


def test_a_range_across_months_names_both_months() -> None:
    assert human_date("2025-01-01/2025-08-06") == "1 Jan – 6 Aug 2025"


def test_a_range_of_seasons_names_both() -> None:
    assert human_date("2018-23/2019-21") == "autumn 2018 – spring 2019"


def test_an_approximate_date_is_about_that_date() -> None:
    assert human_date("2018-11-11~") == "about 11 Nov 2018"
    assert human_date("2018-11~") == "about Nov 2018"


def test_an_uncertain_date_keeps_its_question_mark() -> None:
    assert human_date("2018-11-11?") == "11 Nov 2018?"


def test_uncertain_and_approximate_is_both() -> None:
    assert human_date("2018-11-11%") == "about 11 Nov 2018?"


def test_an_interval_open_at_the_start_is_by_its_end() -> None:
    assert human_date("../2018-05-31") == "by 31 May 2018"


def test_an_interval_open_at_the_end_is_from_its_start() -> None:
    assert human_date("2018-11-20/..") == "from 20 Nov 2018"


def test_an_interval_with_an_unknown_start_says_so() -> None:
    assert human_date("/2018-05-31") == "until 31 May 2018 (start unknown)"


@pytest.mark.parametrize(
    ("edtf", "expected"),
    [
        ("2018-1X", "Oct – Dec 2018"),
        ("201X", "2010–2019"),
        ("2018-11-XX", "Nov 2018"),
        ("2018-11-1X", "10–19 Nov 2018"),
    ],
)
def test_unspecified_digits_read_as_the_range_they_allow(edtf: str, expected: str) -> None:
    assert human_date(edtf) == expected


def test_a_date_time_reads_as_its_day_and_time() -> None:
    assert human_date("2018-10-23T10:30:00Z") == "23 Oct 2018, 10:30 UTC"


def test_another_locale_writes_the_month_its_own_way() -> None:
    assert human_date("2025-08-11/2025-08-17", locale="fr") == "11–17 août 2025"


def test_text_that_is_no_date_is_shown_as_it_is() -> None:
    assert human_date("next spring") == "next spring"


def test_json_output_keeps_the_edtf_and_gains_its_human_form() -> None:
    data = {
        "meeting": "m",
        "plan": {"planned_for": "2018-23", "place": None},
        "steps": [{"said_on": "2018-1X", "plan_given": {}}],
    }
    assert with_human_dates(data) == {
        "meeting": "m",
        "plan": {"planned_for": "2018-23", "planned_for_human": "autumn 2018", "place": None},
        "steps": [{"said_on": "2018-1X", "said_on_human": "Oct – Dec 2018", "plan_given": {}}],
    }
    assert with_human_dates({"plan": {"planned_for": None}}) == {"plan": {"planned_for": None}}


def test_a_season_code_of_level_two_reads_as_the_months_the_ledger_gives_it() -> None:
    # "2018-25" is accepted on input (spring, northern hemisphere, as ledger.dates bounds it:
    # March to May); it has no English name here, so it reads as its days.
    assert human_date("2018-25") == "1 Mar – 31 May 2018"
