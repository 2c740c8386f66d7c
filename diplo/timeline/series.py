"""What a timeline shows, as plain values: intervals and points computed from history steps.

Input is what `ReadSide.history` returns: one dict per statement, each carrying `state_after`,
the meeting's full state after it (status, each party's stance, the plan). Nothing here decides
a status or a stance: it reads the fold's answer step by step and lays it out in time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple, TypeVar

from diplo.dates import human_date
from ledger.dates import DateError, date_bounds
from ledger.statement import Attribution
from projections.vocabulary import Stance, Status

Step = Mapping[str, Any]
S = TypeVar("S", bound=Step)

ENDINGS = frozenset({Status.HELD, Status.CANCELLED})
"""Statuses that end a meeting's story: the chart marks the statement that led to them."""
STRETCHES = frozenset({Status.POSTPONED, Status.CANCELLED})
"""Statuses whose stretches are named above the statements: the story's turning points."""


class TimelineError(ValueError):
    """Nothing to draw, or an output format other than .png / .svg."""


class Interval(NamedTuple):
    """A value that holds from `start` (inclusive) to `end` (exclusive)."""

    start: date
    end: date
    value: str


class PlanChange(NamedTuple):
    """A value `planned_for` took, set by a statement that counts from `said`."""

    said: date
    value: str
    earliest: date | None
    latest: date | None


def days_in_words(first: date, last: date) -> str:
    """The days from `first` to `last` as people read them (`24–31 May 2018`)."""
    span = first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}"
    return human_date(span)


def step_day(step: Step) -> date:
    """The day a statement counts from (its `effective_on`)."""
    return date.fromisoformat(str(step["effective_on"]))


def edtf_bounds(text: str) -> tuple[date, date] | None:
    """The earliest and latest day of an EDTF string, or None if it has no definite bounds."""
    try:
        return date_bounds(text)
    except DateError:
        return None


def state_of(step: Step) -> Mapping[str, Any]:
    """The meeting's state after a step."""
    state: Mapping[str, Any] = step["state_after"]
    return state


def status_of(step: Step) -> Status:
    """The meeting's status after a step."""
    return Status(state_of(step)["status"])


def parties(steps: Sequence[Step]) -> list[str]:
    """The meeting's parties as the last step gives them, then any earlier party since dropped."""
    found = [str(side) for side in state_of(steps[-1])["parties"]] if steps else []
    for step in steps:
        found += [str(side) for side in state_of(step)["parties"] if side not in found]
    return found


def hold_intervals(
    points: Sequence[tuple[date, str]], start: date, before: str, end: date
) -> list[Interval]:
    """Turn (day, value after that statement) points, in day order, into intervals.

    `before` holds from `start` to the first point; of several points on one day the last one
    holds from that day until the next day with a point, the last one until `end`.
    """
    on_day: dict[date, str] = {}
    for day, value in points:
        on_day[day] = value
    days = sorted(on_day)
    if not days:
        return []
    stops = [*days[1:], max(end, days[-1] + timedelta(days=1))]
    intervals = [Interval(day, stop, on_day[day]) for day, stop in zip(days, stops, strict=True)]
    if start < days[0]:
        intervals.insert(0, Interval(start, days[0], before))
    return merge(intervals)


def merge(intervals: Sequence[Interval]) -> list[Interval]:
    """Join neighbouring intervals that hold the same value."""
    merged: list[Interval] = []
    for interval in intervals:
        if merged and merged[-1].value == interval.value and merged[-1].end == interval.start:
            merged[-1] = Interval(merged[-1].start, interval.end, interval.value)
        else:
            merged.append(interval)
    return merged


def status_intervals(steps: Sequence[Step], start: date, end: date) -> list[Interval]:
    """The meeting's status over [start, end): unannounced until its first statement."""
    points = [(step_day(step), str(status_of(step))) for step in steps]
    return hold_intervals(points, start, Status.UNANNOUNCED, end)


