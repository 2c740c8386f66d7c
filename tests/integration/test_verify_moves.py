"""`diplo verify` holds the two halves of each move to each other: the withdrawal naming where
the statement went (`moved_to`), the statement naming where it came from (`moved_from`). A half
stored with its chain whole but without its other half (a forgery, sealed as the ledger seals
an event) is named; a move made by `diplo move` verifies from either meeting."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ledger.events import EVENT_FOR_KIND, MeetingEvent, StatementRecorded, StatementWithdrawn
from ledger.events import meeting_id as id_of
from ledger.statement import Kind
from tests.conftest import Diplo, statement
from tests.integration.test_verify_rules import stored_sealed

PARIS = "trump-putin-paris-2018"
HELSINKI = "trump-putin-helsinki-2018"
CONFIRMED = statement(id="ru", kind="confirmed", speaker="Dmitry Peskov", side="RU", parties=None)


def two_meetings(diplo: Diplo, write_yaml: Any) -> None:
    """Paris with two statements ('seed', 'ru'), Helsinki with one ('hel')."""
    diplo.ok("import", write_yaml([statement(id="seed"), CONFIRMED]))
    diplo.ok("import", write_yaml([statement(id="hel", meeting=HELSINKI)]))


def sealed_onto(diplo: Diplo, slug: str, cls: type[MeetingEvent], **fields: Any) -> None:
    """Store an event of `cls` with these fields as the meeting's next version, sealed after
    its last event's hash as the ledger seals one (a forger who recomputes the hash)."""
    app = diplo.ledger()
    try:
        events = app.meeting_events(slug)
    finally:
        app.close()
    draft = cls.model_construct(
        originator_id=id_of(slug),
        originator_version=len(events) + 1,
        timestamp=datetime.now(UTC),
        hash="",
        **fields,
    )
    stored_sealed(diplo, slug, draft, events[-1].hash)


def failed(diplo: Diplo, *meeting: str) -> list[str]:
    """The lines of a `verify` (of the meeting, if given) that must fail."""
    checked = diplo("verify", *meeting)
    assert checked.exit_code == 1
    return checked.output.splitlines()


def test_a_move_verifies_from_the_whole_ledger_and_from_either_meeting(
    diplo: Diplo, write_yaml: Any
) -> None:
    two_meetings(diplo, write_yaml)
    diplo.ok("move", "ru", "--to", HELSINKI, "--reason", "said of Helsinki")
    assert diplo.ok("verify").output == "ok: checked 5 events in 2 meetings\n"
    assert diplo.ok("verify", PARIS).output == "ok: checked 3 events in 1 meeting\n"
    assert diplo.ok("verify", HELSINKI).output == "ok: checked 2 events in 1 meeting\n"


def test_a_withdrawal_claiming_a_move_that_never_arrived_is_named(
    diplo: Diplo, write_yaml: Any
) -> None:
    two_meetings(diplo, write_yaml)
    sealed_onto(
        diplo, PARIS, StatementWithdrawn, statement_id="ru", reason="moved", moved_to=HELSINKI
    )
    named = (
        f"{PARIS} version 3 (ru): withdrawn as moved to '{HELSINKI}', which has no 'ru' moved "
        "from here"
    )
    assert failed(diplo) == [named, "FAILED: checked 4 events in 2 meetings; 1 problem"]
    assert failed(diplo, PARIS) == [  # Helsinki is read for the other half
        named,
        "FAILED: checked 3 events in 1 meeting; 1 problem",
    ]


def test_a_statement_claiming_to_come_from_a_meeting_that_never_gave_it_up_is_named(
    diplo: Diplo, write_yaml: Any
) -> None:
    two_meetings(diplo, write_yaml)
    app = diplo.ledger()
    try:
        [first, _] = app.meeting_events(PARIS)
    finally:
        app.close()
    assert isinstance(first, StatementRecorded)
    ghost = first.statement.model_copy(
        update={"id": "ghost", "meeting": HELSINKI, "moved_from": PARIS}
    )
    sealed_onto(diplo, HELSINKI, EVENT_FOR_KIND[Kind.ANNOUNCED], statement=ghost)
    named = (
        f"{HELSINKI} version 2 (ghost): recorded as moved from '{PARIS}', which has no "
        "withdrawal of 'ghost' moving it here"
    )
    assert failed(diplo) == [named, "FAILED: checked 4 events in 2 meetings; 1 problem"]
    assert failed(diplo, HELSINKI) == [named, "FAILED: checked 2 events in 1 meeting; 1 problem"]
