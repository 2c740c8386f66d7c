"""Fuzzy dates: ISO dates and date-times, and EDTF strings, parsed by the `edtf` library."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

DATETIME_SEPARATOR = "T"


class DateError(ValueError):
    """A date string that is neither ISO nor EDTF."""


def _as_date(struct: tuple[int, ...]) -> date:
    return date(struct[0], struct[1], struct[2])


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
ISO_YEAR = re.compile(r"^\d{4}$")
ISO_DAY_INTERVAL = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$")


@lru_cache(maxsize=65536)
def date_bounds(text: str) -> tuple[date, date]:
    """The earliest and latest day an ISO or EDTF string can mean.

    >>> date_bounds("2018-23")   # autumn 2018
    (datetime.date(2018, 9, 1), datetime.date(2018, 11, 30))
    """
    plain = _plain_iso_bounds(text)
    if plain is not None:
        return plain
    if DATETIME_SEPARATOR in text:
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as error:
            raise DateError(f"'{text}' is not an ISO date-time") from error
        return moment.date(), moment.date()
    try:
        parsed = _parse_edtf(text)
        earliest, latest = parsed.lower_strict(), parsed.upper_strict()
    except (ValueError, TypeError, AttributeError, OverflowError) as error:
        raise DateError(
            f"'{text}' is not an ISO date or EDTF date/interval "
            "(e.g. 2018-10-23, 2025-07, 2018-23, 2025-07-09/2025-08-05)"
        ) from error
    try:
        bounds = _as_date(earliest), _as_date(latest)
    except (ValueError, TypeError, IndexError) as error:
        raise DateError(f"'{text}' has no definite bounds") from error
    if bounds[0] > bounds[1]:
        raise DateError(f"'{text}' ends before it starts")
    return bounds


def _plain_iso_bounds(text: str) -> tuple[date, date] | None:
    """Bounds of the plain ISO forms that need no EDTF parser (day, month, year, day/day);
    None for anything else. Every other form, and every error, is left to the `edtf` parser."""
    try:
        if ISO_DAY.match(text):
            day = date.fromisoformat(text)
            return day, day
        if month := ISO_MONTH.match(text):
            year, number = int(month.group(1)), int(month.group(2))
            return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])
        if ISO_YEAR.match(text) and text != "0000":
            return date(int(text), 1, 1), date(int(text), 12, 31)
        if interval := ISO_DAY_INTERVAL.match(text):
            start, end = (
                date.fromisoformat(interval.group(1)),
                date.fromisoformat(interval.group(2)),
            )
            return (start, end) if start <= end else None
    except ValueError:
        return None
    return None


def _parse_edtf(text: str) -> Any:
    """The `edtf` library's parse (imported on first use: it is slow to import)."""
    from edtf import parse_edtf
    from edtf.parser.edtf_exceptions import EDTFParseException

    try:
        return parse_edtf(text)
    except EDTFParseException as error:
        raise ValueError(str(error)) from error


def check_edtf(text: str) -> str:
    """Return `text` if it parses as an ISO or EDTF date, else raise DateError."""
    date_bounds(text)
    return text
