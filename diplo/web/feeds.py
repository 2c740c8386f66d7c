"""The feeds: iCalendar (the export's own calendar) and an Atom feed of changes (feedgen).

Both are stamped with the time of the ledger's latest event, never with the clock, so the same
ledger gives the same bytes (`diplo site` twice writes identical files).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any, cast
from urllib.parse import quote

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]  # untyped library
from icalendar import Calendar

from diplo.exports import write_export
from diplo.web.links import file_of, page_path
from diplo.web.text import visible
from projections.queries import ReadSide

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FEED_TITLE = "Diplomatic ledger: changes of status and plan"
TAG = "tag:diplomatic-ledger,2024"


def ledger_stamp(reads: ReadSide) -> datetime:
    """When the ledger's latest event was recorded (the epoch for an empty ledger)."""
    recorder = reads.projector.recorder
    last = recorder.max_notification_id()
    if not last:
        return EPOCH
    notifications = recorder.select_notifications(start=last, limit=1)
    if not notifications:
        return EPOCH
    event: Any = reads.projector.mapper.to_domain_event(notifications[0])
    return cast(datetime, event.timestamp).astimezone(UTC)


def calendar(reads: ReadSide, meeting: str | None) -> bytes:
    """The iCalendar export (all meetings, or one), its DTSTAMPs set to the ledger's stamp."""
    stream = io.BytesIO()
    write_export("ical", reads, meeting, stream)  # (its note is the site's to give, once)
    parsed = Calendar.from_ical(stream.getvalue())
    stamp = ledger_stamp(reads)
    for event in parsed.walk("VEVENT"):
        event.pop("DTSTAMP", None)
        event.add("dtstamp", stamp)
    return cast(bytes, parsed.to_ical())


def changes_atom(
    reads: ReadSide, changed: list[dict[str, Any]], base_url: str, *, static: bool = False
) -> bytes:
    """An Atom feed with one entry per statement that changed a meeting's status or plan.

    Links point to `base_url` + the served path, or + the file `diplo site` writes (`static`).
    """
    base = base_url.rstrip("/")
    feed = FeedGenerator()
    feed.id(f"{TAG}:changes")
    feed.title(FEED_TITLE)
    feed.author({"name": "diplomatic-ledger"})
    feed.link(href=f"{base}/changes.atom", rel="self", type="application/atom+xml")
    feed.link(href=f"{base}/{'index.html' if static else ''}", rel="alternate", type="text/html")
    feed.language("en")
    feed.updated(ledger_stamp(reads))
    for step in changed:
        entry = feed.add_entry(order="append")
        entry.id(f"{TAG}:{step['meeting']}/{step['id']}/{step['version']}")
        entry.title(visible(f"{step['meeting']}: {change_words(step['changed'])}"))
        path = page_path("meetings", step["meeting"])
        page = f"{base}/{quote(file_of(path))}" if static else base + path
        entry.link(href=f"{page}#statement-{step['id']}", rel="alternate", type="text/html")
        entry.updated(datetime.fromisoformat(step["recorded_at"]))
        entry.summary(visible(entry_summary(step)))
    return cast(bytes, feed.atom_str(pretty=True))


def change_words(changes: list[dict[str, Any]]) -> str:
    """status proposed → agreed; place Paris."""
    parts = []
    for change in changes:
        name = change["field"].removeprefix("plan.").replace("_", " ")
        before, after = change["before"], change["after"]
        shown = _value(after) if before in (None, [], "") else f"{_value(before)} → {_value(after)}"
        parts.append(f"{name} {shown}")
    return "; ".join(parts)


def entry_summary(step: dict[str, Any]) -> str:
    words = step["quote"] or step["summary"] or ""
    if step["translation"]:
        words += f" [{step['translation']}]"
    source = step["source"]
    return (
        f"{step['speaker']} ({step['side']}, {step['kind']}) on {step['said_on']}: {words} "
        f"({source['outlet']}, {source['published']})"
    )


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
