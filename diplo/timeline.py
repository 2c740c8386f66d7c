"""Timelines of planned meetings, drawn with matplotlib from the read side's plain data.

`draw_meeting` shows how one meeting's plan changed: every statement on its own row (marker
shape by kind, colour by the status it left the meeting in, hollow when it changed nothing),
the status over time, each party's stance over time, every planned date the plan gave and when
it gave it, and the day the meeting was reported held or dropped. `draw_overview` shows many
meetings as status bands on one time axis.

Input is what `ReadSide.history` and `ReadSide.meetings` return (dicts, never domain
objects). The output format follows the file suffix: `.png` (150 dpi) or `.svg`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ledger.dates import DateError, date_bounds

Step = Mapping[str, Any]
LegendPlace = Literal["outside right upper", "outside lower center"]

PNG_DPI = 150
FORMATS = frozenset({".png", ".svg"})
UNANNOUNCED, SILENT = "unannounced", "silent"
ENDINGS = ("held", "cancelled")
"""Statuses that end a meeting's story: the chart marks the statement that led to them."""

STATUS_COLOURS: dict[str, str] = {
    "unannounced": "#e6e6e6",
    "proposed": "#f2c14e",
    "agreed": "#3a86c8",
    "held": "#1d3557",
    "postponed": "#e07a5f",
    "cancelled": "#3d3d3d",
}
STANCE_COLOURS: dict[str, str] = {
    "supports": "#2a9d8f",
    "denies": "#d62828",
    "silent": "#d9d9d9",
}
KIND_MARKERS: dict[str, str] = {
    "announced": "o",
    "confirmed": "s",
    "denied": "X",
    "walked_back": "v",
    "postponed": ">",
    "rescheduled": "D",
    "cancelled": "P",
    "held": "*",
}
PLAN_COLOUR = "#6a4c93"
GRID_COLOUR = "#dddddd"
OTHER_COLOUR = "#999999"
LANE_HEIGHT = 0.62


class TimelineError(ValueError):
    """Nothing to draw, or an output format other than .png / .svg."""


@dataclass(frozen=True)
class Interval:
    """A value that holds from `start` (inclusive) to `end` (exclusive)."""

    start: date
    end: date
    value: str


@dataclass(frozen=True)
class PlanChange:
    """A value `planned_for` took, set by a statement that counts from `said`."""

    said: date
    value: str
    earliest: date | None
    latest: date | None


# --- plain data -> intervals ----------------------------------------------------------------


def step_day(step: Step) -> date:
    """The day a statement counts from (its `effective_on`)."""
    return date.fromisoformat(str(step["effective_on"]))


def edtf_bounds(text: str) -> tuple[date, date] | None:
    """The earliest and latest day of an EDTF string, or None if it has no definite bounds."""
    try:
        return date_bounds(text)
    except DateError:
        return None


def changes_of(step: Step, prefix: str) -> list[tuple[str, Any]]:
    """(field without `prefix`, new value) for a step's changes whose field starts so."""
    return [
        (str(change["field"])[len(prefix) :], change["after"])
        for change in step.get("changes") or []
        if str(change["field"]).startswith(prefix)
    ]


def parties_of(steps: Sequence[Step]) -> list[str]:
    """The meeting's parties: the latest `plan.parties`, then any other side given a stance."""
    parties: list[str] = []
    for step in steps:
        for _, after in changes_of(step, "plan.parties"):
            parties = [str(side) for side in after or []]
        if not parties:
            parties = [str(side) for side in (step.get("plan_given") or {}).get("parties", [])]
    for step in steps:
        for side, _ in changes_of(step, "stance."):
            if side not in parties:
                parties.append(side)
    return parties


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
    points = [(step_day(step), str(step["status_after"])) for step in steps]
    return hold_intervals(points, start, UNANNOUNCED, end)


def stance_intervals(steps: Sequence[Step], side: str, start: date, end: date) -> list[Interval]:
    """One side's stance over [start, end), walked from the `stance.SIDE` changes."""
    stance = SILENT
    points: list[tuple[date, str]] = []
    for step in steps:
        for changed, after in changes_of(step, "stance."):
            if changed == side:
                stance = str(after)
        points.append((step_day(step), stance))
    return hold_intervals(points, start, SILENT, end)


def plan_changes(steps: Sequence[Step]) -> list[PlanChange]:
    """Every value `plan.planned_for` took, in order, with the day it was set."""
    found: list[PlanChange] = []
    for step in steps:
        for _, after in changes_of(step, "plan.planned_for"):
            if after is None:
                continue
            bounds = edtf_bounds(str(after))
            earliest, latest = bounds if bounds else (None, None)
            found.append(PlanChange(step_day(step), str(after), earliest, latest))
    return found


