"""What the calendar-like exports (iCalendar, JSON-LD, TimelineJS) say of a whole meeting:
its title, a description with dates in words, its earlier planned dates, how often its date,
place or status changed, and when it was last recorded. All from the read side's dicts and
each history step's `state_after`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from diplo.dates import human_date
from projections.vocabulary import Status

Step = Mapping[str, Any]
REVISED = ("planned_for", "place")
"""Plan fields whose change is a new version of the meeting (with its status)."""


def title(meeting: Mapping[str, Any]) -> str:
    """Participants (or parties), the parties' codes, and the status."""
    plan = meeting.get("plan") or {}
    names = list(plan.get("participants") or []) or list(plan.get("parties") or [])
    parties = "–".join(plan.get("parties") or [])
    return f"{' – '.join(names)} ({parties}): {meeting.get('status')}"


def description(
    meeting: Mapping[str, Any], history: Sequence[Step], bounds: tuple[date, date] | None
) -> list[str]:
    """Lines for people about a meeting, every date in words."""
    plan = meeting.get("plan") or {}
    stances = meeting.get("parties") or {}
    status = str(meeting.get("status"))
    if meeting.get("disputed"):
        status += " (disputed)"
    planned = plan.get("planned_for")
    shown = human_date(str(planned)) if planned else "no date given"
    if bounds is not None and bounds[0] != bounds[1]:
        first, last = (human_date(day.isoformat()) for day in bounds)
        shown += f" (any day from {first} to {last})"
    lines = [
        f"Meeting: {meeting['meeting']}",
        f"Status: {status}",
        "Parties: " + (", ".join(f"{side} {stance}" for side, stance in stances.items()) or "-"),
        "Participants: " + (", ".join(plan.get("participants") or []) or "-"),
        f"Planned for: {shown}",
    ]
    if meeting.get("status") == Status.POSTPONED and planned:
        lines.append(f"Postponed; last planned for {human_date(str(planned))}")
    earlier = [human_date(value) for value in earlier_dates(history, planned)]
    if earlier:
        lines.append("Earlier planned for: " + "; ".join(earlier))
    if meeting.get("statement_count"):
        first_said, latest_said = meeting.get("first_said"), meeting.get("latest_said")
        lines.append(
            f"Statements: {meeting['statement_count']}"
            f" (first {human_date(str(first_said))}, latest {human_date(str(latest_said))})"
        )
    return lines


def plans(history: Sequence[Step]) -> list[Mapping[str, Any]]:
    """The meeting's state after each step."""
    return [step.get("state_after") or {} for step in history]


def earlier_dates(history: Sequence[Step], current: str | None) -> list[str]:
    """Every planned date the meeting had before its current one, first to last, once each."""
    found: list[str] = []
    for state in plans(history):
        planned = (state.get("plan") or {}).get("planned_for")
        if planned and planned != current and planned not in found:
            found.append(str(planned))
    return found


def revisions(history: Sequence[Step]) -> int:
    """How many times the meeting's date, place or status changed after its first statement
    (the iCalendar SEQUENCE)."""
    keys = [
        (state.get("status"), *((state.get("plan") or {}).get(name) for name in REVISED))
        for state in plans(history)
    ]
    return sum(1 for before, after in zip(keys, keys[1:], strict=False) if before != after)


def last_recorded(history: Sequence[Step]) -> datetime:
    """The latest moment anything about the meeting was recorded (a statement or an
    erratum), in UTC."""
    moments = [
        datetime.fromisoformat(str(moment))
        for step in history
        for moment in (step["recorded_at"], *(e["recorded_at"] for e in step.get("errata") or []))
    ]
    return max(moments).astimezone(UTC)
