"""A history too wide for a table is laid out as blocks: each detail's text wrapped beside its
label, a tab expanded, a word longer than the line folded, every line within the width."""

from __future__ import annotations

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


def test_a_history_wider_than_the_terminal_is_laid_out_as_blocks(tmp_path: Path) -> None:
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
    }
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(orjson.dumps(statement) + b"\n")
    db = str(tmp_path / "ledger.sqlite")
    runner = CliRunner()
    imported = runner.invoke(main, ["--db", db, "import", str(feed)], env=AT_40)
    assert imported.exit_code == 0, imported.output
    shown = runner.invoke(main, ["--db", db, "history", "geneva-talks"], env=AT_40)
    assert shown.exit_code == 0, shown.output
    assert shown.output == HISTORY_AT_40
