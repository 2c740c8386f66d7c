"""Issue 13, item 16: outputs are safe. CSV cells that a spreadsheet would run are neutralised
(OWASP: a single quote in front), and text shown on a terminal never carries a raw control
character, escape sequence or bidirectional override. The terminal is a real pseudo-terminal
(`pty`) in front of a real `diplo` process."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from tests.conftest import Diplo, statement

ESC_CLEAR = "\x1b[2J"
CSI_C1 = "\x9b31m"
RTL = "\u202e"
EVIL = statement(
    id="evil",
    speaker="=cmd|' /C calc'!A0 " + ESC_CLEAR,
    quote="@SUM(1+1) " + CSI_C1 + " reversed " + RTL + "txet",
    place="+1+1 [/bold] \x1b]0;pwned\x07",
    participants=["-2+3", "\rhidden"],
)
RAW = (b"\x1b", "\x9b".encode(), RTL.encode(), b"\x07")
"""Bytes that must not reach the terminal: ESC, the one-byte CSI (UTF-8), RLO, BEL."""
SHOWN = ("\\x1b[2J", "\\x9b31m", "\\u202etxet")
"""How the hostile text is shown instead."""


@pytest.fixture
def evil(sqlite_path: str, write_yaml: Callable[..., str]) -> Diplo:
    diplo = Diplo(sqlite_path, CliRunner())
    diplo.ok("import", write_yaml([EVIL]))
    return diplo


def on_terminal(db: str, *args: str, exit_code: int = 0) -> bytes:
    """What `diplo --db DB ARGS` writes to a terminal (standard output and error)."""
    controller, terminal = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "300", "TERM": "xterm"}
    process = subprocess.Popen(
        [sys.executable, "-m", "diplo", "--db", db, *args],
        stdin=subprocess.DEVNULL,
        stdout=terminal,
        stderr=terminal,
        env=env,
    )
    os.close(terminal)
    received = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the terminal's other end is closed
            break
        if not chunk:
            break
        received += chunk
    os.close(controller)
    assert process.wait(timeout=60) == exit_code, received
    return received


TERMINAL_COMMANDS = {
    "show": ["show", "evil"],
    "history": ["history", "trump-putin-paris-2018"],
    "status": ["status", "trump-putin-paris-2018"],
    "meetings": ["meetings"],
    "show --csv": ["show", "evil", "--csv"],
    "history --csv": ["history", "trump-putin-paris-2018", "--csv"],
    "show --json": ["show", "evil", "--json"],
    "export cameo": ["export", "--format", "cameo"],
    "export jsonl": ["export"],
}


@pytest.mark.parametrize("case", list(TERMINAL_COMMANDS), ids=list(TERMINAL_COMMANDS))
def test_hostile_text_reaches_a_terminal_escaped_never_raw(evil: Diplo, case: str) -> None:
    shown = on_terminal(evil.db, *TERMINAL_COMMANDS[case])
    for raw in RAW:
        assert raw not in shown, (raw, shown)
    text = shown.decode()
    if case in ("status", "meetings"):  # these show the place, not the quote
        assert "\\x1b]0;pwned\\x07" in text
    elif case in ("show --json", "export jsonl"):  # JSON's own escapes: still the same JSON value
        assert "\\u001b[2J" in text and "\\u009b31m" in text and "\\u202etxet" in text
    else:
        assert all(form in text for form in SHOWN), text


def test_an_error_message_quoting_hostile_input_is_escaped_on_a_terminal(
    evil: Diplo, tmp_path: Path
) -> None:
    path = tmp_path / "bad\x1b[2J.yaml"
    received = on_terminal(evil.db, "import", str(path), exit_code=1)
    assert b"\x1b" not in received
    assert b"bad\\x1b[2J.yaml: cannot read" in received


def test_json_output_has_no_raw_c1_or_bidi_controls_and_decodes_to_the_text_given(
    evil: Diplo,
) -> None:
    output = evil.ok("show", "evil", "--json").output
    assert "\x9b" not in output and RTL not in output and "\x1b" not in output
    assert json.loads(output)["quote"] == EVIL["quote"]


def test_a_pipe_gets_the_text_unescaped_in_csv(evil: Diplo) -> None:
    # (click.echo itself drops ANSI escape sequences when it writes to a pipe)
    (row,) = csv.DictReader(io.StringIO(evil.ok("show", "evil", "--csv").output))
    assert row["quote"] == "'" + EVIL["quote"]


def test_csv_cells_that_a_spreadsheet_would_run_get_a_quote_in_front(evil: Diplo) -> None:
    (row,) = csv.DictReader(
        io.StringIO(evil.ok("history", "trump-putin-paris-2018", "--csv").output)
    )
    assert row["speaker"].startswith("'=cmd|' /C calc'!A0 ")  # (its ESC dropped by click)
    assert row["quote"] == "'@SUM(1+1) " + CSI_C1 + " reversed " + RTL + "txet"
    (shown,) = csv.DictReader(io.StringIO(evil.ok("show", "evil", "--csv").output))
    assert shown["speaker"].startswith("'=cmd")
    plain = evil.ok("meetings", "--csv").output
    assert "trump-putin-paris-2018" in plain and "'trump" not in plain


def test_the_cameo_export_neutralises_formula_cells(evil: Diplo, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    evil.ok("export", "--format", "cameo", "-o", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert rows, "the statement gives at least one CAMEO row"
    for row in rows:
        assert row["speaker"] == "'=cmd|' /C calc'!A0 " + ESC_CLEAR
        assert row["quote_or_summary"] == "'@SUM(1+1) " + CSI_C1 + " reversed " + RTL + "txet"
        assert row["statement"] == "evil" and row["kind"] == "announced"


@pytest.mark.parametrize("first", ["=", "+", "-", "@"])
def test_each_formula_start_is_neutralised_in_csv(
    sqlite_path: str, write_yaml: Callable[..., str], first: str
) -> None:
    diplo = Diplo(sqlite_path, CliRunner())
    diplo.ok("import", write_yaml([statement(id="f", summary="x", quote=None, via=f"{first}1+1")]))
    (row,) = csv.DictReader(io.StringIO(diplo.ok("show", "f", "--csv").output))
    assert row["via"] == f"'{first}1+1"


def test_rich_markup_in_user_text_is_shown_as_text(evil: Diplo) -> None:
    output = evil.ok("status", "trump-putin-paris-2018").output
    assert "+1+1 [/bold]" in output


def test_a_cell_starting_with_tab_or_cr_is_neutralised_too() -> None:
    # Statement fields are stripped of white space on input, so only other text can start so.
    from diplo.render import to_csv

    text = to_csv([{"a": "\tx", "b": "\rx", "c": "x\ty", "d": 5}])
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["a", "b", "c", "d"],
        ["'\tx", "'\rx", "x\ty", "5"],
    ]


def test_the_import_report_shows_a_hostile_file_name_escaped(evil: Diplo, tmp_path: Path) -> None:
    path = tmp_path / "new\x1b[2J.jsonl"
    path.write_text(json.dumps(statement(id="other", quote="other words")) + "\n")
    received = on_terminal(evil.db, "import", str(path))
    assert b"\x1b" not in received
    assert b"new\\x1b[2J.jsonl: 1 new, 0 already present" in received


def test_a_timeline_and_a_site_of_hostile_text_are_well_formed_svg_and_pages(
    evil: Diplo, tmp_path: Path, write_yaml: Callable[..., str]
) -> None:
    # SVG is XML, which cannot hold ESC, BEL, CR alone or U+FFFE: the picture shows them
    # escaped.
    odd = statement(id="odd", kind="confirmed", side="RU", speaker="Odd\ufffeName", parties=None)
    evil.ok("import", write_yaml([odd]))
    picture = tmp_path / "paris.svg"
    evil.ok("timeline", "trump-putin-paris-2018", "-o", str(picture))
    drawn = ElementTree.parse(picture).getroot()
    assert drawn.tag.endswith("svg")
    assert not any(raw in picture.read_bytes() for raw in RAW)
    site = tmp_path / "site"
    shown = evil("site", str(site))
    assert shown.exit_code == 0, shown.output
    page = (site / "meetings" / "trump-putin-paris-2018.html").read_bytes()
    assert b"<svg" in page and not any(raw in page for raw in RAW)