def stance_intervals(steps: Sequence[Step], side: str, start: date, end: date) -> list[Interval]:
    """One side's stance over [start, end), as each step's state gives it."""
    points = [
        (step_day(step), str(state_of(step)["parties"].get(side, Stance.SILENT))) for step in steps
    ]
    return hold_intervals(points, start, Stance.SILENT, end)


def plan_changes(steps: Sequence[Step]) -> list[PlanChange]:
    """Every value the planned date took, in order, with the day it was set."""
    found: list[PlanChange] = []
    current: str | None = None
    for step in steps:
        value = state_of(step)["plan"].get("planned_for")
        if value is None or value == current:
            continue
        current = str(value)
        bounds = edtf_bounds(current)
        earliest, latest = bounds if bounds else (None, None)
        found.append(PlanChange(step_day(step), current, earliest, latest))
    return found


def ending_step(steps: Sequence[Step]) -> Step | None:
    """The statement after which the meeting was (last) reported held or cancelled."""
    found: Step | None = None
    before: Status | None = None
    for step in steps:
        after = status_of(step)
        if after in ENDINGS and after != before:
            found = step
        before = after
    return found


def said_from(step: Step) -> date:
    """The earliest day a statement may have been said (its vague `said_on` can start early).
    An open or unknown start (`../2018-10-24`, `/2018-10-24`) has no such day: the statement's
    own day is drawn (the `edtf` package would give an unknown start ten years, a guess of
    its own)."""
    said_on = str(step.get("said_on") or "")
    bounds = edtf_bounds(said_on)
    if bounds is None or bounds[0] == date.min or said_on.startswith("/"):
        return step_day(step)
    return min(bounds[0], step_day(step))


def time_range(
    steps: Sequence[Step], plans: Sequence[PlanChange], extra: Sequence[date] = ()
) -> tuple[date, date]:
    """The days a chart shows: every statement, planned span and `extra` day, with a margin."""
    days = [said_from(step) for step in steps] + [step_day(step) for step in steps] + [*extra]
    for plan in plans:  # an open end (date.min, date.max) is left out: it has no day to show
        days.extend(d for d in (plan.earliest, plan.latest) if d not in (None, date.min, date.max))
    if not days:
        raise TimelineError("no statement to draw")
    first, last = min(days), max(days) + timedelta(days=1)
    margin = max(timedelta(days=3), (last - first) * 0.06)
    return first - margin, last + margin


def counted(step: Step) -> bool:
    """Whether a statement still counts (it was admitted and not retracted)."""
    return bool(step.get("counted", True)) and not step.get("retracted_by")


def change_summary(step: Step) -> str:
    """What a statement did besides the status, in words: retraction, stances, planned date."""
    parts: list[str] = []
    for change in step.get("changes") or []:
        field, after = str(change["field"]), change["after"]
        if field == "retracts":
            parts.append(f"retracts {after}")
        elif field.startswith("stance."):
            parts.append(f"{field.removeprefix('stance.')} {after}")
        elif field == "plan.planned_for" and after is not None:
            parts.append(f"date {human_date(str(after))}")
    return ", ".join(parts)


def said_between(steps: Sequence[S], after: date | None, by: date | None) -> list[S]:
    """The steps of the statements said after the end of `after` and by the end of `by` (by
    the day the fold orders them on, as `diplo diff` counts them); None leaves that end open."""
    return [
        step
        for step in steps
        if (after is None or step_day(step) > after) and (by is None or step_day(step) <= by)
    ]


def statement_label(step: Step) -> str:
    """'kind · speaker (side)', with attribution, retraction and what it changed."""
    label = f"{words(step['kind'])} · {step['speaker']} ({step['side']})"
    if step.get("attribution") and step["attribution"] != Attribution.ON_RECORD:
        label += f" [{words(step['attribution'])}]"
    if step.get("retracted_by"):
        return label + f": retracted by {step['retracted_by']}"
    if not step.get("counted", True):
        return label + ": changed nothing"
    summary = change_summary(step)
    return label + (f"  →  {summary}" if summary else "")


