"""An import decides on a meeting's summary (issue 14): every decision, event and refusal is the
one the full `Meeting` gives, so the summary is only a cheaper memory of the same aggregate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from ledger.meeting import Meeting, StatementRejected
from ledger.statement import Source, Statement, StatementInput, record_statement
from ledger.summary import MeetingSummary
from tests.conftest import statement

TODAY = date(2026, 11, 22)
AT = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
SLUG = "trump-putin-paris-2018"


def made(**fields: Any) -> Statement:
    given = StatementInput.model_validate(statement(**fields))
    return record_statement(given, given.speaker, None)


def derived(**fields: Any) -> Statement:
    """A statement given without an id (the ledger derives one from its content)."""
    content = statement(**fields)
    content.pop("id", None)
    given = StatementInput.model_validate(content)
    return record_statement(given, given.speaker, None)


def recorded(meeting: Meeting) -> Meeting:
    """US announces ('us') and walks it back ('wb'), RU confirms ('ru'), AP cites 'ru'."""
    meeting.record(made(id="us"), TODAY)
    meeting.record(made(id="wb", kind="walked_back", retracts="us", quote="no"), TODAY)
    meeting.record(made(id="ru", kind="confirmed", side="RU", speaker="Yuri Ushakov"), TODAY)
    meeting.cite("ru", Source(outlet="AP", published=date(2018, 10, 24)))
    return meeting


def both() -> tuple[Meeting, Meeting]:
    """The same history as a full meeting and as the summary of one."""
    full = recorded(Meeting(SLUG))
    full.collect_events()
    return full, MeetingSummary.of(full)


def outcome(meeting: Meeting, act: Callable[[Meeting], object]) -> object:
    """What an act gives (with the events it made, hash included), or the refusal it meets."""
    try:
        value = act(meeting)
    except StatementRejected as error:
        return ("refused", error.field, error.message)
    events = [(type(e).__name__, e.originator_version, e.hash) for e in meeting.collect_events()]
    return value if isinstance(value, bool) else getattr(value, "id", value), events


def ru_walks_back(statement_id: str, **fields: Any) -> Statement:
    """RU walks back its confirmation 'ru'."""
    return made(
        id=statement_id,
        kind="walked_back",
        side="RU",
        speaker="Yuri Ushakov",
        retracts="ru",
        quote="no",
        **fields,
    )


ACTS: dict[str, Callable[[Meeting], object]] = {
    "a new statement": lambda m: m.record(made(id="n1", quote="Paris it is"), TODAY, at=AT),
    "a repeat of a recorded one": lambda m: m.record(made(id="us"), TODAY, at=AT),
    "another statement under a recorded id": lambda m: m.record(
        made(id="us", quote="x"), TODAY, at=AT
    ),
    "a walk-back of the other side": lambda m: m.record(
        made(id="w2", kind="walked_back", retracts="ru", quote="no"), TODAY
    ),
    "a walk-back said before its target": lambda m: m.record(
        ru_walks_back("w3", said_on="2018-10-01"), TODAY, at=AT
    ),
    "a walk-back of a missing statement": lambda m: m.record(
        made(id="w4", kind="walked_back", retracts="gone", quote="no"), TODAY
    ),
    "a good walk-back": lambda m: m.record(
        ru_walks_back(
            "w5", said_on="2018-10-25", source={"outlet": "TASS", "published": "2018-10-25"}
        ),
        TODAY,
        at=AT,
    ),
    "a source the statement has": lambda m: m.cite(
        "ru", Source(outlet="AP", published=date(2018, 10, 24)), at=AT
    ),
    "a new source": lambda m: m.cite(
        "ru", Source(outlet="TASS", published=date(2018, 10, 24)), at=AT
    ),
    "a source published before it was said": lambda m: m.cite(
        "ru", Source(outlet="TASS", published=date(2018, 10, 1)), at=AT
    ),
    "a source for a missing statement": lambda m: m.cite(
        "gone", Source(outlet="TASS", published=date(2018, 10, 24)), at=AT
    ),
}


@pytest.mark.parametrize("name", list(ACTS))
def test_the_summary_decides_every_act_of_an_import_as_the_full_meeting_does(name: str) -> None:
    full, summary = both()
    assert outcome(summary, ACTS[name]) == outcome(full, ACTS[name])
    assert (summary.version, summary.last_hash) == (full.version, full.last_hash)


def test_a_second_report_without_an_id_is_found_by_its_content_on_both() -> None:
    first = derived(source={"outlet": "The Hill", "published": "2018-10-23"})
    again = derived(source={"outlet": "Reuters", "published": "2018-10-23"})
    assert first.id != again.id  # the first source is part of a derived id
    full, summary = Meeting(SLUG), MeetingSummary(SLUG)
    for meeting in (full, summary):
        meeting.record(first, TODAY)
        meeting.collect_events()
    found_full = full.same_content(again, derived_id=True)
    found_summary = summary.same_content(again, derived_id=True)
    assert found_full is not None and found_summary is not None
    assert found_full.id == found_summary.id == first.id
    assert summary.same_content(made(id="x", quote="other words"), derived_id=True) is None


def test_a_withdrawn_statement_is_not_corroborated_by_either() -> None:
    first = derived()
    full = Meeting(SLUG)
    full.record(first, TODAY)
    full.withdraw(first.id, "entered twice")
    summary = MeetingSummary.of(full)
    again = derived(source={"outlet": "Reuters", "published": "2018-10-23"})
    assert full.same_content(again, derived_id=True) is None
    assert summary.same_content(again, derived_id=True) is None


def test_the_summary_refuses_what_needs_the_whole_statements() -> None:
    _, summary = both()
    with pytest.raises(TypeError, match="needs the full meeting"):
        summary.correct("us", {"quote": "x"}, "typo", TODAY)
    with pytest.raises(TypeError, match="needs the full meeting"):
        summary.withdraw("us", "wrong")


def twins(*, withdraw_first: bool) -> list[Any]:
    """The events of 'a' then 'b', saying the same from two outlets (ids given), 'a' withdrawn
    in between if asked."""
    meeting = Meeting(SLUG)
    meeting.record(made(id="a", source={"outlet": "The Hill", "published": "2018-10-23"}), TODAY)
    if withdraw_first:
        meeting.withdraw("a", "entered twice")
    meeting.record(made(id="b", source={"outlet": "Reuters", "published": "2018-10-23"}), TODAY)
    return meeting.collect_events()


@pytest.mark.parametrize("withdraw_first", [False, True])
def test_a_report_without_an_id_corroborates_the_latest_live_statement_of_its_content(
    withdraw_first: bool,
) -> None:
    third = derived(source={"outlet": "TASS", "published": "2018-10-23"})
    events = twins(withdraw_first=withdraw_first)
    full, summary = Meeting(SLUG), MeetingSummary(SLUG)
    for meeting in (full, summary):
        assert meeting.same_content(third, derived_id=True) is None  # its index of contents
        for event in events:  # then kept up to date event by event
            meeting.apply(event)
    for meeting in (full, summary, MeetingSummary.of(full)):
        found = meeting.same_content(third, derived_id=True)
        assert found is not None and found.id == "b"