def ending_step(steps: Sequence[Step]) -> Step | None:
    """The statement after which the meeting was (last) reported held or cancelled."""
    found: Step | None = None
    for step in steps:
        after = step.get("status_after")
        if after in ENDINGS and step.get("status_before") != after:
            found = step
    return found


def time_range(steps: Sequence[Step], plans: Sequence[PlanChange]) -> tuple[date, date]:
    """The days a chart shows: every statement and planned span, with a margin."""
    days = [said_from(step) for step in steps] + [step_day(step) for step in steps]
    for plan in plans:
        days.extend(day for day in (plan.earliest, plan.latest) if day is not None)
    if not days:
        raise TimelineError("no statement to draw")
    first, last = min(days), max(days) + timedelta(days=1)
    margin = max(timedelta(days=3), (last - first) * 0.06)
    return first - margin, last + margin


def change_summary(step: Step) -> str:
    """What a statement did besides the status: what it retracts, stances, planned date."""
    parts = [f"retracts {after}" for _, after in changes_of(step, "retracts")]
    parts += [f"{side} {after}" for side, after in changes_of(step, "stance.")]
    parts += [f"date {after}" for _, after in changes_of(step, "plan.planned_for")]
    return ", ".join(parts)


def statement_label(step: Step) -> str:
    """'kind · speaker (side)', with attribution, retraction and what it changed."""
    label = f"{step['kind']} · {step['speaker']} ({step['side']})"
    if step.get("attribution") and step["attribution"] != "on_record":
        label += f" [{step['attribution']}]"
    if step.get("retracted_by"):
        return label + f": retracted by {step['retracted_by']}"
    if not step.get("counted", True):
        return label + ": changed nothing"
    summary = change_summary(step)
    return label + (f"  →  {summary}" if summary else "")


# --- drawing helpers ------------------------------------------------------------------------


def num(day: date) -> float:
    """A day as a matplotlib date number."""
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]  # untyped in matplotlib


def new_figure(width: float, height: float) -> Figure:
    """A figure on the Agg canvas (saving as SVG switches to the SVG canvas by itself)."""
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def save(fig: Figure, out: Path) -> None:
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise TimelineError(f"{out}: choose a .png or .svg file")
    out.parent.mkdir(parents=True, exist_ok=True)
    dpi = PNG_DPI if suffix == ".png" else "figure"
    fig.savefig(out, format=suffix[1:], dpi=dpi, bbox_inches="tight", facecolor="white")


def format_date_axis(ax: Axes, start: date, end: date) -> None:
    ax.set_xlim(num(start), num(end))
    # matplotlib.dates has no type hints for these two classes
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)  # type: ignore[no-untyped-call]
    formatter = mdates.ConciseDateFormatter(  # type: ignore[no-untyped-call]
        locator,
        formats=["%Y", "%b", "%d %b", "%H:%M", "%H:%M", "%S.%f"],
        offset_formats=["", "%Y", "%Y", "%Y", "%Y", "%Y"],
    )
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)
    ax.tick_params(axis="x", labelrotation=30)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    ax.grid(axis="x", color=GRID_COLOUR, linewidth=0.6)
    ax.set_axisbelow(True)


