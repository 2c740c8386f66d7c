"""Where not even the narrowest meetings table fits, each meeting is a block: its slug whole on
its own line, then its details beside their labels (never a slug cut across lines)."""

from __future__ import annotations

from collections.abc import Callable

from click.testing import CliRunner

from diplo.cli import main
from tests.conftest import Diplo, statement

AT_40 = {"COLUMNS": "40", "FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": None}

MEETINGS_AT_40 = """\
Meetings

trump-putin-paris-2018
  status:     proposed
  parties:    US supports, RU silent
  statements: 1
  latest:     23 Oct 2018
"""
"""Written by hand: the narrowest table (meeting 22, status 8, planned for 7, count 5, and 13
of borders) needs 55 columns; the labels are padded to "statements:" (11) and one space, the
place and planned date (none) are left out."""


def test_meetings_too_narrow_for_a_table_are_listed_as_blocks(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ok("import", write_yaml([statement(id="a")]))
    shown = CliRunner().invoke(main, ["--db", diplo.db, "meetings"], env=AT_40)
    assert shown.exit_code == 0, shown.output
    assert shown.output == MEETINGS_AT_40
