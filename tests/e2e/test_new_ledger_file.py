"""A SQLite ledger appears only once something is recorded in it, and reading one that is not
there says so instead of making an empty one (which a mistyped --db used to do, and `verify`
then answered "ok")."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplo.cli import main
from ledger.application import Ledger
from ledger.storage import choose_database
from tests.conftest import FIXTURES, SEED_FILES, Diplo, statement

NO_LEDGER = (
    "Error: no ledger at {path}: nothing has been recorded there (is --db or DIPLO_DB right? "
    "diplo import FILE or diplo append starts a ledger)\n"
)


def everything_in(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def jsonl(path: Path, *lines: dict[str, object]) -> str:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return str(path)


READING = [
    ["meetings"],
    ["status", "trump-putin-paris-2018"],
    ["history", "trump-putin-paris-2018"],
    ["show", "hill-bolton-paris-yes"],
    ["verify"],
    ["export", "-o", "-"],
    ["rebuild"],
    ["search", "Paris"],
    ["timeline", "trump-putin-paris-2018", "-o", "paris.png"],
    ["site", "public"],
    ["withdraw", "hill-bolton-paris-yes", "--meeting", "trump-putin-paris-2018",
     "--reason", "typo"],
]  # fmt: skip


@pytest.mark.parametrize("command", READING, ids=[" ".join(c[:1]) for c in READING])
def test_a_command_on_a_ledger_that_is_not_there_names_it_and_makes_nothing(
    tmp_path: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    missing = Path("typo") / "ledgr.sqlite"
    result = CliRunner().invoke(main, ["--db", str(missing), *command])
    assert result.exit_code == 1
    assert result.output == NO_LEDGER.format(path=missing)
    assert everything_in(tmp_path) == []


def test_the_default_ledger_is_not_made_by_listing_meetings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DIPLO_DB", raising=False)
    result = CliRunner().invoke(main, ["meetings"])
    assert result.exit_code == 1
    assert result.output == NO_LEDGER.format(path=Path(".diplo/ledger.sqlite"))
    assert everything_in(tmp_path) == []


def test_a_failed_first_import_leaves_no_file_and_no_folder(tmp_path: Path) -> None:
    feed = jsonl(tmp_path / "feed.jsonl", statement(), statement(meeting="Not A Slug"))
    ledger = tmp_path / "new" / "deeper" / "ledger.sqlite"
    result = CliRunner().invoke(main, ["--db", str(ledger), "import", feed])
    assert result.exit_code == 1
    assert "line 2: meeting: 'Not A Slug' is not a slug" in result.output
    assert everything_in(tmp_path) == ["feed.jsonl"]


def test_a_first_import_that_records_nothing_leaves_no_file(tmp_path: Path) -> None:
    registry = tmp_path / "people.yaml"
    registry.write_text((FIXTURES / "people.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    ledger = tmp_path / "ledger.sqlite"
    result = CliRunner().invoke(main, ["--db", str(ledger), "import", str(registry)])
    assert result.exit_code == 0, result.output
    assert "a people registry, not statements: give it with --people" in result.output
    assert everything_in(tmp_path) == ["people.yaml"]


def test_a_first_import_puts_the_whole_ledger_in_place(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.sqlite"
    diplo = Diplo(str(ledger), CliRunner())
    diplo.import_seed()
    assert everything_in(tmp_path) == ["ledger.sqlite"]  # no temporary file, no -wal left
    with sqlite3.connect(ledger) as connection:  # whole on its own: the log was copied in
        stored = connection.execute("SELECT count(*) FROM stored_events").fetchone()[0]
        rows = connection.execute("SELECT count(*) FROM meeting_view").fetchone()[0]
    assert (stored, rows) == (34, 18)  # the 34 statements of fixtures/0*.yaml, on 18 meetings
    assert diplo.ok("verify").output.startswith("ok: checked 34 events in 18 meetings")


def test_reading_a_ledger_leaves_nothing_beside_it(tmp_path: Path) -> None:
    diplo = Diplo(str(tmp_path / "ledger.sqlite"), CliRunner())
    diplo.import_seed()
    for command in READING[:4]:
        diplo.ok(*command)
        assert everything_in(tmp_path) == ["ledger.sqlite"], command  # no -wal, no -shm


def test_a_first_import_of_two_files_keeps_the_one_that_worked(tmp_path: Path) -> None:
    good = jsonl(tmp_path / "good.jsonl", statement())
    bad = jsonl(tmp_path / "bad.jsonl", statement(side="XX"))
    ledger = tmp_path / "ledger.sqlite"
    result = CliRunner().invoke(main, ["--db", str(ledger), "import", bad, good])
    assert result.exit_code == 1
    assert everything_in(tmp_path) == ["bad.jsonl", "good.jsonl", "ledger.sqlite"]
    meetings = Diplo(str(ledger), CliRunner()).json("meetings")
    assert [row["meeting"] for row in meetings] == ["trump-putin-paris-2018"]


def test_a_first_append_starts_the_ledger_and_a_refused_one_does_not(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.sqlite"
    diplo = Diplo(str(ledger), CliRunner())
    fields = ["--meeting", "trump-putin-paris-2018", "--kind", "announced", "--speaker",
              "John Bolton", "--side", "US", "--said-on", "2018-10-23", "--outlet", "The Hill",
              "--published", "2018-10-23", "--party", "US", "--party", "RU"]  # fmt: skip
    refused = diplo("append", *fields[:-2], "--summary", "one party")
    assert refused.exit_code == 1
    assert everything_in(tmp_path) == []
    diplo.ok("append", *fields, "--summary", "Bolton says Trump will meet Putin in Paris")
    assert everything_in(tmp_path) == ["ledger.sqlite"]
    assert diplo.json("status", "trump-putin-paris-2018")["status"] == "proposed"


def test_copying_from_a_ledger_that_is_not_there_is_refused(tmp_path: Path) -> None:
    missing, target = tmp_path / "missing.sqlite", tmp_path / "copy.sqlite"
    result = CliRunner().invoke(main, ["copy", "--from", str(missing), "--to", str(target)])
    assert result.exit_code == 1
    assert result.output == NO_LEDGER.format(path=missing)
    assert everything_in(tmp_path) == []


def test_a_copy_starts_its_target_ledger(tmp_path: Path) -> None:
    source = Diplo(str(tmp_path / "source.sqlite"), CliRunner())
    source.ok("import", SEED_FILES[0])
    target = tmp_path / "copy.sqlite"
    copied = CliRunner().invoke(main, ["copy", "--from", source.db, "--to", str(target)])
    assert copied.exit_code == 0, copied.output
    assert everything_in(tmp_path) == ["copy.sqlite", "source.sqlite"]
    assert Diplo(str(target), CliRunner()).ok("verify").output.startswith("ok: checked 9 events")


def test_completing_a_slug_on_a_ledger_that_is_not_there_offers_nothing_and_makes_nothing(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "missing.sqlite"
    env = {
        "_DIPLO_COMPLETE": "bash_complete",
        "COMP_WORDS": f"diplo --db {missing} status trump",
        "COMP_CWORD": "4",
    }
    result = CliRunner(env=env).invoke(main, [], prog_name="diplo")
    assert result.output.strip() == ""
    assert everything_in(tmp_path) == []


def test_a_file_uri_naming_no_file_is_refused_too(tmp_path: Path) -> None:
    missing = tmp_path / "x.sqlite"
    result = CliRunner().invoke(main, ["--db", f"file:{missing}?mode=rwc", "verify"])
    assert result.exit_code == 1
    assert result.output == NO_LEDGER.format(path=missing)
    assert everything_in(tmp_path) == []


def test_copying_an_empty_ledger_says_no_ledger_was_made(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    Ledger(choose_database(str(empty))).close()  # made at once, as the library makes one
    target = tmp_path / "copy.sqlite"
    result = CliRunner().invoke(main, ["copy", "--from", str(empty), "--to", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"copied no event: the source holds none, so no ledger was made at {target}\n"
    )
    assert everything_in(tmp_path) == ["empty.sqlite"]
