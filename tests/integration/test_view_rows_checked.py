"""A view row or a stored step damaged in place is said in one line naming the meeting, never
used (no "unexpected" error, no wrong answer); `verify` finds it and `rebuild` remakes it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from tests.conftest import Diplo, is_postgres, statement
from tests.e2e.test_new_ledger_file import jsonl
from tests.integration.test_integrity import RawTable

PARIS = "trump-putin-paris-2018"
ROW_DAMAGE = {
    "stances not JSON": ("stances = '{bad'", "stances", True),
    "stances a list": ("stances = '[]'", "stances", True),
    "a stance a number": ("stances = '{\"US\": 5}'", "stances", True),
    "a stance a list": ('stances = \'{"US": ["supports"]}\'', "stances", True),
    "a status a list": ("status = '[\"agreed\"]'", "status", True),
    "plan a list": ("plan = '[]'", "plan", True),
    "plan without its fields": ("plan = '{}'", "plan", True),
    "a status no fold gives": ("status = 'bogus'", "status", True),
    "a day that is no day": ("latest_said = '2018-13-45'", "latest_said", True),
    "a count that is text": ("statement_count = 'x'", "statement_count", False),
    "disputed seven": ("disputed = 7", "disputed", True),
}
"""Damage to the meeting's view row, the column the error names, and whether PostgreSQL
(whose integer columns take only numbers) can hold it."""


def said(what: str) -> str:
    return (
        f"Error: the view's state of '{PARIS}' is damaged (its {what} is not as the fold "
        "writes it): run `diplo rebuild` to remake it\n"
    )


@pytest.mark.parametrize("case", list(ROW_DAMAGE))
def test_a_damaged_view_row_is_said_never_used_and_rebuild_remakes_it(
    diplo: Diplo, write_yaml: Callable[..., str], case: str
) -> None:
    damage, column, on_postgres = ROW_DAMAGE[case]
    diplo.ok("import", write_yaml([statement(id="seed")]))
    diplo.ok("meetings")  # the view is up to date: its row is there to damage
    damaging = f"UPDATE meeting_view SET {damage} WHERE slug = ?"
    if is_postgres(diplo.db) and not on_postgres:
        with pytest.raises(psycopg.errors.InvalidTextRepresentation):
            RawTable(diplo.db).execute(damaging, (PARIS,))  # the damage cannot be stored there
        return
    RawTable(diplo.db).execute(damaging, (PARIS,))
    for command in (["status", PARIS], ["meetings"], ["export", "--format", "ical"]):
        answered = diplo(*command)
        assert (answered.exit_code, answered.output) == (1, said(column)), command
    checked = diplo("verify")
    assert checked.exit_code == 1
    assert f"view: the row of '{PARIS}' differs from its events" in checked.output
    diplo.ok("rebuild")
    assert diplo.json("status", PARIS)["status"] == "proposed"


BIG = 1_000
"""Statements of the big meeting: from this many on, a meeting's steps are stored."""


