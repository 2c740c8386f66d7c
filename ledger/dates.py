"""Fuzzy dates: ISO dates and date-times, and EDTF strings, parsed by the `edtf` library.

Beside what the library bounds itself, three forms get their bounds here: open interval ends
(`../2018-05-31`, `2018-11-20/..`: unbounded, `date.min` or `date.max`), digits left
unspecified with `X` (`201X`, `2018-1X`, `2018-11-1X`: the library cannot bound or parse
them all), and winter (`2018-24`), which runs from December into the next year's February.
Qualifiers (`?` uncertain, `~` approximate, `%` both) widen nothing. The commonest forms (a
season, a qualified year, month or day) are bounded here too, as the library bounds them: its
grammar costs milliseconds per distinct string.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from ledger.text import shown

DATETIME_SEPARATOR = "T"
OPEN_END = ".."
"""An interval end that is open (EDTF level 1): no earliest or no latest day."""


class DateError(ValueError):
    """A date string that is neither ISO nor EDTF."""


def _as_date(struct: tuple[int, ...]) -> date:
    return date(struct[0], struct[1], struct[2])


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
ISO_YEAR = re.compile(r"^\d{4}$")
ISO_DAY_INTERVAL = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$")
WINTER = re.compile(r"^(\d{4})-24[?~%]?$")
SEASON = re.compile(r"^(\d{4})-(2[1-3])$")
"""Spring (21), summer (22) and autumn (23) of a year: three months from March, June, September."""
QUALIFIED = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)[?~%]$")
"""A plain year, month or day with one qualifier after it: the same bounds as without it."""
UNSPECIFIED = re.compile(r"^([\dX]{4})(?:-([\dX]{2})(?:-([\dX]{2}))?)?[?~%]?$")
"""A year, month or day with digits left unspecified (`X`), as EDTF levels 1 and 2 allow."""


@lru_cache(maxsize=65536)
def date_bounds(text: str) -> tuple[date, date]:
    """The earliest and latest day an ISO or EDTF string can mean.

    >>> date_bounds("2018-23")   # autumn 2018
    (datetime.date(2018, 9, 1), datetime.date(2018, 11, 30))
    >>> date_bounds("../2018-05-31")   # by 31 May 2018
    (datetime.date(1, 1, 1), datetime.date(2018, 5, 31))
    """
    bounds = _own_bounds(text)
    if bounds is None:
        bounds = _library_bounds(text)
    if bounds[0] > bounds[1]:
        raise DateError(f"'{text}' ends before it starts")
    return bounds


def _own_bounds(text: str) -> tuple[date, date] | None:
    """Bounds of the forms handled here (plain ISO, intervals with two given ends, winter,
    unspecified digits); None for anything left to the `edtf` library."""
    plain = _plain_iso_bounds(text)
    if plain is not None:
        return plain
    start, slash, end = text.partition("/")
    if slash and start and end:
        if start == end == OPEN_END:
            raise DateError(f"'{text}' is open at both ends: give at least one date")
        earliest = date.min if start == OPEN_END else date_bounds(start)[0]
        return earliest, date.max if end == OPEN_END else date_bounds(end)[1]
    if winter := WINTER.fullmatch(text):
        year = int(winter.group(1))
        return date(year, 12, 1), _month_end(year + 1, 2)
    if (season := SEASON.fullmatch(text)) and int(season.group(1)) > 0:
        year, first = int(season.group(1)), 3 * (int(season.group(2)) - 20)
        return date(year, first, 1), _month_end(year, first + 2)
    if qualified := QUALIFIED.fullmatch(text):
        return _plain_iso_bounds(qualified.group(1))  # None: left to the library, as unqualified
    if "X" in text and (unspecified := UNSPECIFIED.fullmatch(text)):
        return _unspecified_bounds(text, *unspecified.groups())
    return None


def _unspecified_bounds(
    text: str, year: str, month: str | None, day: str | None
) -> tuple[date, date]:
    """Bounds of a date whose `X` digits may be any digit that gives a real date."""
    try:
        low_year, high_year = _digit_range(year, 1, 9999)
        low_month, high_month = _digit_range(month, 1, 12)
        low_day, _ = _digit_range(day, 1, 31)
        _, high_day = _digit_range(day, 1, calendar.monthrange(high_year, high_month)[1])
        return date(low_year, low_month, low_day), date(high_year, high_month, high_day)
    except ValueError as error:
        raise DateError(f"'{text}': no real date fits its unspecified (X) digits") from error


def _digit_range(digits: str | None, least: int, most: int) -> tuple[int, int]:
    """The smallest and largest value `digits` (X for any digit) can take within [least,
    most]; the whole range if the part is absent; ValueError if none."""
    if digits is None:
        return least, most
    low, high = max(int(digits.replace("X", "0")), least), min(int(digits.replace("X", "9")), most)
    if low > high:
        raise ValueError(f"no value of {digits} between {least} and {most}")
    return low, high


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def iso_moment(text: str) -> datetime:
    """An ISO 8601 date-time (`Z` for UTC accepted), in UTC if it names no zone; ValueError if
    the text is not one."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _library_bounds(text: str) -> tuple[date, date]:
    """Bounds by the `edtf` library (or a plain ISO date-time)."""
    if DATETIME_SEPARATOR in text:
        try:
            moment = iso_moment(text)
        except ValueError as error:
            raise DateError(f"'{text}' is not an ISO date-time") from error
        return moment.date(), moment.date()
    try:
        parsed = _parse_edtf(text)
        earliest, latest = parsed.lower_strict(), parsed.upper_strict()
    except (ValueError, TypeError, AttributeError, OverflowError) as error:
        raise DateError(
            f"'{text}' is not an ISO date or EDTF date/interval "
            "(e.g. 2018-10-23, 2025-07, 2018-23, 2025-07-09/2025-08-05, ../2018-05-31)"
        ) from error
    try:
        return _as_date(earliest), _as_date(latest)
    except (ValueError, TypeError, IndexError) as error:
        raise DateError(f"'{text}' has no definite bounds") from error


