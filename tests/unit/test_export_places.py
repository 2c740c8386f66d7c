"""The exports' gazetteer: a place's country from the data file, the more specific name first."""

from __future__ import annotations

from diplo.exports.places import place_country


def test_the_gazetteer_knows_the_seed_places() -> None:
    assert place_country("Oval Office, White House") == "US"
    assert place_country("St. Peter’s Basilica, Rome") == "VA"
    assert place_country("St. Petersburg") == "RU"
    assert place_country("Moscow") == "RU"
    assert place_country("Paris") == "FR"
    assert place_country("Atlantis") is None
    assert place_country(None) is None
