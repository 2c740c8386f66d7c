"""A timeline fit to publish: a readable title, named turning points, colours that survive
greyscale, labels that never collide however the statements crowd, each outlet credited, dates
in words, and SVG text kept as text.

The made-up example summit (tests/e2e/timeline_stories.py) has twelve statements, seven of them
in its last twelve days, and passes through every status; the expected words below are written
from that file by hand.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PIL import Image

from diplo.timeline import TimelineError, draw_meeting
from diplo.timeline.meeting import meeting_figure
from tests.e2e.timeline_stories import SUMMIT, crowded_summit, seed

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    return crowded_summit(tmp_path_factory.mktemp("crowded"))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    return seed(tmp_path_factory.mktemp("seed"))[1]


def texts(fig: Figure) -> list[Text]:
    """Every visible, non-empty text drawn in the figure."""
    return [
        text
        for text in fig.findobj(Text)
        if isinstance(text, Text) and text.get_visible() and text.get_text().strip()
    ]


def words(fig: Figure) -> list[str]:
    return [text.get_text() for text in texts(fig)]


def boxes(fig: Figure) -> list[tuple[str, Bbox]]:
    fig.canvas.draw()  # legends and ticks find their places when drawn
    renderer = fig.canvas.get_renderer()
    return [(text.get_text(), text.get_window_extent(renderer)) for text in texts(fig)]


def outside(fig: Figure) -> list[str]:
    """Texts that do not lie wholly inside the picture."""
    whole = fig.bbox
    return [
        text
        for text, box in boxes(fig)
        if not (
            whole.x0 <= box.x0 and box.x1 <= whole.x1 and whole.y0 <= box.y0 <= box.y1 <= whole.y1
        )
    ]


def overlapping(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap by more than a pixel."""
    found = []
    for (one, a), (other, b) in itertools.combinations(boxes(fig), 2):
        wide = min(a.x1, b.x1) - max(a.x0, b.x0)
        high = min(a.y1, b.y1) - max(a.y0, b.y0)
        if wide > 1 and high > 1:
            found.append((one, other))
    return found


def grey(rgba: tuple[float, ...]) -> float:
    """The grey (0-255) a colour prints as: ITU-R BT.601 luma."""
    red, green, blue = (255 * channel for channel in rgba[:3])
    return 0.299 * red + 0.587 * green + 0.114 * blue


def patches(fig: Figure, prefix: str) -> dict[str, Rectangle]:
    """The drawn bars whose id starts with `prefix`, by the rest of their id."""
    return {
        str(patch.get_gid())[len(prefix) :]: patch
        for patch in fig.findobj(Rectangle)
        if isinstance(patch, Rectangle) and str(patch.get_gid()).startswith(prefix)
    }


def test_the_default_title_says_who_meets_where_and_not_the_slug(
    crowded: list[dict[str, Any]], seeded: dict[str, list[dict[str, Any]]]
) -> None:
    fig = meeting_figure(SUMMIT, crowded)
    assert fig.get_suptitle() == "Leader One and Leader Two in Harbour City"
    assert (
        "held · planned for 12 Jun 2018 · 12 statements, 8 Mar – 12 Jun 2018"
        " · example-summit-2018" in words(fig)
    )
    paris = meeting_figure("trump-putin-paris-2018", seeded["trump-putin-paris-2018"])
    assert paris.get_suptitle().endswith(" in Paris")
    assert "trump-putin-paris-2018" not in paris.get_suptitle()


def test_a_given_title_size_and_annotations_are_drawn(
    crowded: list[dict[str, Any]], tmp_path: Path
) -> None:
    notes = [(date(2018, 4, 27), "Border talks"), (date(2018, 6, 14), "Joint statement")]
    fig = meeting_figure(
        SUMMIT, crowded, title="The Harbour City summit", size=(10, 8), annotations=notes
    )
    assert fig.get_suptitle() == "The Harbour City summit"
    assert tuple(fig.get_size_inches()) == (10, 8)
    assert {"Border talks", "Joint statement"} <= set(words(fig))
    marks = [line for line in fig.findobj(Line2D) if line.get_gid() == "note"]
    days = sorted(float(line.get_xdata()[0]) for line in marks)
    assert days == [mdates.date2num(date(2018, 4, 27)), mdates.date2num(date(2018, 6, 14))]
    assert overlapping(fig) == []
    assert outside(fig) == []
    out = tmp_path / "summit.png"
    draw_meeting(SUMMIT, crowded, out, title="The Harbour City summit", size=(10, 8))
    with Image.open(out) as image:
        assert image.size == (1500, 1200)  # 10 by 8 inches at 150 dpi


def test_no_two_labels_overlap_though_seven_of_twelve_statements_crowd_the_last_days(
    crowded: list[dict[str, Any]],
) -> None:
    fig = meeting_figure(SUMMIT, crowded)
    assert overlapping(fig) == []
    assert outside(fig) == []
    statements = fig.axes[1]
    panel = statements.get_window_extent()
    for text in statements.texts:
        box = text.get_window_extent()
        assert panel.x0 <= box.x0 and box.x1 <= panel.x1, text.get_text()
        assert panel.y0 <= box.y0 and box.y1 <= panel.y1, text.get_text()


