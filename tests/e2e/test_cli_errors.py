"""Every known failure of a command is one line and exit 1; only a bug says "unexpected"."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from diplo.cli.session import translate_errors
from ledger.dates import DateError, date_bounds
from ledger.statement import FieldError
from projections.queries import ReadSide
from tests.conftest import SEED_FILES, Diplo, statement


@pytest.fixture
def seeded(diplo: Diplo, write_yaml: Callable[..., str]) -> Diplo:
    """A ledger holding one statement (`seed`) about the Paris meeting."""
    diplo.ok("import", write_yaml([statement(id="seed")]))
    return diplo


def test_a_timeline_of_a_party_with_no_meeting_says_so_in_one_line(
    seeded: Diplo, tmp_path: Path
) -> None:
    picture = tmp_path / "x.png"
    result = seeded("timeline", "--party", "ZZ", "-o", str(picture))
    assert (result.exit_code, result.output) == (1, "Error: no meeting to draw with party ZZ\n")
    assert not picture.exists()


def test_an_export_of_an_unknown_meeting_fails_and_leaves_the_file_as_it_was(
    seeded: Diplo, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "events.csv"
    target.write_text("kept\n")
    result = seeded("export", "--format", "cameo", "--meeting", "nope", "-o", str(target))
    assert (result.exit_code, result.output) == (1, "Error: no meeting 'nope' in the ledger\n")
    assert target.read_text() == "kept\n"
    assert [path.name for path in folder.iterdir()] == ["events.csv"]


def test_an_export_into_a_missing_folder_names_the_file(seeded: Diplo, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "ledger.jsonl"
    result = seeded("export", "-o", str(target))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {target}: No such file or directory\n",
    )


def test_an_export_to_a_full_disk_names_the_file(seeded: Diplo) -> None:
    result = seeded("export", "-o", "/dev/full")
    assert (result.exit_code, result.output) == (1, "Error: /dev/full: No space left on device\n")


def test_an_export_to_a_file_replaces_it_only_once_complete(seeded: Diplo, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "ledger.jsonl"
    target.write_text("old\n")
    seeded.ok("export", "-o", str(target))
    lines = target.read_text().splitlines()
    assert len(lines) == 1 and '"event": "MeetingAnnounced"' in lines[0]
    assert [path.name for path in folder.iterdir()] == ["ledger.jsonl"]


def test_a_timeline_that_cannot_be_written_names_the_place(seeded: Diplo, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file, not a folder\n")
    result = seeded("timeline", "trump-putin-paris-2018", "-o", str(not_a_folder / "x.png"))
    assert result.exit_code == 1, result.output
    assert len(result.output.splitlines()) == 1, result.output
    assert result.output.startswith(f"Error: {not_a_folder}"), result.output
    assert "unexpected" not in result.output


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--size", "10", "Invalid value for --size: '10' is not WxH in inches, e.g. 10x4"),
        ("--size", "0x4", "Invalid value for --size: '0x4': each side must be over 0"),
        ("--annotate", "Armistice", "Invalid value for --annotate: 'Armistice' is not DATE=TEXT"),
        ("--annotate", "2018-13-01=x", "'2018-13-01=x' is not DATE=TEXT"),
    ],
)
def test_a_timeline_option_in_the_wrong_shape_is_a_usage_error(
    seeded: Diplo, tmp_path: Path, option: str, value: str, message: str
) -> None:
    picture = tmp_path / "x.svg"
    result = seeded("timeline", "trump-putin-paris-2018", "-o", str(picture), option, value)
    assert result.exit_code == 2, result.output
    assert message in result.output.splitlines()[-1]
    assert not picture.exists()


def _failing_with(error: Exception) -> click.Command:
    @click.command()
    @translate_errors
    def fails() -> None:
        raise error

    return fails


@pytest.mark.parametrize(
    ("error", "line"),
    [
        (
            FieldError("said_on", "'2018-02-30' is not a date"),
            "Error: said_on: '2018-02-30' is not a date\n",
        ),
        (
            OSError(28, "No space left on device", "out.png"),
            "Error: out.png: No space left on device\n",
        ),
    ],
)
def test_domain_and_file_errors_become_one_line(error: Exception, line: str) -> None:
    result = CliRunner().invoke(_failing_with(error))
    assert (result.exit_code, result.output) == (1, line)


def test_a_date_error_from_the_domain_becomes_one_line() -> None:
    with pytest.raises(DateError) as raised:
        date_bounds("2018-99")
    result = CliRunner().invoke(_failing_with(raised.value))
    assert result.exit_code == 1
    assert result.output == f"Error: {raised.value}\n"
    assert "2018-99" in result.output


def test_a_bug_still_asks_to_be_reported() -> None:
    result = CliRunner().invoke(_failing_with(RuntimeError("boom")))
    assert result.exit_code == 1
    assert result.output == (
        "Error: unexpected RuntimeError: boom "
        "(run with --debug for the traceback, and please report it)\n"
    )


def test_after_a_write_sqlite_catches_the_view_up_and_postgresql_leaves_it_to_project(
    seeded: Diplo,
) -> None:
    ledger = seeded.ledger()
    try:
        projector = ReadSide.of(ledger).projector
        written = ledger.recorder.max_notification_id() or 0
        expected = 0 if seeded.db.startswith("postgresql") else written
        assert projector.position() == expected
    finally:
        ledger.close()
    seeded.ok("project")


def test_correcting_one_source_field_keeps_the_others(seeded: Diplo) -> None:
    url = "https://example.org/corrected"
    seeded.ok("correct", "seed", "--source-url", url, "--reason", "the link moved")
    source = seeded.json("show", "seed")["source"]
    original = statement()["source"]
    assert source["url"] == url
    assert (source["outlet"], source["published"]) == (original["outlet"], original["published"])


def _libraries_loaded_by(*args: str) -> str:
    """Which heavy libraries a fresh Python has loaded after running `diplo ARGS`."""
    probe = (
        "import sys\n"
        "from diplo.cli import main\n"
        f"try:\n    main({list(args)!r}, prog_name='diplo')\n"
        "except SystemExit:\n    pass\n"
        "print([m for m in ('matplotlib', 'icalendar', 'psycopg') if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return result.stdout.splitlines()[-1]


@pytest.mark.parametrize(
    "args", [["--version"], ["--help"], ["status", "--help"], ["export", "--help"]]
)
def test_starting_the_command_loads_no_drawing_calendar_or_postgresql_library(
    args: list[str],
) -> None:
    assert _libraries_loaded_by(*args) == "[]"


def test_a_statement_asked_for_on_the_wrong_meeting_is_found_where_it_is(
    seeded: Diplo, write_yaml: Callable[..., str]
) -> None:
    seeded.ok("import", write_yaml([statement(id="other", meeting="trump-putin-helsinki-2018")]))
    expected = (
        "Error: no statement 'seed' on meeting 'trump-putin-helsinki-2018': it is on "
        "'trump-putin-paris-2018' (give --meeting trump-putin-paris-2018, or leave --meeting "
        "out)\n"
    )
    for command in (
        ["show", "seed"],
        ["withdraw", "seed", "--reason", "typo"],
        ["cite", "seed", "--outlet", "TASS", "--published", "2018-10-24"],
    ):
        result = seeded(*command, "--meeting", "trump-putin-helsinki-2018")
        assert (result.exit_code, result.output) == (1, expected), command
    assert seeded.json("show", "seed")["withdrawn"] is None  # nothing was recorded


def test_a_statement_asked_for_on_an_unknown_meeting_names_the_meeting(seeded: Diplo) -> None:
    result = seeded("show", "not-recorded", "--meeting", "trump-putin-pariss-2018")
    assert result.exit_code == 1
    assert result.output == (
        "Error: no meeting 'trump-putin-pariss-2018' in the ledger; "
        "did you mean 'trump-putin-paris-2018'?\n"
    )


def test_an_id_given_again_with_other_content_names_what_differs(
    seeded: Diplo, write_yaml: Callable[..., str]
) -> None:
    given = statement(id="seed", quote="Another quote", place="Moscow", said_on="2018-10-24")
    path = write_yaml([given])
    result = seeded("import", path)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}: statements[0]: id: 'seed' is already used for another statement in "
        "this meeting: place none recorded, 'Moscow' given; said_on '2018-10-23' recorded, "
        "'2018-10-24' given (and 1 more)\n"
    )


def test_a_file_imported_again_without_its_people_registry_is_told_to_give_it(
    diplo: Diplo,
) -> None:
    diplo.import_seed()  # with fixtures/people.yaml, as the demo does
    path = SEED_FILES[3]  # the Danish report: its first statement's speaker is "Bolton"
    result = diplo("import", path)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}: statements[0]: id: 'dk-bolton-putin-held' is already used for another "
        "statement in this meeting: speaker 'John Bolton' recorded, 'Bolton' given; if a people "
        "registry gave the recorded names, give it again (--people)\n"
    )


def test_a_moved_statement_asked_for_on_a_third_meeting_names_where_it_lives(
    seeded: Diplo,
) -> None:
    seeded.ok("move", "seed", "--to", "trump-putin-moscow-2018", "--reason", "wrong meeting")
    result = seeded("cite", "seed", "--meeting", "bolton-putin-moscow-2018", "--outlet", "TASS",
                    "--published", "2018-10-24")  # fmt: skip
    assert result.exit_code == 1
    assert result.output == (
        "Error: no statement 'seed' on meeting 'bolton-putin-moscow-2018': it is on "
        "'trump-putin-moscow-2018' and 'trump-putin-paris-2018' (withdrawn there) "
        "(give --meeting trump-putin-moscow-2018, or leave --meeting out)\n"
    )
