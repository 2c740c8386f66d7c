"""Everyday use (issue 16), the parts test_everyday.py and test_timeline_publication.py leave:
counts in the singular, the timeline's publication options as given on the command line, and
the time a 50-statement timeline takes."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from diplo.timeline import draw_meeting
from tests.conftest import Diplo, statement
from tests.e2e.timeline_stories import SUMMIT, long_meeting

SVG = "{http://www.w3.org/2000/svg}"


def jsonl(path: Path, *rows: dict[str, object]) -> str:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return str(path)


def test_counts_of_one_are_in_the_singular(diplo: Diplo, tmp_path: Path) -> None:
    diplo.ok("import", jsonl(tmp_path / "one.jsonl", statement(id="paris-plan")))
    assert diplo.ok("rebuild").output.startswith("rebuilt the view from 1 event in ")
    assert diplo.ok("project").output == "applied 0 events; view at position 1\n"
    assert diplo.ok("verify").output == "ok: checked 1 event in 1 meeting\n"
    assert diplo.ok("search", "Paris").output.splitlines()[0] == "1 statement:"
    calendar = diplo("export", "--format", "ical")  # the statement gives no planned date
    assert calendar.exit_code == 0
    assert calendar.stderr == (
        "ical: 1 meeting with no planned date left out: trump-putin-paris-2018\n"
    )


def test_timeline_takes_a_title_a_size_and_annotations_on_the_command_line(
    diplo: Diplo, tmp_path: Path
) -> None:
    diplo.import_seed()
    out = tmp_path / "paris.svg"
    shown = diplo.ok(
        "timeline",
        "trump-putin-paris-2018",
        "-o",
        str(out),
        "--title",
        "Bolton's Paris plan",
        "--size",
        "10x6",
        "--annotate",
        "2018-11-11=Armistice centenary",
    )
    assert shown.output == f"wrote {out}\n"
    root = ElementTree.parse(out).getroot()
    assert (root.get("width"), root.get("height")) == ("720pt", "432pt")  # 72 points an inch
    written = {"".join(node.itertext()).strip() for node in root.iter(f"{SVG}text")}
    assert {"Bolton's Paris plan", "Armistice centenary"} <= written
    assert "trump-putin-paris-2018" not in written  # the slug is no title


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_a_50_statement_timeline_takes_under_2_seconds(tmp_path: Path, suffix: str) -> None:
    steps = long_meeting(tmp_path)
    assert len(steps) == 50
    draw_meeting(SUMMIT, steps, tmp_path / f"warm.{suffix}")  # fonts and caches, once a process
    started = time.process_time()  # this process's own time: the machine is shared
    draw_meeting(SUMMIT, steps, tmp_path / f"long.{suffix}")
    assert time.process_time() - started < 2
