"""Trusted decoding of stored events: built without validating them again.

Every stored event was validated when it was recorded, and the hash chain that `verify` checks
(with the strict `PydanticMapper.decode`) covers it, so reading it back for a query, the view or
the write side need not run every validator again (the EDTF grammar, URL and name checks, about
45 microseconds an event). `trusted_event` converts each field to the type validation would give
(dates, enums, tuples, nested sources) and builds the models with `model_construct`; anything
not shaped as the ledger writes it (a missing or unknown field, a value of the wrong type) gives
None, and the caller decodes strictly, which reports the damage.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from ledger.events import MeetingEvent, StatementCorrected, StatementRecorded
from ledger.statement import Attribution, Kind, Source, Statement

_SOURCE_FIELDS = frozenset(Source.model_fields)
_STATEMENT_FIELDS = frozenset(Statement.model_fields)
_STATEMENT_REQUIRED = frozenset(
    name for name, info in Statement.model_fields.items() if info.is_required()
)
_EVENT_FIELDS = {
    "recorded": frozenset(StatementRecorded.model_fields) - {"originator_id", "originator_version"},
    "corrected": frozenset(StatementCorrected.model_fields)
    - {"originator_id", "originator_version"},
}


class Untrusted(Exception):
    """A stored state not shaped as the ledger writes it: decode it strictly instead."""


def trusted_event(
    cls: type[MeetingEvent], meeting: UUID, version: int, state: dict[str, Any]
) -> MeetingEvent | None:
    """The event a well-formed stored state holds, built without validation; None if the
    state is not well formed (the strict decoder then says why)."""
    try:
        if issubclass(cls, StatementRecorded):
            _expect(set(state) == _EVENT_FIELDS["recorded"])
            fields: dict[str, Any] = {"statement": _statement(state["statement"])}
        elif issubclass(cls, StatementCorrected):
            _expect(set(state) == _EVENT_FIELDS["corrected"])
            fields = {
                "statement_id": _text(state["statement_id"]),
                "corrected": _expect_type(state["corrected"], dict),
                "reason": _text(state["reason"]),
            }
        else:
            return None
        return cls.model_construct(
            originator_id=meeting,
            originator_version=version,
            timestamp=datetime.fromisoformat(_text(state["timestamp"])),
            hash=_text(state["hash"]),
            **fields,
        )
    except (Untrusted, KeyError, ValueError, TypeError):
        return None


def _statement(value: Any) -> Statement:
    data = _expect_type(value, dict)
    _expect(_STATEMENT_REQUIRED <= data.keys() <= _STATEMENT_FIELDS)
    fields = {name: _text_or_none(data.get(name)) for name in _STATEMENT_FIELDS}
    fields.update(
        kind=Kind(data["kind"]),
        attribution=Attribution(data.get("attribution", Attribution.ON_RECORD)),
        source=_source(data["source"]),
        also_reported_by=_tuple_of(data.get("also_reported_by"), _source),
        retracts=_retracts(data.get("retracts")),
        parties=_tuple_of(data.get("parties"), _text),
        participants=_tuple_of(data.get("participants"), _text),
        said_from=date.fromisoformat(_text(data["said_from"])),
        said_until=date.fromisoformat(_text(data["said_until"])),
    )
    return Statement.model_construct(**fields)


def _source(value: Any) -> Source:
    data = _expect_type(value, dict)
    _expect({"outlet", "published"} <= data.keys() <= _SOURCE_FIELDS)
    return Source.model_construct(
        outlet=_text(data["outlet"]),
        published=date.fromisoformat(_text(data["published"])),
        url=_text_or_none(data.get("url")),
        title=_text_or_none(data.get("title")),
        language=_text(data.get("language", "en")),
    )


def _retracts(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    return _tuple_of(value, _text)


def _tuple_of(value: Any, item: Any) -> tuple[Any, ...] | None:
    if value is None:
        return None
    return tuple(item(part) for part in _expect_type(value, list))


def _text(value: Any) -> str:
    return str(_expect_type(value, str))


def _text_or_none(value: Any) -> Any:
    return value if value is None or isinstance(value, dict | list) else _text(value)


def _expect_type(value: Any, kind: type) -> Any:
    _expect(isinstance(value, kind))
    return value


def _expect(condition: bool) -> None:
    if not condition:
        raise Untrusted
