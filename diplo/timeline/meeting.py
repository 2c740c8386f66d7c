"""One meeting's timeline, for publication.

From top to bottom, on one date axis: the story's events (postponed and cancelled stretches, the
day it was reported held, the reader's own notes), every statement on its own row (marker shape
by kind, colour by the status it left, hollow when it changed nothing, a label saying what it
changed and a small credit naming the outlet), then the status, each party's stance and every
planned date as bands.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from diplo.dates import human_date
from diplo.safety import safe_data
from diplo.timeline.layout import RowLabel, fit_labels, fit_markers, fit_tick_labels, row_label
from diplo.timeline.series import (
    Event,
    Interval,
    PlanChange,
    Step,
    TimelineError,
    counted,
    credit,
    default_title,
    meeting_subtitle,
    parties,
    plan_changes,
    said_from,
    stance_intervals,
    statement_label,
    status_intervals,
    status_of,
    step_day,
    story_events,
    time_range,
    words,
)
from diplo.timeline.style import (
    EDGE_COLOUR,
    GRID_COLOUR,
    KIND_MARKERS,
    LANE_HEIGHT,
    NOTE_COLOUR,
    OTHER_COLOUR,
    PLAN_COLOUR,
    PLAN_EDGE,
    STANCE_COLOURS,
    STATUS_COLOURS,
    STATUS_HATCHES,
    add_legend,
    check_format,
    format_date_axis,
    hide_spines,
    marker_handle,
    new_figure,
    num,
    num_after,
    save,
    text_colour,
)
from projections.vocabulary import Status

LABEL_PT = 8.5
MARKER_PT = 11.0
ROW_INCHES = 0.42
SMALLEST_ROW_INCHES = 0.22
LEAST_WIDTH = 6.0
MOST_STATEMENTS = 500
"""More statements would make a picture over 200 inches tall, of tens of millions of pixels
(10,000 took 3 minutes to draw, into a PNG of 1.3 gigapixels that image libraries refuse)."""
LONG_NAME_ROWS = 5
"""Statements from which the panel is tall enough to explain its colours in its name."""


def draw_meeting(
    slug: str,
    steps: list[dict[str, Any]],
    out: Path,
    *,
    title: str | None = None,
    size: tuple[float, float] | None = None,
    annotations: Sequence[tuple[date, str]] = (),
    stretch: bool = False,
) -> None:
    """Draw how one meeting's plan changed, statement by statement, to `out` (.png / .svg).

    `title` replaces the headline made from the plan, `size` is (width, height) in inches, and
    each (day, text) of `annotations` is marked on the time axis with its text. A `stretch` is
    some of the meeting's statements, not from its first: its bands begin at the first drawn
    (what held before it is not drawn as unannounced and silent).
    """
    check_format(out)
    figure = meeting_figure(
        slug, steps, title=title, size=size, annotations=annotations, stretch=stretch
    )
    save(figure, out)


def meeting_figure(
    slug: str,
    steps: Sequence[Step],
    *,
    title: str | None = None,
    size: tuple[float, float] | None = None,
    annotations: Sequence[tuple[date, str]] = (),
    stretch: bool = False,
) -> Figure:
    """The figure `draw_meeting` saves, laid out and ready to save or inspect; the text it
    draws with control characters shown escaped (`safe_data`)."""
    steps, title, annotations = safe_data((steps, title, annotations))
    if not steps:
        raise TimelineError(f"{slug}: no statement to draw")
    if len(steps) > MOST_STATEMENTS:
        raise TimelineError(
            f"{slug} has {len(steps):,} statements to draw, more than one picture can show "
            f"(at most {MOST_STATEMENTS}): draw a stretch of them with --from and --to, or list "
            "them with `diplo history`"
        )
    plans = plan_changes(steps)
    start, end = time_range(steps, plans, [day for day, _ in annotations])
    events = story_events(steps, end, annotations)
    sides = parties(steps)
    lanes = 1 + len(sides) + max(1, len(plans))
    said = max(len(steps), 2)  # rows for the statements: room for the panel's name
    rows = len(events) + said + lanes
    width, height = check_size(size, rows) if size else (13.0, 2.6 + ROW_INCHES * rows)
    fig = new_figure(width, height)
    ratios = ([len(events) + 0.4] if events else []) + [said + 0.6, lanes + 0.4]
    grid = fig.subplots(len(ratios), 1, sharex=True, squeeze=False, height_ratios=ratios)
    panels: list[Axes] = list(grid[:, 0])
    story, bands = panels[-2], panels[-1]
    format_date_axis(bands, start, end)
    labels = draw_statements(story, steps)
    if events:
        labels += draw_events(panels[0], events, panels[1:])
    lanes_from = step_day(steps[0]) if stretch else start
    intervals = draw_lanes(bands, steps, sides, plans, lanes_from, end)
    mark_plan(panels, plans)
    fig.suptitle(title or default_title(steps), fontsize=15, fontweight="bold")
    panels[0].set_title(meeting_subtitle(slug, steps), fontsize=10, color="#444444")
    add_legend(fig, legend(steps, sides, plans), None, "outside lower center")
    fit_labels(fig, labels, LABEL_PT)
    fit_tick_labels(bands, LABEL_PT)
    for panel in panels[:-1]:
        fit_markers(panel, MARKER_PT)
    name_intervals(bands, intervals)
    return fig


def check_size(size: tuple[float, float], rows: int) -> tuple[float, float]:
    """A size (inches) big enough for `rows` rows of 6-point text, or TimelineError."""
    width, height = size
    least = round(2.4 + SMALLEST_ROW_INCHES * rows, 1)
    if width < LEAST_WIDTH or height < least:
        raise TimelineError(
            f"a {width:g}x{height:g} inch picture is too small for this meeting's {rows} rows: "
            f"give at least {LEAST_WIDTH:g}x{least:.1f}"
        )
    return width, height


def draw_statements(ax: Axes, steps: Sequence[Step]) -> list[RowLabel]:
    """One row per statement in fold order, top to bottom; colour = status it left behind."""
    labels = []
    for row, step in enumerate(steps):
        y = len(steps) - 1 - row
        x, said = num(step_day(step)), num(said_from(step))
        live = counted(step)
        if said < x:  # a vague `said_on`: the days it may have been said
            ax.plot([said, x], [y, y], color="#888888", linewidth=1.2, marker="|", zorder=2)
        ax.plot(
            [x],
            [y],
            marker=KIND_MARKERS.get(str(step["kind"]), "o"),
            markersize=MARKER_PT,
            markeredgewidth=1.3,
            markeredgecolor="#222222" if live else "#888888",
            markerfacecolor=STATUS_COLOURS.get(status_of(step), OTHER_COLOUR) if live else "white",
            linestyle="none",
            zorder=3,
            gid=f"statement:{step['id']}",
        )
        text = statement_label(step)
        colour = "#1a1a1a" if live else "#707070"
        labels.append(row_label(ax, y, (said, x), text, credit(step), colour=colour))
    ax.set_ylim(-0.7, len(steps) - 0.3)
    ax.set_yticks([])
    name = "statements\n(colour: status after)" if len(steps) >= LONG_NAME_ROWS else "statements"
    ax.set_ylabel(name, fontsize=9)
    ax.grid(axis="x", color=GRID_COLOUR, linewidth=0.6)
    ax.set_axisbelow(True)
    hide_spines(ax, "top", "right", "left")
    return labels


def draw_events(ax: Axes, events: Sequence[Event], below: Sequence[Axes]) -> list[RowLabel]:
    """One row per event: a hatched bar for a stretch, a star for held, a diamond for a note;
    each carried down through the panels below as a shaded span or a line."""
    labels = []
    for row, event in enumerate(events):
        y = len(events) - 1 - row
        left, right = num(event.start), num(event.end)
        if event.status in STATUS_HATCHES:
            colour = STATUS_COLOURS[event.status]
            ax.barh(
                y,
                right - left,
                left=left,
                height=0.55,
                color=colour,
                edgecolor=EDGE_COLOUR,
                hatch=STATUS_HATCHES[event.status],
                gid=f"stretch:{event.status}",
            )
            for panel in below:
                panel.axvspan(left, right, color=colour, alpha=0.16, zorder=0, linewidth=0)
        else:
            held = event.status == Status.HELD
            colour = STATUS_COLOURS[Status.HELD] if held else NOTE_COLOUR
            ax.plot(
                [left],
                [y],
                marker="*" if held else "D",
                markersize=11 if held else 6,
                color=colour,
                linestyle="none",
                gid="held" if held else "note",
            )
            for panel in below:
                panel.axvline(
                    left, color=colour, linestyle="-" if held else ":", linewidth=1.2, zorder=1
                )
        weight = "bold" if event.status else "normal"
        labels.append(row_label(ax, y, (left, right), event.label, weight=weight))
    ax.set_ylim(-0.6, len(events) - 0.4)
    ax.set_yticks([])
    ax.grid(axis="x", color=GRID_COLOUR, linewidth=0.6)
    hide_spines(ax, "top", "right", "left")
    return labels


def draw_band(
    ax: Axes, y: float, intervals: Sequence[Interval], colours: dict[str, str], kind: str
) -> list[tuple[float, Interval]]:
    """Intervals as one horizontal band at height `y`; returns them with their row to name."""
    for interval in intervals:
        start, end = num(interval.start), num(interval.end)
        ax.barh(
            y,
            end - start,
            left=start,
            height=LANE_HEIGHT,
            color=colours.get(interval.value, OTHER_COLOUR),
            edgecolor=EDGE_COLOUR,
            linewidth=0.6,
            hatch=STATUS_HATCHES.get(interval.value) if kind == "status" else None,
            gid=f"{kind}:{interval.value}",
        )
    return [(y, interval) for interval in intervals]


def name_intervals(ax: Axes, intervals: Sequence[tuple[float, Interval]]) -> None:
    """Write each band interval's value inside it, where the word fits (layout must be done)."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg canvas
    for y, interval in intervals:
        start, end = num(interval.start), num(interval.end)
        colour = STATUS_COLOURS.get(interval.value) or STANCE_COLOURS.get(interval.value, "#fff")
        text = ax.text(
            (start + end) / 2,
            y,
            words(interval.value),
            ha="center",
            va="center",
            fontsize=8,
            color=text_colour(colour),
        )
        if interval.value in STATUS_HATCHES:  # a plain ground under the word, over the hatching
            text.set_bbox({"facecolor": colour, "edgecolor": "none", "pad": 1.0})
        room = ax.transData.transform((end, y))[0] - ax.transData.transform((start, y))[0]
        if text.get_window_extent(renderer).width + 6 > room:
            text.remove()


