"""Timelines too big for one picture are refused in a second; a stretch of a meeting is drawn."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from projections.queries import ReadSide
from tests.conftest import Diplo, statement
from tests.e2e.test_new_ledger_file import jsonl

MEETING = "trump-putin-paris-2018"
TOLD = 501
"""One more statement than a picture may show (`diplo.timeline.meeting.MOST_STATEMENTS`)."""


def test_a_meeting_of_too_many_statements_is_refused_and_a_stretch_of_it_drawn(
    diplo: Diplo, tmp_path: Path
) -> None:
    first = date(2018, 1, 1)
    told = [
        statement(
            id=f"s{n:03d}",
            speaker=f"Envoy {n:03d}",
            said_on=(first + timedelta(days=n)).isoformat(),
            source={"outlet": "Wire", "published": (first + timedelta(days=n)).isoformat()},
        )
        for n in range(TOLD)
    ]
    diplo.ok("import", jsonl(tmp_path / "feed.jsonl", *told))
    whole = tmp_path / "whole.png"
    refused = diplo("timeline", MEETING, "-o", str(whole))
    assert (refused.exit_code, refused.output) == (
        1,
        f"Error: {MEETING} has 501 statements to draw, more than one picture can show (at most "
        "500): draw a stretch of them with --from and --to, or list them with `diplo history`\n",
    )
    assert not whole.exists()
    # said after the end of 10 January and by the end of 14 January: statements 10 to 13
    part = tmp_path / "part.svg"
    diplo.ok("timeline", MEETING, "--from", "2018-01-10", "--to", "2018-01-14", "-o", str(part))
    drawn = sorted(set(re.findall(r"Envoy \d{3}", part.read_text(encoding="utf-8"))))
    assert drawn == ["Envoy 010", "Envoy 011", "Envoy 012", "Envoy 013"]
    nothing = diplo("timeline", MEETING, "--from", "2020-01-01", "-o", str(tmp_path / "n.png"))
    assert (nothing.exit_code, nothing.output) == (
        1,
        f"Error: {MEETING}: no statement was said after 2020-01-01\n",
    )
    assert not (tmp_path / "n.png").exists()
    # without MEETING, the overview of the meetings said of then: none after 2020
    overview = diplo("timeline", "--from", "2020-01-01", "-o", str(tmp_path / "all.png"))
    assert (overview.exit_code, overview.output) == (
        1,
        "Error: no meeting to draw, said after 2020-01-01\n",
    )
    assert not (tmp_path / "all.png").exists()


def test_an_overview_of_too_many_meetings_is_refused_in_one_line_before_any_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = tmp_path / "ledger.sqlite"
    told = [statement(id=f"s{n}", meeting=f"meeting-{n:04d}-2018") for n in range(1_001)]
    diplo = Diplo(str(ledger), CliRunner())
    diplo.ok("import", jsonl(tmp_path / "feed.jsonl", *told))
    picture = tmp_path / "all.png"
    # refused from the list of meetings alone: no history read (10,000 took 14 s to refuse)
    monkeypatch.setattr(ReadSide, "history", lambda *_, **__: pytest.fail("a history was read"))
    refused = diplo("timeline", "-o", str(picture))
    assert (refused.exit_code, refused.output) == (
        1,
        "Error: 1,001 meetings to draw, more than one picture can show (at most 1,000): draw "
        "one party's with --party or a shorter period with --from and --to, or list them with "
        "`diplo meetings`\n",
    )
    assert not picture.exists()