def hide_spines(ax: Axes, *names: str) -> None:
    for name in names:
        ax.spines[name].set_visible(False)


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on `background` (#rrggbb)."""
    red, green, blue = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "white"


def draw_band(
    ax: Axes, y: float, intervals: Sequence[Interval], colours: Mapping[str, str]
) -> None:
    """Intervals as one horizontal band at height `y`, each named inside where it fits."""
    low, high = ax.get_xlim()
    for interval in intervals:
        start, end = num(interval.start), num(interval.end)
        colour = colours.get(interval.value, OTHER_COLOUR)
        ax.barh(y, end - start, left=start, height=LANE_HEIGHT, color=colour, edgecolor="white")
        if (end - start) / (high - low) > 0.08:
            ax.text(
                (start + end) / 2,
                y,
                interval.value,
                ha="center",
                va="center",
                fontsize=8,
                color=text_colour(colour),
            )


def columns(entries: int, most: int = 9) -> int:
    """Legend columns for a legend below the chart: rows as full as each other."""
    rows = -(-entries // most)
    return max(1, -(-entries // max(1, rows)))


def add_legend(
    fig: Figure, handles: Sequence[Line2D | Patch], title: str | None, loc: LegendPlace
) -> None:
    fig.legend(
        handles=list(handles),
        title=title,
        title_fontsize=8,
        loc=loc,
        ncol=1 if loc.startswith("outside right") else columns(len(handles)),
        fontsize=8,
        frameon=False,
    )


def marker_handle(marker: str, colour: str, label: str, *, hollow: bool = False) -> Line2D:
    return Line2D(
        [],
        [],
        marker=marker,
        linestyle="none",
        markersize=8,
        markeredgecolor=colour,
        markerfacecolor="white" if hollow else colour,
        label=label,
    )


# --- one meeting ----------------------------------------------------------------------------


def draw_meeting(slug: str, steps: list[dict[str, Any]], out: Path) -> None:
    """Draw how one meeting's plan changed, statement by statement, to `out` (.png / .svg)."""
    if not steps:
        raise TimelineError(f"{slug}: no statement to draw")
    plans = plan_changes(steps)
    start, end = time_range(steps, plans)
    parties = parties_of(steps)
    lanes = 1 + len(parties) + max(1, len(plans))
    fig = new_figure(13, 2.8 + 0.42 * (len(steps) + lanes))
    top, bottom = fig.subplots(
        2, 1, sharex=True, gridspec_kw={"height_ratios": [len(steps) + 0.8, lanes + 0.4]}
    )
    format_date_axis(bottom, start, end)
    draw_statements(top, steps, start, end)
    draw_lanes(bottom, steps, parties, plans, start, end)
    mark_plan(top, bottom, plans)
    mark_ending(top, bottom, steps)
    fig.suptitle(meeting_title(slug, steps), fontsize=13, fontweight="bold")
    add_legend(fig, statement_legend(steps), "statements", "outside right upper")
    add_legend(fig, band_legend(steps, parties, plans), None, "outside lower center")
    save(fig, out)


def meeting_title(slug: str, steps: Sequence[Step]) -> str:
    place, planned, disputed = None, None, False
    for step in steps:
        for _, after in changes_of(step, "disputed"):
            disputed = bool(after)
        for _, after in changes_of(step, "plan.place"):
            place = after
        for _, after in changes_of(step, "plan.planned_for"):
            planned = after
    details = [str(steps[-1]["status_after"]) + (" (disputed)" if disputed else "")]
    if place:
        details.append(str(place))
    if planned:
        details.append(f"planned for {planned}")
    return f"{slug}\n{' · '.join(details)}"


def draw_statements(ax: Axes, steps: Sequence[Step], start: date, end: date) -> None:
    """One row per statement in fold order, top to bottom; colour = status it left behind."""
    middle = num(start) + (num(end) - num(start)) / 2
    for row, step in enumerate(steps):
        y = len(steps) - 1 - row
        x = num(step_day(step))
        colour = STATUS_COLOURS.get(str(step["status_after"]), OTHER_COLOUR)
        counted = bool(step.get("counted", True)) and not step.get("retracted_by")
        ax.plot(
            [x],
            [y],
            marker=KIND_MARKERS.get(str(step["kind"]), "o"),
            markersize=12,
            markeredgewidth=1.4,
            markeredgecolor="#222222" if counted else "#888888",
            markerfacecolor=colour if counted else "white",
            linestyle="none",
            zorder=3,
        )
        on_left = x > middle
        draw_said_range(ax, step, y, on_left)
        ax.annotate(
            statement_label(step),
            (x, y),
            xytext=(-12 if on_left else 12, 0),
            textcoords="offset points",
            ha="right" if on_left else "left",
            va="center",
            fontsize=8.5,
            color="#222222" if counted else "#777777",
        )
    ax.set_ylim(-0.7, len(steps) - 0.3)
    ax.set_yticks([])
    ax.set_ylabel("statements\n(colour: status after)", fontsize=9)
    ax.grid(axis="x", color=GRID_COLOUR, linewidth=0.6)
    ax.set_axisbelow(True)
    hide_spines(ax, "top", "right", "left")


def said_from(step: Step) -> date:
    """The earliest day a statement may have been said (its vague `said_on` can start early)."""
    bounds = edtf_bounds(str(step.get("said_on") or ""))
    return min(bounds[0], step_day(step)) if bounds else step_day(step)


def draw_said_range(ax: Axes, step: Step, y: float, on_left: bool) -> None:
    """Under a statement with a vague `said_on`, the days it may have been said."""
    earliest = said_from(step)
    if earliest >= step_day(step):
        return
    left, right = num(earliest), num(step_day(step))
    ax.plot([left, right], [y - 0.3, y - 0.3], color="#777777", linewidth=1, marker="|")
    ax.annotate(
        f"said {step['said_on']}",
        (left if on_left else right, y - 0.3),
        xytext=(-4 if on_left else 10, 0),
        textcoords="offset points",
        ha="right" if on_left else "left",
        va="center",
        fontsize=7,
        color="#777777",
    )


def draw_lanes(
    ax: Axes,
    steps: Sequence[Step],
    parties: Sequence[str],
    plans: Sequence[PlanChange],
    start: date,
    end: date,
) -> None:
    """The status band, one stance band per party, and the planned-for rows, top to bottom."""
    y = max(1, len(plans)) + len(parties)
    draw_band(ax, y, status_intervals(steps, start, end), STATUS_COLOURS)
    labels = ["status"]
    for side in parties:
        y -= 1
        draw_band(ax, y, stance_intervals(steps, side, start, end), STANCE_COLOURS)
        labels.append(f"{side} stance")
    labels.extend(draw_plan_rows(ax, plans))
    ax.set_yticks(range(len(labels) - 1, -1, -1), labels, fontsize=8.5)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    hide_spines(ax, "top", "right")


def draw_plan_rows(ax: Axes, plans: Sequence[PlanChange]) -> list[str]:
    """One row per value planned_for took: its span, and a dotted line from the day it was set."""
    if not plans:
        ax.text(0.01, 0, "no date given", transform=ax.get_yaxis_transform(), va="center")
        return ["planned for"]
    labels = []
    for index, plan in enumerate(plans):
        y = len(plans) - 1 - index
        latest = index == len(plans) - 1
        said = num(plan.said)
        ax.plot([said], [y], marker="o", markersize=4, color=PLAN_COLOUR)
        labels.append(f"planned {plan.value}{' (latest)' if latest else ''}\nsaid {plan.said}")
        if plan.earliest is None or plan.latest is None:
            continue
        left, right = num(plan.earliest), num(plan.latest + timedelta(days=1))
        ax.plot([said, left], [y, y], linestyle=":", color=PLAN_COLOUR, linewidth=1.2)
        ax.barh(
            y,
            right - left,
            left=left,
            height=LANE_HEIGHT,
            color=PLAN_COLOUR if latest else "white",
            edgecolor=PLAN_COLOUR,
            hatch=None if latest else "///",
            linewidth=1.2,
        )
    return labels


def mark_plan(top: Axes, bottom: Axes, plans: Sequence[PlanChange]) -> None:
    """Shade the latest planned span on both panels, with a dashed line at its first day."""
    if not plans:
        return
    plan = plans[-1]
    if plan.earliest is None or plan.latest is None:
        return
    left, right = num(plan.earliest), num(plan.latest + timedelta(days=1))
    for ax in (top, bottom):
        ax.axvspan(left, right, color=PLAN_COLOUR, alpha=0.08, zorder=0)
        ax.axvline(left, color=PLAN_COLOUR, linestyle="--", linewidth=1, zorder=1)
    top.annotate(
        f"planned: {plan.value}",
        (left, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(3, -2),
        textcoords="offset points",
        va="top",
        fontsize=8,
        color=PLAN_COLOUR,
    )


def mark_ending(top: Axes, bottom: Axes, steps: Sequence[Step]) -> None:
    """A solid line on the day the meeting was reported held or dropped."""
    step = ending_step(steps)
    if step is None:
        return
    x = num(step_day(step))
    colour = STATUS_COLOURS[str(step["status_after"])]
    for ax in (top, bottom):
        ax.axvline(x, color=colour, linewidth=2, zorder=2)
    low, high = top.get_xlim()
    on_left = x > (low + high) / 2
    top.annotate(
        f"reported {step['status_after']} {step['effective_on']}",
        (x, 0.0),
        xycoords=("data", "axes fraction"),
        xytext=(-4 if on_left else 4, 2),
        textcoords="offset points",
        ha="right" if on_left else "left",
        va="bottom",
        fontsize=8,
        fontweight="bold",
        color=colour,
    )


def statement_legend(steps: Sequence[Step]) -> list[Line2D | Patch]:
    """Legend entries for the statement markers: one per kind shown."""
    handles: list[Line2D | Patch] = [
        marker_handle(KIND_MARKERS.get(kind, "o"), "#555555", kind)
        for kind in dict.fromkeys(str(step["kind"]) for step in steps)
    ]
    if any(not step.get("counted", True) or step.get("retracted_by") for step in steps):
        handles.append(marker_handle("o", "#888888", "changed nothing", hollow=True))
    return handles


def band_legend(
    steps: Sequence[Step], parties: Sequence[str], plans: Sequence[PlanChange]
) -> list[Line2D | Patch]:
    """Legend entries for the bands: statuses and stances shown, and the planned dates."""
    statuses = dict.fromkeys([UNANNOUNCED, *(str(step["status_after"]) for step in steps)])
    handles: list[Line2D | Patch] = [
        Patch(color=STATUS_COLOURS.get(status, OTHER_COLOUR), label=status) for status in statuses
    ]
    if parties:
        handles += [Patch(color=colour, label=name) for name, colour in STANCE_COLOURS.items()]
    if plans:
        handles.append(Patch(facecolor=PLAN_COLOUR, label="planned date"))
    if len(plans) > 1:
        handles.append(
            Patch(facecolor="white", edgecolor=PLAN_COLOUR, hatch="///", label="superseded date")
        )
    return handles


# --- many meetings --------------------------------------------------------------------------


def meeting_parties(meeting: Mapping[str, Any]) -> list[str]:
    """A meeting's parties, from `plan.parties` (or the keys of its `parties` stances)."""
    plan = meeting.get("plan") or {}
    return [str(side) for side in plan.get("parties") or meeting.get("parties") or []]


def draw_overview(
    meetings: list[dict[str, Any]],
    histories: dict[str, list[dict[str, Any]]],
    out: Path,
    party: str | None = None,
) -> None:
    """Draw every meeting (or those with `party` among their parties) as status bands in time.

    One row per meeting, ordered by first statement: its status from its first statement on,
    a tick per statement, and its latest planned date under the band.
    """
    chosen = overview_meetings(meetings, histories, party)
    if not chosen:
        raise TimelineError("no meeting to draw" + (f" with party {party}" if party else ""))
    plans = {str(m["meeting"]): plan_changes(histories[str(m["meeting"])]) for m in chosen}
    all_steps = [step for m in chosen for step in histories[str(m["meeting"])]]
    start, end = time_range(all_steps, [p for found in plans.values() for p in found])
    fig = new_figure(13, 2.4 + 0.45 * len(chosen))
    ax = fig.subplots()
    format_date_axis(ax, start, end)
    for row, meeting in enumerate(chosen):
        slug = str(meeting["meeting"])
        draw_overview_row(ax, len(chosen) - 1 - row, histories[slug], plans[slug], end)
    labels = [overview_label(m) for m in chosen]
    ax.set_yticks(range(len(chosen) - 1, -1, -1), labels, fontsize=8.5)
    ax.set_ylim(-0.8, len(chosen) - 0.3)
    hide_spines(ax, "top", "right")
    title = "Planned meetings over time" + (f": meetings with {party}" if party else "")
    fig.suptitle(title, fontsize=13, fontweight="bold")
    fig.legend(
        handles=overview_legend(all_steps),
        loc="outside lower center",
        ncol=8,
        fontsize=8,
        frameon=False,
    )
    save(fig, out)


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


def overview_label(meeting: Mapping[str, Any]) -> str:
    parties = "–".join(meeting_parties(meeting))
    disputed = ", disputed" if meeting.get("disputed") else ""
    return f"{meeting['meeting']}  ({parties}{disputed})"


def draw_overview_row(
    ax: Axes, y: float, steps: Sequence[Step], plans: Sequence[PlanChange], end: date
) -> None:
    """A meeting's status band from its first statement, a tick per statement, its plan."""
    first = step_day(steps[0])
    for interval in status_intervals(steps, first, end):
        left, right = num(interval.start), num(interval.end)
        colour = STATUS_COLOURS.get(interval.value, OTHER_COLOUR)
        ax.barh(y, right - left, left=left, height=LANE_HEIGHT * 0.8, color=colour)
    days = sorted({num(step_day(step)) for step in steps})
    ax.plot(days, [y + 0.36] * len(days), marker="v", markersize=5, color="black", linestyle="none")
    if plans and plans[-1].earliest is not None and plans[-1].latest is not None:
        left = num(plans[-1].earliest)
        right = num(plans[-1].latest + timedelta(days=1))
        ax.plot([left, right], [y - 0.36, y - 0.36], color=PLAN_COLOUR, linewidth=3)
        ax.plot([left], [y - 0.36], marker="^", color=PLAN_COLOUR, markersize=6)


def overview_legend(steps: Sequence[Step]) -> list[Line2D | Patch]:
    shown = {str(step["status_after"]) for step in steps}
    handles: list[Line2D | Patch] = [
        Patch(color=colour, label=status)
        for status, colour in STATUS_COLOURS.items()
        if status in shown
    ]
    handles.append(marker_handle("v", "black", "statement"))
    handles.append(Line2D([], [], color=PLAN_COLOUR, linewidth=3, label="planned date (latest)"))
    return handles
