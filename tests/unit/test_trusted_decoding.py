"""Stored statements read back without validation (`ledger.trusted`): the same events as the
strict decoder gives, and a row not in the ledger's own shape validated (and reported) instead."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
import pytest
from eventsourcing.persistence import StoredEvent
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.events import UnreadableEvent
from ledger.meeting import Meeting
from ledger.statement import StatementInput, record_statement
from ledger.storage import OrjsonTranscoder, PydanticMapper
from tests.conftest import statement
from tests.unit.test_properties import stories_with_walk_backs

MAPPER = PydanticMapper(transcoder=OrjsonTranscoder())


def stored_rows(statements: list[dict[str, Any]], slug: str) -> list[StoredEvent]:
    meeting = Meeting(slug)
    for raw in statements:
        given_statement = StatementInput.model_validate(raw)
        meeting.record(
            record_statement(given_statement, given_statement.speaker, None), date(2026, 11, 22)
        )
    return [MAPPER.to_stored_event(event) for event in meeting.collect_events()]


def same(first: Any, second: Any) -> bool:
    """Equal, of the same class, with the same fields set, dumped alike."""
    return (
        type(first) is type(second)
        and first == second
        and first.model_fields_set == second.model_fields_set
        and first.statement.model_fields_set == second.statement.model_fields_set
        and first.model_dump(mode="json") == second.model_dump(mode="json")
    )


@settings(max_examples=60, deadline=None)
@given(stories_with_walk_backs(), st.data())
def test_a_trusted_read_gives_the_event_the_strict_decoder_gives(
    story: list[dict[str, Any]], data: st.DataObject
) -> None:
    for raw in story:  # more sources, a title and a url on some
        if data.draw(st.booleans()):
            raw["also_reported_by"] = [{"outlet": "AFP", "published": raw["source"]["published"]}]
            raw["source"] = {**raw["source"], "title": "A title", "url": "https://example.org/a"}
    for row in stored_rows(story, "generated-meeting"):
        assert same(MAPPER.to_domain_event(row), MAPPER.decode(row))


def damaged(change: dict[str, Any]) -> StoredEvent:
    """The stored row of one statement, with fields of its stored statement replaced."""
    row = stored_rows([statement(id="seed")], "trump-putin-paris-2018")[0]
    state = orjson.loads(row.state)
    state["statement"].update(change)
    return StoredEvent(row.originator_id, row.originator_version, row.topic, orjson.dumps(state))


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"kind": "canceled"}, "statement.kind"),
        ({"source": {"outlet": 5, "published": "2018-10-23"}}, "statement.source.outlet"),
        ({"said_from": "yesterday"}, "statement.said_from"),
        ({"speaker": None}, "statement.speaker"),
        ({"parties": "US"}, "statement.parties"),
        ({"colour": "red"}, "statement.colour"),
    ],
)
def test_a_statement_not_in_the_shape_the_ledger_writes_is_validated_and_reported(
    change: dict[str, Any], problem: str
) -> None:
    read = MAPPER.to_domain_event(damaged(change))
    assert isinstance(read, UnreadableEvent)
    assert read.problem.startswith(f"{problem}: ")


def test_a_statement_without_a_required_field_is_validated_and_reported() -> None:
    row = damaged({})
    state = orjson.loads(row.state)
    del state["statement"]["said_until"]
    read = MAPPER.to_domain_event(
        StoredEvent(row.originator_id, row.originator_version, row.topic, orjson.dumps(state))
    )
    assert isinstance(read, UnreadableEvent)
    assert read.problem == "statement.said_until: Field required"