@pytest.fixture(scope="module")
def big_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite ledger of one meeting of `BIG` statements (its steps stored)."""
    folder = tmp_path_factory.mktemp("big")
    day = date(2018, 1, 1)
    told = [
        statement(
            id=f"s{index}",
            kind="announced" if index % 2 else "denied",
            side="US" if index % 3 else "RU",
            said_on=(day + timedelta(days=index)).isoformat(),
            source={"outlet": "Wire", "published": (day + timedelta(days=index)).isoformat()},
        )
        for index in range(BIG)
    ]
    ledger = folder / "ledger.sqlite"
    diplo = Diplo(str(ledger), CliRunner())
    diplo.ok("import", jsonl(folder / "big.jsonl", *told))
    [(stored,)] = RawTable(str(ledger)).execute("SELECT count(*) FROM fold_steps")
    assert stored == BIG  # one step a statement (`projections.steps.step_rows`)
    return ledger


STEP_DAMAGE = {
    "a step not JSON": ("state = '{not json'", "step 5 is not a JSON object"),
    "a step a list": ("state = '[]'", "step 5 is not a JSON object"),
    "a step without its id": (
        "state = json_remove(state, '$.id')",
        "step 5: its fields are not those the fold writes",
    ),
    "a step whose sources are numbers": (
        "state = json_set(state, '$.sources', json('[1]'))",
        "step 5: a source is not as the fold writes it",
    ),
    "a step whose outlet is a number": (
        "state = json_set(state, '$.sources[0].outlet', 5)",
        "step 5: a source is not as the fold writes it",
    ),
    "a step whose status is an object": (
        "state = json_set(state, '$.status_after', json('{}'))",
        "step 5: a status is not as the fold writes it",
    ),
    "a state after a step whose status is a list": (
        "state = json_set(state, '$.state_after.status', json('[]'))",
        "step 5: the state after it is not as the fold writes it",
    ),
    "a state after a step with a status no fold gives": (
        "state = json_set(state, '$.state_after.status', 5)",
        "step 5: the state after it is not as the fold writes it",
    ),
}
"""Damage to the stored step at position 5 (the step of the sixth statement in fold order),
and what the error says of it."""
STEPS_LOST = {
    "a step deleted": (
        "DELETE FROM fold_steps WHERE position = 5",
        "no step is stored at position 5",
    ),
    "a step moved between two (5.5: its order kept, its position no whole number)": (
        "UPDATE fold_steps SET position = 5.5 WHERE position = 5",
        "no step is stored at position 5",
    ),
    "a step moved past the last": (
        "UPDATE fold_steps SET position = 5000 WHERE position = 5",
        "no step is stored at position 5",
    ),
    "the last step deleted": (
        f"DELETE FROM fold_steps WHERE position = {BIG - 1}",
        f"{BIG - 1} steps are stored for its {BIG} statements",
    ),
}
"""Steps deleted or moved, which made `history` one statement short without a word."""
DAMAGING = {
    **{
        case: (f"UPDATE fold_steps SET {damage} WHERE position = 5", why)
        for case, (damage, why) in STEP_DAMAGE.items()
    },
    **STEPS_LOST,
}


def copied(big_ledger: Path, tmp_path: Path) -> tuple[Diplo, RawTable]:
    """A copy of the big ledger, to answer commands and to be damaged by hand."""
    ledger = tmp_path / "ledger.sqlite"
    shutil.copy(big_ledger, ledger)
    return Diplo(str(ledger), CliRunner()), RawTable(str(ledger))


@pytest.mark.parametrize("case", list(DAMAGING))
def test_a_damaged_stored_step_is_said_never_used_and_rebuild_remakes_it(
    big_ledger: Path, tmp_path: Path, case: str
) -> None:
    damaging, why = DAMAGING[case]
    diplo, raw = copied(big_ledger, tmp_path)
    raw.execute(damaging)
    expected = (
        f"Error: the view's stored steps of '{PARIS}' are damaged ({why}): "
        "run `diplo rebuild` to remake it\n"
    )
    commands = [["history", PARIS], ["export", "--format", "ical"]]
    if case in STEPS_LOST:  # the state as of the sixth statement's day is a stored step's
        commands.append(["status", PARIS, "--as-of", "2018-01-06", "--json"])
    for command in commands:
        answered = diplo(*command)
        assert (answered.exit_code, answered.output) == (1, expected), command
    checked = diplo("verify")
    assert checked.exit_code == 1
    assert f"view: the stored steps of '{PARIS}' differ from its events" in checked.output
    diplo.ok("rebuild")
    assert len(diplo.json("history", PARIS)) == BIG


def test_a_row_whose_count_of_statements_is_no_number_is_said_and_rebuild_remakes_it(
    big_ledger: Path, tmp_path: Path
) -> None:
    diplo, raw = copied(big_ledger, tmp_path)
    raw.execute("UPDATE meeting_view SET carried = json_set(carried, '$.statements', 'many')")
    answered = diplo("history", PARIS)
    assert (answered.exit_code, answered.output) == (
        1,
        f"Error: the view's row of '{PARIS}' is damaged (the fold it carries is not as the "
        "fold writes it): run `diplo rebuild` to remake it\n",
    )
    assert diplo("verify").exit_code == 1
    diplo.ok("rebuild")
    assert len(diplo.json("history", PARIS)) == BIG


def test_steps_without_their_view_row_are_not_used_the_meeting_is_folded(
    big_ledger: Path, tmp_path: Path
) -> None:
    # The row deleted with the last step: history was one statement short, and status said
    # there was no such meeting. Both now fold the events; verify reports the view.
    diplo, raw = copied(big_ledger, tmp_path)
    questions = [
        ["history", PARIS, "--json"],
        ["status", PARIS, "--json"],
        ["status", PARIS, "--as-of", "2018-01-06", "--json"],
    ]
    before = [diplo.json(*question) for question in questions]
    raw.execute("DELETE FROM meeting_view")
    raw.execute(f"DELETE FROM fold_steps WHERE position = {BIG - 1}")
    assert [diplo.json(*question) for question in questions] == before
    assert len(before[0]) == BIG
    checked = diplo("verify")
    assert checked.exit_code == 1
    assert f"view: meeting '{PARIS}' is missing from the view" in checked.output


FILED_ELSEWHERE = {
    # The seventh statement (position 6) was said on 7 January; filed under 1 January 2017, it
    # would be taken for the state as of 6 January, a day before it was said.
    "earlier": (6, "2017-01-01", "2018-01-06", "2018-01-07", 6),
    # Filed under 2019, the state as of 7 January would stop at the sixth statement.
    "later": (6, "2019-01-01", "2018-01-07", "2018-01-07", 7),
    # The first statement filed under 2019: as of 1 January the meeting would be unannounced.
    "the first later": (0, "2019-01-01", "2018-01-01", "2018-01-01", 1),
}
"""The step whose day is changed, the day it is filed under, the day asked about, the day it
was said, and how many statements the answer counts once the view is rebuilt."""


@pytest.mark.parametrize("case", list(FILED_ELSEWHERE))
def test_a_step_filed_under_another_day_is_said_when_a_day_would_choose_it(
    big_ledger: Path, tmp_path: Path, case: str
) -> None:
    position, filed, asked, said_on, count = FILED_ELSEWHERE[case]
    diplo, raw = copied(big_ledger, tmp_path)
    raw.execute(f"UPDATE fold_steps SET said_by = '{filed}' WHERE position = {position}")
    answered = diplo("status", PARIS, "--as-of", asked, "--json")
    assert (answered.exit_code, answered.output) == (
        1,
        f"Error: the view's stored steps of '{PARIS}' are damaged (step {position} is filed "
        f"under {filed}, said {said_on}): run `diplo rebuild` to remake it\n",
    )
    diplo.ok("rebuild")
    assert diplo.json("status", PARIS, "--as-of", asked)["statement_count"] == count
