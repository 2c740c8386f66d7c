"""Fuzzy dates for people: one readable form of every EDTF string the ledger stores.

`human_date("2018-23")` is "autumn 2018", `human_date("../2018-05-31")` is "by 31 May 2018".
Days, months, years and ranges of them are formatted by Babel (CLDR patterns, `en_GB` by
default, so "11 Nov 2018" and "11–17 Aug 2025"); the words for seasons, qualifiers and open
ends ("autumn", "about", "by", "from") are English. Plain ISO days, months and years and the
seasons are read by pattern; any other EDTF string is parsed by the `edtf` package (imported
then: its grammar is slow to load); digits left unspecified (`2018-1X`), which it cannot always
parse, are read through the ledger's own bounds and shown as the range they allow. Babel too is
imported on first use.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from babel import Locale
    from babel.dates import DateTimePattern

from ledger.dates import OPEN_END, UNSPECIFIED, DateError, date_bounds

LOCALE = "en_GB"
SKELETON = {"day": "yMMMd", "month": "yMMM", "year": "y"}
"""Babel skeleton per precision: 11 Nov 2018, Nov 2018, 2018."""
SEASONS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
"""EDTF level 1 season codes (northern hemisphere, as the `edtf` package reads them)."""
UNCERTAIN, APPROXIMATE, BOTH = "?", "~", "%"
QUALIFIERS = UNCERTAIN + APPROXIMATE + BOTH
THIN_SPACE = "\u2009"
"""CLDR puts thin spaces around the dash of some ranges; text output uses plain spaces."""
ISO_PLAIN = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
"""A plain ISO year, month or day: formatted without the `edtf` grammar."""
SEASON_CODE = re.compile(r"(\d{4})-(2[1-4])")
"""A year's season by its EDTF level 1 code: read without the `edtf` grammar."""


@lru_cache(maxsize=65536)
def human_date(edtf: str, locale: str = LOCALE) -> str:
    """A readable form of an ISO or EDTF date, interval or date-time; the text itself if it
    is none of those. Remembered: a listing shows the same few dates many times."""
    text = edtf.strip()
    try:
        if "T" in text:
            return _moment(text, locale)
        start, slash, end = text.partition("/")
        return _interval(start, end, locale) if slash else _single(text, locale)
    except (DateError, ValueError, TypeError, AttributeError):
        return edtf


FUZZY_FIELDS = frozenset({"planned_for", "said_on"})
"""Fields of the read side's dicts that hold an EDTF string."""
NESTED = (dict, list)


def with_human_dates(data: Any, locale: str = LOCALE) -> Any:
    """JSON-ready data with a `<field>_human` beside every EDTF field (`planned_for`,
    `said_on`), at any depth; the EDTF strings themselves are kept as they are."""
    if isinstance(data, list):
        return [
            with_human_dates(item, locale) if isinstance(item, NESTED) else item for item in data
        ]
    if not isinstance(data, dict):
        return data
    found: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, NESTED):
            found[key] = with_human_dates(value, locale)
            continue
        found[key] = value
        if key in FUZZY_FIELDS and isinstance(value, str):
            found[f"{key}_human"] = human_date(value, locale)
    return found


def _interval(start: str, end: str, locale: str) -> str:
    """An interval: open (`..`) or unknown (empty) ends in words, plain ends by Babel."""
    if start == OPEN_END:
        return f"by {_single(end, locale)}"
    if end == OPEN_END:
        return f"from {_single(start, locale)}"
    if not start:
        return f"until {_single(end, locale)} (start unknown)"
    if not end:
        return f"from {_single(start, locale)} (end unknown)"
    first, last = _plain(start), _plain(end)
    if first is not None and last is not None and first[1] == last[1]:
        return _span(first[0], last[0], first[1], locale)
    return f"{_single(start, locale)} – {_single(end, locale)}"


