"""Issue 13, items 7, 8, 14 and 15: identifiers matched whole, dates within range, ids that a
people registry does not change, and walk-backs that no path can turn around."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, SOURCE, Diplo, statement
from tests.e2e.test_hostile_inputs import assert_refused, jsonl

# Item 7: a trailing newline or white space no longer passes a check -------------------------

WHITESPACE_CASES: dict[str, tuple[dict[str, Any], str]] = {
    "slug with a trailing newline": (
        statement(meeting="trump-putin-paris-2018\n"),
        "line 1: meeting: 'trump-putin-paris-2018\\n' is not a slug",
    ),
    "id with a trailing newline": (
        statement(id="s1\n"),
        "line 1: id: 's1\\n' is not a statement id",
    ),
    "id with a leading space": (statement(id=" s1"), "line 1: id: ' s1' is not a statement id"),
    "url with a trailing newline": (
        statement(source={**SOURCE, "url": "https://example.org/a\n"}),
        "line 1: source.url: 'https://example.org/a\\n' is not an http(s) url",
    ),
    "retracted id with a trailing newline": (
        statement(kind="walked_back", retracts="s1\n"),
        "line 1: retracts.0: 's1\\n' is not a statement id",
    ),
    "said_on with a trailing newline": (
        statement(said_on="2018-10-23\n"),
        "line 1: said_on: '2018-10-23\\n' has white space around it",
    ),
    "planned_for with a leading space": (
        statement(planned_for=" 2018-11-11"),
        "line 1: planned_for: ' 2018-11-11' has white space around it",
    ),
}


@pytest.mark.parametrize("case", list(WHITESPACE_CASES), ids=list(WHITESPACE_CASES))
def test_an_identifier_with_a_trailing_newline_or_space_is_refused_naming_the_field(
    diplo: Diplo, tmp_path: Path, case: str
) -> None:
    given, fragment = WHITESPACE_CASES[case]
    path = tmp_path / "ids.jsonl"
    path.write_bytes(jsonl(given))
    assert_refused(diplo, ["import", str(path)], f"Error: {path}: {fragment}")


def test_a_slug_with_a_newline_does_not_become_a_second_meeting(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ok("import", write_yaml([statement(id="first")]))
    result = diplo("import", write_yaml([statement(id="twin", meeting="trump-putin-paris-2018\n")]))
    assert result.exit_code == 1
    assert [row["meeting"] for row in diplo.json("meetings")] == ["trump-putin-paris-2018"]


# Item 8: dates within 1000-01-01 .. 2999-12-31 on input ---------------------------------------

OUT_OF_RANGE = "is outside the dates accepted, 1000-01-01 to 2999-12-31"
DATE_CASES: dict[str, tuple[dict[str, Any], str]] = {
    "planned_for in 9999": (
        statement(planned_for="9999-12-31"),
        f"planned_for: '9999-12-31' {OUT_OF_RANGE}",
    ),
    "planned_for a day after the range": (
        statement(planned_for="3000-01-01"),
        f"planned_for: '3000-01-01' {OUT_OF_RANGE}",
    ),
    "said_on in year 1": (
        statement(said_on="0001-01-01"),
        f"said_on: '0001-01-01' {OUT_OF_RANGE}",
    ),
    "said_on a day before the range": (
        statement(said_on="0999-12-31"),
        f"said_on: '0999-12-31' {OUT_OF_RANGE}",
    ),
    "published in year 1": (
        statement(said_on="0001-01-01", source={"outlet": "X", "published": "0001-01-01"}),
        "said_on: '0001-01-01' " + OUT_OF_RANGE,
    ),
    "published alone out of range": (
        statement(source={"outlet": "X", "published": "0999-12-31"}),
        f"source.published: 0999-12-31 {OUT_OF_RANGE}",
    ),
    "interval ending after the range": (
        statement(planned_for="2018-11-11/3001-01-01"),
        f"planned_for: '2018-11-11/3001-01-01' {OUT_OF_RANGE}",
    ),
    "unspecified year": (statement(planned_for="XXXX"), f"planned_for: 'XXXX' {OUT_OF_RANGE}"),
}


@pytest.mark.parametrize("case", list(DATE_CASES), ids=list(DATE_CASES))
def test_a_date_outside_the_accepted_years_is_refused_in_one_line(
    diplo: Diplo, tmp_path: Path, case: str
) -> None:
    given, fragment = DATE_CASES[case]
    path = tmp_path / "dates.jsonl"
    path.write_bytes(jsonl(given))
    assert_refused(diplo, ["import", str(path)], f"Error: {path}: line 1: {fragment}")


EDGES = [
    statement(id="e1", meeting="edge-meeting-first", planned_for="1000-01-01"),
    statement(id="e2", meeting="edge-meeting-last", planned_for="2999-12-31"),
    statement(id="e3", meeting="edge-meeting-open-start", planned_for="../1000-01-01"),
    statement(id="e4", meeting="edge-meeting-open-end", planned_for="2999-12-31/.."),
    statement(id="e5", meeting="edge-meeting-span", planned_for="1000-01-01/2999-12-31"),
    statement(
        id="e6",
        meeting="edge-meeting-said",
        said_on="1000-01-01",
        source={"outlet": "X", "published": "1000-01-01"},
    ),
]


def test_the_edge_dates_are_accepted_and_every_export_and_timeline_draws_them(
    diplo: Diplo, write_yaml: Callable[..., str], tmp_path: Path
) -> None:
    diplo.ok("import", write_yaml(EDGES))
    for fmt in ("ical", "cameo", "plover", "jsonld", "timelinejs", "jsonl"):
        out = tmp_path / f"all.{fmt}"
        result = diplo("export", "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, (fmt, result.output)
        assert out.stat().st_size > 0
    for given in EDGES:
        out = tmp_path / f"{given['meeting']}.svg"
        result = diplo("timeline", given["meeting"], "-o", str(out))
        assert result.exit_code == 0, (given["meeting"], result.output)
        assert out.read_bytes().startswith(b"<?xml")
    overview = tmp_path / "overview.png"
    result = diplo("timeline", "-o", str(overview))
    assert result.exit_code == 0, result.output
    assert overview.read_bytes().startswith(b"\x89PNG")


def test_a_correction_to_a_date_outside_the_range_is_refused(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ok("import", write_yaml([statement(id="seed")]))
    assert_refused(
        diplo,
        ["correct", "seed", "--planned-for", "9999-12-31", "--reason", "typo"],
        f"planned_for: '9999-12-31' {OUT_OF_RANGE}",
    )


# Item 14: a derived id comes from the statement as written ----------------------------------

AS_WRITTEN = statement(
    speaker="Bolton",
    participants=["Trump", "Putin"],
    quote="We look forward to a meeting in Paris",
)


def expected_id(given: dict[str, Any]) -> str:
    """The id the format documents: 'st-' and the first 16 hex digits of the SHA-256 of the
    statement as written, with its defaults, as JSON with sorted keys and no spaces."""
    content = {
        **given,
        "attribution": "on_record",
        "source": {**given["source"], "language": "en"},
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "st-" + hashlib.sha256(canonical.encode()).hexdigest()[:16]


def test_the_same_file_imported_without_and_with_the_registry_is_recorded_once(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    path = write_yaml([AS_WRITTEN])
    first = diplo.json("import", path)
    again = diplo.json("--people", str(FIXTURES / "people.yaml"), "import", path)
    assert (first[0]["new"], first[0]["present"]) == (1, 0)
    assert (again[0]["new"], again[0]["present"]) == (0, 1)
    assert len(diplo.stored_events()) == 1


def test_the_registry_still_names_the_speaker_but_leaves_the_id_as_written(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ok("--people", str(FIXTURES / "people.yaml"), "import", write_yaml([AS_WRITTEN]))
    (step,) = diplo.json("history", "trump-putin-paris-2018")
    assert step["id"] == expected_id(AS_WRITTEN)
    shown = diplo.json("show", step["id"])
    assert (shown["speaker"], shown["speaker_as_written"]) == ("John Bolton", "Bolton")


def test_a_derived_id_without_a_registry_is_the_one_earlier_versions_gave(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ok("import", write_yaml([AS_WRITTEN]))
    (step,) = diplo.json("history", "trump-putin-paris-2018")
    assert step["id"] == expected_id(AS_WRITTEN)


# Item 15: walk-backs cannot be turned around by a correction or an early date ----------------

WALK_BACK = statement(
    id="wb",
    kind="walked_back",
    retracts="seed",
    quote="we take it back",
    parties=None,
    said_on="2018-10-24",
    source={"outlet": "X", "published": "2018-10-24"},
)


def test_a_walk_back_said_before_its_target_is_refused(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ok("import", write_yaml([statement(id="seed")]))
    early = {**WALK_BACK, "said_on": "2018-10-22"}
    path = write_yaml([early], name="early.yaml")
    assert_refused(
        diplo,
        ["import", path],
        "retracts: 'seed' was said on 2018-10-23, after this walk-back (2018-10-22)",
    )


def test_a_correction_cannot_date_a_walk_back_before_its_target(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ok("import", write_yaml([statement(id="seed"), WALK_BACK]))
    assert_refused(
        diplo,
        ["correct", "wb", "--said-on", "2018-10-22", "--reason", "earlier"],
        "retracts: 'seed' was said on 2018-10-23, after this walk-back (2018-10-22)",
    )


def test_a_correction_cannot_date_a_retracted_statement_after_its_walk_back(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ok("import", write_yaml([statement(id="seed"), WALK_BACK]))
    assert_refused(
        diplo,
        [
            "correct",
            "seed",
            "--said-on",
            "2018-10-25",
            "--reason",
            "later",
            "--published",
            "2018-10-25",
        ],
        "said_on: 'wb' walks 'seed' back on 2018-10-24; the statement cannot be dated after it",
    )