def words(name: object) -> str:
    """An enum value as words: `walked_back` -> `walked back`, `second_hand` -> `second-hand`."""
    text = str(name)
    return text.replace("_", "-") if text.endswith("_hand") else text.replace("_", " ")


def credit(step: Step) -> str:
    """The small line under a statement: when it was said, and the outlet that reported it."""
    said = f"said {human_date(str(step['said_on']))}"
    outlet = (step.get("source") or {}).get("outlet")
    return f"{said} · {outlet}" if outlet else said


def default_title(steps: Sequence[Step]) -> str:
    """A headline for a meeting: who meets whom, and where, as the plan stands at the end."""
    plan = state_of(steps[-1])["plan"]
    people = [str(name) for name in plan.get("participants") or []]
    who = _and(people) if people else f"{'–'.join(plan.get('parties') or [])} meeting"
    return f"{who} in {plan['place']}" if plan.get("place") else who


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def meeting_subtitle(slug: str, steps: Sequence[Step]) -> str:
    """The meeting as it stands after its last step: status, planned date, statements, slug."""
    state = state_of(steps[-1])
    details = [str(state["status"]) + (" (disputed)" if state.get("disputed") else "")]
    if state["plan"].get("planned_for"):
        details.append(f"planned for {human_date(str(state['plan']['planned_for']))}")
    first, last = step_day(steps[0]), step_day(steps[-1])
    span = days_in_words(first, last)
    details.append(f"{len(steps)} statement{'s' if len(steps) != 1 else ''}, {span}")
    return " · ".join([*details, slug])


class Event(NamedTuple):
    """A row above the statements: a status stretch, the day it was held, or a reader's note."""

    start: date
    end: date
    label: str
    status: Status | None = None


def stretch_label(interval: Interval, end: date) -> str:
    """`cancelled 24–31 May 2018`; `cancelled from 24 May 2018` when it lasts to the end."""
    if interval.end >= end:
        return f"{interval.value} from {days_in_words(interval.start, interval.start)}"
    return f"{interval.value} {days_in_words(interval.start, interval.end - timedelta(days=1))}"


def story_events(
    steps: Sequence[Step], end: date, notes: Sequence[tuple[date, str]] = ()
) -> list[Event]:
    """The postponed and cancelled stretches, the day it was reported held, and the notes."""
    events = [
        Event(i.start, i.end, stretch_label(i, end), Status(i.value))
        for i in status_intervals(steps, step_day(steps[0]), end)
        if i.value in STRETCHES
    ]
    last = ending_step(steps)
    if last is not None and status_of(last) == Status.HELD:
        day = step_day(last)
        events.append(Event(day, day, f"reported held {human_date(day.isoformat())}", Status.HELD))
    events += [Event(day, day, text) for day, text in notes]
    return sorted(events, key=lambda event: (event.start, event.end))


def meeting_parties(meeting: Mapping[str, Any]) -> list[str]:
    """A meeting's parties, from `plan.parties` (or the keys of its `parties` stances)."""
    plan = meeting.get("plan") or {}
    return [str(side) for side in plan.get("parties") or meeting.get("parties") or []]


def overview_meetings(
    meetings: Sequence[Mapping[str, Any]],
    histories: Mapping[str, Sequence[Step]],
    party: str | None = None,
) -> list[Mapping[str, Any]]:
    """The meetings an overview shows (with a history; with `party`), by first statement."""
    chosen = [
        m
        for m in meetings
        if histories.get(str(m["meeting"])) and (party is None or party in meeting_parties(m))
    ]
    return sorted(
        chosen, key=lambda m: (step_day(histories[str(m["meeting"])][0]), str(m["meeting"]))
    )
