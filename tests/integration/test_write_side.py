"""The write side: statements become immutable events, one aggregate per meeting."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ledger.application import Ledger
from ledger.events import meeting_id
from ledger.storage import choose_database
from tests.conftest import SOURCE, Diplo, statement

ALL_KINDS = ["announced", "confirmed", "denied", "postponed", "rescheduled", "cancelled", "held"]


def test_importing_a_file_records_its_statements_and_a_second_import_records_nothing(
    diplo: Diplo, write_yaml
) -> None:
    path = write_yaml(
        [
            statement(id="a1"),
            statement(id="r1", kind="confirmed", side="RU", speaker="Yuri Ushakov"),
        ]
    )
    first = diplo.ok("import", path)
    assert first.output.strip() == f"{path}: 2 new, 0 already present"
    second = diplo.ok("import", path)
    assert second.output.strip() == f"{path}: 0 new, 2 already present"
    assert len(diplo.stored_events()) == 2


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_of_statement_is_stored_as_its_own_event(
    diplo: Diplo, write_yaml, kind: str
) -> None:
    path = write_yaml([statement(id="s1", kind=kind)])
    diplo.ok("import", path)
    [(_, version, topic, _)] = diplo.stored_events()
    expected = {
        "announced": "MeetingAnnounced",
        "confirmed": "MeetingConfirmed",
        "denied": "MeetingDenied",
        "postponed": "MeetingPostponed",
        "rescheduled": "MeetingRescheduled",
        "cancelled": "MeetingCancelled",
        "held": "MeetingHeld",
    }[kind]
    assert (version, topic) == (1, f"ledger.events:{expected}")


def test_a_walk_back_names_the_statement_it_retracts(diplo: Diplo, write_yaml) -> None:
    diplo.ok(
        "import",
        write_yaml(
            [
                statement(id="claim"),
                statement(id="back", kind="walked_back", retracts="claim", quote="I misspoke"),
            ]
        ),
    )
    topics = [topic for _, _, topic, _ in diplo.stored_events()]
    assert topics == ["ledger.events:MeetingAnnounced", "ledger.events:StatementWalkedBack"]
    assert diplo.json("show", "back")["retracts"] == "claim"


def test_a_stored_event_read_straight_from_the_sqlite_file_is_json_with_the_whole_statement(
    sqlite_path: str, write_yaml
) -> None:
    from click.testing import CliRunner

    diplo = Diplo(sqlite_path, CliRunner())
    diplo.ok("import", write_yaml([statement(id="a1", place="Paris", planned_for="2018-11-11")]))
    with sqlite3.connect(sqlite_path) as connection:
        [(originator_id, topic, state)] = connection.execute(
            "SELECT originator_id, topic, state FROM stored_events"
        ).fetchall()
    event = json.loads(state)
    assert topic == "ledger.events:MeetingAnnounced"
    assert originator_id == meeting_id("trump-putin-paris-2018").hex
    assert event["statement"]["kind"] == "announced"
    assert event["statement"]["speaker"] == "John Bolton"
    assert event["statement"]["quote"].startswith("President Trump would look forward")
    assert event["statement"]["source"] == {
        "outlet": "The Hill",
        "published": "2018-10-23",
        "url": None,
        "title": None,
        "language": "en",
    }
    assert event["statement"]["planned_for"] == "2018-11-11"


def test_json_lines_import_reads_one_statement_per_line_with_its_own_source(
    diplo: Diplo, tmp_path: Path
) -> None:
    path = tmp_path / "statements.jsonl"
    lines = [statement(id="j1"), statement(id="j2", kind="confirmed", side="RU", speaker="Ushakov")]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    assert diplo.ok("import", str(path)).output.strip() == f"{path}: 2 new, 0 already present"
    assert [m["meeting"] for m in diplo.json("meetings")] == ["trump-putin-paris-2018"]


def test_standard_input_is_read_with_a_dash(diplo: Diplo) -> None:
    line = json.dumps(statement(id="stdin-1")) + "\n"
    result = diplo.ok("import", "--format", "jsonl", "-", input=line)
    assert result.output.strip() == "<stdin>: 1 new, 0 already present"


def test_a_file_level_source_applies_to_statements_without_their_own(
    diplo: Diplo, write_yaml
) -> None:
    own = {"outlet": "Ritzau", "published": "2018-10-23", "language": "da"}
    path = write_yaml(
        [
            {k: v for k, v in statement(id="x1").items() if k != "source"},
            statement(id="x2", source=own),
        ],
        source={"outlet": "The Hill", "published": "2018-10-23", "title": "Bolton"},
    )
    diplo.ok("import", path)
    assert diplo.json("show", "x1")["source"]["title"] == "Bolton"
    assert diplo.json("show", "x2")["source"]["outlet"] == "Ritzau"


def test_append_records_one_statement_and_prints_its_derived_id(diplo: Diplo) -> None:
    args = [
        "append",
        "--meeting",
        "trump-putin-paris-2018",
        "--kind",
        "announced",
        "--speaker",
        "John Bolton",
        "--side",
        "US",
        "--said-on",
        "2018-10-23",
        "--quote",
        "I said yes",
        "--outlet",
        "The Hill",
        "--published",
        "2018-10-23",
        "--party",
        "US",
        "--party",
        "RU",
        "--place",
        "Paris",
    ]
    first = diplo.ok(*args).output.strip()
    assert first == "trump-putin-paris-2018-announced-2018-10-23"  # readable (issue 16)
    again = diplo.ok(*args).output.strip()
    assert again == f"{first} (already present)"
    shown = diplo.json("show", first)
    assert (shown["speaker"], shown["side"], shown["quote"]) == ("John Bolton", "US", "I said yes")
    assert shown["plan_given"] == {"parties": ["US", "RU"], "place": "Paris"}


def test_the_same_statement_gets_the_same_id_in_two_ledgers(tmp_path: Path, write_yaml) -> None:
    from click.testing import CliRunner

    path = write_yaml([statement()])
    ids = []
    for name in ("one.sqlite", "two.sqlite"):
        d = Diplo(str(tmp_path / name), CliRunner())
        d.ok("import", path)
        ids.append(d.json("history", "trump-putin-paris-2018")[0]["id"])
    assert ids[0] == ids[1]


def test_show_gives_the_full_provenance(diplo: Diplo, write_yaml) -> None:
    source = {**SOURCE, "url": "https://p.dw.com/p/3UZbK", "title": "T", "language": "en"}
    diplo.ok(
        "import",
        write_yaml(
            [
                statement(
                    id="p1",
                    attribution="second_hand",
                    speaker="Vladimir Putin",
                    side="RU",
                    via="John Bolton",
                    summary="Putin suggested the meeting",
                    source=source,
                )
            ]
        ),
    )
    shown = diplo.json("show", "p1")
    assert shown["attribution"] == "second_hand"
    assert shown["via"] == "John Bolton"
    assert shown["source"] == source
    assert shown["summary"] == "Putin suggested the meeting"
    text = diplo.ok("show", "p1").output
    assert "https://p.dw.com/p/3UZbK" in text and "second_hand" in text


def test_a_correction_appends_an_erratum_and_keeps_the_original(diplo: Diplo, write_yaml) -> None:
    diplo.ok("import", write_yaml([statement(id="c1", speaker="Jon Bolton")]))
    result = diplo.ok("correct", "c1", "--speaker", "John Bolton", "--reason", "typo in name")
    assert result.output.strip() == "c1: corrected speaker"
    rows = diplo.stored_events()
    assert [topic for _, _, topic, _ in rows] == [
        "ledger.events:MeetingAnnounced",
        "ledger.events:StatementCorrected",
    ]
    assert json.loads(rows[0][3])["statement"]["speaker"] == "Jon Bolton"
    assert json.loads(rows[1][3])["corrected"] == {"speaker": "John Bolton"}
    shown = diplo.json("show", "c1")
    assert shown["speaker"] == "John Bolton"
    assert shown["errata"][0]["reason"] == "typo in name"
    assert shown["errata"][0]["corrected"] == {"speaker": "John Bolton"}


def test_a_correction_of_the_date_moves_the_statement_in_the_fold(diplo: Diplo, write_yaml) -> None:
    diplo.ok("import", write_yaml([statement(id="c1", said_on="2018-10-23")]))
    before = diplo.json("status", "trump-putin-paris-2018", "--as-of", "2018-10-21")
    assert before["status"] == "unannounced"
    diplo.ok("correct", "c1", "--said-on", "2018-10-20", "--reason", "said on Saturday")
    early = diplo.json("status", "trump-putin-paris-2018", "--as-of", "2018-10-21")
    assert early["parties"] == {"US": "supports", "RU": "silent"}


def test_the_people_registry_maps_aliases_and_keeps_the_name_as_written(
    db_url: str, tmp_path: Path, write_yaml
) -> None:
    from click.testing import CliRunner

    registry = tmp_path / "people.yaml"
    registry.write_text(
        "people:\n  - name: Volodymyr Zelensky\n    side: UA\n    aliases: [Zelenskiy]\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    path = write_yaml(
        [
            statement(
                id="z1",
                speaker="Zelenskiy",
                side="UA",
                parties=["UA", "RU"],
                participants=["Zelenskiy", "Vladimir Putin"],
            )
        ]
    )
    result = runner.invoke(main_cli(), ["--db", db_url, "--people", str(registry), "import", path])
    assert result.exit_code == 0, result.output
    shown = Diplo(db_url, runner).json("show", "z1")
    assert (shown["speaker"], shown["speaker_as_written"]) == ("Volodymyr Zelensky", "Zelenskiy")
    assert shown["plan_given"]["participants"] == ["Volodymyr Zelensky", "Vladimir Putin"]


def main_cli():  # the click group, imported late so the test reads top-down
    from diplo.cli import main

    return main


def test_python_dash_m_diplo_runs_the_same_command_line(db_url: str) -> None:
    Ledger(choose_database(db_url)).close()  # an empty ledger, made as the library makes one
    completed = subprocess.run(
        [sys.executable, "-m", "diplo", "--db", db_url, "meetings", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == []
