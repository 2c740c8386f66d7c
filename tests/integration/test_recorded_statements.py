"""`ReadSide.recorded`: a meeting's statements as the near-duplicate warnings compare them,
without folding: as corrected, in fold order (the order `history` lists them in), a damaged row
passed over as every reader does, on both backends."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

from ledger import events
from ledger.application import Ledger, Located
from ledger.statement import StatementInput
from ledger.storage import choose_database
from projections import view_tables
from projections.queries import ReadSide
from projections.view import Projector
from tests.integration.test_carried_fold import CountingMapper
from tests.integration.test_integrity import RawTable
from tests.unit.test_properties import spoken

SLUG = "paris-talks"
LATER = {"outlet": "Wire", "published": "2018-11-30"}
COMPARED = ("id", "speaker", "speaker_as_written", "kind", "said_on", "quote", "summary")


def told() -> list[dict[str, Any]]:
    return [
        spoken("a", SLUG, "US", "2018-10-20", "announced", parties=["US", "RU"]),
        spoken("b", SLUG, "RU", "2018-10-21", "confirmed", summary="Kremlin confirms"),
        spoken("c", SLUG, "US", "2018-11", "postponed", quote="Not this month", source=LATER),
    ]


def recorded_of(db_url: str, correct: bool = False) -> tuple[Ledger, list[dict[str, Any]]]:
    app = Ledger(choose_database(db_url))
    app.record([Located("story", StatementInput.model_validate(raw)) for raw in told()])
    if correct:
        app.correct(SLUG, "b", {"said_on": "2018-10-22", "summary": "Kremlin agrees"}, "typo")
    found = ReadSide.of(app).recorded(SLUG)
    return app, [{name: statement[name] for name in COMPARED} for statement in found]


def test_statements_are_read_as_recorded(db_url: str) -> None:
    app, found = recorded_of(db_url)
    assert [(s["id"], s["kind"], s["said_on"]) for s in found] == [
        ("a", "announced", "2018-10-20"),
        ("b", "confirmed", "2018-10-21"),
        ("c", "postponed", "2018-11"),
    ]
    assert found[1]["summary"] == "Kremlin confirms" and found[2]["quote"] == "Not this month"
    assert found[0]["speaker"] == found[0]["speaker_as_written"]
    app.close()


def test_a_corrected_statement_is_read_as_corrected(db_url: str) -> None:
    app, found = recorded_of(db_url, correct=True)
    assert [(s["id"], s["said_on"], s["summary"]) for s in found][1] == (
        "b",
        "2018-10-22",
        "Kremlin agrees",
    )
    assert len(found) == 3
    app.close()


def test_a_damaged_row_is_passed_over_as_every_reader_does(db_url: str, capfd: Any) -> None:
    app, _ = recorded_of(db_url)
    table = RawTable(db_url)
    table.execute(
        "UPDATE stored_events SET state = ? WHERE originator_version = 2", (b"{not json",)
    )
    found = ReadSide.of(app).recorded(SLUG)
    assert [statement["id"] for statement in found] == ["a", "c"]
    # (warned once a process: the other backend's run may have said it already)
    warned = "warning: skipping event 2 of meeting paris-talks: its state is not JSON"
    assert warned in capfd.readouterr().err or (SLUG, 2) in events._warned
    app.close()


def test_statements_come_in_fold_order_not_recorded_order(db_url: str) -> None:
    # Both said in October 2018: `a` was published at the end of the month, `b` on the 5th, so
    # `b` had certainly been said first (the fold's order), though recorded second.
    app = Ledger(choose_database(db_url))
    october = [
        spoken(
            "a", SLUG, "US", "2018-10", "denied", source={"outlet": "W", "published": "2018-10-30"}
        ),
        spoken(
            "b", SLUG, "US", "2018-10", "denied", source={"outlet": "W", "published": "2018-10-05"}
        ),
    ]
    app.record([Located("story", StatementInput.model_validate(raw)) for raw in october])
    reads = ReadSide.of(app)
    assert [statement["id"] for statement in reads.recorded(SLUG)] == ["b", "a"]
    assert [step["id"] for step in reads.history(SLUG) or []] == ["b", "a"]
    app.close()


def counted_reads(app: Ledger) -> tuple[ReadSide, CountingMapper]:
    """The read side of `app`, counting the stored events it decodes."""
    counting = CountingMapper(app.mapper)
    projector = replace(Projector.of(app), mapper=cast(Any, counting))
    return ReadSide(projector, app.today), counting


def test_candidates_of_other_days_are_not_decoded(db_url: str) -> None:
    # told(): a is announced 2018-10-20, b confirmed 2018-10-21, c postponed 2018-11. Asked
    # for a confirmation of 2018-10-20 or an announcement of 2018-10-21 (the kinds and days
    # crossed), no statement can be a candidate: nothing is decoded, and nothing is given.
    app, _ = recorded_of(db_url)
    reads, counting = counted_reads(app)
    crossed = {("confirmed", "2018-10-20"), ("announced", "2018-10-21")}
    assert reads.recorded(SLUG, crossed) == []
    assert counting.decoded == 0
    app.close()


def test_one_candidate_brings_the_whole_meeting_decoded(db_url: str) -> None:
    app, _ = recorded_of(db_url)
    reads, counting = counted_reads(app)
    found = reads.recorded(SLUG, {("postponed", "2018-11")})
    assert [statement["id"] for statement in found] == ["a", "b", "c"]
    assert counting.decoded == 3
    app.close()


def test_a_correction_may_make_a_candidate_so_the_meeting_is_decoded(db_url: str) -> None:
    # b was confirmed on 2018-10-21 as recorded; corrected to 2018-10-22, it is a candidate
    # for a confirmation of that day though no recorded JSON says so.
    app, _ = recorded_of(db_url, correct=True)
    reads, counting = counted_reads(app)
    found = reads.recorded(SLUG, {("confirmed", "2018-10-22")})
    assert [(s["id"], s["said_on"]) for s in found][1] == ("b", "2018-10-22")
    assert counting.decoded == 4
    app.close()


def test_a_row_that_does_not_read_is_decoded_to_be_warned_of(db_url: str, capfd: Any) -> None:
    app, _ = recorded_of(db_url)
    RawTable(db_url).execute(
        "UPDATE stored_events SET state = ? WHERE originator_version = 2", (b"{not json",)
    )
    reads, counting = counted_reads(app)
    found = reads.recorded(SLUG, {("confirmed", "2018-10-20")})
    assert [statement["id"] for statement in found] == ["a", "c"]
    assert counting.decoded == 3
    warned = "warning: skipping event 2 of meeting paris-talks: its state is not JSON"
    assert warned in capfd.readouterr().err or (SLUG, 2) in events._warned
    app.close()


def test_the_candidates_of_many_meetings_are_read_together_each_for_its_own_meeting(
    db_url: str, monkeypatch: Any
) -> None:
    # Three meetings of told()'s statements, read two meetings to a statement: madrid-talks
    # has a confirmation on 2018-10-21 (b), so it is given whole; rome-talks is asked for a
    # day none of its statements has, so it is given as [] undecoded; oslo-talks has no
    # events at all, so it is not given.
    monkeypatch.setattr(view_tables, "IN_CHUNK", 2)
    app = Ledger(choose_database(db_url))
    for slug in ("madrid-talks", "rome-talks"):
        told_here = [{**raw, "meeting": slug, "id": f"{slug}-{raw['id']}"} for raw in told()]
        app.record([Located("story", StatementInput.model_validate(raw)) for raw in told_here])
    reads, counting = counted_reads(app)
    asked = {
        "madrid-talks": {("confirmed", "2018-10-21")},
        "rome-talks": {("confirmed", "2018-10-30")},
        "oslo-talks": {("confirmed", "2018-10-21")},
    }
    found = {slug: [s["id"] for s in recorded] for slug, recorded in reads.recorded_of(asked)}
    assert found == {
        "madrid-talks": ["madrid-talks-a", "madrid-talks-b", "madrid-talks-c"],
        "rome-talks": [],
    }
    assert counting.decoded == 3
    app.close()
