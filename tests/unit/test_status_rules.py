"""The status rules, one small story each, through the pure fold."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from ledger.events import MeetingEvent
from ledger.meeting import Meeting
from ledger.statement import StatementInput, record_statement
from projections.fold import fold
from projections.vocabulary import Evidence
from tests.conftest import statement

SLUG = "trump-putin-paris-2018"
TODAY = date(2026, 11, 22)
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def us(**fields: Any) -> dict[str, Any]:
    return statement(**{"side": "US", "speaker": "John Bolton", **fields})


def ru(**fields: Any) -> dict[str, Any]:
    return statement(**{"side": "RU", "speaker": "Yuri Ushakov", **fields})


def record(*statements: dict[str, Any], meeting: Meeting | None = None) -> list[MeetingEvent]:
    """Record the statements in this order, one minute apart; returns all the meeting's events."""
    meeting = meeting or Meeting(SLUG)
    events: list[MeetingEvent] = []
    for raw in statements:
        given = StatementInput.model_validate(raw)
        meeting.record(
            record_statement(given, given.speaker, given.participants),
            TODAY,
            at=T0 + timedelta(minutes=meeting.version),
        )
        events.extend(meeting.collect_events())
    return events


def statuses(events: list[MeetingEvent], **options: Any) -> list[str]:
    return [step.status_after for step in fold(SLUG, events, **options).history]


def state(events: list[MeetingEvent], **options: Any) -> tuple[str, bool, dict[str, str]]:
    folded = fold(SLUG, events, **options).state
    return folded.status, folded.disputed, folded.party_stances


def test_an_announcement_proposes_and_the_other_sides_confirmation_agrees() -> None:
    events = record(us(id="a"), ru(id="c", kind="confirmed"))
    assert statuses(events) == ["proposed", "agreed"]
    assert state(events) == ("agreed", False, {"US": "supports", "RU": "supports"})


def test_a_denial_by_the_other_side_disputes_the_plan() -> None:
    events = record(us(id="a"), ru(id="d", kind="denied", said_on="2018-10-23"))
    assert statuses(events) == ["proposed", "proposed"]
    assert state(events) == ("proposed", True, {"US": "supports", "RU": "denies"})


def test_a_walk_back_removes_the_retracted_statements_effect() -> None:
    events = record(
        us(id="a", said_on="2018-10-20"),
        ru(id="c", kind="confirmed", said_on="2018-10-21"),
        ru(
            id="w", kind="walked_back", retracts="c", said_on="2018-10-22", quote="We never said so"
        ),
    )
    assert statuses(events) == ["proposed", "agreed", "proposed"]
    assert state(events) == ("proposed", False, {"US": "supports", "RU": "silent"})
    history = fold(SLUG, events).history
    assert history[1].retracted_by == "w"
    assert ("stance.RU", "supports", "silent") in [
        (c.field, c.before, c.after) for c in history[2].changes
    ]


def test_a_walk_back_said_before_the_statement_it_names_retracts_nothing() -> None:
    # Recording such a walk-back is now refused (see the walk-back stories below); a correction
    # of the target's date can still put it after the walk-back, and then it stands.
    meeting = Meeting(SLUG)
    events = record(
        us(id="a", said_on="2018-10-19"),
        us(id="w", kind="walked_back", retracts="a", said_on="2018-10-20", quote="no"),
        ru(id="c", kind="confirmed", said_on="2018-10-21"),
        meeting=meeting,
    )
    assert state(events)[2] == {"US": "silent", "RU": "supports"}
    meeting.correct("a", {"said_on": "2018-10-22"}, "said on Monday", TODAY, at=T0 + timedelta(1))
    events += meeting.collect_events()
    assert state(events)[2] == {"US": "supports", "RU": "supports"}


def test_walking_back_a_walk_back_restores_the_original() -> None:
    events = record(
        us(id="a", said_on="2018-10-20"),
        us(id="w1", kind="walked_back", retracts="a", said_on="2018-10-21", quote="no"),
        us(id="w2", kind="walked_back", retracts="w1", said_on="2018-10-22", quote="yes after all"),
    )
    # The sole announcement, walked back, leaves nothing that counts: unannounced (rule v2).
    assert statuses(events) == ["proposed", "unannounced", "proposed"]
    assert state(events)[2] == {"US": "supports", "RU": "silent"}


def test_a_reschedule_sets_the_new_plan_and_every_other_side_must_agree_again() -> None:
    events = record(
        us(id="a", said_on="2018-10-20", planned_for="2018-11-11"),
        ru(id="c", kind="confirmed", said_on="2018-10-21"),
        ru(id="r", kind="rescheduled", said_on="2018-10-22", planned_for="2018-12"),
        us(id="c2", kind="confirmed", said_on="2018-10-23"),
    )
    assert statuses(events) == ["proposed", "agreed", "proposed", "agreed"]
    folded = fold(SLUG, events, as_of=date(2018, 10, 22)).state
    assert folded.party_stances == {"US": "silent", "RU": "supports"}
    assert folded.plan.planned_for == "2018-12"


def test_a_postponed_meeting_stays_postponed_until_a_party_reschedules() -> None:
    events = record(
        us(id="a", said_on="2018-10-01"),
        ru(id="c", kind="confirmed", said_on="2018-10-02"),
        us(id="p", kind="postponed", said_on="2018-10-03"),
        ru(id="c2", kind="confirmed", said_on="2018-10-04"),
        ru(id="r", kind="rescheduled", said_on="2018-10-05", planned_for="2019-01"),
        us(id="c3", kind="confirmed", said_on="2018-10-06"),
    )
    assert statuses(events) == [
        "proposed",
        "agreed",
        "postponed",
        "postponed",
        "proposed",
        "agreed",
    ]


