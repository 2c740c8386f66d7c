"""`diplo site` into the directory of an earlier site draws only the timelines that changed:
the others are taken from the drawings the earlier site kept (`.diplo-drawings/`), cleaned again
as a new drawing is. The files are those a site drawn afresh gives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplo.web.kept_drawings import KEPT
from diplo.web.svg import clear_drawings
from tests.conftest import Diplo, statement
from tests.e2e.test_site import files_of

PARIS = "trump-putin-paris-2018"
HELSINKI = "trump-putin-helsinki-2018"


@pytest.fixture
def two_meetings(sqlite_path: str, write_yaml: Callable[..., str]) -> Diplo:
    """A ledger of two meetings, each with a statement that counts (so each has a timeline)."""
    diplo = Diplo(sqlite_path, CliRunner())
    diplo.ok("import", write_yaml([statement(id="paris"), statement(id="hel", meeting=HELSINKI)]))
    return diplo


def site_said(diplo: Diplo, folder: Path, *options: str) -> str:
    """What `diplo site` says of the timelines, written into `folder` from a new process's
    start (nothing drawn in memory)."""
    clear_drawings()
    output = diplo.ok("site", str(folder), *options).stdout
    return output[output.index("(") :].strip()


def test_only_the_timeline_of_the_meeting_that_changed_is_drawn_again(
    two_meetings: Diplo, tmp_path: Path
) -> None:
    site = tmp_path / "public"
    assert site_said(two_meetings, site) == "(2 timelines: 2 drawn, 0 kept from the earlier site)"
    before = {path.name for path in (site / KEPT).iterdir()}
    two_meetings.ok(
        "append", "--meeting", PARIS, "--kind", "denied", "--speaker", "Dmitry Peskov",
        "--side", "RU", "--said-on", "2018-10-24", "--summary", "No summit", "--outlet", "TASS",
        "--published", "2018-10-24",
    )  # fmt: skip
    assert site_said(two_meetings, site) == "(2 timelines: 1 drawn, 1 kept from the earlier site)"
    after = {path.name for path in (site / KEPT).iterdir()}
    assert len(after) == 2 and len(after & before) == 1  # Paris's old drawing is not kept
    kept = files_of(site)
    assert site_said(two_meetings, tmp_path / "fresh") == (
        "(2 timelines: 2 drawn, 0 kept from the earlier site)"
    )
    assert files_of(tmp_path / "fresh") == kept


def test_a_kept_drawing_tampered_with_is_cleaned_and_a_damaged_one_drawn_again(
    two_meetings: Diplo, tmp_path: Path
) -> None:
    site = tmp_path / "public"
    site_said(two_meetings, site)
    fresh = files_of(site)
    tampered, damaged = sorted((site / KEPT).iterdir())
    markup = tampered.read_text(encoding="utf-8")
    opened = markup.index(">") + 1  # after the <svg ...> tag
    tampered.write_text(
        markup[:opened].replace("<svg ", '<svg onload="alert(1)" ')
        + '<script>alert("kept")</script><a href="https://evil.example/">x</a>'
        + markup[opened:],
        encoding="utf-8",
    )
    damaged.write_bytes(b"not a drawing")
    assert site_said(two_meetings, site) == "(2 timelines: 1 drawn, 1 kept from the earlier site)"
    again = files_of(site)
    assert [name for name in again if b"alert" in again[name]] == []
    assert [name for name in again if b"evil.example" in again[name]] == []
    # the script, the handler and the outside link's target are dropped (the drawing is
    # otherwise taken as kept: see README); the damaged drawing is drawn again as it was
    name = f"{KEPT}/{damaged.name}"
    assert again[name] == fresh[name]
    assert b"<script" not in again[f"{KEPT}/{tampered.name}"]


def test_a_kept_drawing_that_is_a_link_is_not_followed(two_meetings: Diplo, tmp_path: Path) -> None:
    site = tmp_path / "public"
    site_said(two_meetings, site)
    linked = sorted((site / KEPT).iterdir())[0]
    outside = tmp_path / "outside.svg"
    outside.write_bytes(linked.read_bytes())  # a drawing as good as the kept one, elsewhere
    linked.unlink()
    linked.symlink_to(outside)
    assert site_said(two_meetings, site) == "(2 timelines: 1 drawn, 1 kept from the earlier site)"
    assert not (site / KEPT / linked.name).is_symlink()
    assert (site / KEPT / linked.name).read_bytes() == outside.read_bytes()
