"""Meeting histories as a Knight Lab TimelineJS timeline (its JSON format: `title`, `events`
of slides with `start_date`/`end_date` date objects, `text`, `media`, `group`).

One slide per statement. A date said as a year or a month stays a year or a year-month (the
format's partial dates); any other fuzzy date gives its first and last day; every slide's
`display_date` says the date in words. Each slide credits its outlet (in `media.credit` with
the article's link, and in the text). Several meetings are told apart by `group`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, BinaryIO

from diplo.dates import human_date
from diplo.exports import ReadsForExport, histories
from diplo.exports.coding import words
from diplo.exports.meetings import title
from ledger.dates import ISO_DAY, ISO_MONTH, ISO_YEAR, DateError, date_bounds


def date_object(day: date, parts: int = 3) -> dict[str, int]:
    """A TimelineJS date object of the year, month and day (the first `parts` of them)."""
    found = {"year": day.year, "month": day.month, "day": day.day}
    return dict(list(found.items())[:parts])


def slide_dates(said_on: str, effective_on: str) -> dict[str, Any]:
    """`start_date` (and `end_date`) of a statement's slide, with the date in words."""
    shown = human_date(said_on)
    if ISO_DAY.match(said_on) or ISO_MONTH.match(said_on) or ISO_YEAR.match(said_on):
        parts = said_on.count("-") + 1
        return {"start_date": date_object(date_bounds(said_on)[0], parts), "display_date": shown}
    try:
        first, last = date_bounds(said_on)
    except DateError:
        first = last = date.fromisoformat(effective_on)
    if first == date.min or said_on.startswith("/"):  # an open or unknown start: its end
        first = last
    if said_on.endswith("/"):  # an unknown end (the `edtf` package would guess ten years)
        last = first
    found: dict[str, Any] = {"start_date": date_object(first), "display_date": shown}
    if last not in (first, date.max):
        found["end_date"] = date_object(last)
    return found


def slide(step: Mapping[str, Any], group: str | None) -> dict[str, Any]:
    """One statement's slide."""
    source = step.get("source") or {}
    outlet = str(source.get("outlet") or "unnamed outlet")
    published = human_date(str(source.get("published") or ""))
    said = html.escape(words(step))
    credit = f"Source: {html.escape(outlet)}, {published}"
    found: dict[str, Any] = {
        **slide_dates(str(step["said_on"]), str(step["effective_on"])),
        "text": {
            "headline": html.escape(f"{step['kind']}: {step['speaker']} ({step['side']})"),
            "text": f"<p>{said}</p><p>{credit}</p>",
        },
        "unique_id": f"{step['meeting']}--{step['id']}",
    }
    if source.get("url"):
        found["media"] = {
            "url": str(source["url"]),
            "credit": outlet,
            "caption": html.escape(str(source.get("title") or outlet)),
        }
    if group is not None:
        found["group"] = group
    return found


def timeline(
    meetings: Sequence[Mapping[str, Any]], stories: Mapping[str, Sequence[Mapping[str, Any]]]
) -> dict[str, Any]:
    """The timeline of one meeting (titled by it) or of several (grouped by meeting)."""
    ordered = sorted(meetings, key=lambda m: str(m["meeting"]))
    several = len(ordered) != 1
    events = [
        slide(step, str(m["meeting"]) if several else None)
        for m in ordered
        for step in stories[str(m["meeting"])]
    ]
    headline = "Planned meetings" if several else title(ordered[0])
    return {"title": {"text": {"headline": html.escape(headline), "text": ""}}, "events": events}


def write(reads: ReadsForExport, meetings: list[dict[str, Any]], stream: BinaryIO) -> None:
    """Write the meetings' timeline as one JSON document (UTF-8)."""
    text = json.dumps(timeline(meetings, histories(reads, meetings)), ensure_ascii=False, indent=2)
    stream.write((text + "\n").encode())
