"""Stored statements read back without validating them again.

A stored `StatementRecorded` was validated when it was recorded, and `verify` checks every
stored event against its hash chain and the strict decoder; reading it back for a query or a
rebuild need not run every field validator again. `trusted_event` builds the event from its
JSON when the JSON has exactly the shape the ledger writes (each field of the right JSON type);
for anything else it gives None, and the caller validates the row strictly (and reports it if
it is damaged). Other events (corrections, citations, withdrawals) are few: always validated.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar
from uuid import UUID

from pydantic import BaseModel

from ledger.events import MeetingEvent, StatementRecorded
from ledger.statement import Attribution, Kind, Source, Statement

EVENT_KEYS = frozenset({"timestamp", "hash", "statement"})
TEXT = ("id", "meeting", "speaker", "side", "said_on", "speaker_as_written")
OPTIONAL_TEXT = ("quote", "summary", "translation", "via", "place", "planned_for", "moved_from")
TEXTS = ("parties", "participants")
SOURCE_TEXT = ("outlet",)
SOURCE_OPTIONAL_TEXT = ("url", "title", "language")


M = TypeVar("M", bound=BaseModel)
REQUIRED = object()
"""Marks a field with no default."""


class NotTrusted(ValueError):
    """The stored JSON is not exactly what the ledger writes: validate it instead."""


def trusted_event(
    cls: type[MeetingEvent], state: dict[str, Any], originator_id: UUID, version: int
) -> MeetingEvent | None:
    """The stored event built from its JSON without validation, or None (validate it)."""
    if not issubclass(cls, StatementRecorded) or state.keys() != EVENT_KEYS:
        return None
    try:
        timestamp, hash_, statement = state["timestamp"], state["hash"], state["statement"]
        if not isinstance(timestamp, str) or not isinstance(hash_, str):
            raise NotTrusted("timestamp or hash")
        values = {
            "originator_id": originator_id,
            "originator_version": version,
            "timestamp": datetime.fromisoformat(timestamp),
            "hash": hash_,
            "statement": _statement(statement),
        }
        return _construct(cls, values)
    except (NotTrusted, KeyError, TypeError, ValueError):
        return None


def _statement(stored: Any) -> Statement:
    values = _checked(stored, Statement, TEXT, OPTIONAL_TEXT)
    for name in TEXTS:
        values[name] = _tuple(values.get(name), name) if values.get(name) is not None else None
    retracts = values.get("retracts")
    if retracts is not None:
        values["retracts"] = (retracts,) if isinstance(retracts, str) else _tuple(retracts, "x")
    values["kind"] = Kind(values["kind"])
    if "attribution" in values:
        values["attribution"] = Attribution(values["attribution"])
    values["said_from"] = date.fromisoformat(values["said_from"])
    values["said_until"] = date.fromisoformat(values["said_until"])
    values["source"] = _source(values["source"])
    also = values.get("also_reported_by")
    if also is not None:
        if not isinstance(also, list):
            raise NotTrusted("also_reported_by")
        values["also_reported_by"] = tuple(_source(item) for item in also)
    return _construct(Statement, values)


def _source(stored: Any) -> Source:
    values = _checked(stored, Source, SOURCE_TEXT, SOURCE_OPTIONAL_TEXT)
    values["published"] = date.fromisoformat(values["published"])
    return _construct(Source, values)


def _construct(cls: type[M], values: dict[str, Any]) -> M:
    """What `cls.model_construct(**values)` gives (the fields in order, defaults for those not
    given, which are left out of the fields set), without its per-field overhead."""
    fields: dict[str, Any] = {}
    for name, default in _defaults(cls):
        if name in values:
            fields[name] = values[name]
        elif default is REQUIRED:
            raise NotTrusted(name)
        else:
            fields[name] = default
    made = cls.__new__(cls)
    object.__setattr__(made, "__dict__", fields)
    object.__setattr__(made, "__pydantic_fields_set__", set(values))
    object.__setattr__(made, "__pydantic_extra__", None)
    object.__setattr__(made, "__pydantic_private__", None)
    return made


@cache
def _defaults(cls: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    """Each field of the model and its default (REQUIRED if it has none)."""
    return tuple(
        (name, REQUIRED if info.is_required() else info.get_default(call_default_factory=True))
        for name, info in cls.model_fields.items()
    )


def _checked(
    stored: Any, cls: type[BaseModel], required: tuple[str, ...], optional: tuple[str, ...]
) -> dict[str, Any]:
    """A copy of a stored object with only fields of `cls`, its text fields of text."""
    if not isinstance(stored, dict) or not stored.keys() <= cls.model_fields.keys():
        raise NotTrusted(cls.__name__)
    values = dict(stored)
    _texts(values, required, required=True)
    _texts(values, optional, required=False)
    return values


def _texts(values: dict[str, Any], names: tuple[str, ...], *, required: bool) -> None:
    for name in names:
        value = values[name] if required else values.get(name)
        if not isinstance(value, str) and (required or value is not None):
            raise NotTrusted(name)


def _tuple(value: Any, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise NotTrusted(name)
    return tuple(value)
