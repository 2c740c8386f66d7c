"""Rows stored before the performance work of issue 14 still verify and read, and new events
chain onto them."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import Diplo, statement
from tests.integration.test_integrity import RawTable

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
