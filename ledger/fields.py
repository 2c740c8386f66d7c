"""The fields of a statement, one validated type each: texts, names, slugs, sides, languages,
urls, fuzzy dates, statement ids. Each identifier is matched whole (no trailing newline)."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated, Any

import iso3166
from pydantic import AfterValidator, BeforeValidator, StringConstraints

from ledger.dates import check_edtf, check_in_range
from ledger.suggestions import side_hint
from ledger.text import shown

MAX_TEXT = 20_000
"""Longest quote, summary or translation accepted, in characters."""
MAX_NAME = 300
"""Longest name, place, outlet or other short field accepted, in characters."""

# fmt: off
ORGANISATION_CODES = frozenset({
    "EU", "NATO", "UN", "AU", "ASEAN", "OSCE", "G7", "G20", "OPEC", "IAEA", "WHO", "ICC",
    "OAS", "ARAB-LEAGUE", "GCC", "BRICS", "SCO", "CIS", "CSTO", "WTO", "IMF", "COE",
})
# fmt: on
"""Organisation codes accepted as a `side` beside ISO 3166-1 alpha-2 country codes."""

SLUG = re.compile(r"[a-z0-9-]{3,80}")
STATEMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,79}")
HTTP_URL = re.compile(r"https?://[^\s/$.?#]\S*", re.IGNORECASE)
"""Each matched whole (fullmatch): `$` would let a trailing newline through."""


def _no_control_characters(text: str) -> str:
    if "\x00" in text:
        raise ValueError("contains a NUL byte")
    return text


def _date_text(value: Any) -> Any:
    """YAML turns 2018-10-23 into a date: accept it as its ISO string."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def slug_problem(text: str) -> str | None:
    """Why the text is not a meeting's slug; None if it is one."""
    if SLUG.fullmatch(text):
        return None
    return f"'{shown(text)}' is not a slug: 3 to 80 characters of a-z, 0-9 and '-'"


def _slug(text: str) -> str:
    problem = slug_problem(text)
    if problem is not None:
        raise ValueError(problem)
    return text


@lru_cache(maxsize=1024)
def _side(text: str) -> str:
    if text in ORGANISATION_CODES or (len(text) == 2 and text in iso3166.countries_by_alpha2):
        return text
    raise ValueError(f"'{text}' is not a country or organisation code: {side_hint(text)}")


@lru_cache(maxsize=1024)
def _language(text: str) -> str:
    import langcodes  # imported on first use: it is slow to import

    if not langcodes.tag_is_valid(text):
        raise ValueError(f"'{text}' is not a BCP 47 language tag (e.g. en, da, ru, uk)")
    return text


def _http_url(text: str) -> str:
    if not HTTP_URL.fullmatch(text):
        raise ValueError(f"'{shown(text)}' is not an http(s) url")
    return text


def _statement_id(text: str) -> str:
    if not STATEMENT_ID.fullmatch(text):
        raise ValueError(
            f"'{shown(text)}' is not a statement id: 1 to 80 letters, digits, '.', '_', ':' or '-'"
        )
    return text


Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_TEXT, strip_whitespace=True),
    AfterValidator(_no_control_characters),
]
Name = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_NAME, strip_whitespace=True),
    AfterValidator(_no_control_characters),
]
Slug = Annotated[str, AfterValidator(_slug)]
Side = Annotated[str, StringConstraints(max_length=MAX_NAME), AfterValidator(_side)]
Language = Annotated[str, StringConstraints(max_length=MAX_NAME), AfterValidator(_language)]
Url = Annotated[str, StringConstraints(max_length=MAX_TEXT), AfterValidator(_http_url)]
FuzzyDate = Annotated[
    str,
    BeforeValidator(_date_text),
    StringConstraints(max_length=MAX_NAME),
    AfterValidator(check_edtf),
]
StatementId = Annotated[str, AfterValidator(_statement_id)]


def _one_or_many(value: Any) -> Any:
    """`retracts: x` (one id, as stored before walk-backs could retract several) or a list."""
    return (value,) if isinstance(value, str) else value


Retracts = Annotated[tuple[StatementId, ...], BeforeValidator(_one_or_many)]
IsoDate = Annotated[
    date,
    BeforeValidator(lambda v: v.date() if isinstance(v, datetime) else v),
    AfterValidator(check_in_range),
]
