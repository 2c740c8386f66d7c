"""The status rules, one small story each, through the pure fold."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from ledger.events import MeetingEvent, SourceCited, StatementCorrected, StatementWithdrawn
from ledger.meeting import Meeting, StatementRejected
from ledger.statement import Kind, StatementInput, record_statement
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
    # Recording such a walk-back is refused (see the walk-back stories below), and so is a
    # correction of the target's date that would put it after the walk-back (issue 13, item
    # 15); a ledger written before that rule may hold one, and then the statement stands.
    meeting = Meeting(SLUG)
    events = record(
        us(id="a", said_on="2018-10-19"),
        us(id="w", kind="walked_back", retracts="a", said_on="2018-10-20", quote="no"),
        ru(id="c", kind="confirmed", said_on="2018-10-21"),
        meeting=meeting,
    )
    assert state(events)[2] == {"US": "silent", "RU": "supports"}
    with pytest.raises(StatementRejected, match="'w' walks 'a' back on 2018-10-20"):
        meeting.correct("a", {"said_on": "2018-10-22"}, "said on Monday", TODAY)
    assert meeting.collect_events() == []
    meeting._trigger(  # as an older ledger holds it: the rule's check left out
        StatementCorrected,
        T0 + timedelta(1),
        statement_id="a",
        corrected={"said_on": "2018-10-22"},
        reason="said on Monday",
    )
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
    note = "FR is not a party: counts; a stance only if named a party"
    assert (step.counted, step.note) == (True, note)
    assert fold(SLUG, events).state.party_stances == {"US": "supports", "RU": "silent"}


def test_a_partys_word_said_before_the_parties_were_named_counts_from_their_naming() -> None:
    # RU confirms on 22 October; the US announcement naming the parties (US, RU) is said on
    # the 23rd (recorded first: a backfill). By the 22nd no party was named, so RU's word is a
    # non-party's then; from the 23rd RU is a party, and its confirmation is its stance.
    announced = us(id="a", said_on="2018-10-23")
    confirmed = ru(id="c", kind="confirmed", said_on="2018-10-22", parties=None)
    events = record(announced, confirmed)
    folded = fold(SLUG, events)
    assert [s.entry.statement.id for s in folded.history] == ["c", "a"]
    assert [s.status_after for s in folded.history] == ["proposed", "agreed"]
    assert folded.state.party_stances == {"US": "supports", "RU": "supports"}
    naming = [(c.field, c.before, c.after) for c in folded.history[1].changes]
    assert ("stance.RU", "silent", "supports") in naming
    assert ("stance.US", "silent", "supports") in naming
    assert state(events, as_of=date(2018, 10, 22))[2] == {}  # no party named by then
    # a mediator named a party later (a trilateral) has its earlier word counted likewise
    later_source = {"outlet": "AFP", "published": "2018-10-26"}
    mediator = statement(id="f", kind="confirmed", side="FR", speaker="Macron",
                         said_on="2018-10-24", parties=None, source=later_source)  # fmt: skip
    trilateral = us(id="t", kind="confirmed", said_on="2018-10-25", parties=["US", "RU", "FR"],
                    source=later_source)  # fmt: skip
    later = fold(SLUG, record(announced, confirmed, mediator, trilateral)).state
    assert later.party_stances == {"US": "supports", "RU": "supports", "FR": "supports"}


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


# Status rules v2 -------------------------------------------------------------------------------
# One story per rule of README's rule section; expectations written by hand from the rule.


def on(day: str, **fields: Any) -> dict[str, Any]:
    """Fields of a statement said and published on `day` (UTC)."""
    return {"said_on": day, "source": {"outlet": "Wire", "published": day[:10]}, **fields}


def at(events: list[MeetingEvent], day: str | None = None, **options: Any) -> dict[str, Any]:
    """The state as of `day` (or with all statements), as a reader sees it."""
    as_of = date.fromisoformat(day) if day else None
    folded = fold(SLUG, events, as_of=as_of, **options).state
    return {
        "status": folded.status,
        "disputed": folded.disputed,
        "stances": folded.party_stances,
        "place": folded.plan.place,
        "planned_for": folded.plan.planned_for,
        "overdue_since": folded.overdue_since(as_of or TODAY),
    }


def later(meeting: Meeting, event_class: type[MeetingEvent], **fields: Any) -> MeetingEvent:
    """An event of a kind the write side does not make yet, appended to the meeting."""
    return event_class(
        originator_id=meeting.id,
        originator_version=meeting.version + 1,
        timestamp=T0 + timedelta(days=1),
        hash="",
        **fields,
    )


def test_with_no_counted_statement_a_meeting_is_unannounced_whatever_is_recorded() -> None:
    events = record(ru(id="s", attribution="second_hand", via="John Bolton", **on("2018-10-20")))
    assert at(events) == {
        "status": "unannounced",
        "disputed": False,
        "stances": {"US": "silent", "RU": "silent"},
        "place": None,
        "planned_for": None,
        "overdue_since": None,
    }
    assert at(events, evidence=Evidence.SECOND_HAND)["status"] == "proposed"


def test_a_meeting_floated_by_a_mediator_is_proposed_with_its_parties_silent() -> None:
    mediator = statement(
        id="m", side="FR", speaker="Emmanuel Macron", place="Paris", planned_for="2018-11-11"
    )
    events = record({**mediator, **on("2018-10-20")})
    assert at(events, "2018-10-20") == {
        "status": "proposed",
        "disputed": False,
        "stances": {"US": "silent", "RU": "silent"},
        "place": "Paris",
        "planned_for": "2018-11-11",
        "overdue_since": None,
    }


def test_a_withdrawn_statement_counts_for_nothing_and_stays_in_the_history_marked() -> None:
    meeting = Meeting(SLUG)
    events = record(us(id="a", **on("2018-10-20")), meeting=meeting)
    events.append(later(meeting, StatementWithdrawn, statement_id="a", reason="wrong meeting"))
    assert at(events)["status"] == "unannounced"
    (step,) = fold(SLUG, events).history
    assert step.counted is False
    assert step.note == "withdrawn (recorded in error): wrong meeting"
    assert step.entry.withdrawn is not None and step.entry.withdrawn.reason == "wrong meeting"


def test_parties_come_from_the_earliest_naming_statement_even_uncounted_or_retracted() -> None:
    events = record(
        ru(
            id="s",
            attribution="second_hand",
            via="Bolton",
            parties=["US", "RU"],
            **on("2018-10-01"),
        ),
        us(id="a", parties=["US", "RU", "FR"], attribution="second_hand", **on("2018-10-02")),
        us(id="b", parties=None, **on("2018-10-03")),
    )
    # s names the parties first; a (second-hand, not counted) names others: they stay.
    assert at(events)["stances"] == {"US": "supports", "RU": "silent"}
    retracted = record(
        us(id="a", planned_for="2018-11", **on("2018-10-01")),
        us(id="w", kind="walked_back", retracts="a", parties=None, **on("2018-10-02")),
        ru(id="c", kind="confirmed", parties=None, **on("2018-10-03")),
        meeting=Meeting("retracted-parties"),
    )
    state_after = fold("retracted-parties", retracted).state
    assert state_after.party_stances == {"US": "silent", "RU": "supports"}
    assert state_after.plan.planned_for is None  # the retracted statement's plan is gone


def test_a_later_counted_statement_naming_other_parties_replaces_them() -> None:
    events = record(
        us(id="a", **on("2018-10-01")),
        statement(
            id="t", side="FR", speaker="Macron", parties=["US", "RU", "FR"], **on("2018-10-02")
        ),
    )
    assert at(events, "2018-10-01")["stances"] == {"US": "supports", "RU": "silent"}
    # FR's announcement names FR a party, and so gives FR its stance
    assert at(events)["stances"] == {"US": "supports", "RU": "silent", "FR": "supports"}


def test_a_noncommittal_word_makes_its_side_undecided_and_changes_no_lifecycle() -> None:
    events = record(
        us(id="a", **on("2018-10-01")),
        ru(id="c", kind="confirmed", **on("2018-10-02")),
        ru(id="n", kind="noncommittal", quote="It is premature to say", **on("2018-10-03")),
        us(id="p", kind="postponed", **on("2018-10-04")),
        ru(id="n2", kind="noncommittal", quote="We are studying it", **on("2018-10-05")),
    )
    assert [at(events, f"2018-10-0{d}")["status"] for d in range(1, 6)] == [
        "proposed",
        "agreed",
        "proposed",
        "postponed",
        "postponed",
    ]
    assert at(events, "2018-10-03")["stances"] == {"US": "supports", "RU": "undecided"}
    assert at(events)["disputed"] is False


def test_the_side_that_cancels_denies_and_a_postponement_leaves_stances_as_they_are() -> None:
    events = record(
        us(id="a", **on("2018-10-01")),
        ru(id="c", kind="confirmed", **on("2018-10-02")),
        ru(id="p", kind="postponed", **on("2018-10-03")),
        us(id="x", kind="cancelled", **on("2018-10-04")),
    )
    assert at(events, "2018-10-03")["stances"] == {"US": "supports", "RU": "supports"}
    assert at(events, "2018-10-03")["status"] == "postponed"
    assert at(events)["status"] == "cancelled"
    assert at(events)["stances"] == {"US": "denies", "RU": "supports"}


def test_a_reschedule_restating_the_plan_keeps_the_other_sides_agreement() -> None:
    events = record(
        us(id="a", place="Paris", planned_for="2018-11-11", **on("2018-10-01")),
        ru(id="c", kind="confirmed", **on("2018-10-02")),
        us(id="p", kind="postponed", **on("2018-10-03")),
        us(id="r", kind="rescheduled", place="Paris", planned_for="2018-11-11", **on("2018-10-04")),
    )
    assert at(events, "2018-10-03")["status"] == "postponed"
    assert at(events, "2018-10-04")["status"] == "agreed"
    assert at(events, "2018-10-04")["stances"] == {"US": "supports", "RU": "supports"}


def test_a_reschedule_to_another_place_or_date_resets_the_other_sides_to_silent() -> None:
    events = record(
        us(id="a", place="Paris", planned_for="2018-11-11", **on("2018-10-01")),
        ru(id="c", kind="confirmed", **on("2018-10-02")),
        ru(id="x", kind="cancelled", **on("2018-10-03")),
        us(id="r", kind="rescheduled", place="Buenos Aires", **on("2018-10-04")),
        ru(id="c2", kind="confirmed", **on("2018-10-05")),
        ru(id="r2", kind="rescheduled", planned_for="2018-12", **on("2018-10-06")),
    )
    assert at(events, "2018-10-03")["stances"] == {"US": "supports", "RU": "denies"}
    assert at(events, "2018-10-04") == {
        "status": "proposed",
        "disputed": False,
        "stances": {"US": "supports", "RU": "silent"},
        "place": "Buenos Aires",
        "planned_for": "2018-11-11",
        "overdue_since": None,
    }
    assert at(events, "2018-10-05")["status"] == "agreed"
    # a reschedule sets the date it gives, even one containing the current date
    assert at(events, "2018-10-06")["planned_for"] == "2018-12"
    assert at(events, "2018-10-06")["stances"] == {"US": "silent", "RU": "supports"}


def test_a_vaguer_date_or_place_does_not_replace_a_precise_one_but_another_does() -> None:
    events = record(
        us(
            id="a", place="St. Peter's Basilica, Rome", planned_for="2018-07-16", **on("2018-07-01")
        ),
        ru(id="b", kind="confirmed", place="Rome", planned_for="2018-07", **on("2018-07-02")),
        ru(
            id="c", kind="confirmed", place="Helsinki", planned_for="2018-07-17", **on("2018-07-03")
        ),
        ru(id="d", kind="confirmed", planned_for="2018-07-16/2018-07-17", **on("2018-07-04")),
    )
    plan = {k: v for k, v in at(events, "2018-07-02").items() if k in ("place", "planned_for")}
    assert plan == {"place": "St. Peter's Basilica, Rome", "planned_for": "2018-07-16"}
    assert at(events, "2018-07-03")["place"] == "Helsinki"
    assert at(events, "2018-07-03")["planned_for"] == "2018-07-17"
    assert at(events)["planned_for"] == "2018-07-17"  # the interval contains the 17th


def test_an_open_plan_past_its_last_possible_day_is_overdue_until_held() -> None:
    events = record(
        us(id="a", planned_for="2018-11", **on("2018-10-01")),
        ru(id="c", kind="confirmed", **on("2018-10-02")),
        us(id="h", kind="held", **on("2018-12-03")),
    )
    assert at(events, "2018-11-30")["overdue_since"] is None
    assert at(events, "2018-12-01")["status"] == "agreed"
    assert at(events, "2018-12-01")["overdue_since"] == date(2018, 12, 1)
    assert at(events, "2018-12-02")["overdue_since"] == date(2018, 12, 1)
    assert at(events, "2018-12-03") == {
        "status": "held",
        "disputed": False,
        "stances": {"US": "supports", "RU": "supports"},
        "place": None,
        "planned_for": "2018-11",
        "overdue_since": None,
    }


def test_a_cancelled_or_postponed_plan_is_never_overdue() -> None:
    events = record(
        us(id="a", planned_for="2018-11-11", **on("2018-10-01")),
        ru(id="p", kind="postponed", **on("2018-10-02")),
    )
    assert at(events)["status"] == "postponed"
    assert at(events)["overdue_since"] is None


def kcna_confirms(said_on: str, published: str, **fields: Any) -> dict[str, Any]:
    """RU's confirmation `c`, said on one day and first reported by KCNA on another."""
    source = {"outlet": "KCNA", "published": published}
    return ru(id="c", kind="confirmed", said_on=said_on, source=source, **fields)


