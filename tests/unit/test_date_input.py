"""Fuzzy dates on input: the bounds of open intervals, unspecified digits and winter, and the
one parser of --as-of/--known-by dates. Expected days are worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.dates import DateError, check_edtf, date_bounds, parse_query_date
from ledger.statement import FieldError, StatementInput, check_statement


def test_an_interval_open_at_the_start_has_no_earliest_day() -> None:
    assert date_bounds("../2018-05-31") == (date.min, date(2018, 5, 31))


def test_an_interval_open_at_the_end_has_no_latest_day() -> None:
    assert date_bounds("2018-11-20/..") == (date(2018, 11, 20), date.max)


def test_an_interval_open_at_both_ends_is_refused() -> None:
    with pytest.raises(DateError, match="open at both ends"):
        date_bounds("../..")


@pytest.mark.parametrize(
    ("edtf", "earliest", "latest"),
    [
        ("2018-1X", date(2018, 10, 1), date(2018, 12, 31)),
        ("201X", date(2010, 1, 1), date(2019, 12, 31)),
        ("2018-11-1X", date(2018, 11, 10), date(2018, 11, 19)),
        ("2018-11-XX", date(2018, 11, 1), date(2018, 11, 30)),
        ("2018-02-2X", date(2018, 2, 20), date(2018, 2, 28)),
        ("2018-1X/..", date(2018, 10, 1), date.max),
    ],
)
def test_unspecified_digits_span_every_real_date_they_allow(
    edtf: str, earliest: date, latest: date
) -> None:
    assert date_bounds(edtf) == (earliest, latest)


def test_unspecified_digits_that_fit_no_date_are_refused() -> None:
    with pytest.raises(DateError, match="unspecified"):
        date_bounds("2018-2X")  # months 20 to 29


def test_winter_runs_from_december_to_the_end_of_the_next_february() -> None:
    assert date_bounds("2018-24") == (date(2018, 12, 1), date(2019, 2, 28))
    assert date_bounds("2019-24") == (date(2019, 12, 1), date(2020, 2, 29))  # a leap year


def test_an_interval_ending_in_winter_ends_in_the_next_year() -> None:
    assert date_bounds("2018-23/2018-24") == (date(2018, 9, 1), date(2019, 2, 28))


def test_qualifiers_widen_nothing_and_are_kept() -> None:
    assert date_bounds("2018-11-11?") == (date(2018, 11, 11), date(2018, 11, 11))
    assert date_bounds("2018-11-11~") == (date(2018, 11, 11), date(2018, 11, 11))
    assert date_bounds("2018-1X?") == (date(2018, 10, 1), date(2018, 12, 31))
    assert check_edtf("2018-11-11?") == "2018-11-11?"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2018-05-24", date(2018, 5, 24)),
        ("2018-05", date(2018, 5, 31)),
        ("2018-02", date(2018, 2, 28)),
        ("2018", date(2018, 12, 31)),
        ("24 May 2018", date(2018, 5, 24)),
        ("May 24, 2018", date(2018, 5, 24)),
        ("May 2018", date(2018, 5, 31)),
        (" 2018-05-24 ", date(2018, 5, 24)),
    ],
)
def test_a_query_date_is_a_day_or_the_last_day_of_a_month_or_year(text: str, day: date) -> None:
    assert parse_query_date(text) == day


@pytest.mark.parametrize("text", ["03/04/2018", "04.03.2018", "yesterday", "May 24", "2018-13"])
def test_an_ambiguous_or_incomplete_query_date_is_refused_with_the_accepted_forms(
    text: str,
) -> None:
    with pytest.raises(DateError) as caught:
        parse_query_date(text)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"'{text}'")
    assert '2018-05-24, 2018-05 (its last day), 2018 (its last day), "24 May 2018"' in message


@pytest.mark.parametrize(
    ("said_on", "published", "accepted"),
    [
        ("2019-06-30T23:30-05:00", "2019-06-30", True),  # 30 June in New York (1 July in UTC)
        ("2019-07-01T01:30+09:00", "2019-06-30", True),  # 1 July in Tokyo (30 June in UTC)
        ("2019-07-01T23:30-05:00", "2019-06-30", False),  # 1 July there, 2 July in UTC
        ("2019-07-01T10:00+09:00", "2019-06-30", False),  # 1 July there and in UTC
        ("2019-06-30T23:59Z", "2019-06-30", True),
        ("2019-07-01T00:00Z", "2019-06-30", False),
    ],
)
def test_a_date_time_said_may_be_published_on_its_own_day_or_its_day_in_utc(
    said_on: str, published: str, accepted: bool
) -> None:
    given = StatementInput.model_validate(
        {
            "meeting": "trump-putin-osaka-2019",
            "kind": "confirmed",
            "speaker": "Yuri Ushakov",
            "side": "RU",
            "said_on": said_on,
            "summary": "Talks on the sidelines",
            "source": {"outlet": "TASS", "published": published},
        }
    )
    if accepted:
        check_statement(given, date(2026, 1, 1))
    else:
        with pytest.raises(FieldError, match="later than the source's published date"):
            check_statement(given, date(2026, 1, 1))
