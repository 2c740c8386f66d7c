"""`diplo verify --against EXPORT`: what an earlier export held must still be in the ledger,
unchanged. A hash chain cannot show its own end cut off, or a whole chain recorded anew; an
export kept elsewhere can."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Diplo, statement
from tests.integration.test_integrity import RawTable

PARIS = "trump-putin-paris-2018"
HELSINKI = "trump-putin-helsinki-2018"
CONFIRMED = statement(
    id="ru-yes", kind="confirmed", speaker="Dmitry Peskov", side="RU", parties=None
)
NOT_AN_EXPORT = "give a file `diplo export` wrote (JSON Lines of meeting, version, event and state)"


def exported(diplo: Diplo, tmp_path: Path, write_yaml: Callable[..., str]) -> str:
    """Paris with two statements and Helsinki with one, exported to a file kept aside."""
    diplo.ok("import", write_yaml([statement(id="us-plan"), CONFIRMED]))
    diplo.ok("import", write_yaml([statement(id="hel", meeting=HELSINKI)]))
    path = str(tmp_path / "kept.jsonl")
    diplo.ok("export", "-o", path)
    return path


def test_an_untouched_ledger_holds_every_event_of_its_export(
    diplo: Diplo, tmp_path: Path, write_yaml: Callable[..., str]
) -> None:
    kept = exported(diplo, tmp_path, write_yaml)
    assert diplo.ok("verify", "--against", kept).output == (
        "ok: checked 3 events in 2 meetings and 3 exported events\n"
    )
    assert diplo.ok("verify", PARIS, "--against", kept).output == (
        "ok: checked 2 events in 1 meeting and 2 exported events\n"  # Paris's lines only
    )


def test_a_last_event_removed_after_the_export_is_found_though_the_chain_is_whole(
    diplo: Diplo, tmp_path: Path, write_yaml: Callable[..., str]
) -> None:
    kept = exported(diplo, tmp_path, write_yaml)
    raw = RawTable(diplo.db)
    raw.execute(
        "DELETE FROM stored_events WHERE originator_id = ? AND originator_version = 2",
        (raw.key(PARIS),),
    )
    diplo.ok("rebuild")  # (the view and the summaries forget it too)
    assert diplo.ok("verify").output == "ok: checked 2 events in 2 meetings\n"
    checked = diplo("verify", "--against", kept)
    assert checked.exit_code == 1
    assert checked.output.splitlines() == [
        f"{PARIS} version 2 (ru-yes): in {kept}: line 2 but no longer in the ledger: removed "
        "since that export",
        "FAILED: checked 2 events in 2 meetings and 3 exported events; 1 problem",
    ]


def test_a_meeting_recorded_anew_after_the_export_is_found_event_by_event(
    diplo: Diplo, tmp_path: Path, write_yaml: Callable[..., str]
) -> None:
    kept = exported(diplo, tmp_path, write_yaml)
    raw = RawTable(diplo.db)
    raw.execute("DELETE FROM stored_events WHERE originator_id = ?", (raw.key(PARIS),))
    diplo.ok("rebuild")
    softer = statement(id="us-plan", quote="President Trump may meet him in Paris")
    diplo.ok("import", write_yaml([softer, CONFIRMED]))  # a new chain: new times, new hashes
    assert diplo.ok("verify").output == "ok: checked 3 events in 2 meetings\n"
    checked = diplo("verify", "--against", kept)
    assert checked.exit_code == 1
    changed = "recorded again since that export, or one of the two changed"
    assert checked.output.splitlines() == [
        f"{PARIS} version 1 (us-plan): differs from {kept}: line 1: {changed}",
        f"{PARIS} version 2 (ru-yes): differs from {kept}: line 2: {changed}",
        "FAILED: checked 3 events in 2 meetings and 3 exported events; 2 problems",
    ]


def test_a_file_that_is_not_an_export_is_refused_in_one_line(
    diplo: Diplo, tmp_path: Path, write_yaml: Callable[..., str]
) -> None:
    statements = write_yaml([statement(id="us-plan")])
    diplo.ok("import", statements)
    refused = diplo("verify", "--against", statements)
    assert (refused.exit_code, refused.output) == (
        1,
        f"Error: {statements}: is YAML, not a file `diplo export` wrote (JSON Lines of meeting, "
        "version, event and state)\n",
    )
    lines = tmp_path / "statements.jsonl"
    lines.write_text('{"meeting": "trump-putin-paris-2018", "kind": "announced"}\n')
    refused = diplo("verify", "--against", str(lines))
    assert (refused.exit_code, refused.output) == (
        1,
        f"Error: {lines}: line 1: is not an exported event: {NOT_AN_EXPORT}\n",
    )
