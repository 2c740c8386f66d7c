"""The look shared by every timeline: colours, markers, the figure, the date axis, saving."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Literal

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from diplo.timeline.series import TimelineError
from ledger.statement import Kind
from projections.vocabulary import Stance, Status

LegendPlace = Literal["outside right upper", "outside lower center"]

PNG_DPI = 150
FORMATS = frozenset({".png", ".svg"})

STATUS_COLOURS: dict[str, str] = {
    Status.UNANNOUNCED: "#e6e6e6",
    Status.PROPOSED: "#f2c14e",
    Status.AGREED: "#3a86c8",
    Status.HELD: "#1d3557",
    Status.POSTPONED: "#e07a5f",
    Status.CANCELLED: "#3d3d3d",
}
STANCE_COLOURS: dict[str, str] = {
    Stance.SUPPORTS: "#2a9d8f",
    Stance.DENIES: "#d62828",
    Stance.SILENT: "#d9d9d9",
}
KIND_MARKERS: dict[str, str] = {
    Kind.ANNOUNCED: "o",
    Kind.CONFIRMED: "s",
    Kind.DENIED: "X",
    Kind.WALKED_BACK: "v",
    Kind.POSTPONED: ">",
    Kind.RESCHEDULED: "D",
    Kind.CANCELLED: "P",
    Kind.HELD: "*",
}
PLAN_COLOUR = "#6a4c93"
GRID_COLOUR = "#dddddd"
OTHER_COLOUR = "#999999"
LANE_HEIGHT = 0.62


def num(day: date) -> float:
    """A day as a matplotlib date number."""
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]  # untyped in matplotlib


def new_figure(width: float, height: float) -> Figure:
    """A figure on the Agg canvas (saving as SVG switches to the SVG canvas by itself)."""
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def check_format(out: Path) -> str:
    """The output format named by the file suffix ('png' or 'svg'), or TimelineError."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise TimelineError(f"{out}: choose a .png or .svg file")
    return suffix[1:]


def save(fig: Figure, out: Path) -> None:
    """Write the figure as PNG (150 dpi) or SVG, by the file suffix."""
    fmt = check_format(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    dpi = PNG_DPI if fmt == "png" else "figure"
    fig.savefig(out, format=fmt, dpi=dpi, bbox_inches="tight", facecolor="white")


def format_date_axis(ax: Axes, start: date, end: date) -> None:
    """Readable dates on the x axis between `start` and `end`, with a light grid."""
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
    """Hide the named sides of an axes' frame."""
    for name in names:
        ax.spines[name].set_visible(False)


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on `background` (#rrggbb)."""
    red, green, blue = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "white"


def columns(entries: int, most: int = 9) -> int:
    """Legend columns for a legend below the chart: rows as full as each other."""
    rows = -(-entries // most)
    return max(1, -(-entries // max(1, rows)))


def add_legend(
    fig: Figure, handles: Sequence[Line2D | Patch], title: str | None, loc: LegendPlace
) -> None:
    """A frameless legend outside the axes, to the right or below."""
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
    """A legend entry for a marker."""
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
