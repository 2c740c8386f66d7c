"""`diplo verify` replays every meeting by the rules a new statement obeys: an event stored
with a whole chain (its hash recomputed by whoever wrote it) is still named when no command
could have recorded it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from ledger.events import EVENT_FOR_KIND, MeetingEvent, StatementRecorded
from ledger.statement import Kind
from ledger.storage import OrjsonTranscoder, PydanticMapper
from tests.conftest import Diplo, statement
from tests.integration.test_integrity import RawTable

PARIS = "trump-putin-paris-2018"
OCT_25 = date(2018, 10, 25)


def appended_with_its_hash(
    diplo: Diplo, event_changes: dict[str, Any] | None = None, **changes: Any
) -> None:
    """Paris's first statement stored again as version 2 under the id 'forged', with these
    statement fields changed, as the event its kind is stored as, sealed after version 1's
    hash as the ledger seals an event."""
    app = diplo.ledger()
    try:
        [first] = app.meeting_events(PARIS)
        assert isinstance(first, StatementRecorded)
        copy = first.statement.model_copy(update={"id": "forged", **changes})
        cls = EVENT_FOR_KIND[Kind(copy.kind)]
        draft = cls.model_construct(
            **{**first.__dict__, "originator_version": 2, "hash": "", "statement": copy}
            | (event_changes or {})
        )
    finally:
        app.close()
    stored_sealed(diplo, PARIS, draft, first.hash)


def stored_sealed(diplo: Diplo, slug: str, draft: MeetingEvent, previous_hash: str) -> None:
    """Store the draft event on the meeting, sealed after `previous_hash` as the ledger seals
    an event (as a forger who recomputes the hash would)."""
    event, state = draft.sealed(previous_hash)
    stored = PydanticMapper(transcoder=OrjsonTranscoder()).stored_with_state(event, state)
    raw = RawTable(diplo.db)
    raw.execute(
        "INSERT INTO stored_events (originator_id, originator_version, topic, state) "
        "VALUES (?, ?, ?, ?)",
        (raw.key(slug), event.originator_version, stored.topic, stored.state),
    )


RULES_BROKEN = {
    "said after its source was published": (
        {"said_on": "2018-10-25", "said_from": OCT_25, "said_until": OCT_25},
        "said_on: 2018-10-25 is later than the source's published date 2018-10-23",
    ),
    "days said that its date does not give": (
        {"said_from": date(2018, 10, 1)},
        "said_from: does not match said_on 2018-10-23",
    ),
    "neither a quote nor a summary": (
        {"quote": None, "summary": None},
        "quote: give a quote or a summary (or both)",
    ),
    "a walk-back of a statement of the other side": (
        {"kind": Kind.WALKED_BACK, "side": "RU", "speaker": "Dmitry Peskov", "retracts": ("seed",)},
        "retracts: 'seed' was made by side US; only US can walk it back",
    ),
}
"""A forged second statement of Paris (its chain whole), and the rule verify says it breaks."""


@pytest.mark.parametrize("case", list(RULES_BROKEN))
def test_an_event_with_a_whole_chain_that_breaks_a_rule_is_named_by_verify(
    diplo: Diplo, write_yaml: Any, case: str
) -> None:
    changes, rule = RULES_BROKEN[case]
    diplo.ok("import", write_yaml([statement(id="seed")]))
    appended_with_its_hash(diplo, **changes)
    checked = diplo("verify")
    assert checked.exit_code == 1
    assert checked.output.splitlines()[0] == f"{PARIS} version 2 (forged): breaks a rule: {rule}"
    assert checked.output.splitlines()[-1].startswith("FAILED: checked 2 events in 1 meeting")


def test_a_whole_chain_recorded_by_the_rules_verifies(diplo: Diplo, write_yaml: Any) -> None:
    confirmed = statement(id="ru", kind="confirmed", speaker="Dmitry Peskov", side="RU")
    back = statement(
        id="ru-back", kind="walked_back", speaker="Dmitry Peskov", side="RU", retracts="ru"
    )
    diplo.ok("import", write_yaml([statement(id="seed"), confirmed, back]))
    diplo.ok("correct", "seed", "--place", "Paris, France", "--reason", "the city named")
    assert diplo.ok("verify").output == "ok: checked 4 events in 1 meeting\n"


def test_an_event_recorded_at_a_moment_still_to_come_is_named_by_verify(
    diplo: Diplo, write_yaml: Any
) -> None:
    diplo.ok("import", write_yaml([statement(id="seed")]))
    far = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
    appended_with_its_hash(diplo, {"timestamp": far})
    checked = diplo("verify")
    assert checked.exit_code == 1
    assert checked.output.splitlines()[0] == (
        f"{PARIS} version 2 (forged): recorded at 9999-12-31T23:59:00+00:00, still to come"
    )
