"""Start-up (issue 14): `diplo --version`, `--help` and a query load only what they need.

Each check runs `python -m diplo` in a fresh interpreter and reads its `sys.modules` at exit:
a test of what is imported, never of time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from diplo.cli import COMMANDS, SECTIONS, main
from ledger.application import Ledger, Located
from ledger.statement import StatementInput
from ledger.storage import choose_database
from projections.queries import ReadSide
from projections.steps import STEPS_FROM
from projections.view import Projector
from tests.conftest import SEED_FILES, statement
from tests.integration.test_fold_steps import story

HEAVY = (
    "eventsourcing",
    "pydantic",
    "rich",
    "yaml",
    "babel",
    "edtf",
    "matplotlib",
    "starlette",
    "jinja2",
    "icalendar",
    "psycopg",
    "ledger.application",
    "ledger.statement",
    "diplo.render",
)
"""Libraries (and modules of ours) that `--version` and `--help` have no use for."""

PROBE = """
import atexit, sys, runpy
atexit.register(lambda: print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr))
sys.argv = ["diplo", *{args!r}]
runpy.run_module("diplo", run_name="__main__")
"""


def loaded(*args: str) -> list[str]:
    """The HEAVY modules a fresh `python -m diplo ARGS` has imported when it exits."""
    probe = PROBE.format(heavy=HEAVY, args=list(args))
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return eval(result.stderr.splitlines()[-1])  # noqa: S307 - our own probe's printed list


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["-h"]])
def test_the_version_and_the_help_load_no_library_of_the_ledger_or_its_output(
    args: list[str],
) -> None:
    assert loaded(*args) == []


def test_the_help_of_one_command_loads_the_write_side_only_for_a_write_command() -> None:
    assert "ledger.application" not in loaded("status", "--help")
    assert "ledger.application" in loaded("import", "--help")


def test_each_command_listed_lazily_is_the_command_its_module_defines() -> None:
    context = click.Context(main)
    for name, where in COMMANDS.items():
        command = main.get_command(context, name)
        assert command is not None, name
        assert command.name == name
        assert " ".join((command.help or "").split("\n\n")[0].split()) == where.summary, name


def test_every_command_is_in_one_help_section_and_every_section_name_is_a_command() -> None:
    listed = [name for names in SECTIONS.values() for name in names]
    assert sorted(listed) == sorted(COMMANDS)
    assert len(listed) == len(set(listed))


def test_the_help_shows_each_commands_own_short_help_before_its_module_is_loaded() -> None:
    help_text = CliRunner().invoke(main, ["--help"]).output
    assert "  meetings  List the meetings in the ledger with their current status.\n" in help_text
    assert "  status    Where a meeting stands: now, as of a date, or as the ledger had\n" in (
        help_text
    )
    assert "Commands to publish:\n  serve  Browse the ledger in a web browser (read-only).\n" in (
        help_text
    )


def test_shell_completion_of_a_command_name_lists_the_matching_commands_with_their_help() -> None:
    context = click.Context(main)
    items = [item for item in main.shell_complete(context, "s") if item.type == "plain"]
    names = ["search", "serve", "show", "site", "status"]
    assert [item.value for item in items if not item.value.startswith("-")] == names
    for item in items:
        command = main.get_command(context, item.value)
        assert command is not None
        assert item.help == command.get_short_help_str()
    assert "Browse the ledger in a web browser..." in [item.help for item in items]


def test_a_status_as_json_on_a_current_sqlite_view_loads_neither_the_write_side_nor_pydantic(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "ledger.sqlite")
    result = CliRunner().invoke(main, ["--db", db, "import", *SEED_FILES])
    assert result.exit_code == 0, result.output
    modules = loaded("--db", db, "status", "trump-putin-paris-2018", "--json")
    assert [m for m in modules if m not in ("babel",)] == []


def test_a_status_and_a_listing_on_a_view_behind_the_log_bring_the_view_up_first(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "ledger.sqlite")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "import", *SEED_FILES]).exit_code == 0
    slug = "trump-putin-washington-2018"
    cancelled = statement(
        id="washington-called-off",
        meeting=slug,
        kind="cancelled",
        said_on="2018-12-20",
        quote="The Washington meeting will not take place this year",
        source={"outlet": "The Hill", "published": "2018-12-21"},
    )
    app = Ledger(choose_database(db))  # the write side alone: the view stays where it was
    try:
        app.record([Located("test", StatementInput.model_validate(cancelled))])
    finally:
        app.close()
    status = runner.invoke(main, ["--db", db, "status", slug, "--json"])
    assert json.loads(status.output)["status"] == "cancelled"
    listing = runner.invoke(main, ["--db", db, "meetings", "--json"])
    assert {m["meeting"]: m["status"] for m in json.loads(listing.output)}[slug] == "cancelled"


def test_the_history_of_a_big_meeting_on_a_current_sqlite_view_loads_no_write_side(
    tmp_path: Path,
) -> None:
    # A meeting of STEPS_FROM statements has its steps stored: read as they are, as status is.
    db = str(tmp_path / "ledger.sqlite")
    app = Ledger(choose_database(db))
    try:
        told = story(31, STEPS_FROM, "big-one")
        app.record([Located("test", StatementInput.model_validate(raw)) for raw in told])
        projector = Projector.of(app)
        projector.catch_up()
        expected = ReadSide(projector).history("big-one")
    finally:
        app.close()
    assert expected is not None and len(expected) == STEPS_FROM
    modules = loaded("--db", db, "history", "big-one", "--json")
    assert [m for m in modules if m not in ("babel",)] == []
    shown = CliRunner().invoke(main, ["--db", db, "history", "big-one", "--json"])
    assert shown.exit_code == 0, shown.output
    assert [step["id"] for step in json.loads(shown.output)] == [s["id"] for s in expected]
