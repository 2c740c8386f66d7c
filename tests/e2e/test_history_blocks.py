"""A history too wide for a table is laid out as blocks: each detail's text wrapped beside its
label, a tab expanded, a word longer than the line folded, every line within the width."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
from click.testing import CliRunner

from diplo.cli import main

AT_40 = {"COLUMNS": "40", "FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": None}
URL = "https://example.org/" + "a" * 40

HISTORY_AT_40 = """\
History of geneva-talks

1 Mar 2019  announced  Ann Lee (US)  g1
  words:   Talks   in Geneva
  sources: Wire, 1 Mar 2019
           https://example.org/aaaaaaaaa
           aaaaaaaaaaaaaaaaaaaaaaaaaaaaa
           aa
  status:  - -> proposed
  changed: status: unannounced ->
           proposed
           stance.US: silent -> supports
           plan.parties: - -> RU, US
"""
"""Written by hand: the label column is as wide as "sources:" and "changed:" (8) and one space
follows it, so each text is wrapped to 40 - 2 - 8 - 1 = 29 columns; the tab after "Talks" (5
characters) stops at column 8; the 60-character url is cut into 29, 29 and 2."""


HISTORY_AT_20 = """\
History of
geneva-talks

1 Mar 2019
announced  Ann Lee
(US)  g1
  words:
    Talks in Geneva
  sources:
    Wire, 1 Mar 2019
    https://example.
    org/a
  status:
    - -> proposed
  changed:
    status:
    unannounced ->
    proposed
    stance.US:
    silent ->
    supports
    plan.parties: -
    -> RU, US
"""
"""Written by hand: beside labels 8 wide, the texts would have 20 - 2 - 8 - 1 = 9 columns,
under the narrowest (16), so each text goes under its label, wrapped to 20 - 4 = 16 columns;
the heading breaks where Rich breaks it (two spaces apart: "2019  " ends the first line);
the 21-character url is cut into 16 and 5."""


def history_of(tmp_path: Path, env: dict[str, str | None], **fields: object) -> str:
    """The text history of a meeting of one statement (`fields` replacing its defaults)."""
    statement = {
        "id": "g1",
        "meeting": "geneva-talks",
        "kind": "announced",
        "speaker": "Ann Lee",
        "side": "US",
        "said_on": "2019-03-01",
        "parties": ["RU", "US"],
        "quote": "Talks\tin Geneva",
        "source": {"outlet": "Wire", "published": "2019-03-01", "url": URL},
        **fields,
    }
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(orjson.dumps(statement) + b"\n")
    db = str(tmp_path / "ledger.sqlite")
    runner = CliRunner()
    imported = runner.invoke(main, ["--db", db, "import", str(feed)], env=env)
    assert imported.exit_code == 0, imported.output
    shown = runner.invoke(main, ["--db", db, "history", "geneva-talks"], env=env)
    assert shown.exit_code == 0, shown.output
    return shown.output


def test_a_history_wider_than_the_terminal_is_laid_out_as_blocks(tmp_path: Path) -> None:
    assert history_of(tmp_path, AT_40) == HISTORY_AT_40


def test_on_a_narrow_terminal_each_text_goes_under_its_label(tmp_path: Path) -> None:
    source = {"outlet": "Wire", "published": "2019-03-01", "url": "https://example.org/a"}
    at_20 = {**AT_40, "COLUMNS": "20"}
    assert history_of(tmp_path, at_20, quote="Talks in Geneva", source=source) == HISTORY_AT_20


def test_in_colour_the_statement_column_of_a_table_is_bold_throughout(tmp_path: Path) -> None:
    terminal = {**AT_40, "COLUMNS": "200", "FORCE_COLOR": "1"}
    shown = history_of(tmp_path, terminal, quote="Talks in Geneva")
    assert "┃" in shown  # a table
    (heading,) = [line for line in shown.splitlines() if "announced" in line]
    assert re.search("\x1b\\[1mannounced +\x1b\\[0m", heading), heading  # its padding too
