"""No raw EDTF in text output: every query command on the seed (and on fuzzy dates the seed
lacks) shows dates as people read them, while --json keeps the EDTF string."""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.conftest import Diplo, statement

RAW_DATE = re.compile(
    r"(?<![\w/.-])\d{4}(?:-[\dX]{2}){1,2}(?![\dT:-])[?~%]?"  # 2018-23, 2018-11-11?, 2018-1X
    r"|\.\./|/\.\."  # open interval ends
    r"|(?<!\w)\d{3}X\b"  # 201X
)
"""An ISO or EDTF date as stored (date-times, the audit instants of `recorded at`, excepted)."""

FUZZY = [
    statement(
        meeting="example-fuzzy-2018",
        speaker="Example spokesperson",
        said_on="2018-1X",
        planned_for="../2018-12-31",
        place="Vienna",
    ),
    statement(
        meeting="example-fuzzy-2018",
        kind="confirmed",
        speaker="Example official",
        side="RU",
        said_on="2018-10-23~",
        planned_for="2018-24",
    ),
    statement(
        meeting="example-open-2018",
        speaker="Example spokesperson",
        said_on="2018-10-2X",
        planned_for="2018-11-20/..",
    ),
]


def text_outputs(diplo: Diplo) -> dict[str, str]:
    """The text of every query command, by command line."""
    outputs: dict[str, str] = {}

    def run(*args: str) -> None:
        outputs[" ".join(args)] = diplo.ok(*args).output

    run("meetings")
    for slug in [m["meeting"] for m in diplo.json("meetings")]:
        run("status", slug)
        run("status", slug, "--as-of", "2025-08-06")
        run("history", slug, "--evidence", "second_hand")
        for step in diplo.json("history", slug, "--evidence", "second_hand"):
            run("show", step["id"], "--meeting", slug)
    return outputs


def test_no_text_output_shows_a_raw_date(diplo: Diplo, write_yaml: Callable[..., str]) -> None:
    diplo.import_seed()
    diplo.ok("import", write_yaml(FUZZY))
    found = {
        command: RAW_DATE.findall(output)
        for command, output in text_outputs(diplo).items()
        if RAW_DATE.search(output)
    }
    assert found == {}


def test_fuzzy_dates_read_in_words_and_json_keeps_edtf(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ok("import", write_yaml(FUZZY))
    status = diplo.ok("status", "example-fuzzy-2018").output
    assert "planned for:  winter 2018–19" in status
    # Both count from the source's publication, 23 Oct 2018 (2018-1X could be as late as Dec).
    assert "statements:   2 (23 Oct 2018 to 23 Oct 2018)" in status
    opened = diplo.ok("status", "example-open-2018").output
    assert "planned for:  from 20 Nov 2018" in opened
    history = diplo.ok("history", "example-fuzzy-2018").output
    assert "Oct – Dec 2018" in history  # said_on 2018-1X
    assert "about 23 Oct 2018" in history  # said_on 2018-10-23~
    data = diplo.json("status", "example-fuzzy-2018")
    assert data["plan"]["planned_for"] == "2018-24"
    [first, second] = diplo.json("history", "example-fuzzy-2018")
    assert (first["said_on"], second["said_on"]) == ("2018-1X", "2018-10-23~")
    shown = diplo.ok("show", first["id"], "--meeting", "example-fuzzy-2018").output
    assert re.search(r"said on\s+Oct – Dec 2018 *\n", shown)
    assert re.search(r"plan planned_for\s+by 31 Dec 2018 *\n", shown)
