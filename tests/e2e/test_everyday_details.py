"""Everyday use (issue 16), the parts test_everyday.py and test_timeline_publication.py leave:
counts in the singular, side warnings in YAML, near-duplicates in append, the UK alias, what an
import without --check says of the other problems, meetings known by a day, the timeline's
publication options as given on the command line, its colours as colour-blind readers see them,
and the time a 50-statement timeline takes."""

from __future__ import annotations

import itertools
import json
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import numpy
import pytest
import yaml
from click.testing import CliRunner
from colorspacious import cspace_convert, deltaE
from matplotlib.colors import to_rgb

from diplo.cli import main
from diplo.timeline import draw_meeting
from diplo.timeline.style import STANCE_COLOURS, STATUS_COLOURS
from tests.conftest import FIXTURES, Diplo, statement
from tests.e2e.timeline_stories import SUMMIT, long_meeting

SVG = "{http://www.w3.org/2000/svg}"


def jsonl(path: Path, *rows: dict[str, object]) -> str:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return str(path)


def test_a_registered_speaker_given_another_side_in_yaml_is_warned_of(
    diplo: Diplo, tmp_path: Path
) -> None:
    path = tmp_path / "side.yaml"
    path.write_text(yaml.safe_dump({"statements": [statement(speaker="Putin")]}), "utf-8")
    result = diplo("--people", str(FIXTURES / "people.yaml"), "import", str(path))
    assert (result.exit_code, result.stdout) == (0, f"{path}: 1 new, 0 already present\n")
    assert (
        result.stderr
        == f"Warning: {path}: statements[0]: Putin is registered with side RU, not US\n"
    )


def test_a_registered_speaker_given_another_side_in_json_lines_is_warned_of_by_line(
    diplo: Diplo, tmp_path: Path
) -> None:
    # Two lines: the first gives Putin (RU in the registry) side US, the second side RU.
    path = jsonl(
        tmp_path / "side.jsonl",
        statement(id="putin-us", speaker="Putin"),
        statement(id="putin-ru", speaker="Putin", side="RU", kind="confirmed", parties=None),
    )
    result = diplo("--people", str(FIXTURES / "people.yaml"), "import", path)
    assert (result.exit_code, result.stdout) == (0, f"{path}: 2 new, 0 already present\n")
    assert result.stderr == f"Warning: {path}: line 1: Putin is registered with side RU, not US\n"


def test_append_flags_an_edited_copy_of_a_recorded_statement(diplo: Diplo, tmp_path: Path) -> None:
    diplo.ok("import", jsonl(tmp_path / "first.jsonl", statement(id="paris-plan")))
    result = diplo(
        "append",
        "--meeting=trump-putin-paris-2018",
        "--kind=announced",
        "--speaker=John Bolton",
        "--side=US",
        "--said-on=2018-10-23",
        "--summary=Trump and Putin will meet in Paris",
        "--outlet=The Hill",
        "--published=2018-10-23",
    )
    assert (result.exit_code, result.stdout) == (0, "trump-putin-paris-2018-announced-2018-10-23\n")
    assert result.stderr == (
        "Warning: append: looks like a correction of paris-plan (same meeting, speaker, kind and "
        "day, other words): see `diplo correct paris-plan`\n"
    )


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


UK = """\
statements:
  - meeting: trump-may-chequers-2018
    kind: announced
    speaker: Theresa May
    side: UK
    said_on: 2018-07-13
    summary: Trump and May meet at Chequers.
    parties: US, UK
    source: {outlet: BBC, published: 2018-07-13}
  - meeting: trump-may-chequers-2018
    kind: held
    speaker: Theresa May
    side: GB
    said_on: 2018-07-13
    source: {outlet: BBC, published: 2018-07-13}
"""


