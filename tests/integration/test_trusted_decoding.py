"""Trusted decoding (issue 14): a stored event is read back without validating it again, and
gives exactly the event the strict decoder (the one `verify` uses) gives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orjson
from eventsourcing.persistence import StoredEvent

from ledger.events import StatementRecorded
from ledger.storage import PydanticMapper, notification_batches
from tests.conftest import Diplo, statement
from tests.integration.test_integrity import RawTable

FIXTURES = sorted(str(p) for p in (Path(__file__).parents[2] / "fixtures").glob("0*.yaml"))


def test_every_seed_event_decodes_trusted_to_what_the_strict_decoder_gives(diplo: Diplo) -> None:
    diplo.ok("import", *FIXTURES)
    app = diplo.ledger()
    try:
        mapper = app.mapper
        assert isinstance(mapper, PydanticMapper)
        stored = [n for batch in notification_batches(app.recorder) for n in batch]
        assert len(stored) > 20
        for row in stored:
            strict, trusted = mapper.decode(row), mapper.decode(row, trusted=True)
            assert trusted == strict
            assert trusted.model_dump() == strict.model_dump()
            assert mapper.to_stored_event(trusted).state == row.state
            assert trusted.content_hash("0" * 64) == strict.content_hash("0" * 64)
    finally:
        app.close()


def test_a_stored_state_of_an_unexpected_shape_is_decoded_strictly(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ok("import", write_yaml([statement(id="seed")]))
    app = diplo.ledger()
    try:
        mapper = app.mapper
        assert isinstance(mapper, PydanticMapper)
        [row] = [n for batch in notification_batches(app.recorder) for n in batch]
        state = orjson.loads(row.state)
        state["statement"]["said_from"] = 20181023  # not as the ledger writes it
        changed = StoredEvent(
            row.originator_id, row.originator_version, row.topic, orjson.dumps(state)
        )
        event = mapper.to_domain_event(changed)
        assert not isinstance(event, StatementRecorded)  # the strict decoder refused it
        assert "said_from" in event.problem
    finally:
        app.close()


OLD_ROW = (
    b'{"timestamp":"2026-11-23T21:10:12.209570Z","hash":"64b2a5b816c0e79a7c713e7190b4bfb5f0cb'
    b'f5822a0d384dd68bbfd3f98e892e","statement":{"parties":["US","RU"],"participants":null,'
    b'"place":"Paris","planned_for":null,"id":"old-1","meeting":"trump-putin-paris-2018","kind'
    b'":"announced","speaker":"John Bolton","side":"US","said_on":"2018-23","quote":"We expect'
    b' a meeting in Paris.","summary":null,"translation":null,"attribution":"on_record","via":'
    b'null,"source":{"outlet":"The Hill","published":"2018-10-23","url":"https://thehill.com/x'
    b'","title":null,"language":"en"},"retracts":null,"speaker_as_written":"John Bolton","said'
    b'_from":"2018-09-01","said_until":"2018-11-30"}}'
)
"""A row as the code before issue 14 stored it (commit f245c07), byte for byte."""


def test_a_row_stored_by_the_code_before_trusted_decoding_still_verifies_and_reads(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    diplo.ledger().close()  # the tables
    table = RawTable(diplo.db)
    slug = "trump-putin-paris-2018"
    table.execute(
        "INSERT INTO stored_events (originator_id, originator_version, topic, state) "
        "VALUES (?, ?, ?, ?)",
        (table.key(slug), 1, "ledger.events:MeetingAnnounced", OLD_ROW),
    )
    diplo.ok("verify")
    assert diplo.json("status", slug)["statement_count"] == 1
    later = statement(id="later", kind="confirmed", speaker="Yuri Ushakov", side="RU", parties=None)
    diplo.ok("import", write_yaml([later]))
    diplo.ok("verify")  # the new event chains onto the old one's hash
    assert diplo.json("status", slug)["statement_count"] == 2