def draw_lanes(
    ax: Axes,
    steps: Sequence[Step],
    sides: Sequence[str],
    plans: Sequence[PlanChange],
    start: date,
    end: date,
) -> list[tuple[float, Interval]]:
    """The status band, one stance band per party, and the planned-for rows, top to bottom."""
    y = max(1, len(plans)) + len(sides)
    named = draw_band(ax, y, status_intervals(steps, start, end), STATUS_COLOURS, "status")
    labels = ["status"]
    for side in sides:
        y -= 1
        stances = stance_intervals(steps, side, start, end)
        named += draw_band(ax, y, stances, STANCE_COLOURS, f"stance.{side}")
        labels.append(f"{side} stance")
    labels.extend(draw_plan_rows(ax, plans))
    ax.set_yticks(range(len(labels) - 1, -1, -1), labels, fontsize=8.5)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    hide_spines(ax, "top", "right")
    return named


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
        ax.plot([said], [y], marker="o", markersize=4, color=PLAN_EDGE)
        labels.append(
            f"planned {human_date(plan.value)}{' (latest)' if latest else ''}\n"
            f"said {human_date(plan.said.isoformat())}"
        )
        if plan.earliest is None or plan.latest is None:
            continue
        left, right = num(plan.earliest), num_after(plan.latest)
        ax.plot([said, left], [y, y], linestyle=":", color=PLAN_EDGE, linewidth=1.2)
        ax.barh(
            y,
            right - left,
            left=left,
            height=LANE_HEIGHT,
            color=PLAN_COLOUR if latest else "white",
            edgecolor=PLAN_EDGE,
            hatch=None if latest else "///",
            linewidth=1.2,
            gid="plan:latest" if latest else "plan:superseded",
        )
    return labels


