"""The exports' small gazetteer: which country a meeting's place is in (data in places.json)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def gazetteer() -> tuple[tuple[str, str], ...]:
    """(text found in a place, lower case; its country), in the data file's order."""
    text = resources.files(__package__).joinpath("places.json").read_text(encoding="utf-8")
    places = json.loads(text)["places"]
    return tuple((str(item["contains"]), str(item["country"])) for item in places)


def place_country(place: str | None) -> str | None:
    """The ISO alpha-2 country of a place by the gazetteer (first match), or None if unknown."""
    if not place:
        return None
    text = place.lower()
    return next((country for name, country in gazetteer() if name in text), None)
