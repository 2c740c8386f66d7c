"""Bad input: one clear line naming file, place and field; exit 1; nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Diplo, statement

OTHER_MEETING = "trump-putin-helsinki-2018"


@pytest.fixture
def seeded(diplo: Diplo, write_yaml: Callable[..., str]) -> Diplo:
    """A ledger holding one US statement (`seed`) about the Paris meeting and one about Helsinki."""
    diplo.ok(
        "import",
        write_yaml(
            [
                statement(id="seed"),
                statement(id="helsinki", meeting=OTHER_MEETING, kind="held"),
            ]
        ),
    )
    return diplo


def assert_refused(diplo: Diplo, args: list[str], *fragments: str, input: Any = None) -> None:
    before = diplo.stored_events()
    result = diplo(*args, input=input)
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    assert diplo.stored_events() == before


BAD_STATEMENTS: dict[str, tuple[dict[str, Any], str, str]] = {
    "unknown kind": (statement(kind="summoned"), "kind", "'summoned' is not a kind: kinds are"),
    "missing speaker": (statement(speaker=None), "speaker", "required field is missing"),
    "missing kind": (statement(kind=None), "kind", "required field is missing"),
    "malformed said_on": (statement(said_on="2018-13-45"), "said_on", "is not an ISO date or EDTF"),
    "said_on after published": (
        statement(said_on="2018-10-24"),
        "said_on",
        "later than the source's published date 2018-10-23",
    ),
    "said_on in the future": (
        statement(said_on="2999-01-01", source={"outlet": "X", "published": "2999-01-02"}),
        "said_on",
        "is in the future",
    ),
    "missing outlet": (
        statement(source={"published": "2018-10-23"}),
        "source.outlet",
        "required field is missing",
    ),
    "missing published": (
        statement(source={"outlet": "The Hill"}),
        "source.published",
        "required field is missing",
    ),
    "url not http": (
        statement(source={"outlet": "X", "published": "2018-10-23", "url": "ftp://example.org/a"}),
        "source.url",
        "is not an http(s) url",
    ),
    "walked_back without retracts": (
        statement(kind="walked_back"),
        "retracts",
        "must name the statement it retracts",
    ),
    "retracts a statement of another meeting": (
        statement(kind="walked_back", retracts="helsinki"),
        "retracts",
        "'helsinki' is not a statement of meeting 'trump-putin-paris-2018'",
    ),
    "retracts another side's statement": (
        statement(kind="walked_back", retracts="seed", side="RU", speaker="Dmitry Peskov"),
        "retracts",
        "'seed' was made by side US; only US can walk it back",
    ),
    "retracts on another kind": (
        statement(kind="denied", retracts="seed"),
        "retracts",
        "only walked_back statements retract",
    ),
    "first statement without parties": (
        statement(meeting="brand-new-meeting", parties=None),
        "parties",
        "the first statement of meeting 'brand-new-meeting' must name its parties",
    ),
    "fewer than two parties": (
        statement(parties=["US"]),
        "parties",
        "two or more distinct parties",
    ),
    "slug with capitals": (statement(meeting="Trump_Putin"), "meeting", "is not a slug"),
    "slug too short": (statement(meeting="tp"), "meeting", "is not a slug"),
    "planned_for not EDTF": (
        statement(planned_for="autumn 2018"),
        "planned_for",
        "'autumn 2018' is not an ISO date or EDTF",
    ),
    "unknown side code": (statement(side="XX"), "side", "'XX' is not a country or organisation"),
    "lower-case side code": (
        statement(side="us"),
        "side",
        "'us' is not a country or organisation code: did you mean 'US'?",
    ),
    "unknown party code": (statement(parties=["US", "ZZ"]), "parties.1", "'ZZ' is not a country"),
    "neither quote nor summary": (statement(quote=None), "quote", "give a quote or a summary"),
    "unknown field": (statement(mood="tense"), "mood", "unknown field"),
    "bad language tag": (
        statement(source={"outlet": "X", "published": "2018-10-23", "language": "english!"}),
        "source.language",
        "is not a BCP 47 language tag",
    ),
}


@pytest.mark.parametrize("case", list(BAD_STATEMENTS), ids=list(BAD_STATEMENTS))
def test_an_invalid_statement_refuses_the_whole_file(
    seeded: Diplo, write_yaml: Callable[..., str], case: str
) -> None:
    bad, field, message = BAD_STATEMENTS[case]
    path = write_yaml([statement(id="fine", kind="confirmed", side="RU", speaker="Ushakov"), bad])
    assert_refused(seeded, ["import", path], f"{path}: statements[1]: {field}: ", message)


def test_an_invalid_json_lines_statement_names_its_line(seeded: Diplo, tmp_path: Path) -> None:
    import json

    path = tmp_path / "bad.jsonl"
    path.write_text(
        json.dumps(statement(id="ok-1")) + "\n\n" + json.dumps(statement(kind="summoned")) + "\n",
        encoding="utf-8",
    )
    assert_refused(seeded, ["import", str(path)], f"{path}: line 3: kind: ")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- meeting: a\n- meeting: b\n", "expected a mapping with 'statements'"),
        ("just a string\n", "expected a mapping with 'statements'"),
        ("statements: {meeting: abc}\n", "statements: expected a non-empty list"),
        ("statements: []\n", "statements: expected a non-empty list"),
        ("statements:\n  - 42\n", "statements[0]: a statement must be a mapping"),
        ("statements: [\n", "not valid YAML"),
        ("sources: {}\nstatements: []\n", "sources: unknown top-level key"),
    ],
    ids=[
        "list",
        "scalar",
        "statements-mapping",
        "statements-empty",
        "statement-scalar",
        "broken-yaml",
        "unknown-key",
    ],
)
def test_yaml_that_is_not_shaped_as_documented_is_refused(
    seeded: Diplo, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "shape.yaml"
    path.write_text(content, encoding="utf-8")
    assert_refused(seeded, ["import", str(path)], str(path), message)


def test_invalid_utf8_is_refused(seeded: Diplo, tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("statements:\n  - speaker: Søren\n".encode("latin-1"))
    expected = f"{path}: line 2, column 15: not valid UTF-8 (byte 0xf8): save the file as UTF-8"
    assert_refused(seeded, ["import", str(path)], expected)
    checked = seeded("import", "--check", str(path))
    assert checked.exit_code == 1
    assert checked.output.splitlines()[0] == (
        f"{path}:2:15: not valid UTF-8 (byte 0xf8): save the file as UTF-8"
    )


def test_a_number_too_long_to_read_is_refused_without_python_advice(
    seeded: Diplo, tmp_path: Path
) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text('{"meeting": "abc-def", "quote": ' + "9" * 5000 + "}\n", encoding="utf-8")
    expected = (
        "line 1: a number of over 4,300 digits, more than can be read (quote it, if it is text)"
    )
    assert_refused(seeded, ["import", str(path)], f"{path}: {expected}")


def test_an_empty_file_is_refused(seeded: Diplo, tmp_path: Path) -> None:
    for name in ("empty.yaml", "empty.jsonl"):
        path = tmp_path / name
        path.write_bytes(b"")
        assert_refused(seeded, ["import", str(path)], f"{path}: the file is empty")


def test_a_missing_file_is_refused(seeded: Diplo, tmp_path: Path) -> None:
    assert_refused(seeded, ["import", str(tmp_path / "nope.yaml")], "nope.yaml: cannot read")


def test_a_bad_file_after_a_good_one_keeps_the_good_ones_statements(
    seeded: Diplo, write_yaml: Callable[..., str]
) -> None:
    good = write_yaml([statement(id="good", kind="confirmed", side="RU", speaker="Ushakov")])
    bad = write_yaml([statement(kind="summoned")])
    result = seeded("import", good, bad)
    assert result.exit_code == 1
    assert [s["id"] for s in seeded.json("history", "trump-putin-paris-2018")] == ["seed", "good"]


def test_append_with_a_bad_field_is_refused_with_the_field_named(seeded: Diplo) -> None:
    args = [
        "append",
        "--meeting",
        "trump-putin-paris-2018",
        "--kind",
        "announced",
        "--speaker",
        "X",
        "--side",
        "US",
        "--said-on",
        "2018-10-23",
        "--quote",
        "q",
        "--outlet",
        "O",
        "--published",
        "2018-10-23",
        "--source-url",
        "javascript:alert(1)",
    ]
    assert_refused(seeded, args, "append: source.url: ", "is not an http(s) url")


def test_a_correction_that_breaks_a_rule_is_refused(seeded: Diplo) -> None:
    assert_refused(
        seeded,
        ["correct", "seed", "--said-on", "2018-10-30", "--reason", "r"],
        "correction of seed: said_on: ",
        "later than the source's published date",
    )


def test_a_correction_without_a_reason_is_refused(seeded: Diplo) -> None:
    result = seeded("correct", "seed", "--said-on", "2018-10-22")
    assert result.exit_code == 2
    assert "Missing option '--reason'" in result.output


def test_a_statement_id_reused_for_different_content_is_refused(
    seeded: Diplo, write_yaml: Callable[..., str]
) -> None:
    path = write_yaml([statement(id="seed", quote="other words")])
    assert_refused(
        seeded,
        ["import", path],
        "statements[0]: id: ",
        "'seed' is already used for another statement",
    )


def test_a_byte_order_mark_is_not_counted_in_the_column_of_a_bad_byte(
    seeded: Diplo, tmp_path: Path
) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"meeting": "\xff"}\n')
    expected = f"{path}: line 1, column 14: not valid UTF-8 (byte 0xff)"  # after {"meeting": "
    assert_refused(seeded, ["import", str(path)], expected)