def mark_plan(panels: Sequence[Axes], plans: Sequence[PlanChange]) -> None:
    """Shade the latest planned span on every panel, with a dashed line at its first day."""
    if not plans or plans[-1].earliest is None or plans[-1].latest is None:
        return
    left, right = num(plans[-1].earliest), num_after(plans[-1].latest)
    for ax in panels:
        ax.axvspan(left, right, color=PLAN_COLOUR, alpha=0.12, zorder=0, linewidth=0)
        ax.axvline(left, color=PLAN_EDGE, linestyle="--", linewidth=1, zorder=1)


def legend(
    steps: Sequence[Step], sides: Sequence[str], plans: Sequence[PlanChange]
) -> list[Line2D | Patch]:
    """Legend entries: the statement kinds shown, the statuses and stances, the planned dates."""
    handles: list[Line2D | Patch] = [
        marker_handle(KIND_MARKERS.get(kind, "o"), "#555555", words(kind))
        for kind in dict.fromkeys(str(step["kind"]) for step in steps)
    ]
    if not all(counted(step) for step in steps):
        handles.append(marker_handle("o", "#888888", "changed nothing", hollow=True))
    statuses = dict.fromkeys([Status.UNANNOUNCED, *(status_of(step) for step in steps)])
    handles += [
        Patch(
            facecolor=STATUS_COLOURS.get(status, OTHER_COLOUR),
            edgecolor=EDGE_COLOUR,
            hatch=STATUS_HATCHES.get(status),
            label=status,
        )
        for status in statuses
    ]
    if sides:
        handles += [Patch(color=colour, label=name) for name, colour in STANCE_COLOURS.items()]
    if plans:
        handles.append(Patch(facecolor=PLAN_COLOUR, edgecolor=PLAN_EDGE, label="planned date"))
    if len(plans) > 1:
        handles.append(
            Patch(facecolor="white", edgecolor=PLAN_EDGE, hatch="///", label="superseded date")
        )
    return handles