def test_a_cancellation_is_not_undone_by_a_postponement_but_a_reschedule_reopens_it() -> None:
    events = record(
        us(id="a", said_on="2018-10-01"),
        ru(id="x", kind="cancelled", said_on="2018-10-02"),
        us(id="p", kind="postponed", said_on="2018-10-03"),
        us(id="d", kind="denied", said_on="2018-10-04"),
        us(id="r", kind="rescheduled", said_on="2018-10-05"),
    )
    assert statuses(events) == ["proposed", "cancelled", "cancelled", "cancelled", "proposed"]
    # Rule v2: cancelling made RU deny; a reschedule that gives no new date or place does not
    # reset RU to silent, so RU still denies and the plan is disputed.
    assert state(events) == ("proposed", True, {"US": "supports", "RU": "denies"})


def test_held_counts_from_any_state_and_from_any_side() -> None:
    events = record(
        us(id="a", said_on="2018-10-01"),
        ru(id="x", kind="cancelled", said_on="2018-10-02"),
        statement(id="h", kind="held", side="FR", speaker="Emmanuel Macron", said_on="2018-10-03"),
    )
    assert statuses(events) == ["proposed", "cancelled", "held"]


def test_a_non_partys_statement_counts_but_changes_no_stance() -> None:
    # Rule v2: a non-party's statement counts (a mediator can float a meeting); it gives no
    # party a stance.
    events = record(us(id="a"), statement(id="f", kind="confirmed", side="FR", speaker="Macron"))
    assert statuses(events) == ["proposed", "proposed"]
    step = fold(SLUG, events).history[1]
    assert (step.counted, step.note) == (True, "FR is not a party: counts, changes no stance")


def test_a_backfilled_statement_gives_the_same_state_as_if_it_had_come_in_order() -> None:
    early = us(id="a", said_on="2018-10-01")
    late = ru(id="d", kind="denied", said_on="2018-10-05")
    in_order = fold(SLUG, record(early, late))
    backfilled = fold(SLUG, record(late, early))
    assert in_order.state.status == backfilled.state.status == "proposed"
    assert in_order.state.party_stances == backfilled.state.party_stances
    assert [s.entry.statement.id for s in backfilled.history] == ["a", "d"]
    assert [s.status_after for s in backfilled.history] == ["proposed", "proposed"]


def test_a_vague_said_on_counts_from_its_latest_possible_day_capped_by_publication() -> None:
    events = record(
        us(id="a", said_on="2018-10-01"),
        ru(id="d", kind="denied", said_on="2018-10", summary="denied in recent weeks", quote=None),
    )
    assert state(events, as_of=date(2018, 10, 22))[2] == {"US": "supports", "RU": "silent"}
    assert state(events, as_of=date(2018, 10, 23))[2] == {"US": "supports", "RU": "denies"}
    interval = record(
        ru(
            id="d2",
            kind="denied",
            said_on="2025-07-09/2025-08-05",
            summary="denied",
            quote=None,
            source={"outlet": "NYT", "published": "2025-08-06"},
        ),
        meeting=Meeting("peskov-denial"),
    )
    assert fold("peskov-denial", interval, as_of=date(2025, 8, 4)).state.statement_count == 0
    assert fold("peskov-denial", interval, as_of=date(2025, 8, 5)).state.statement_count == 1


def test_evidence_levels_decide_which_attributions_count() -> None:
    events = record(
        us(id="a", attribution="anonymous", speaker="two people familiar with the plan"),
        ru(id="s", kind="confirmed", attribution="second_hand", via="John Bolton"),
    )
    assert state(events, evidence=Evidence.ON_RECORD)[2] == {"US": "silent", "RU": "silent"}
    assert state(events)[2] == {"US": "supports", "RU": "silent"}
    assert state(events, evidence=Evidence.SECOND_HAND) == (
        "agreed",
        False,
        {"US": "supports", "RU": "supports"},
    )


def test_a_correction_replaces_the_corrected_fields_before_the_fold() -> None:
    meeting = Meeting(SLUG)
    events = record(
        us(id="a"),
        statement(id="c", kind="confirmed", side="FR", speaker="Ushakov"),
        meeting=meeting,
    )
    assert state(events)[0] == "proposed"
    meeting.correct("c", {"side": "RU"}, "wrong side entered", TODAY, at=T0 + timedelta(hours=1))
    events += meeting.collect_events()
    assert state(events)[0] == "agreed"
    assert fold(SLUG, events).history[1].entry.errata[0].reason == "wrong side entered"
    assert state(events, recorded_by=T0 + timedelta(minutes=30))[0] == "proposed"


def test_recorded_by_counts_only_what_the_ledger_had_recorded_by_then() -> None:
    events = record(us(id="a"), ru(id="c", kind="confirmed"))
    assert state(events, recorded_by=T0)[0] == "proposed"
    assert state(events, recorded_by=T0 + timedelta(minutes=1))[0] == "agreed"


def test_as_of_a_day_before_any_statement_the_meeting_is_unannounced() -> None:
    events = record(us(id="a", said_on="2018-10-23"))
    assert state(events, as_of=date(2018, 10, 22))[0] == "unannounced"
