"""`diplo import --check` finds what the import itself would refuse, not only what is wrong
with each statement on its own: the files are recorded in turn against the ledger, in a
transaction that is rolled back. So `--check` says "ok" exactly when the import would take
every file, and names the same problem the import names; nothing is ever written."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Diplo, statement

SLUG = "trump-putin-paris-2018"


def jsonl(path: Path, *statements: dict[str, Any]) -> str:
    path.write_text("".join(json.dumps(s) + "\n" for s in statements), encoding="utf-8")
    return str(path)


def walk_back(**fields: Any) -> dict[str, Any]:
    given: dict[str, Any] = {
        "id": "ru-back", "kind": "walked_back", "speaker": "Dmitry Peskov", "side": "RU",
        "parties": None, "said_on": "2018-10-25", "quote": "No decision was made",
        "source": {"outlet": "TASS", "published": "2018-10-25"},
    }  # fmt: skip
    return statement(**{**given, **fields})


CASES: dict[str, tuple[list[dict[str, Any]], str]] = {
    "a walk-back of a statement not recorded": (
        [walk_back(retracts="no-such-id")],
        "retracts: 'no-such-id' is not a statement of meeting 'trump-putin-paris-2018'",
    ),
    "a new meeting whose first statement names no parties": (
        [statement(id="x", meeting="brand-new-2020", parties=None)],
        "parties: the first statement of meeting 'brand-new-2020' must name its parties",
    ),
    "one id for two statements": (
        [statement(id="twice"), statement(id="twice", kind="confirmed", side="RU")],
        "id: 'twice' is already used for another statement in this meeting",
    ),
    "a statement that walks itself back": (
        [walk_back(id="self", retracts="self")],
        "retracts",
    ),
}


@pytest.fixture
def paris(diplo: Diplo, tmp_path: Path) -> Diplo:
    """The ledger holds the US announcement of the Paris meeting ('us')."""
    diplo.ok("import", jsonl(tmp_path / "us.jsonl", statement(id="us")))
    return diplo


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_check_names_what_the_import_refuses_and_writes_nothing(
    paris: Diplo, tmp_path: Path, case: str
) -> None:
    told, message = CASES[case]
    path = jsonl(tmp_path / "refused.jsonl", *told)
    before = paris.stored_events()
    checked = paris("import", "--check", path)
    assert checked.exit_code == 1, checked.output
    first, verdict = checked.output.splitlines()
    assert first.startswith(f"{path}:") and message in first
    assert verdict == "FAILED: 1 problem in 1 file"
    assert paris.stored_events() == before
    imported = paris("import", path)
    assert imported.exit_code == 1
    assert first.split(": ", 1)[1] in imported.output  # the same field and message
    assert paris.stored_events() == before


def test_an_empty_file_fails_the_check_as_the_import(paris: Diplo, tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    checked = paris("import", "--check", str(path))
    assert (checked.exit_code, checked.output) == (
        1,
        f"{path}:1:1: the file is empty\nFAILED: 1 problem in 1 file\n",
    )


def test_files_are_checked_in_turn_as_the_import_takes_them(paris: Diplo, tmp_path: Path) -> None:
    # The walk-back retracts a statement of the file before it: ok together, in that order,
    # as the import takes them. Alone (its target not recorded) it is refused.
    confirmed = jsonl(tmp_path / "a.jsonl", statement(id="ru", kind="confirmed", side="RU"))
    back = jsonl(tmp_path / "b.jsonl", walk_back(retracts="ru"))
    before = paris.stored_events()
    assert paris("import", "--check", confirmed, back).output == "ok: 0 problems in 2 files\n"
    alone = paris("import", "--check", back)
    assert alone.exit_code == 1 and "retracts: 'ru' is not a statement" in alone.output
    assert paris.stored_events() == before
    # a file refused writes nothing, so a later file needing it is refused too
    new_meeting = {"meeting": "brand-new-2020", "parties": None}
    unnamed = statement(id="ru", kind="confirmed", side="RU", **new_meeting)
    refused = jsonl(tmp_path / "c.jsonl", unnamed)
    depends = jsonl(tmp_path / "d.jsonl", walk_back(retracts="ru", meeting="brand-new-2020"))
    checked = paris("import", "--check", refused, depends)
    assert [line.split(":")[0] for line in checked.output.splitlines()[:2]] == [refused, depends]
    assert paris.stored_events() == before


TWO_STATEMENTS = """\
source: {outlet: TASS, published: 2018-10-25}
statements:
  - id: ru
    meeting: trump-putin-paris-2018
    kind: confirmed
    speaker: Yuri Ushakov
    side: RU
    said_on: 2018-10-24
    summary: The Kremlin confirms
  - id: ru-back
    meeting: trump-putin-paris-2018
    kind: walked_back
    speaker: Dmitry Peskov
    side: RU
    said_on: 2018-10-25
    summary: No decision was made
    retracts: no-such-id
"""


def test_a_yaml_statement_refused_by_the_ledger_is_shown_at_its_line(
    paris: Diplo, tmp_path: Path
) -> None:
    path = tmp_path / "two.yaml"
    path.write_text(TWO_STATEMENTS, encoding="utf-8")
    checked = paris("import", "--check", str(path))
    assert checked.output.splitlines() == [
        f"{path}:10:5: retracts: 'no-such-id' is not a statement of meeting "
        "'trump-putin-paris-2018'",  # (the second statement starts on line 10, column 5)
        "FAILED: 1 problem in 1 file",
    ]


def test_standard_input_a_pipe_and_a_file_uri_are_checked_against_the_ledger(
    paris: Diplo, tmp_path: Path
) -> None:
    back = json.dumps(walk_back(retracts="no-such-id")) + "\n"
    problem = "retracts: 'no-such-id' is not a statement of meeting 'trump-putin-paris-2018'"
    piped = paris("import", "--check", "-", input=back)
    assert piped.output.splitlines()[0] == f"-:1:1: {problem}"
    pipe = tmp_path / "feed.jsonl"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_text(back))
    writer.start()
    fifo = paris("import", "--check", str(pipe))
    writer.join()
    assert fifo.output.splitlines()[0] == f"{pipe}:1:1: {problem}"
    if not paris.db.startswith("postgresql://"):
        uri = Diplo(f"file:{paris.db}?cache=private", paris.runner)
        good = jsonl(tmp_path / "good.jsonl", walk_back(retracts="us", side="US",
                                                         speaker="John Bolton"))  # fmt: skip
        assert uri("import", "--check", good).output == "ok: 0 problems in 1 file\n"


def test_a_check_against_a_ledger_not_there_yet_makes_no_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    db = tmp_path / "none-yet.sqlite"
    fresh = Diplo(str(db), CliRunner())
    walked = jsonl(tmp_path / "back.jsonl", walk_back(retracts="us"))
    checked = fresh("import", "--check", walked)
    assert checked.exit_code == 1
    assert "parties: the first statement of meeting 'trump-putin-paris-2018'" in checked.output
    assert not db.exists() and sorted(tmp_path.iterdir()) == [tmp_path / "back.jsonl"]
