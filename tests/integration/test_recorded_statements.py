"""`ReadSide.recorded`: a meeting's statements as the near-duplicate warnings compare them,
without folding: as corrected, in fold order (the order `history` lists them in), a damaged row
passed over as every reader does, on both backends."""

from __future__ import annotations

from typing import Any

from ledger import events
from ledger.application import Ledger, Located
from ledger.statement import StatementInput
from ledger.storage import choose_database
from projections.queries import ReadSide
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