def test_uk_is_read_as_gb_in_suggestions_and_an_import_counts_the_other_problems(
    diplo: Diplo, tmp_path: Path
) -> None:
    path = tmp_path / "chequers.yaml"
    path.write_text(UK, encoding="utf-8")
    checked = diplo("import", "--check", str(path))
    assert checked.exit_code == 1
    assert checked.output.splitlines() == [
        f"{path}:5:11: side: 'UK' is not a country or organisation code: did you mean 'GB'?",
        f"{path}:8:14: parties.1: 'UK' is not a country or organisation code: did you mean 'GB'?",
        f"{path}:10:5: quote: give a quote or a summary (or both)",  # found by the import too
        "FAILED: 3 problems in 1 file",
    ]
    imported = diplo("import", str(path))
    assert imported.exit_code == 1
    assert imported.output.endswith("; 2 more problems: see diplo import --check\n")
    assert diplo.stored_events() == []


NORWAY = """\
source: {outlet: NRK, published: 2020-01-02}
statements:
  - meeting: oslo-talks-2020
    kind: announced
    speaker: Erna Solberg
    side: NO
    said_on: 2020-01-01
    summary: Talks in Oslo
    parties: [US, NO]
"""


def test_norways_code_read_by_yaml_as_no_is_refused_with_the_fix_to_quote_it(
    diplo: Diplo, tmp_path: Path
) -> None:
    path = tmp_path / "oslo.yaml"
    path.write_text(NORWAY, encoding="utf-8")
    hint = (
        "Input should be a valid string: YAML reads NO, no, yes, on, off, true and false as "
        "yes or no, not as text: quote it ('NO' for Norway)"
    )
    checked = diplo("import", "--check", str(path))
    assert checked.output.splitlines() == [
        f"{path}:6:11: side: {hint}",
        f"{path}:9:19: parties.1: {hint}",
        "FAILED: 2 problems in 1 file",
    ]
    path.write_text(NORWAY.replace("NO", "'NO'"), encoding="utf-8")
    assert diplo.ok("import", str(path)).output == f"{path}: 1 new, 0 already present\n"


def test_meetings_known_by_a_day_are_those_an_analyst_could_have_read(diplo: Diplo) -> None:
    diplo.import_seed()
    # by 22 October 2018 only RT's article of 19 July 2018 was out: its three meetings
    known = [m["meeting"] for m in diplo.json("meetings", "--known-by", "2018-10-22")]
    assert known == [
        "obama-putin-new-york-2015",
        "trump-putin-helsinki-2018",
        "trump-putin-washington-2018",
    ]
    assert diplo.ok("meetings", "--known-by", "2018-07-18").output == "no meetings\n"


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


@pytest.mark.parametrize("deficiency", ["deuteranomaly", "protanomaly", "tritanomaly"])
def test_statuses_and_stances_stay_apart_for_colour_blind_readers(deficiency: str) -> None:
    """Each colour as a reader with the full deficiency sees it (Machado et al. 2009, through
    colorspacious); any two of a legend stay 10 apart in CAM02-UCS (1 is just noticeable)."""
    seen_as = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    for legend in (STATUS_COLOURS, STANCE_COLOURS):
        seen = {
            name: numpy.clip(cspace_convert(to_rgb(colour), seen_as, "sRGB1"), 0, 1)
            for name, colour in legend.items()
        }
        for one, other in itertools.combinations(seen, 2):
            gap = float(deltaE(seen[one], seen[other], input_space="sRGB1"))
            assert gap >= 10, (deficiency, one, other, gap)


def test_a_placeholder_postgresql_url_is_one_line_not_an_unexpected_error() -> None:
    # as a reader might copy `diplo copy --from .diplo/ledger.sqlite --to postgresql://...`
    result = CliRunner().invoke(main, ["--db", "postgresql://...", "meetings"])
    assert (result.exit_code, result.output) == (
        1,
        "Error: cannot open postgresql://postgres@...:5432/postgres: '...' is not a host name\n",
    )
