"""The command line as analysts meet it: tables on a terminal, clean machine output in a pipe."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplo.cli import SECTIONS, main
from tests.conftest import Diplo, statement

TERMINAL = {"FORCE_COLOR": "1", "COLUMNS": "160", "NO_COLOR": ""}
PIPE = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": ""}
LISTINGS = [
    ["meetings"],
    ["status", "trump-putin-paris-2018"],
    ["history", "trump-putin-paris-2018"],
    ["show", "dk-ushakov-confirms-paris"],
]


@pytest.fixture
def seeded(diplo: Diplo) -> Diplo:
    diplo.import_seed()
    return diplo


def run(diplo: Diplo, env: dict[str, str | None], *args: str) -> str:
    result = CliRunner(env=env).invoke(main, ["--db", diplo.db, *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("args", LISTINGS, ids=[a[0] for a in LISTINGS])
def test_on_a_terminal_listings_are_styled_tables_and_in_a_pipe_plain_text(
    seeded: Diplo, args: list[str]
) -> None:
    styled = run(seeded, TERMINAL, *args)
    plain = run(seeded, {**PIPE, "COLUMNS": "160"}, *args)  # as wide as the terminal
    assert "\x1b[" in styled
    assert "\x1b[" not in plain
    assert "\x1b[" not in run(seeded, {**TERMINAL, "NO_COLOR": "1"}, *args)
    if args[0] in ("meetings", "history"):
        assert "┃" in plain and "┃" in styled  # a table, in both
    assert "Paris" in plain or "trump-putin-paris-2018" in plain or "Ushakov" in plain


@pytest.mark.parametrize("args", LISTINGS, ids=[a[0] for a in LISTINGS])
def test_every_listing_gives_json_json_lines_and_csv(seeded: Diplo, args: list[str]) -> None:
    as_json = json.loads(run(seeded, TERMINAL, *args, "--json"))
    rows = as_json if isinstance(as_json, list) else [as_json]
    lines = run(seeded, TERMINAL, *args, "--jsonl").splitlines()
    assert [json.loads(line) for line in lines] == rows
    table = list(csv.DictReader(io.StringIO(run(seeded, TERMINAL, *args, "--csv"))))
    assert len(table) == len(rows)
    first = rows[0]
    key = "meeting" if "meeting" in first else "id"
    assert table[0][key] == first[key]
    for text in (lines[0], run(seeded, TERMINAL, *args, "--csv")):
        assert "\x1b[" not in text


def test_meetings_csv_has_one_row_per_meeting_with_flat_columns(seeded: Diplo) -> None:
    table = list(csv.DictReader(io.StringIO(run(seeded, PIPE, "meetings", "--csv"))))
    paris = next(row for row in table if row["meeting"] == "trump-putin-paris-2018")
    assert (paris["status"], paris["disputed"]) == ("agreed", "false")
    assert (paris["parties.US"], paris["parties.RU"]) == ("supports", "supports")
    assert (paris["plan.place"], paris["plan.planned_for"]) == ("Paris", "2018-11-11")
    assert paris["plan.participants"] == "Donald Trump; Vladimir Putin"
    assert "parties" not in paris  # nested JSON in a cell (issue 16, problem 7) no more


def test_help_groups_the_commands_and_each_command_teaches_with_an_example() -> None:
    runner = CliRunner()
    top = runner.invoke(main, ["--help"]).output
    for heading in (
        "Commands to record:",
        "Commands to query:",
        "Commands to audit:",
        "Commands to administer:",
    ):
        assert heading in top
    for names in SECTIONS.values():
        for name in names:
            text = runner.invoke(main, [name, "--help"]).output
            assert "Example:" in text, name
            assert f"diplo {name}" in text or "diplo " in text, name


def test_a_mistyped_command_suggests_the_right_one() -> None:
    result = CliRunner().invoke(main, ["histroy", "x"])
    assert result.exit_code == 2
    assert "No such command 'histroy'. Did you mean 'history'?" in result.output


def test_version_is_printed() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == "diplo, version 0.1.0"


def test_meeting_slugs_and_statement_ids_complete_in_the_shell(seeded: Diplo) -> None:
    for shell in ("bash", "zsh", "fish"):
        word = "trump-putin-p" if shell == "fish" else "4"  # fish passes the word itself
        env = {
            "_DIPLO_COMPLETE": f"{shell}_complete",
            "COMP_WORDS": f"diplo --db {seeded.db} status trump-putin-p",
            "COMP_CWORD": word,
        }
        result = CliRunner(env=env).invoke(main, [], prog_name="diplo")
        assert "trump-putin-paris-2018" in result.output, (shell, result.output)
    env = {
        "_DIPLO_COMPLETE": "bash_complete",
        "COMP_WORDS": f"diplo --db {seeded.db} show dk-",
        "COMP_CWORD": "4",
    }
    result = CliRunner(env=env).invoke(main, [], prog_name="diplo")
    assert "dk-ushakov-confirms-paris" in result.output


def test_errors_have_no_traceback_unless_debug_is_given(diplo: Diplo, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(statement(kind="summoned")) + "\n", encoding="utf-8")
    plain = diplo("import", str(bad))
    assert plain.exit_code == 1 and "Traceback" not in plain.output
    debug = CliRunner().invoke(main, ["--db", diplo.db, "--debug", "import", str(bad)])
    assert debug.exit_code == 1
    assert type(debug.exception).__name__ == "InputRejected"


def test_a_large_import_shows_a_progress_bar_with_a_rate_only_on_a_terminal(
    diplo: Diplo, write_yaml: Callable[..., str], tmp_path: Path
) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text(
        "".join(
            json.dumps(statement(id=f"p{n}", meeting=f"progress-{n % 50:02d}")) + "\n"
            for n in range(2_500)
        ),
        encoding="utf-8",
    )
    on_terminal = CliRunner(env=TERMINAL).invoke(main, ["--db", diplo.db, "import", str(path)])
    assert on_terminal.exit_code == 0, on_terminal.output
    assert "statements/s" in on_terminal.output
    piped = CliRunner(env=PIPE).invoke(main, ["--db", diplo.db, "import", str(path)])
    assert piped.output.strip() == f"{path}: 0 new, 2500 already present"


def test_timeline_draws_a_meeting_and_the_overview_from_the_command_line(
    seeded: Diplo, tmp_path: Path
) -> None:
    picture = tmp_path / "paris.png"
    assert (
        run(seeded, PIPE, "timeline", "trump-putin-paris-2018", "-o", str(picture)).strip()
        == f"wrote {picture}"
    )
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    overview = tmp_path / "ukraine.svg"
    run(seeded, PIPE, "timeline", "--party", "UA", "-o", str(overview))
    assert overview.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    wrong = CliRunner().invoke(main, ["--db", seeded.db, "timeline", "-o", "x.gif"])
    assert wrong.exit_code == 1 and "give a .png or .svg file name" in wrong.output


def test_exports_in_standard_formats_from_the_command_line(seeded: Diplo) -> None:
    rows = list(csv.DictReader(io.StringIO(run(seeded, PIPE, "export", "--format", "cameo"))))
    ushakov = next(row for row in rows if row["statement"] == "dk-ushakov-confirms-paris")
    assert (ushakov["cameo"], ushakov["source"], ushakov["target"]) == ("036", "RUS", "USA")
    plover = [
        json.loads(line)
        for line in run(
            seeded, PIPE, "export", "--format", "plover", "--meeting", "trump-putin-summit-2025"
        ).splitlines()
    ]
    assert {record["meeting"] for record in plover} == {"trump-putin-summit-2025"}
    peskov = next(record for record in plover if record["kind"] == "denied")
    assert (peskov["event"], peskov["actor"]) == (
        ["REJECT"],
        [{"code": "RUS", "entity_text": "RU"}],
    )
    calendar = run(seeded, PIPE, "export", "--format", "ical")
    assert calendar.startswith("BEGIN:VCALENDAR")


def test_a_site_shows_the_meetings_it_has_written_only_on_a_terminal(
    sqlite_path: str, write_yaml: Callable[..., str], tmp_path: Path
) -> None:
    two = Diplo(sqlite_path, CliRunner())
    two.ok("import", write_yaml([statement(id="a"), statement(id="b", meeting="bilateral-2018")]))
    site = ["--db", sqlite_path, "site", str(tmp_path / "public"), "--jobs", "1"]
    on_terminal = CliRunner(env=TERMINAL).invoke(main, site)
    assert on_terminal.exit_code == 0, on_terminal.output
    assert "writing the site" in on_terminal.stderr
    assert "2/2" in on_terminal.stderr  # (meetings written, of the two)
    piped = CliRunner(env=PIPE).invoke(main, site)
    assert piped.exit_code == 0, piped.output
    assert "writing the site" not in piped.stderr
    assert piped.stdout.startswith("wrote ")