def test_as_of_counts_what_was_said_and_known_by_what_had_been_published() -> None:
    # KCNA reports a day later what was said on the 20th.
    events = record(
        us(id="a", **on("2018-10-20")),
        kcna_confirms("2018-10-20", published="2018-10-21"),
    )
    assert at(events, "2018-10-20")["status"] == "agreed"
    assert at(events, known_by=date(2018, 10, 20))["status"] == "proposed"
    assert at(events, known_by=date(2018, 10, 21))["status"] == "agreed"
    assert at(events, "2018-10-19", known_by=date(2018, 10, 21))["status"] == "unannounced"
    history = fold(SLUG, events, known_by=date(2018, 10, 20)).history
    assert [(s.entry.statement.id, s.left_out, s.counted) for s in history] == [
        ("a", (), True),
        ("c", ("known_by",), False),
    ]
    assert history[1].note == "left out: first published after 2018-10-20"


def test_the_earliest_source_of_a_corroborated_statement_decides_when_it_was_known() -> None:
    meeting = Meeting(SLUG)
    events = record(
        us(id="a", **on("2018-10-20")),
        kcna_confirms(
            "2018-10-20",
            published="2018-10-22",
            also_reported_by=[{"outlet": "Yonhap", "published": "2018-10-21"}],
        ),
        meeting=meeting,
    )
    assert at(events, known_by=date(2018, 10, 21))["status"] == "agreed"
    cite = later(
        meeting, SourceCited, statement_id="c", source={"outlet": "AP", "published": "2018-10-20"}
    )
    assert at([*events, cite], known_by=date(2018, 10, 20))["status"] == "agreed"
    (_, step) = fold(SLUG, [*events, cite]).history
    assert [source.outlet for source in step.entry.sources] == ["KCNA", "Yonhap", "AP"]


