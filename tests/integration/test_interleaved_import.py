"""A feed that interleaves many meetings (issue 14): the import keeps a summary of each meeting
it touches, and past its memory budget drops the oldest and reads them again, deciding every
statement as an import of the same statements grouped by meeting does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

from ledger import work
from ledger.application import InputRejected, Ledger, Located
from ledger.statement import StatementInput
from ledger.storage import choose_database
from ledger.summary import MEETING_BYTES, STATEMENT_BYTES
from tests.conftest import Diplo, statement

MEETINGS = 40


def four_statements(number: int) -> list[dict[str, Any]]:
    """Meeting `number`: US announces, RU confirms, US walks its announcement back, and another
    outlet reports RU's confirmation again (no ids given: the ledger derives them)."""
    slug = f"summit-{number:02d}-2018"
    hill = {"outlet": "The Hill", "published": "2018-10-23"}
    announced = statement(meeting=slug, id=f"m{number}-us")
    confirmed = statement(
        meeting=slug,
        kind="confirmed",
        speaker="Yuri Ushakov",
        side="RU",
        parties=None,
        quote=f"We confirm summit {number}.",
        source=hill,
    )
    walked_back = statement(
        meeting=slug,
        kind="walked_back",
        parties=None,
        retracts=f"m{number}-us",
        said_on="2018-10-24",
        quote="Not so fast.",
        source={"outlet": "The Hill", "published": "2018-10-24"},
    )
    again = {**confirmed, "source": {"outlet": "TASS", "published": "2018-10-23"}}
    return [announced, confirmed, walked_back, again]


def write_jsonl(path: Path, items: list[dict[str, Any]]) -> str:
    path.write_bytes(b"".join(orjson.dumps(item) + b"\n" for item in items))
    return str(path)


def rows_by_meeting(diplo: Diplo) -> dict[str, list[tuple[int, str, dict[str, Any]]]]:
    """Each meeting's stored events (version, topic, state without its time and hash)."""
    found: dict[str, list[tuple[int, str, dict[str, Any]]]] = {}
    for meeting, version, topic, state in diplo.stored_events():
        content = json.loads(state)
        content.pop("timestamp")
        content.pop("hash")
        found.setdefault(meeting, []).append((version, topic.split(":")[1], content))
    return found


def test_an_interleaved_import_past_the_summary_budget_decides_as_a_grouped_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    grouped = [item for number in range(MEETINGS) for item in four_statements(number)]
    interleaved = [four_statements(n)[position] for position in range(4) for n in range(MEETINGS)]
    assert sorted(map(repr, grouped)) == sorted(map(repr, interleaved))

    by_meeting = Diplo(str(tmp_path / "grouped.sqlite"), CliRunner())
    by_meeting.ok("import", write_jsonl(tmp_path / "grouped.jsonl", grouped))
    ten_meetings = 10 * (MEETING_BYTES + 4 * STATEMENT_BYTES)
    monkeypatch.setattr(work, "SUMMARY_BUDGET", ten_meetings)  # most are dropped, read again
    round_robin = Diplo(str(tmp_path / "interleaved.sqlite"), CliRunner())
    feed = write_jsonl(tmp_path / "interleaved.jsonl", interleaved)
    result = round_robin.ok("import", feed)

    assert "120 new, 40 corroborated" in result.output
    stored = rows_by_meeting(round_robin)
    assert stored == rows_by_meeting(by_meeting)
    assert len(stored) == MEETINGS
    for events in stored.values():
        assert [topic for _, topic, _ in events] == [
            *("MeetingAnnounced", "MeetingConfirmed", "StatementWalkedBack", "SourceCited")
        ]
    round_robin.ok("verify")
    again = round_robin.ok("import", feed)
    assert "0 new, 160 already present" in again.output


def test_a_summary_left_by_an_earlier_command_takes_what_another_process_stored_since(
    sqlite_path: str,
) -> None:
    ours, theirs = Ledger(choose_database(sqlite_path)), Ledger(choose_database(sqlite_path))
    slug = "trump-putin-paris-2018"
    announced = statement(id="us")
    try:
        ours.record([located(announced)])  # ours keeps the meeting's summary
        theirs.record([located(statement(id="ru", side="RU", speaker="Yuri Ushakov"))])
        ru_back = statement(
            id="ru-back",
            side="RU",
            speaker="Yuri Ushakov",
            kind="walked_back",
            parties=None,
            retracts="ru",
            quote="Not so fast.",
        )
        assert ours.record([located(ru_back)]).new == ["ru-back"]  # 'ru' came from theirs
        theirs.correct(slug, "us", {"quote": "We never said Paris."}, "misquoted")
        with pytest.raises(InputRejected, match="'us' is already used for another statement"):
            ours.record([located(announced)])  # as first recorded: no longer what 'us' says
    finally:
        ours.close()
        theirs.close()


def located(raw: dict[str, Any]) -> Located:
    return Located("test", StatementInput.model_validate(raw))


def test_the_memory_budget_counts_what_the_summaries_hold_after_corroborations(
    sqlite_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A budget that holds every meeting's summary exactly (3 statements each; a corroboration
    # adds no statement): an import of them all, in one transaction, drops none.
    exact = MEETINGS * (MEETING_BYTES + 3 * STATEMENT_BYTES)
    monkeypatch.setattr(work, "SUMMARY_BUDGET", exact)
    interleaved = [four_statements(n)[position] for position in range(4) for n in range(MEETINGS)]
    app = Ledger(choose_database(sqlite_path))
    try:
        result = app.record([located(raw) for raw in interleaved])
        assert (result.new_count, result.corroborated_count) == (3 * MEETINGS, MEETINGS)
        kept = app._summaries
        assert len(kept.items) == MEETINGS
        assert kept.size == exact == sum(summary.size() for summary in kept.items.values())
    finally:
        app.close()
