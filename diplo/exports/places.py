"""Places and parties for the exports: a place's country (the small gazetteer in places.json)
and a side's code in CAMEO and PLOVER (ISO alpha-3 for countries, actors.json for the rest)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, Literal

import iso3166

Scheme = Literal["cameo", "plover"]


def _data(name: str) -> Any:
    return json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


@cache
def gazetteer() -> tuple[tuple[str, str], ...]:
    """(text found in a place, lower case; its country), in the data file's order."""
    places = _data("places.json")["places"]
    return tuple((str(item["contains"]), str(item["country"])) for item in places)


@cache
def organisations() -> dict[str, dict[str, str]]:
    """Organisation side -> its code per scheme."""
    found: dict[str, dict[str, str]] = _data("actors.json")["organisations"]
    return found


def place_country(place: str | None) -> str | None:
    """The ISO alpha-2 country of a place by the gazetteer (first match), or None if unknown."""
    if not place:
        return None
    text = place.lower()
    return next((country for name, country in gazetteer() if name in text), None)


def side_code(side: str, scheme: Scheme) -> str:
    """A side's actor code: ISO 3166-1 alpha-3 for a country, the data file's for the rest."""
    country = iso3166.countries_by_alpha2.get(side)
    if country is not None:
        return str(country.alpha3)
    return organisations().get(side, {}).get(scheme, "IGO")


def side_name(side: str) -> str:
    """A side's name: the ISO 3166 short name of a country, else the code itself."""
    country = iso3166.countries_by_alpha2.get(side)
    return str(country.apolitical_name) if country is not None else side


def alpha3(country: str | None) -> str | None:
    """The ISO alpha-3 code of an alpha-2 country code (None stays None)."""
    found = iso3166.countries_by_alpha2.get(country or "")
    return str(found.alpha3) if found is not None else None