def test_the_three_axes_combine_and_history_marks_each_filter_that_leaves_a_statement_out() -> None:
    events = record(
        us(id="a", **on("2018-10-20")),
        kcna_confirms("2018-10-21", published="2018-10-22"),
    )
    # a recorded at T0, c at T0 + 1 minute
    history = fold(
        SLUG, events, as_of=date(2018, 10, 20), known_by=date(2018, 10, 21), recorded_by=T0
    ).history
    assert [s.left_out for s in history] == [(), ("as_of", "known_by", "recorded_by")]
    assert at(events, recorded_by=T0 + timedelta(minutes=1), known_by=date(2018, 10, 22)) == {
        "status": "agreed",
        "disputed": False,
        "stances": {"US": "supports", "RU": "supports"},
        "place": None,
        "planned_for": None,
        "overdue_since": None,
    }


def test_same_day_statements_are_ordered_by_their_time_in_utc() -> None:
    # Recorded denial first, but said later in the day (UTC) than the announcement.
    events = record(
        ru(id="d", kind="denied", **on("2019-06-29T10:00+00:00")),
        ru(id="a", kind="announced", **on("2019-06-29T07:51+09:00")),
    )
    assert [s.entry.statement.id for s in fold(SLUG, events).history] == ["a", "d"]
    assert at(events)["stances"] == {"US": "silent", "RU": "denies"}


