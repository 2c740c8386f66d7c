"""The Meeting aggregate's errata rules (issue 12): citations, withdrawals, corrections of any
field, and corroboration; and derived statement ids that do not move."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import orjson
import pytest

from ledger.events import SourceCited, StatementWithdrawn
from ledger.meeting import Meeting, StatementRejected
from ledger.statement import FieldError, Source, Statement, StatementInput, record_statement
from tests.conftest import statement

TODAY = date(2026, 11, 22)
SLUG = "trump-putin-paris-2018"


def made(**fields: Any) -> Statement:
    given = StatementInput.model_validate(statement(**fields))
    return record_statement(given, given.speaker, None)


def paris() -> Meeting:
    """US announces ('us'), then walks it back ('wb'); RU confirms ('ru')."""
    meeting = Meeting(SLUG)
    meeting.record(made(id="us"), TODAY)
    meeting.record(made(id="wb", kind="walked_back", retracts="us", quote="no"), TODAY)
    meeting.record(made(id="ru", kind="confirmed", side="RU", speaker="Yuri Ushakov"), TODAY)
    meeting.collect_events()
    return meeting


def test_a_citation_is_an_event_and_the_same_source_twice_is_not() -> None:
    meeting = paris()
    wire = Source(outlet="AP", published=date(2018, 10, 24))
    assert meeting.cite("ru", wire) is True
    assert meeting.cite("ru", wire) is False
    (event,) = meeting.collect_events()
    assert isinstance(event, SourceCited)
    assert (event.statement_id, event.source, event.originator_version) == ("ru", wire, 4)
    assert [s.outlet for s in meeting.sources_of("ru")] == ["The Hill", "AP"]


def test_a_source_published_before_the_statement_was_said_is_refused() -> None:
    with pytest.raises(StatementRejected, match="before the statement was said"):
        paris().cite("ru", Source(outlet="AP", published=date(2018, 10, 1)))


def test_a_withdrawal_needs_a_reason_and_then_the_statement_takes_nothing_more() -> None:
    meeting = paris()
    with pytest.raises(StatementRejected, match="needs a reason"):
        meeting.withdraw("ru", "  ")
    meeting.withdraw("ru", "entered twice")
    (event,) = meeting.collect_events()
    assert isinstance(event, StatementWithdrawn) and event.moved_to is None
    for attempt in (
        lambda: meeting.withdraw("ru", "again"),
        lambda: meeting.cite("ru", Source(outlet="AP", published=date(2018, 10, 24))),
        lambda: meeting.correct("ru", {"kind": "denied"}, "x", TODAY),
    ):
        with pytest.raises(StatementRejected, match="'ru' was withdrawn"):
            attempt()


def test_a_walked_back_statement_is_withdrawn_only_after_its_walk_back() -> None:
    meeting = paris()
    with pytest.raises(StatementRejected, match="'wb' walks it back"):
        meeting.withdraw("us", "not said")
    meeting.withdraw("wb", "not said")
    meeting.withdraw("us", "not said")


def test_a_walk_back_cannot_retract_a_withdrawn_statement() -> None:
    meeting = paris()
    meeting.withdraw("ru", "x")
    walk_back = made(id="wb2", kind="walked_back", side="RU", retracts="ru", quote="no")
    with pytest.raises(StatementRejected, match="'ru' is not a statement of meeting"):
        meeting.record(walk_back, TODAY)


def test_a_kind_correction_keeps_the_event_class_and_the_statement_takes_the_new_kind() -> None:
    meeting = paris()
    fixed = meeting.correct("ru", {"kind": "noncommittal"}, "studying it", TODAY)
    assert fixed.kind == "noncommittal"
    assert meeting.statements["ru"].kind == "noncommittal"


def test_a_walk_back_corrected_to_another_kind_must_drop_what_it_retracts() -> None:
    meeting = paris()
    with pytest.raises(FieldError, match="only walked_back statements retract"):
        meeting.correct("wb", {"kind": "denied"}, "x", TODAY)
    fixed = meeting.correct("wb", {"kind": "denied", "retracts": None}, "a denial", TODAY)
    assert (fixed.kind, fixed.retracts) == ("denied", None)


def test_retracts_may_be_corrected_to_statements_of_the_same_side_only() -> None:
    meeting = paris()
    with pytest.raises(StatementRejected, match="only RU can walk it back"):
        meeting.correct("wb", {"retracts": ["ru"]}, "x", TODAY)


def test_a_correction_moving_the_target_after_its_walk_back_is_refused() -> None:
    meeting = paris()
    refused = "'wb' walks 'us' back on 2018-10-23; the statement cannot be dated after it"
    with pytest.raises(StatementRejected, match=refused):
        later = {"outlet": "The Hill", "published": "2018-10-24"}
        meeting.correct("us", {"said_on": "2018-10-24", "source": later}, "x", TODAY)
    meeting.collect_events()
    meeting.correct("us", {"said_on": "2018-10-22"}, "a day earlier", TODAY)


def test_clearing_a_required_field_is_refused_and_an_optional_one_is_allowed() -> None:
    meeting = paris()
    with pytest.raises(FieldError, match="cannot be cleared"):
        meeting.correct("ru", {"speaker": None}, "x", TODAY)
    assert meeting.correct("ru", {"parties": None}, "x", TODAY).parties is None


def test_the_same_statement_from_another_outlet_is_found_whatever_its_derived_id() -> None:
    meeting = Meeting(SLUG)
    meeting.record(made(), TODAY)
    again = made(source={"outlet": "AP", "published": "2018-10-24"})
    found = meeting.same_content(again, derived_id=True)
    assert found is not None and found.id != again.id
    assert meeting.same_content(again, derived_id=False) is None
    assert meeting.same_content(made(quote="other words"), derived_id=True) is None


def test_a_derived_id_is_the_hash_of_the_content_with_its_first_source_only() -> None:
    # Computed here from the rule, independently of the code: sha256 of the sorted JSON of the
    # statement's fields (no id, no empty fields, speaker as canonical), first 16 hex digits.
    content = {**statement(), "attribution": "on_record"}
    content["source"] = {**content["source"], "language": "en"}
    canonical = orjson.dumps(content, option=orjson.OPT_SORT_KEYS)
    expected = "st-" + hashlib.sha256(canonical).hexdigest()[:16]
    assert made().id == expected
    more = made(also_reported_by=[{"outlet": "AP", "published": "2018-10-24"}])
    assert more.id == expected
