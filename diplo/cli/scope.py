"""The time axes and evidence level of a query, as options shared by every query command.

`--as-of` and `--known-by` take a day, a month (its last day), a year (its last day) or a date
written with its month's name, through `ledger.dates.parse_query_date`; `--recorded-by` takes
an ISO date-time (UTC if no zone) or one of those dates (the end of that day, UTC).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar, cast

import click

from ledger.dates import DateError, iso_moment, parse_query_date
from projections.vocabulary import Evidence

F = TypeVar("F", bound=Callable[..., Any])


class QueryDate(click.ParamType[date, Any]):
    """A day, month, year or written date, as the last day it can mean."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_query_date(str(value))
        except DateError as error:
            self.fail(str(error), param, ctx)


class Moment(click.ParamType[datetime, Any]):
    """An ISO date-time (UTC if no zone), or a date meaning the end of that day, UTC."""

    name = "datetime"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        if "T" in text or ":" in text:
            try:
                return iso_moment(text)
            except ValueError:
                self.fail(f"'{text}' is not an ISO date-time, e.g. 2018-10-24T12:00Z", param, ctx)
        try:
            day = parse_query_date(text)
        except DateError as error:
            self.fail(f"{error}, or an ISO date-time", param, ctx)
        return datetime.combine(day, time.max, tzinfo=UTC)


QUERY_DATE = QueryDate()
MOMENT = Moment()
TIME_AXES = ("as_of", "known_by", "recorded_by")


def time_options(command: F) -> F:
    """--as-of, --known-by and --recorded-by (parameters `as_of`, `known_by`, `recorded_by`)."""
    for option in (
        click.option(
            "--recorded-by",
            type=MOMENT,
            default=None,
            help="Count only what this ledger had recorded by then: an ISO date-time (UTC if "
            "no zone) or a date (the end of that day, UTC).",
        ),
        click.option(
            "--known-by",
            type=QUERY_DATE,
            default=None,
            help="Count only statements first published by this date.",
        ),
        click.option(
            "--as-of",
            type=QUERY_DATE,
            default=None,
            help="Count only statements said by this date: 2018-10-23, 2018-10 (its last "
            'day), 2018, or "23 Oct 2018".',
        ),
    ):
        command = option(command)
    return command


def evidence_option(command: F) -> F:
    """--evidence (parameter `evidence`, an Evidence)."""
    return click.option(
        "--evidence",
        type=click.Choice([e.value for e in Evidence]),
        default=Evidence.ANONYMOUS.value,
        show_default=True,
        callback=lambda _ctx, _param, value: Evidence(value),
        help="Which attributions count: on_record only; also anonymous; also second_hand.",
    )(command)


def is_live(counting: dict[str, Any]) -> bool:
    """Whether a `counting` dict asks for the live view: no time axis, the default evidence."""
    return all(counting[axis] is None for axis in TIME_AXES) and (
        counting["evidence"] == Evidence.ANONYMOUS
    )


def counting_options(command: F) -> F:
    """The three time axes and --evidence, given to the command as one `counting` dict of the
    read side's keyword arguments."""

    @functools.wraps(command)
    def counted(*args: Any, evidence: Evidence, **kwargs: Any) -> Any:
        counting: dict[str, Any] = {axis: kwargs.pop(axis) for axis in TIME_AXES}
        counting["evidence"] = evidence
        return command(*args, counting=counting, **kwargs)

    return cast(F, evidence_option(time_options(counted)))