def test_a_time_with_an_offset_is_compared_with_the_publication_day_in_utc() -> None:
    # 07:51 in Seoul on the 30th is 22:51 UTC on the 29th: a source of the 29th can report it.
    events = record(
        us(
            id="a",
            said_on="2019-06-30T07:51+09:00",
            source={"outlet": "AP", "published": "2019-06-29"},
        )
    )
    (step,) = fold(SLUG, events).history
    assert step.entry.statement.effective_on == date(2019, 6, 29)
    assert at(events, "2019-06-29")["status"] == "proposed"


def test_a_walk_back_may_retract_several_statements_of_its_side() -> None:
    events = record(
        us(id="a", planned_for="2018-11-11", **on("2018-10-01")),
        us(id="b", kind="confirmed", place="Paris", **on("2018-10-02")),
        ru(id="c", kind="confirmed", **on("2018-10-03")),
        us(
            id="w",
            kind="walked_back",
            retracts=["a", "b"],
            quote="Nothing is set",
            **on("2018-10-04"),
        ),
    )
    assert at(events, "2018-10-03")["status"] == "agreed"
    assert at(events) == {
        "status": "proposed",
        "disputed": False,
        "stances": {"US": "silent", "RU": "supports"},
        "place": None,
        "planned_for": None,
        "overdue_since": None,
    }
    history = fold(SLUG, events).history
    assert [s.retracted_by for s in history] == ["w", "w", None, None]
    assert ("retracts", None, ["a", "b"]) in [
        (c.field, c.before, c.after) for c in history[3].changes
    ]


