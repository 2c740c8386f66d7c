"""Damage and forgery: whatever enters the log is checked as a new statement would be, and a
damaged stored row is reported by `verify` (meeting and version) and passed over, with a
warning, by every other command: never a crash of the whole ledger, never code run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ledger.events import EVENT_FOR_KIND, StatementCorrected, meeting_id, topic_of
from ledger.statement import Kind, Statement
from tests.conftest import Diplo, statement
from tests.integration.test_integrity import RawTable

PARIS = "trump-putin-paris-2018"


@pytest.fixture
def seeded(diplo: Diplo, write_yaml: Callable[..., str]) -> Diplo:
    """One statement about Paris (version 1), and one about Helsinki."""
    diplo.ok("import", write_yaml([statement(id="seed")]))
    helsinki = statement(id="hel", meeting="trump-putin-helsinki-2018", planned_for="2018-07-16")
    diplo.ok("import", write_yaml([helsinki]))
    return diplo


def exported(diplo: Diplo, tmp_path: Path) -> list[dict[str, Any]]:
    path = tmp_path / "paris.jsonl"
    diplo.ok("export", "--meeting", PARIS, "-o", str(path))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def forged_line(previous: dict[str, Any], cls: type[Any], **fields: Any) -> dict[str, Any]:
    """An export line a forger with the code would write: right version, right hash."""
    version = previous["version"] + 1
    draft = cls.model_construct(
        originator_id=meeting_id(PARIS),
        originator_version=version,
        timestamp=datetime(2026, 1, 2, tzinfo=UTC),
        hash="",
        **fields,
    )
    event = draft.model_copy(update={"hash": draft.content_hash(previous["hash"])})
    state = event.model_dump(mode="json", exclude={"originator_id", "originator_version"})
    return {
        "meeting": PARIS,
        "version": version,
        "event": cls.__name__,
        "hash": state["hash"],
        "state": state,
    }


def walk_back_of(missing: str) -> dict[str, Any]:
    fields = statement(
        id="wb", kind="walked_back", retracts=missing, quote="we take it back", parties=None
    )
    fields.update(speaker_as_written=fields["speaker"], said_from="2018-10-23")
    fields["said_until"] = "2018-10-23"
    return {"statement": Statement.model_validate(fields)}


FORGERIES: dict[str, tuple[type[Any], Callable[[], dict[str, Any]], str]] = {
    "a correction of a statement the meeting lacks": (
        StatementCorrected,
        lambda: {"statement_id": "nope", "corrected": {"speaker": "X"}, "reason": "forged"},
        f"line 2: id: no statement 'nope' in meeting '{PARIS}'",
    ),
    "a correction to a date that is not one": (
        StatementCorrected,
        lambda: {"statement_id": "seed", "corrected": {"said_on": "not-a-date"}, "reason": "x"},
        "line 2: said_on:",
    ),
    "a correction of a field that cannot be corrected": (
        StatementCorrected,
        # retracts became correctable (issue 12); a statement's meeting never is (it is moved)
        lambda: {"statement_id": "seed", "corrected": {"meeting": "elsewhere"}, "reason": "x"},
        "line 2: meeting: cannot be corrected",
    ),
    "a walk-back of a statement the meeting lacks": (
        EVENT_FOR_KIND[Kind.WALKED_BACK],
        lambda: walk_back_of("ghost"),
        f"line 2: retracts: 'ghost' is not a statement of meeting '{PARIS}'",
    ),
}


@pytest.mark.parametrize("case", list(FORGERIES), ids=list(FORGERIES))
def test_a_forged_export_line_is_refused_before_anything_is_committed(
    seeded: Diplo, tmp_path: Path, case: str
) -> None:
    cls, fields, fragment = FORGERIES[case]
    lines = exported(seeded, tmp_path)
    lines.append(forged_line(lines[-1], cls, **fields()))
    forged = tmp_path / "forged.jsonl"
    forged.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    before = seeded.stored_events()
    result = seeded("import", str(forged))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {forged}: {fragment}"), result.output
    assert len(result.output.strip().splitlines()) == 1
    assert seeded.stored_events() == before
    for command in (["status", PARIS], ["meetings"], ["history", PARIS], ["verify"], ["rebuild"]):
        seeded.ok(*command)


# Damaged rows, written around the ledger ------------------------------------------------------


def damage(diplo: Diplo, key: Any, version: Any, topic: Any, state: Any) -> None:
    RawTable(diplo.db).execute(
        "INSERT INTO stored_events (originator_id, originator_version, topic, state) "
        "VALUES (?, ?, ?, ?)",
        (key, version, topic, state),
    )


def paris_row(diplo: Diplo, topic: str | None, state: bytes | None) -> None:
    damage(diplo, RawTable(diplo.db).key(PARIS), 2, topic, state)


CORRECTION = topic_of(StatementCorrected)
GHOST = json.dumps(
    {"timestamp": "2026-01-02T00:00:00Z", "hash": "0" * 64, "statement_id": "ghost"}
    | {"corrected": {"speaker": "X"}, "reason": "forged"}
).encode()


def forged_statement(diplo: Diplo, statement_fields: dict[str, Any], **event: Any) -> None:
    """Paris's first statement stored again as its version 2 under the id 'forged', with these
    statement fields and event fields in place of its own."""
    state = json.loads(RawTable(diplo.db).state(PARIS, 1))
    state["statement"].update(id="forged", **statement_fields)
    state.update(event)
    paris_row(diplo, topic_of(EVENT_FOR_KIND[Kind.ANNOUNCED]), json.dumps(state).encode())


FORGED = f"{PARIS} version 2 (forged): does not decode:"
DEEP = json.dumps(
    {"timestamp": "2026-01-02T00:00:00Z", "hash": "0" * 64, "statement_id": "seed"}
    | {"corrected": {"quote": json.loads("[" * 500 + "]" * 500)}, "reason": "forged"}
).encode()

READERS: dict[str, Callable[[Path], list[str]]] = {
    "search": lambda _: ["search", "Paris"],  # (after a rebuild the index is made again)
    "calendar": lambda folder: ["export", "--format", "ical", "-o", str(folder / "out.ics")],
    "recorded-by": lambda _: ["status", PARIS, "--recorded-by", "2030-01-01"],
    "timeline": lambda folder: ["timeline", PARIS, "-o", str(folder / "paris.svg")],
}
"""Readers a kind of damage once broke, run after the rebuild for that kind only."""

DAMAGED_ROWS: dict[str, tuple[Callable[[Diplo], None], str, tuple[str, ...]]] = {
    "state that is not JSON": (
        lambda d: paris_row(d, CORRECTION, b"{not json"),
        f"{PARIS} version 2 (?): does not decode: its state is not JSON",
        (),
    ),
    "state that is a JSON list": (
        lambda d: paris_row(d, CORRECTION, b"[1, 2]"),
        f"{PARIS} version 2 (?): does not decode: its state is JSON but not an object (list)",
        (),
    ),
    "NULL state": (
        lambda d: paris_row(d, CORRECTION, None),
        f"{PARIS} version 2 (?): does not decode: its state is empty",
        (),
    ),
    "a topic naming a Python module (this:s prints the Zen of Python)": (
        lambda d: paris_row(d, "this:s", b"{}"),
        f"{PARIS} version 2 (?): does not decode: unknown event topic 'this:s'",
        (),
    ),
    "a statement of another meeting (a view keyed by both kept two rows of one slug)": (
        lambda d: forged_statement(d, {"meeting": "trump-putin-helsinki-2018"}),
        f"{FORGED} its statement is of meeting 'trump-putin-helsinki-2018', stored under "
        "another's id",
        (),
    ),
    "a moment without its offset from UTC": (
        lambda d: forged_statement(d, {}, timestamp="2026-01-02T00:00:00"),
        f"{FORGED} timestamp: Input should have timezone info",
        ("recorded-by", "calendar"),
    ),
    "a moment past the calendar's end in UTC": (
        lambda d: forged_statement(d, {}, timestamp="9999-12-31T23:59:59-14:00"),
        f"{FORGED} timestamp: Value error, 9999-12-31T23:59:59-14:00 has no time in UTC",
        ("calendar",),
    ),
    "days said before the dates accepted": (
        lambda d: forged_statement(d, {"said_from": "0001-01-01", "said_until": "0001-01-01"}),
        f"{FORGED} statement: Value error, 0001-01-01 to 0001-01-01 is not the span of a day said",
        ("timeline",),
    ),
    "days said out of order": (
        lambda d: forged_statement(d, {"said_from": "2018-10-24", "said_until": "2018-10-23"}),
        f"{FORGED} statement: Value error, 2018-10-24 to 2018-10-23 is not the span of a day said",
        ("timeline",),
    ),
    "a correction nested deeper than a line may be (no hash could be computed over it)": (
        lambda d: paris_row(d, CORRECTION, DEEP),
        f"{PARIS} version 2 (seed): does not decode: corrected: Value error, JSON nested deeper "
        "than 32 levels",
        (),
    ),
    "a stored correction of a statement the meeting lacks": (
        lambda d: paris_row(d, CORRECTION, GHOST),
        f"{PARIS} version 2 (ghost): does not apply: it corrects 'ghost', which is not a "
        "statement of the meeting",
        (),
    ),
}


@pytest.mark.parametrize("case", list(DAMAGED_ROWS), ids=list(DAMAGED_ROWS))
def test_a_damaged_row_is_reported_by_verify_and_passed_over_by_every_other_command(
    seeded: Diplo, write_yaml: Callable[..., str], tmp_path: Path, case: str
) -> None:
    make, reported, also = DAMAGED_ROWS[case]
    make(seeded)
    checked = seeded("verify")
    assert checked.exit_code == 1
    assert reported in checked.output.splitlines(), checked.output
    assert_every_command_passes_over_it(seeded, write_yaml, tmp_path, also)


def test_sqlite_rows_with_a_version_id_or_state_of_the_wrong_type_are_reported(
    sqlite_path: str, write_yaml: Callable[..., str], tmp_path: Path
) -> None:
    # PostgreSQL's column types forbid both; SQLite stores whatever it is given.
    from click.testing import CliRunner

    diplo = Diplo(sqlite_path, CliRunner())
    diplo.ok("import", write_yaml([statement(id="seed")]))
    damage(diplo, meeting_id(PARIS).hex, "two", CORRECTION, GHOST)
    damage(diplo, "not-a-uuid", 1, CORRECTION, GHOST)
    damage(diplo, meeting_id(PARIS).hex, 2, CORRECTION, GHOST.decode())  # text, not a BLOB
    lines = diplo("verify").output.splitlines()
    assert (
        f"{PARIS} version 2 (ghost): does not decode: its state is stored as text, not as bytes"
        in (lines)
    )
    assert f"{PARIS} version two (ghost): does not decode: its version 'two' is not an integer" in (
        lines
    )
    assert (
        "not-a-uuid version 1 (ghost): does not decode: its meeting id 'not-a-uuid' is not a UUID"
    ) in lines
    assert_every_command_passes_over_it(diplo, write_yaml, tmp_path, ["search"])


def assert_every_command_passes_over_it(
    diplo: Diplo, write_yaml: Callable[..., str], tmp_path: Path, also: Sequence[str] = ()
) -> None:
    """Queries, rebuild, export and new writes all work around the damaged row (and the
    readers named in `also`, from `READERS`)."""
    later = statement(id="later", kind="confirmed", speaker="Yuri Ushakov", side="RU", parties=None)
    for command in (
        ["rebuild"],
        *(READERS[name](tmp_path) for name in also),
        ["meetings"],
        ["status", PARIS],
        ["history", PARIS],
        ["export", "-o", str(tmp_path / "out.jsonl")],
        ["import", write_yaml([later])],
        ["show", "later"],
    ):
        result = diplo(*command)
        assert result.exit_code == 0, (command, result.output)
        assert "unexpected" not in result.output and "Traceback" not in result.output
        assert "Beautiful is better than ugly" not in result.output
    assert diplo.json("status", PARIS)["statement_count"] == 2


def test_the_warning_names_the_meeting_the_version_and_the_damage(seeded: Diplo) -> None:
    paris_row(seeded, "this:s", b"{}")
    shown = subprocess.run(
        [sys.executable, "-m", "diplo", "meetings", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "DIPLO_DB": seeded.db},
        timeout=120,
    )
    assert shown.returncode == 0
    assert [m["meeting"] for m in json.loads(shown.stdout)] == [
        "trump-putin-helsinki-2018",
        PARIS,
    ]
    assert shown.stderr == (
        f"warning: skipping event 2 of meeting {PARIS}: unknown event topic 'this:s' "
        "(run `diplo verify` for the whole report)\n"
    )


def test_a_state_that_names_another_meeting_and_version_is_read_as_its_row_says(
    seeded: Diplo,
) -> None:
    # The state's own members come first, the row's columns after: the columns win, whether
    # the state is read in one pass or in two.
    raw = RawTable(seeded.db)
    state = raw.state(PARIS, 1)
    other = meeting_id("trump-putin-helsinki-2018")
    forged = b'{"originator_id":"%s","originator_version":7,' % str(other).encode() + state[1:]
    raw.execute(
        "UPDATE stored_events SET state = ? WHERE originator_id = ? AND originator_version = ?",
        (forged, raw.key(PARIS), 1),
    )
    assert seeded.ok("verify").output == "ok: checked 2 events in 2 meetings\n"
    assert seeded.json("status", PARIS)["statement_count"] == 1
    assert seeded.json("show", "seed")["meeting"] == PARIS


@pytest.mark.parametrize(
    "value", [b"1000000000000000000000000000000", b"NaN", b"Infinity"], ids=["huge", "nan", "inf"]
)
def test_a_correction_row_whose_values_no_hash_covers_is_reported_not_a_crash(
    seeded: Diplo, value: bytes
) -> None:
    raw = RawTable(seeded.db)
    state = (
        b'{"timestamp":"2026-01-02T00:00:00Z","hash":"' + b"0" * 64 + b'","statement_id":"seed",'
        b'"corrected":{"quote":' + value + b'},"reason":"forged"}'
    )
    raw.execute(
        "INSERT INTO stored_events (originator_id, originator_version, topic, state) "
        "VALUES (?, ?, ?, ?)",
        (raw.key(PARIS), 2, topic_of(StatementCorrected), state),
    )
    result = seeded("verify")
    assert result.exit_code == 1
    assert f"{PARIS} version 2" in result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output
