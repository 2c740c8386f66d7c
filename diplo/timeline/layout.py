"""Labels that fit: each label sits on its own row, beside the thing it names, on the side with
more room, at one font size small enough for every label to fit inside its panel.

Labels are made first (`row_label`), the figure is laid out once, and then `fit_labels` measures
every label with the renderer, chooses its side and the shared font size, and freezes the layout
so saving does not move anything again.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.text import Annotation

GAP_PT = 9.0
"""Space between a label and the mark it names, in points."""
SMALLEST_PT = 6.0
LINE_SPACING = 1.25
CREDIT_SCALE = 0.82
"""A credit line's size against its label's."""


@dataclass
class RowLabel:
    """A label (and an optional small credit under it) for the mark spanning `left`..`right`."""

    ax: Axes
    main: Annotation
    credit: Annotation | None
    left: float
    right: float


def row_label(
    ax: Axes,
    y: float,
    span: tuple[float, float],
    text: str,
    credit: str | None = None,
    *,
    colour: str = "#1a1a1a",
    weight: str = "normal",
) -> RowLabel:
    """Put `text` (and `credit` under it) beside the mark at row `y` spanning `span` (data x)."""
    main = ax.annotate(
        text,
        (span[1], y),
        xytext=(GAP_PT, 0),
        textcoords="offset points",
        va="bottom" if credit else "center",
        color=colour,
        fontweight=weight,
    )
    small = None
    if credit:
        small = ax.annotate(
            credit,
            (span[1], y),
            xytext=(GAP_PT, 0),
            textcoords="offset points",
            va="top",
            color="#666666",
        )
    label = RowLabel(ax, main, small, span[0], span[1])
    for part in texts_of(label):
        part.set_in_layout(False)  # placed after the layout, inside its panel
    return label


def texts_of(label: RowLabel) -> list[Annotation]:
    """The label's text, and its credit if it has one."""
    return [label.main] if label.credit is None else [label.main, label.credit]


def fit_labels(fig: Figure, labels: Sequence[RowLabel], size_pt: float) -> None:
    """Lay the figure out, then give every label one font size that fits and its roomier side."""
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
    fig.set_layout_engine("none")
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg canvas has one
    size = min([size_pt, *(row_fit(label, renderer) for label in labels)])
    set_size(labels, size)
    size = min([size, *(width_fit(label, renderer, size) for label in labels)])
    size = min([size, *(row_fit(label, renderer) for label in labels)])  # wrapping may add lines
    set_size(labels, max(size, SMALLEST_PT))
    for label in labels:
        place(label, renderer)


def fit_tick_labels(ax: Axes, size_pt: float) -> None:
    """Shrink a panel's row names (y tick labels) if its rows are too low for them."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg canvas
    lines = max((tick.get_text().count("\n") + 1 for tick in ax.get_yticklabels()), default=1)
    fits = points_per_row(ax, renderer) * 0.92 / (lines * LINE_SPACING)
    ax.tick_params(axis="y", labelsize=max(SMALLEST_PT, min(size_pt, fits)))


def fit_markers(ax: Axes, size_pt: float) -> None:
    """Shrink a panel's markers if its rows are too low for them."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg canvas
    size = min(size_pt, points_per_row(ax, renderer) * 0.55)
    for line in ax.get_lines():
        if line.get_marker() not in (None, "None", "", "|"):
            line.set_markersize(min(float(line.get_markersize()), size))


def set_size(labels: Sequence[RowLabel], size: float) -> None:
    for label in labels:
        label.main.set_fontsize(size)
        if label.credit is not None:
            label.credit.set_fontsize(size * CREDIT_SCALE)
            label.main.xyann = (label.main.xyann[0], size * 0.12)
            label.credit.xyann = (label.credit.xyann[0], -size * 0.12)


def pixels_per_point(renderer: RendererBase) -> float:
    """The renderer's pixels in one point (typed loosely by matplotlib as an array)."""
    return float(cast(float, renderer.points_to_pixels(1.0)))


def points_per_row(ax: Axes, renderer: RendererBase) -> float:
    """How many points one row (one unit of y) of a panel takes."""
    low, high = ax.get_ylim()
    return float(ax.bbox.height / pixels_per_point(renderer) / abs(high - low))


def row_fit(label: RowLabel, renderer: RendererBase) -> float:
    """The largest font size at which the label's lines fit in its row."""
    lines = label.main.get_text().count("\n") + 1 + (CREDIT_SCALE if label.credit else 0)
    return points_per_row(label.ax, renderer) * 0.92 / (lines * LINE_SPACING)


def rooms(label: RowLabel, renderer: RendererBase) -> tuple[float, float]:
    """The room (pixels) left and right of the label's mark, inside its panel."""
    box = label.ax.get_window_extent(renderer)
    gap = GAP_PT * pixels_per_point(renderer)
    transform = label.ax.transData
    left = float(transform.transform((label.left, 0))[0]) - gap - box.x0
    right = box.x1 - float(transform.transform((label.right, 0))[0]) - gap
    return float(left), float(right)


def width_of(label: RowLabel, renderer: RendererBase) -> float:
    return max(text.get_window_extent(renderer).width for text in texts_of(label))


def width_fit(label: RowLabel, renderer: RendererBase, size: float) -> float:
    """The font size at which the label fits on its roomier side (wrapping it if it must)."""
    room = max(rooms(label, renderer))
    wide = width_of(label, renderer)
    if wide * SMALLEST_PT / size > room:
        wrap(label, room / (wide * SMALLEST_PT / size))
        wide = width_of(label, renderer)
    return size * room / wide if wide > room else size


def wrap(label: RowLabel, share: float) -> None:
    """Break the label's lines so each takes about `share` of its width now."""
    for text in texts_of(label):
        content = text.get_text()
        chars = max(12, int(len(content) * share))
        text.set_text("\n".join(textwrap.wrap(content, chars)))


def place(label: RowLabel, renderer: RendererBase) -> None:
    """Put the label on the side of its mark with more room."""
    left_room, right_room = rooms(label, renderer)
    on_left = left_room > right_room
    for text in texts_of(label):
        text.xy = (label.left if on_left else label.right, text.xy[1])
        text.xyann = (-GAP_PT if on_left else GAP_PT, text.xyann[1])
        text.set_horizontalalignment("right" if on_left else "left")
