"""The look shared by every timeline: colours, markers, the figure, the date axis, saving."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Literal

import matplotlib.dates as mdates
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from diplo.files import output_file
from diplo.timeline.series import TimelineError
from ledger.statement import Kind
from projections.vocabulary import Stance, Status

LegendPlace = Literal["outside right upper", "outside lower center"]

PNG_DPI = 150
FORMATS = frozenset({".png", ".svg"})

# Okabe & Ito's colour-blind-safe palette, chosen so that no two statuses (nor two stances)
# are near each other in greyscale; postponed and cancelled are hatched as well.
STATUS_COLOURS: dict[str, str] = {
    Status.UNANNOUNCED: "#ffffff",
    Status.PROPOSED: "#56b4e9",
    Status.AGREED: "#0072b2",
    Status.HELD: "#1b1b3a",
    Status.POSTPONED: "#f0e442",
    Status.CANCELLED: "#d55e00",
}
STATUS_HATCHES: dict[str, str] = {Status.POSTPONED: "//", Status.CANCELLED: "xx"}
STANCE_COLOURS: dict[str, str] = {
    Stance.SUPPORTS: "#009e73",
    Stance.DENIES: "#e69f00",
    Stance.SILENT: "#e4e4e4",
    Stance.UNDECIDED: "#332288",
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
    Kind.NONCOMMITTAL: "h",
}
PLAN_COLOUR = "#cc79a7"
PLAN_EDGE = "#8a3f6b"
NOTE_COLOUR = "#444444"
EDGE_COLOUR = "#555555"
GRID_COLOUR = "#dddddd"
OTHER_COLOUR = "#999999"
LANE_HEIGHT = 0.62


def num(day: date) -> float:
    """A day as a matplotlib date number."""
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]  # untyped in matplotlib


def num_after(day: date) -> float:
    """The end of a day (the next one's start) as a matplotlib date number; an open end
    (date.max) has no next day, so it is not computed as a date."""
    return num(day) + 1.0


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
    """Write the figure as PNG (150 dpi) or SVG, by the file suffix.

    The layout already keeps everything inside the figure, so the picture is drawn only once
    (a tight bounding box would draw it twice)."""
    fmt = check_format(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    dpi = PNG_DPI if fmt == "png" else "figure"
    metadata = {"Date": None} if fmt == "svg" else {}
    # SVG text stays text (editable, searchable); the ids in the file are the same each run
    # written beside `out` and moved there once complete: a failure leaves an old file as it was
    with (
        rc_context({"svg.fonttype": "none", "svg.hashsalt": "diplo-timeline"}),
        output_file(str(out)) as stream,
    ):
        fig.savefig(stream, format=fmt, dpi=dpi, facecolor="white", metadata=metadata)


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


def grey(colour: str) -> float:
    """The grey level (0 black to 255 white) a #rrggbb colour prints as (ITU-R 601 luma)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on `background` (#rrggbb)."""
    return "black" if grey(background) > 140 else "white"


def columns(entries: int, most: int = 9) -> int:
    """Legend columns for a legend below the chart: rows as full as each other."""
    rows = -(-entries // most)
    return max(1, -(-entries // max(1, rows)))


def fits(fig: Figure, handles: Sequence[Line2D | Patch]) -> int:
    """How many legend columns fit across the figure (8 pt text: about 0.07 inch a letter)."""
    longest = max((len(str(handle.get_label())) for handle in handles), default=1)
    return max(1, int(fig.get_figwidth() / (0.07 * longest + 0.6)))


def add_legend(
    fig: Figure, handles: Sequence[Line2D | Patch], title: str | None, loc: LegendPlace
) -> None:
    """A frameless legend outside the axes, to the right or below."""
    fig.legend(
        handles=list(handles),
        title=title,
        title_fontsize=8,
        loc=loc,
        ncol=1 if loc.startswith("outside right") else columns(len(handles), fits(fig, handles)),
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
