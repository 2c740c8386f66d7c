"""Timelines: every seed meeting, the overview and a party's overview render as real images.

The data comes from the seed fixtures imported into a fresh SQLite ledger and read back through
the real read side, as plain dicts.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from diplo.timeline import TimelineError, draw_meeting, draw_overview
from diplo.timeline.series import (
    ending_step,
    overview_meetings,
    plan_changes,
    stance_intervals,
    status_intervals,
)
from tests.e2e.timeline_stories import seed as read_back_seed

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PARIS = "trump-putin-paris-2018"


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The seed fixtures as the read side gives them: meetings and every history."""
    meetings, histories = read_back_seed(tmp_path_factory.mktemp("timeline-ledger"))
    return {"meetings": meetings, "histories": histories}


@pytest.fixture(scope="module")
def rendered(seed: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every seed meeting drawn to PNG, plus the overview and the UA overview."""
    folder = tmp_path_factory.mktemp("timelines")
    paths: dict[str, Path] = {}
    for slug, steps in seed["histories"].items():
        paths[slug] = folder / f"{slug}.png"
        draw_meeting(slug, steps, paths[slug])
    paths["overview"] = folder / "overview.png"
    draw_overview(seed["meetings"], seed["histories"].__getitem__, paths["overview"])
    paths["overview-UA"] = folder / "overview-UA.png"
    draw_overview(seed["meetings"], seed["histories"].__getitem__, paths["overview-UA"], party="UA")
    return paths


def assert_real_png(path: Path, min_width: int = 800, min_height: int = 400) -> None:
    """A PNG file, big enough, with more than a background in it."""
    assert path.exists(), path
    assert path.read_bytes()[:8] == PNG_SIGNATURE, path
    with Image.open(path) as image:
        width, height = image.size
        assert width >= min_width and height >= min_height, (path, image.size)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 10, (path, colours and len(colours))


def test_the_seed_has_the_expected_meetings(seed: dict[str, Any]) -> None:
    assert len(seed["meetings"]) == 18
    assert all(seed["histories"][m["meeting"]] for m in seed["meetings"])


def test_every_seed_meeting_renders_to_a_png(
    seed: dict[str, Any], rendered: dict[str, Path]
) -> None:
    for slug in seed["histories"]:
        assert_real_png(rendered[slug])


def test_the_overviews_render_to_pngs(rendered: dict[str, Path]) -> None:
    assert_real_png(rendered["overview"], min_height=800)
    assert_real_png(rendered["overview-UA"])
    with Image.open(rendered["overview"]) as full, Image.open(rendered["overview-UA"]) as ua:
        assert ua.size[1] < full.size[1]  # four rows against eighteen


def test_a_meeting_renders_to_svg(seed: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "paris.svg"
    draw_meeting(PARIS, seed["histories"][PARIS], out)
    root = ElementTree.parse(out).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(list(root.iter())) > 100


def test_the_overview_renders_to_svg(seed: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "overview.svg"
    draw_overview(seed["meetings"], seed["histories"].__getitem__, out, party="RU")
    assert ElementTree.parse(out).getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_the_party_overview_shows_the_meetings_with_that_party(seed: dict[str, Any]) -> None:
    shown = overview_meetings(seed["meetings"], seed["histories"], "UA")
    assert [m["meeting"] for m in shown] == [
        "normandy-paris-2019",
        "trump-putin-zelensky-2025",
        "trump-zelensky-oval-office-2025",
        "trump-zelensky-pope-funeral-2025",
    ]
    everything = overview_meetings(seed["meetings"], seed["histories"])
    assert len(everything) == 18
    assert everything[0]["meeting"] == "obama-putin-new-york-2015"  # first said 2018-07-19


def test_paris_bands_follow_the_history(seed: dict[str, Any]) -> None:
    steps = seed["histories"][PARIS]
    start, end = date(2018, 10, 1), date(2018, 12, 1)
    assert [(i.start, i.value) for i in status_intervals(steps, start, end)] == [
        (date(2018, 10, 1), "unannounced"),
        (date(2018, 10, 23), "agreed"),  # proposed, then agreed, all on one day
    ]
    assert [(i.start, i.value) for i in stance_intervals(steps, "RU", start, end)] == [
        (date(2018, 10, 1), "silent"),
        (date(2018, 10, 23), "supports"),
    ]
    assert [(p.value, p.earliest, p.latest) for p in plan_changes(steps)] == [
        ("2018-11", date(2018, 11, 1), date(2018, 11, 30)),
        ("2018-11-11", date(2018, 11, 11), date(2018, 11, 11)),
    ]
    assert ending_step(steps) is None


def test_summit_stances_change_over_time(seed: dict[str, Any]) -> None:
    steps = seed["histories"]["trump-putin-summit-2025"]
    start, end = date(2025, 1, 1), date(2025, 9, 1)
    assert [(i.start, i.end, i.value) for i in stance_intervals(steps, "RU", start, end)] == [
        (date(2025, 1, 1), date(2025, 1, 31), "silent"),
        (date(2025, 1, 31), date(2025, 8, 5), "supports"),  # Putin in January
        (date(2025, 8, 5), date(2025, 9, 1), "denies"),  # Peskov, "recent weeks"
    ]
    assert [(i.start, i.value) for i in stance_intervals(steps, "US", start, end)] == [
        (date(2025, 1, 1), "silent"),
        (date(2025, 8, 6), "supports"),
    ]
    [plan] = plan_changes(steps)
    assert (plan.earliest, plan.latest) == (date(2025, 8, 11), date(2025, 8, 17))


def test_the_held_marker_is_the_statement_that_made_it_held(seed: dict[str, Any]) -> None:
    step = ending_step(seed["histories"]["trump-putin-helsinki-2018"])
    assert step is not None and step["id"] == "rt-trump-summit-success"
    assert step["effective_on"] == "2018-07-19"


def test_other_formats_and_empty_input_are_refused(seed: dict[str, Any], tmp_path: Path) -> None:
    with pytest.raises(TimelineError, match=r"\.png or \.svg"):
        draw_meeting(PARIS, seed["histories"][PARIS], tmp_path / "paris.pdf")
    with pytest.raises(TimelineError, match="no statement"):
        draw_meeting(PARIS, [], tmp_path / "paris.png")
    with pytest.raises(TimelineError, match="party XX"):
        draw_overview(
            seed["meetings"], seed["histories"].__getitem__, tmp_path / "o.png", party="XX"
        )
    assert not list(tmp_path.iterdir())


def test_an_overview_of_a_period_draws_the_meetings_said_of_then(
    seed: dict[str, Any], tmp_path: Path
) -> None:
    # December 2019: the Deutsche Welle report (fixtures/004_...) said of four meetings on the
    # 10th and 11th; every other seed statement was said in 2018 or 2025.
    out = tmp_path / "december.svg"
    draw_overview(
        seed["meetings"],
        seed["histories"].__getitem__,
        out,
        after=date(2019, 12, 1),
        by=date(2019, 12, 31),
    )
    text = out.read_text(encoding="utf-8")
    drawn = {m["meeting"] for m in seed["meetings"] if f">{m['meeting']} " in text}
    assert drawn == {
        "trump-lavrov-oval-office-2019",
        "trump-lavrov-white-house-2017",
        "pompeo-lavrov-washington-2019",
        "normandy-paris-2019",
    }
    assert "said after 2019-12-01 and by 2019-12-31" in text
    with pytest.raises(
        TimelineError, match="^no meeting to draw with party UA, said by 2019-01-01$"
    ):
        draw_overview(
            seed["meetings"], seed["histories"].__getitem__, out, "UA", None, date(2019, 1, 1)
        )
