"""A statement's slide in the TimelineJS export spans only the days its `said_on` gives: an
open or unknown end is not drawn as a span (the `edtf` package guesses ten years for one)."""

from __future__ import annotations

from typing import Any

import pytest

from diplo.exports.timelinejs import slide_dates

DAY = {"year": 2018, "month": 10, "day": 24}


@pytest.mark.parametrize(
    ("said_on", "start", "end"),
    [
        ("2018-10", {"year": 2018, "month": 10}, None),
        ("2018-10-20/2018-10-24", {"year": 2018, "month": 10, "day": 20}, DAY),
        ("../2018-10-24", DAY, None),  # open start: said by then
        ("/2018-10-24", DAY, None),  # unknown start
        ("2018-10-24/..", DAY, None),  # open end
        ("2018-10-24/", DAY, None),  # unknown end
    ],
)
def test_a_slide_spans_only_the_days_its_date_gives(
    said_on: str, start: dict[str, int], end: dict[str, int] | None
) -> None:
    found: dict[str, Any] = slide_dates(said_on, "2018-10-24")
    assert found["start_date"] == start
    assert found.get("end_date") == end