def test_every_statement_is_labelled_and_credits_its_outlet(
    crowded: list[dict[str, Any]],
) -> None:
    shown = words(meeting_figure(SUMMIT, crowded))
    assert "cancelled · Spokesperson US (US)  →  US denies" in shown  # rules v2: cancelling denies
    assert "said 24 May 2018 · Outlet 5" in shown
    assert "held · Spokesperson US (US)" in shown
    assert "said 12 Jun 2018 · Outlet 12" in shown
    assert all(
        any(f"· Outlet {n}" == t[-len(f"· Outlet {n}") :] for t in shown) for n in range(1, 13)
    )


def test_the_postponed_and_cancelled_stretches_are_named_and_hatched(
    crowded: list[dict[str, Any]],
) -> None:
    fig = meeting_figure(SUMMIT, crowded)
    assert {
        "postponed 10–15 May 2018",
        "cancelled 24–31 May 2018",
        "reported held 12 Jun 2018",
    } <= set(words(fig))
    stretches = patches(fig, "stretch:")
    assert set(stretches) == {"postponed", "cancelled"}
    postponed, cancelled = stretches["postponed"].get_hatch(), stretches["cancelled"].get_hatch()
    assert postponed and cancelled and postponed != cancelled


def test_every_status_and_every_stance_stays_distinct_in_greyscale(
    crowded: list[dict[str, Any]], seeded: dict[str, list[dict[str, Any]]]
) -> None:
    statuses = patches(meeting_figure(SUMMIT, crowded), "status:")
    assert set(statuses) == {"unannounced", "proposed", "agreed", "postponed", "cancelled", "held"}
    summit = meeting_figure("trump-putin-summit-2025", seeded["trump-putin-summit-2025"])
    stances = patches(summit, "stance.RU:") | patches(summit, "stance.US:")
    assert set(stances) == {"silent", "supports", "denies"}
    for group in (statuses, stances):
        for (one, a), (other, b) in itertools.combinations(group.items(), 2):
            gap = abs(grey(a.get_facecolor()) - grey(b.get_facecolor()))
            assert gap >= 25, (one, other, gap)


def test_dates_on_the_picture_are_in_words_not_edtf(
    crowded: list[dict[str, Any]], seeded: dict[str, list[dict[str, Any]]]
) -> None:
    edtf = re.compile(r"\d{4}-\d{2}")
    for slug, steps in [(SUMMIT, crowded), *seeded.items()]:
        raw = [t for t in words(meeting_figure(slug, steps)) if edtf.search(t.replace(slug, ""))]
        assert raw == [], slug
    washington = words(
        meeting_figure("trump-putin-washington-2018", seeded["trump-putin-washington-2018"])
    )
    assert any("autumn 2018" in text for text in washington)  # planned_for 2018-23


def test_an_svg_keeps_its_words_as_text(crowded: list[dict[str, Any]], tmp_path: Path) -> None:
    out = tmp_path / "summit.svg"
    draw_meeting(SUMMIT, crowded, out, annotations=[(date(2018, 4, 27), "Border talks")])
    root = ElementTree.parse(out).getroot()
    written = {"".join(node.itertext()).strip() for node in root.iter(f"{SVG}text")}
    assert "Leader One and Leader Two in Harbour City" in written
    assert "said 12 Jun 2018 · Outlet 12" in written
    assert "cancelled 24–31 May 2018" in written
    assert "Border talks" in written
    glyphs = [node for node in root.iter() if str(node.get("id", "")).startswith("DejaVuSans")]
    assert glyphs == []
    again = tmp_path / "again.svg"
    draw_meeting(SUMMIT, crowded, again, annotations=[(date(2018, 4, 27), "Border talks")])
    assert again.read_bytes() == out.read_bytes()


def test_a_size_too_small_for_the_rows_is_refused_with_the_least_that_fits(
    crowded: list[dict[str, Any]], tmp_path: Path
) -> None:
    # 3 events (postponed, cancelled, held) + 12 statements + 5 bands (status, US, KP, 2 plans)
    with pytest.raises(
        TimelineError, match=r"4x3 inch picture is too small .* 20 rows: give at least 6x6\.8"
    ):
        draw_meeting(SUMMIT, crowded, tmp_path / "tiny.png", size=(4, 3))
    assert not list(tmp_path.iterdir())


def test_no_seed_meeting_has_overlapping_or_clipped_words(
    seeded: dict[str, list[dict[str, Any]]],
) -> None:
    for slug, steps in seeded.items():
        fig = meeting_figure(slug, steps)
        assert overlapping(fig) == [], slug
        assert outside(fig) == [], slug
        statements = fig.axes[-2]
        name, panel = statements.yaxis.label.get_window_extent(), statements.get_window_extent()
        assert panel.y0 <= name.y0 and name.y1 <= panel.y1, slug  # its name fits beside it
