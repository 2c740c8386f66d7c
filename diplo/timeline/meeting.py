"""One meeting's timeline: every statement on its own row, then the status, each party's
stance and every planned date in bands below, on one date axis."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from diplo.timeline.series import (
    Interval,
    PlanChange,
    Step,
    TimelineError,
    _label_date,
    counted,
    ending_step,
    meeting_subtitle,
    parties,
    plan_changes,
    said_from,
    stance_intervals,
    statement_label,
    status_intervals,
    status_of,
    step_day,
    time_range,
)
from diplo.timeline.style import (
    GRID_COLOUR,
    KIND_MARKERS,
    LANE_HEIGHT,
    OTHER_COLOUR,
    PLAN_COLOUR,
    STANCE_COLOURS,
    STATUS_COLOURS,
    add_legend,
    check_format,
    format_date_axis,
    hide_spines,
    marker_handle,
    new_figure,
    num,
    save,
    text_colour,
)
from projections.vocabulary import Status


def draw_meeting(slug: str, steps: list[dict[str, Any]], out: Path) -> None:
    """Draw how one meeting's plan changed, statement by statement, to `out` (.png / .svg)."""
    check_format(out)
    if not steps:
        raise TimelineError(f"{slug}: no statement to draw")
    plans = plan_changes(steps)
    start, end = time_range(steps, plans)
    sides = parties(steps)
    lanes = 1 + len(sides) + max(1, len(plans))
    fig = new_figure(13, 2.8 + 0.42 * (len(steps) + lanes))
    top, bottom = fig.subplots(
        2, 1, sharex=True, gridspec_kw={"height_ratios": [len(steps) + 0.8, lanes + 0.4]}
    )
    format_date_axis(bottom, start, end)
    draw_statements(top, steps, start, end)
    draw_lanes(bottom, steps, sides, plans, start, end)
    mark_plan(top, bottom, plans)
    mark_ending(top, bottom, steps)
    fig.suptitle(f"{slug}\n{meeting_subtitle(steps)}", fontsize=13, fontweight="bold")
    add_legend(fig, statement_legend(steps), "statements", "outside right upper")
    add_legend(fig, band_legend(steps, sides, plans), None, "outside lower center")
    save(fig, out)


def draw_band(ax: Axes, y: float, intervals: Sequence[Interval], colours: dict[str, str]) -> None:
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


def draw_statements(ax: Axes, steps: Sequence[Step], start: date, end: date) -> None:
    """One row per statement in fold order, top to bottom; colour = status it left behind."""
    middle = num(start) + (num(end) - num(start)) / 2
    for row, step in enumerate(steps):
        y = len(steps) - 1 - row
        x = num(step_day(step))
        colour = STATUS_COLOURS.get(status_of(step), OTHER_COLOUR)
        live = counted(step)
        ax.plot(
            [x],
            [y],
            marker=KIND_MARKERS.get(str(step["kind"]), "o"),
            markersize=12,
            markeredgewidth=1.4,
            markeredgecolor="#222222" if live else "#888888",
            markerfacecolor=colour if live else "white",
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
            color="#222222" if live else "#777777",
        )
    ax.set_ylim(-0.7, len(steps) - 0.3)
    ax.set_yticks([])
    ax.set_ylabel("statements\n(colour: status after)", fontsize=9)
    ax.grid(axis="x", color=GRID_COLOUR, linewidth=0.6)
    ax.set_axisbelow(True)
    hide_spines(ax, "top", "right", "left")


def draw_said_range(ax: Axes, step: Step, y: float, on_left: bool) -> None:
    """Under a statement with a vague `said_on`, the days it may have been said."""
    earliest = said_from(step)
    if earliest >= step_day(step):
        return
    left, right = num(earliest), num(step_day(step))
    ax.plot([left, right], [y - 0.3, y - 0.3], color="#777777", linewidth=1, marker="|")
    ax.annotate(
        f"said {_label_date(str(step['said_on']))}",
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
    sides: Sequence[str],
    plans: Sequence[PlanChange],
    start: date,
    end: date,
) -> None:
    """The status band, one stance band per party, and the planned-for rows, top to bottom."""
    y = max(1, len(plans)) + len(sides)
    draw_band(ax, y, status_intervals(steps, start, end), STATUS_COLOURS)
    labels = ["status"]
    for side in sides:
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
        labels.append(
            f"planned {_label_date(plan.value)}{' (latest)' if latest else ''}\n"
            f"said {_label_date(plan.said.isoformat())}"
        )
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
        f"planned: {_label_date(plan.value)}",
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
    status = status_of(step)
    colour = STATUS_COLOURS[status]
    for ax in (top, bottom):
        ax.axvline(x, color=colour, linewidth=2, zorder=2)
    low, high = top.get_xlim()
    on_left = x > (low + high) / 2
    top.annotate(
        f"reported {status} {_label_date(str(step['effective_on']))}",
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
    if not all(counted(step) for step in steps):
        handles.append(marker_handle("o", "#888888", "changed nothing", hollow=True))
    return handles


def band_legend(
    steps: Sequence[Step], sides: Sequence[str], plans: Sequence[PlanChange]
) -> list[Line2D | Patch]:
    """Legend entries for the bands: statuses and stances shown, and the planned dates."""
    statuses = dict.fromkeys([Status.UNANNOUNCED, *(status_of(step) for step in steps)])
    handles: list[Line2D | Patch] = [
        Patch(color=STATUS_COLOURS.get(status, OTHER_COLOUR), label=status) for status in statuses
    ]
    if sides:
        handles += [Patch(color=colour, label=name) for name, colour in STANCE_COLOURS.items()]
    if plans:
        handles.append(Patch(facecolor=PLAN_COLOUR, label="planned date"))
    if len(plans) > 1:
        handles.append(
            Patch(facecolor="white", edgecolor=PLAN_COLOUR, hatch="///", label="superseded date")
        )
    return handles
