"""A meeting's statements read from their stored JSON as plain data, without decoding them
into the ledger's models: what comparing new statements with the recorded ones needs (the
near-duplicate warnings of `import` and `append`), at a fraction of the cost of decoding.

Only when nothing could make the plain reading differ from the decoded one: every stored event
is one of the ledger's, none is a correction (which changes a statement's fields), and every
statement reads cleanly with the fields compared. Otherwise None: the caller decodes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
from eventsourcing.persistence import StoredEvent

from ledger.events import TOPICS, StatementCorrected, StatementRecorded

COMPARED = ("id", "speaker", "speaker_as_written", "kind", "said_on")
COMPARED_WORDS = ("quote", "summary", "translation")
"""The fields each statement read this way must have."""


def records_statement(topic: object) -> bool:
    """Whether a stored event's topic is that of a recorded statement."""
    cls = TOPICS.get(topic) if isinstance(topic, str) else None
    return cls is not None and issubclass(cls, StatementRecorded)


def statements_as_stored(stored: Iterable[StoredEvent]) -> list[dict[str, Any]] | None:
    """The statements the stored events record, each its stored JSON, in recorded order (a
    statement recorded twice: the later, in the first one's place, as the fold reads them);
    None if any event is not one of the ledger's, corrects a statement or does not read."""
    found: dict[str, dict[str, Any]] = {}
    for event in stored:
        cls = TOPICS.get(event.topic) if isinstance(event.topic, str) else None
        if cls is None or cls is StatementCorrected:
            return None
        if not issubclass(cls, StatementRecorded):
            continue  # a citation or withdrawal changes no compared field
        statement = _statement(event.state)
        if statement is None:
            return None
        found[statement["id"]] = statement
    return list(found.values())


def _statement(state: object) -> dict[str, Any] | None:
    try:
        data = orjson.loads(state) if isinstance(state, bytes | memoryview) else None
    except orjson.JSONDecodeError:
        return None
    statement = data.get("statement") if isinstance(data, dict) else None
    if not isinstance(statement, dict) or not isinstance(statement.get("id"), str):
        return None
    if any(name not in statement for name in (*COMPARED, *COMPARED_WORDS)):
        return None
    return statement
