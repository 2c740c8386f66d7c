"""The HTML of each page from its data: shared by `diplo serve` and `diplo site`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from diplo.render import count
from diplo.web.html import render
from diplo.web.links import Links
from diplo.web.pages import MeetingsPage
from diplo.web.params import Moment
from diplo.web.svg import Drawing, timeline_svg
from diplo.web.text import visible
from projections.vocabulary import Evidence, Status

COLUMNS = (
    ("meeting", "Meeting"),
    ("status", "Status"),
    ("parties", "Parties"),
    ("place", "Place"),
    ("planned_for", "Planned for"),
    ("statements", "Statements"),
    ("latest", "Latest"),
)
"""The columns of `diplo meetings`, each a sort key of the meetings page."""
TIMELINE_MOST_STEPS = 150
"""Past this many statements the picture is too tall to read (and slow to draw): none then."""


def meetings_html(page: MeetingsPage, links: Links, page_link: Callable[[int], str]) -> str:
    return render(
        "meetings.html",
        links,
        page=page,
        columns=COLUMNS,
        statuses=[s.value for s in Status],
        page_link=page_link,
    )


def timeline_drawing(slug: str, data: dict[str, Any]) -> Drawing | None:
    """What the meeting page's timeline is drawn from; None if the page has none."""
    steps = data["history"]
    if len(steps) > TIMELINE_MOST_STEPS or not any(step["counted"] for step in steps):
        return None
    told = count(len(steps), "statement")
    return slug, steps, f"Timeline of {visible(slug)}: {told} and the status they gave"


def meeting_html(slug: str, data: dict[str, Any], moment: Moment, links: Links) -> str:
    drawing = timeline_drawing(slug, data)
    svg = timeline_svg(*drawing) if drawing else None
    return render(
        "meeting.html",
        links,
        slug=slug,
        data=data,
        moment=moment,
        svg=svg,
        too_many=drawing is None and any(step["counted"] for step in data["history"]),
        evidences=[e.value for e in Evidence],
        recorded_by_value=_local_input(moment.recorded_by),
    )


def statement_html(statement_id: str, statements: list[dict[str, Any]], links: Links) -> str:
    return render("statement.html", links, statement_id=statement_id, statements=statements)


def _local_input(moment: datetime | None) -> str:
    """A moment as a datetime-local input's value (UTC, to the second)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S") if moment else ""