def test_a_walk_back_said_before_its_target_is_refused() -> None:
    import pytest

    from ledger.meeting import StatementRejected

    with pytest.raises(StatementRejected, match="only retract what was said before it"):
        record(
            us(id="a", **on("2018-10-05")),
            us(id="w", kind="walked_back", retracts=["a"], quote="no", **on("2018-10-04")),
        )


def test_a_walk_back_is_stored_as_before_so_old_ledgers_keep_their_hashes_and_ids() -> None:
    events = record(
        us(id="a", **on("2018-10-01")),
        us(id="w", kind="walked_back", retracts=["a"], quote="no", **on("2018-10-02")),
    )
    stored = events[1].model_dump(mode="json")["statement"]
    assert stored["retracts"] == "a"  # one id: a plain string, as stored before
    assert "also_reported_by" not in stored
    from ledger.events import EVENT_FOR_KIND

    old = EVENT_FOR_KIND[Kind.WALKED_BACK].model_validate(events[1].model_dump(mode="json"))
    assert old.statement.retracts == ("a",)
    assert old.content_hash("0" * 64) == events[1].content_hash("0" * 64)
    several = record(
        us(id="a", **on("2018-10-01")),
        us(id="b", **on("2018-10-02")),
        us(id="w", kind="walked_back", retracts="a", quote="no", **on("2018-10-03")),
        us(id="w2", kind="walked_back", retracts=["a", "b"], quote="no", **on("2018-10-04")),
        meeting=Meeting("several"),
    )
    assert [e.model_dump(mode="json")["statement"].get("retracts") for e in several] == [
        None,
        None,
        "a",
        ["a", "b"],
    ]