def _plain_iso_bounds(text: str) -> tuple[date, date] | None:
    """Bounds of the plain ISO forms that need no EDTF parser (day, month, year, day/day);
    None for anything else. Every other form, and every error, is left to the `edtf` parser."""
    try:
        if ISO_DAY.fullmatch(text):
            day = date.fromisoformat(text)
            return day, day
        if month := ISO_MONTH.fullmatch(text):
            year, number = int(month.group(1)), int(month.group(2))
            return date(year, number, 1), _month_end(year, number)
        if ISO_YEAR.fullmatch(text) and text != "0000":
            return date(int(text), 1, 1), date(int(text), 12, 31)
        if interval := ISO_DAY_INTERVAL.fullmatch(text):
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


EARLIEST = date(1000, 1, 1)
LATEST = date(2999, 12, 31)
"""The days a date given as input may mean (open interval ends aside): every output (iCalendar,
the timeline's axis) can then step a day or a year beyond them without overflowing."""


def check_edtf(text: str) -> str:
    """Return `text` if it parses as an ISO or EDTF date whose given ends fall within EARLIEST
    to LATEST, else raise DateError."""
    if text != text.strip():
        raise DateError(f"'{shown(text)}' has white space around it: give the date alone")
    earliest, latest = date_bounds(text)
    start, slash, end = text.partition("/")
    if not (slash and start == OPEN_END) and not EARLIEST <= earliest <= LATEST:
        raise DateError(f"'{text}' {_OUT_OF_RANGE}")
    if not (slash and end == OPEN_END) and not EARLIEST <= latest <= LATEST:
        raise DateError(f"'{text}' {_OUT_OF_RANGE}")
    return text


def check_in_range(day: date) -> date:
    """Return `day` if it falls within EARLIEST to LATEST, else raise DateError."""
    if not EARLIEST <= day <= LATEST:
        raise DateError(f"{day.isoformat()} {_OUT_OF_RANGE}")
    return day


_OUT_OF_RANGE = f"is outside the dates accepted, {EARLIEST.isoformat()} to {LATEST.isoformat()}"


QUERY_FORMS = (
    '2018-05-24, 2018-05 (its last day), 2018 (its last day), "24 May 2018", "May 24, 2018"'
)
WRITTEN_MONTH = re.compile(r"[A-Za-z]{3,}")
HAS_YEAR = re.compile(r"\b\d{4}\b")


def parse_query_date(text: str) -> date:
    """The day an --as-of or --known-by option means: a day, the last day of a month or a
    year, or a date written with its month's name ("24 May 2018", "May 24, 2018", "May 2018").

    All-number forms other than ISO (03/04/2018: March or April?) are refused, as is anything
    without a year.
    """
    given = text.strip()
    bounds = _plain_iso_bounds(given)
    if bounds is not None:
        return bounds[1]
    if WRITTEN_MONTH.search(given) and HAS_YEAR.search(given):
        written = _written_date(given)
        if written is not None:
            return written
    raise DateError(f"'{text}' is not a date read without guessing: give {QUERY_FORMS}")


def _written_date(text: str) -> date | None:
    """A date written in English words, by `dateparser` (imported on first use: it is slow)."""
    import dateparser

    settings: Any = {
        "PREFER_DAY_OF_MONTH": "last",
        "REQUIRE_PARTS": ["month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    found = dateparser.parse(text, languages=["en"], settings=settings)
    return found.date() if found is not None else None
