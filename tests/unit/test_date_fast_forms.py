"""The commonest fuzzy forms are bounded without the EDTF grammar, exactly as the library
bounds them (issue 14: the grammar costs milliseconds per distinct string)."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.dates import DateError, _library_bounds, date_bounds

FAST = {
    "2018-21": (date(2018, 3, 1), date(2018, 5, 31)),
    "2018-22": (date(2018, 6, 1), date(2018, 8, 31)),
    "2018-23": (date(2018, 9, 1), date(2018, 11, 30)),
    "2018-11-11?": (date(2018, 11, 11), date(2018, 11, 11)),
    "2018-11-11~": (date(2018, 11, 11), date(2018, 11, 11)),
    "2018-11-11%": (date(2018, 11, 11), date(2018, 11, 11)),
    "2020-02?": (date(2020, 2, 1), date(2020, 2, 29)),
    "2018~": (date(2018, 1, 1), date(2018, 12, 31)),
}


@pytest.mark.parametrize("text", list(FAST))
def test_a_season_or_qualified_date_has_the_bounds_the_edtf_library_gives(text: str) -> None:
    assert date_bounds(text) == FAST[text]
    assert _library_bounds(text) == FAST[text]


@pytest.mark.parametrize("text", ["2018-23?", "2018-02-29?", "2018-13~", "0000-21"])
def test_a_form_the_library_refuses_is_still_refused(text: str) -> None:
    with pytest.raises(DateError):
        date_bounds(text)
