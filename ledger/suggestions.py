"""Errors that teach: the closest kind, side code or field name to what was written.

Side codes come from the ISO 3166 data of the `iso3166` package (alpha-3 codes and country
names, "Russian Federation" or "Korea, Democratic People's Republic of") and a small table of
the aliases people write (NK, UK, Russia, North Korea).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import iso3166

SIDE_ALIASES = {
    "NK": "KP",
    "DPRK": "KP",
    "NORTH KOREA": "KP",
    "SOUTH KOREA": "KR",
    "ROK": "KR",
    "UK": "GB",
    "BRITAIN": "GB",
    "GREAT BRITAIN": "GB",
    "ENGLAND": "GB",
    "USA": "US",
    "AMERICA": "US",
    "UNITED STATES": "US",
    "RUSSIA": "RU",
    "IRAN": "IR",
    "SYRIA": "SY",
    "VIETNAM": "VN",
    "LAOS": "LA",
    "TAIWAN": "TW",
    "VATICAN": "VA",
    "HOLY SEE": "VA",
    "MOLDOVA": "MD",
    "BOLIVIA": "BO",
    "VENEZUELA": "VE",
    "TANZANIA": "TZ",
    "PALESTINE": "PS",
}
"""Names and codes people write for a side, beside ISO 3166's own names and alpha-3 codes."""

FIELD_ALIASES = {
    "date": "said_on",
    "said": "said_on",
    "when": "said_on",
    "type": "kind",
    "country": "side",
    "who": "speaker",
    "person": "speaker",
    "text": "quote",
    "url": "source",
    "outlet": "source",
    "published": "source",
    "slug": "meeting",
    "location": "place",
    "date_planned": "planned_for",
    "planned": "planned_for",
    "party": "parties",
    "participant": "participants",
    "retract": "retracts",
}
"""Field names people write for the statement's own (a `url` belongs inside `source`)."""


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known word nearest to `word` by difflib's ratio (at least 0.6), or None."""
    found = difflib.get_close_matches(word, list(known), n=1)
    return found[0] if found else None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" for the closest known word, or ""."""
    near = closest(word, known)
    return f" (did you mean '{near}'?)" if near else ""


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in iso3166.countries:
        names[country.alpha2] = country.alpha2
        names[country.alpha3] = country.alpha2
        names[country.name.upper()] = country.alpha2
        names[country.name.split(",")[0].upper()] = country.alpha2
    return {**names, **SIDE_ALIASES}


def side_code_for(text: str) -> str | None:
    """The alpha-2 code a name or alias means (NK -> KP, Russia -> RU), or None."""
    return _country_names().get(text.strip().upper())


def side_hint(text: str) -> str:
    """The hint after an unknown side: the code it most likely means, or how codes look."""
    code = side_code_for(text)
    if code is not None:
        return f"did you mean '{code}'?"
    near = closest(text.upper(), _country_names())
    if near is not None:
        return f"did you mean '{_country_names()[near]}' ({near.title()})?"
    return "give an ISO 3166-1 alpha-2 code such as US, RU, KP, GB, or an organisation code"


def kind_hint(value: Any, kinds: Iterable[str]) -> Any:
    """`value` if it is a kind; else a ValueError naming the closest kind."""
    known = list(kinds)
    if not isinstance(value, str) or value in known:
        return value
    near = closest(value.strip().lower().replace(" ", "_").replace("-", "_"), known)
    hint = f"did you mean '{near}'? " if near else ""
    raise ValueError(f"'{value}' is not a kind: {hint}kinds are {', '.join(known)}")


def field_hint(name: str, fields: Iterable[str]) -> str:
    """The hint after an unknown field: the statement's field it most likely means."""
    known = list(fields)
    near = FIELD_ALIASES.get(name.lower()) or closest(name, known)
    return f"unknown field; did you mean '{near}'?" if near else "unknown field"


def comma_list(value: Any) -> Any:
    """`US, KP` (a string, as people write a list on one line) as ["US", "KP"]."""
    if isinstance(value, str) and "," in value:
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


YAML_BOOLEAN = (
    ": YAML reads NO, no, yes, on, off, true and false as yes or no, not as text: "
    "quote it ('NO' for Norway)"
)
"""The hint for a yes or no where text was expected (`side: NO` is Norway's code)."""


def validation_problems(error: Any) -> list[tuple[str, str]]:
    """Every problem of a pydantic ValidationError as (field path, message), unknown fields
    first (a field typed as `date` is why `said_on` is missing), each with its hint."""
    from ledger.statement import Source, StatementInput  # the models use this module

    fields = [*StatementInput.model_fields, *Source.model_fields]
    found = []
    for problem in error.errors():
        loc = ".".join(str(part) for part in problem["loc"]) or "statement"
        message = str(problem["msg"]).removeprefix("Value error, ")
        if problem["type"] == "missing":
            message = "required field is missing"
        elif problem["type"] == "extra_forbidden":
            message = field_hint(str(problem["loc"][-1]), fields)
        elif isinstance(problem.get("input"), bool):
            message += YAML_BOOLEAN
        found.append((problem["type"] != "extra_forbidden", loc, message))
    return [(loc, message) for _, loc, message in sorted(found, key=lambda p: p[0])]
