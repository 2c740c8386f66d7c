"""Many meetings on one time axis: a status band per meeting, a tick per statement."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from diplo.timeline import style
from diplo.timeline.series import (
    PlanChange,
    Step,
    TimelineError,
    meeting_parties,
    overview_meetings,
    plan_changes,
    said_between,
    status_intervals,
    status_of,
    step_day,
    time_range,
)

MOST_MEETINGS = 1_000
"""More rows would make a picture of over 130 million pixels (2,000 meetings took 36 s, into a
PNG of 1950 x 135,360 pixels that image libraries refuse to open)."""


def draw_overview(
    meetings: list[dict[str, Any]],
    history_of: Callable[[str], Sequence[Step]],
    out: Path,
    party: str | None = None,
    after: date | None = None,
    by: date | None = None,
) -> None:
    """Draw every meeting (or those with `party` among their parties) as status bands in time.

    One row per meeting, ordered by first statement: its status from its first statement on,
    a tick per statement, and its latest planned date under the band. With `after` or `by`,
    only the statements said in that period (as `said_between` keeps them), of the meetings
    said of then; each band begins at its first statement drawn. The histories of the meetings
    drawn are asked for (`history_of`) only once their number is known to fit.
    """
    style.check_format(out)
    candidates = [
        m
        for m in meetings
        if (party is None or party in meeting_parties(m)) and said_within(m, after, by)
    ]
    if len(candidates) > MOST_MEETINGS:
        narrower = [] if party else ["one party's with --party"]
        narrower += [] if after and by else ["a shorter period with --from and --to"]
        raise TimelineError(
            f"{len(candidates):,} meetings to draw, more than one picture can show (at most "
            f"{MOST_MEETINGS:,}): draw {' or '.join(narrower)}, or list them with "
            "`diplo meetings`"
        )
    histories = {
        str(m["meeting"]): said_between(history_of(str(m["meeting"])), after, by)
        for m in candidates
    }
    chosen = overview_meetings(candidates, histories, party)
    if not chosen:
        raise TimelineError(f"no meeting to draw{_which(party, after, by)}")
    plans = {str(m["meeting"]): plan_changes(histories[str(m["meeting"])]) for m in chosen}
    all_steps = [step for m in chosen for step in histories[str(m["meeting"])]]
    start, end = time_range(all_steps, [p for found in plans.values() for p in found])
    fig = style.new_figure(13, 2.4 + 0.45 * len(chosen))
    ax = fig.subplots()
    style.format_date_axis(ax, start, end)
    for row, meeting in enumerate(chosen):
        slug = str(meeting["meeting"])
        draw_overview_row(ax, len(chosen) - 1 - row, histories[slug], plans[slug], end)
    labels = [overview_label(m) for m in chosen]
    ax.set_yticks(range(len(chosen) - 1, -1, -1), labels, fontsize=8.5)
    ax.set_ylim(-0.8, len(chosen) - 0.3)
    style.hide_spines(ax, "top", "right")
    title = "Planned meetings over time" + (f": meetings with {party}" if party else "")
    title += period_words(after, by)
    fig.suptitle(title, fontsize=13, fontweight="bold")
    fig.legend(
        handles=overview_legend(all_steps),
        loc="outside lower center",
        ncol=8,
        fontsize=8,
        frameon=False,
    )
    style.save(fig, out)


def said_within(meeting: Mapping[str, Any], after: date | None, by: date | None) -> bool:
    """Whether a meeting's statements, from the first said to the latest (its view row's
    `first_said` and `latest_said`), reach into the period after `after` and by `by`."""
    first, latest = meeting.get("first_said"), meeting.get("latest_said")
    if after is not None and latest and date.fromisoformat(str(latest)) <= after:
        return False
    return by is None or not first or date.fromisoformat(str(first)) <= by


def period_words(after: date | None, by: date | None) -> str:
    """', said after DAY and by DAY' (either end alone), or nothing without a period."""
    ends = [f"after {after.isoformat()}"] if after else []
    ends += [f"by {by.isoformat()}"] if by else []
    return f", said {' and '.join(ends)}" if ends else ""


def _which(party: str | None, after: date | None, by: date | None) -> str:
    return (f" with party {party}" if party else "") + period_words(after, by)


def overview_label(meeting: Mapping[str, Any]) -> str:
    """A row's name: the slug, its parties, and whether it is disputed."""
    parties = "–".join(meeting_parties(meeting))
    disputed = ", disputed" if meeting.get("disputed") else ""
    return f"{meeting['meeting']}  ({parties}{disputed})"


def draw_overview_row(
    ax: Axes, y: float, steps: Sequence[Step], plans: Sequence[PlanChange], end: date
) -> None:
    """A meeting's status band from its first statement, a tick per statement, its plan."""
    first = step_day(steps[0])
    for interval in status_intervals(steps, first, end):
        left, right = style.num(interval.start), style.num(interval.end)
        ax.barh(
            y,
            right - left,
            left=left,
            height=style.LANE_HEIGHT * 0.8,
            color=style.STATUS_COLOURS.get(interval.value, style.OTHER_COLOUR),
            edgecolor=style.EDGE_COLOUR,
            linewidth=0.5,
            hatch=style.STATUS_HATCHES.get(interval.value),
            gid=f"status:{interval.value}",
        )
    days = sorted({style.num(step_day(step)) for step in steps})
    ax.plot(days, [y + 0.36] * len(days), marker="v", markersize=5, color="black", linestyle="none")
    if plans and plans[-1].earliest is not None and plans[-1].latest is not None:
        left = style.num(plans[-1].earliest)
        right = style.num_after(plans[-1].latest)
        ax.plot([left, right], [y - 0.36, y - 0.36], color=style.PLAN_EDGE, linewidth=3)
        ax.plot([left], [y - 0.36], marker="^", color=style.PLAN_EDGE, markersize=6)


def overview_legend(steps: Sequence[Step]) -> list[Line2D | Patch]:
    """Legend entries for the statuses shown, the statement tick and the planned date."""
    shown = {status_of(step) for step in steps}
    handles: list[Line2D | Patch] = [
        Patch(
            facecolor=colour,
            edgecolor=style.EDGE_COLOUR,
            hatch=style.STATUS_HATCHES.get(status),
            label=status,
        )
        for status, colour in style.STATUS_COLOURS.items()
        if status in shown
    ]
    handles.append(style.marker_handle("v", "black", "statement"))
    handles.append(
        Line2D([], [], color=style.PLAN_EDGE, linewidth=3, label="planned date (latest)")
    )
    return handles