def _single(text: str, locale: str) -> str:
    """One date, season or unspecified date, with its qualifiers (`~` about, `?` doubtful)."""
    core = text.strip(QUALIFIERS).replace(BOTH, "").replace(UNCERTAIN, "")
    core = core.replace(APPROXIMATE, "")
    shown = _unspecified(core, locale) if "X" in core else _parsed(core, locale)
    doubtful = UNCERTAIN in text or BOTH in text
    about = APPROXIMATE in text or BOTH in text
    return ("about " if about else "") + shown + ("?" if doubtful else "")


def _parsed(text: str, locale: str) -> str:
    """A date or season without qualifiers: a plain ISO day, month or year directly, any other
    through the `edtf` package's objects (its grammar takes milliseconds a string)."""
    plain = _plain(text) if ISO_PLAIN.fullmatch(text) else None
    if plain is not None:
        return _format(plain[0], plain[1], locale)
    season_code = SEASON_CODE.fullmatch(text)
    if season_code is not None:
        return _season(int(season_code[1]), int(season_code[2]))
    from edtf import parse_edtf
    from edtf.parser.edtf_exceptions import EDTFParseException

    try:
        parsed: Any = parse_edtf(text)
    except EDTFParseException as error:
        raise DateError(text) from error
    season = getattr(parsed, "season", None)
    if season is not None and int(season) in SEASONS:
        return _season(int(parsed.year), int(season))
    first, last = date_bounds(text)
    return _span(first, last, "day", locale)


def _season(year: int, code: int) -> str:
    """A season of a year by its EDTF code (winter runs into the next year)."""
    if code == 24:
        return f"winter {year}–{str(year + 1)[-2:]}"
    return f"{SEASONS[code]} {year}"


def _plain(text: str) -> tuple[date, str] | None:
    """A plain ISO day, month or year and its precision; None for any other form."""
    parts = text.split("-")
    if not all(part.isdigit() for part in parts) or len(parts[0]) != 4 or len(parts) > 3:
        return None
    numbers = [int(part) for part in parts] + [1] * (3 - len(parts))
    try:
        return date(*numbers), ("year", "month", "day")[len(parts) - 1]
    except ValueError:
        return None


def _unspecified(text: str, locale: str) -> str:
    """A date with `X` digits, as the range of dates they allow (`2018-1X`: Oct – Dec 2018)."""
    found = UNSPECIFIED.match(text)
    if found is None:
        raise DateError(text)
    year, month, day = found.groups()
    precision = "year"
    if month is not None and month != "XX":
        precision = "month"
    if day is not None and day != "XX":
        precision = "day"
    first, last = date_bounds(text)
    return _span(first, last, precision, locale)


def _span(first: date, last: date, precision: str, locale: str) -> str:
    """A range of days, months or years by Babel, or one of them if both ends agree."""
    if _format(first, precision, locale) == _format(last, precision, locale):
        return _format(first, precision, locale)
    from babel.dates import format_interval

    shown = str(format_interval(first, last, SKELETON[precision], locale=locale))
    return shown.replace(THIN_SPACE, " ")


def _format(day: date, precision: str, locale: str) -> str:
    return str(_pattern(precision, locale).apply(day, _locale(locale)))


@lru_cache(maxsize=8)
def _locale(name: str) -> Locale:
    """The Babel locale of a name, parsed once (a pattern given a name parses it every time)."""
    from babel import Locale

    return Locale.parse(name)


@lru_cache(maxsize=64)
def _pattern(precision: str, locale: str) -> DateTimePattern:
    """The locale's pattern for a precision's skeleton (what `format_skeleton` looks up on
    every call), looked up once."""
    from babel.dates import match_skeleton

    known = _locale(locale).datetime_skeletons
    skeleton = SKELETON[precision]
    return cast(
        "DateTimePattern", known[skeleton if skeleton in known else match_skeleton(skeleton, known)]
    )


def _moment(text: str, locale: str) -> str:
    """An ISO date-time: its day by Babel, then the time (and UTC offset, if given)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    offset = moment.strftime("%z")
    zone = "" if not offset else " UTC" if offset == "+0000" else f" UTC{offset[:3]}:{offset[3:]}"
    return f"{_format(moment.date(), 'day', locale)}, {moment:%H:%M}{zone}"
