"""The statement as a user writes it (the import format) and as the ledger records it.

`StatementInput` validates one statement on its own. `Statement` is what the ledger stores:
the same fields, normalised, with its id and the days its `said_on` can mean.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Annotated, Any

import orjson
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from ledger.dates import DATETIME_SEPARATOR, EARLIEST, date_bounds, iso_moment
from ledger.fields import (
    MAX_NAME,
    FuzzyDate,
    IsoDate,
    Language,
    Name,
    Retracts,
    Side,
    Slug,
    StatementId,
    Text,
    Url,
)
from ledger.suggestions import comma_list, kind_hint
from ledger.trusted import built


class Kind(StrEnum):
    ANNOUNCED = "announced"
    CONFIRMED = "confirmed"
    DENIED = "denied"
    WALKED_BACK = "walked_back"
    POSTPONED = "postponed"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"
    HELD = "held"
    NONCOMMITTAL = "noncommittal"


KINDS = tuple(kind.value for kind in Kind)
"""The kinds' names, in order (listed once: the validator of every decoded statement asks)."""


class Attribution(StrEnum):
    ON_RECORD = "on_record"
    ANONYMOUS = "anonymous"
    SECOND_HAND = "second_hand"


class Source(BaseModel):
    """Where a statement was reported."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outlet: Name
    published: IsoDate
    url: Url | None = None
    title: Name | None = None
    language: Language = "en"


class Plan(BaseModel):
    """The plan a statement gives: any of these may be absent."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    parties: Annotated[tuple[Side, ...] | None, BeforeValidator(comma_list)] = None
    participants: Annotated[tuple[Name, ...] | None, BeforeValidator(comma_list)] = None
    place: Name | None = None
    planned_for: FuzzyDate | None = None

    @field_validator("parties")
    @classmethod
    def _two_or_more_parties(cls, parties: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if parties is not None and len(set(parties)) < 2:
            raise ValueError("a meeting needs two or more distinct parties")
        return parties


PLAN_FIELDS = ("parties", "participants", "place", "planned_for")


class StatementInput(Plan):
    """One statement as a user writes it, in a file or on the command line."""

    id: StatementId | None = None
    meeting: Slug
    kind: Annotated[Kind, BeforeValidator(lambda v: kind_hint(v, KINDS))]
    speaker: Name
    side: Side
    said_on: FuzzyDate
    quote: Text | None = None
    summary: Text | None = None
    translation: Text | None = None
    attribution: Attribution = Attribution.ON_RECORD
    via: Name | None = None
    source: Source
    also_reported_by: tuple[Source, ...] | None = None
    retracts: Retracts | None = None

    @field_validator("retracts")
    @classmethod
    def _some(cls, retracts: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if retracts == ():
            raise ValueError("name at least one statement id")
        return retracts

    @model_serializer(mode="wrap")
    def _as_stored_before(self, handler: SerializerFunctionWrapHandler) -> Any:
        """Dump as statements were stored before these fields existed, so stored hashes and
        derived ids stay the same: no `also_reported_by` or `moved_from` when there is none,
        one retracted id
        as a plain string."""
        data = handler(self)
        if isinstance(data, dict):
            for name in ("also_reported_by", "moved_from"):
                if data.get(name, ()) is None:
                    del data[name]
            retracts = data.get("retracts")
            if isinstance(retracts, list | tuple) and len(retracts) == 1:
                data["retracts"] = retracts[0]
        return data

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source that reported it: `source` first, then `also_reported_by`."""
        return (self.source, *(self.also_reported_by or ()))

    @property
    def said_at(self) -> datetime | None:
        """The moment it was said, in UTC, when `said_on` gives a time of day."""
        return said_moment(self.said_on)


def said_order(statement: Statement) -> tuple[date, time]:
    """Where a statement falls in the order things were said: its day, then its time of day in
    UTC; a statement without a time counts at the end of its day."""
    moment = statement.said_at
    return statement.effective_on, moment.timetz().replace(tzinfo=None) if moment else time.max


def said_moment(said_on: str) -> datetime | None:
    """A date-time `said_on` as a UTC moment (no offset given: UTC); None for a date."""
    if DATETIME_SEPARATOR not in said_on:
        return None
    try:
        return iso_moment(said_on).astimezone(UTC)
    except ValueError:
        return None


def first_publishable(said_on: str) -> date:
    """The first day a source may be published on: the first day `said_on` allows; for a
    date-time, its own day (where it was said) or its day in UTC, whichever is earlier, since a
    publication's day is in a zone not given (23:30 in New York on 30 June is 1 July in UTC)."""
    first = date_bounds(said_on)[0]
    moment = said_moment(said_on)
    return min(first, moment.date()) if moment is not None else first


def check_statement(given: StatementInput, today: date) -> None:
    """The rules across a statement's fields; raises FieldError naming the field."""
    if given.quote is None and given.summary is None:
        raise FieldError("quote", "give a quote or a summary (or both)")
    if given.kind is Kind.WALKED_BACK and given.retracts is None:
        raise FieldError("retracts", "a walked_back statement must name the statement it retracts")
    if given.kind is not Kind.WALKED_BACK and given.retracts is not None:
        raise FieldError(
            "retracts", f"only walked_back statements retract; this one is {given.kind}"
        )
    moment = said_moment(given.said_on)  # (said in the future: compared in UTC)
    earliest = moment.date() if moment is not None else date_bounds(given.said_on)[0]
    if first_publishable(given.said_on) > given.source.published:
        raise FieldError(
            "said_on",
            f"{given.said_on} is later than the source's published date "
            f"{given.source.published.isoformat()}",
        )
    if earliest > today:
        raise FieldError("said_on", f"{given.said_on} is in the future (today is {today})")
    if given.source.published > today:
        raise FieldError(
            "source.published", f"{given.source.published} is in the future (today is {today})"
        )


class FieldError(ValueError):
    """A rule across fields, broken in one named field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class Statement(StatementInput):
    """A statement as the ledger records it: normalised, with its id and its day bounds."""

    id: StatementId
    speaker_as_written: Name
    said_from: date
    said_until: date
    moved_from: Slug | None = None
    """The meeting it was first recorded on, when it was moved here from there."""

    @model_validator(mode="after")
    def _bounds_of_a_day_said(self) -> Statement:
        """Read back, the days it can mean are in order and end within the dates accepted (a
        stored statement is not parsed again: its bounds are what `date_bounds` gave)."""
        if not self.said_from <= self.said_until or self.said_until < EARLIEST:
            span = f"{self.said_from.isoformat()} to {self.said_until.isoformat()}"
            raise ValueError(f"{span} is not the span of a day said")
        return self

    @property
    def effective_on(self) -> date:
        """The day from which it had certainly been said: its latest day (in UTC when it gives
        a time), capped by publication."""
        moment = self.said_at
        latest = moment.date() if moment is not None else self.said_until
        return min(latest, self.known_on)

    @property
    def known_on(self) -> date:
        """The day the public could first know it: its earliest source's publication."""
        return min(source.published for source in self.sources)

    @property
    def plan(self) -> Plan:
        return Plan(**{name: getattr(self, name) for name in PLAN_FIELDS})


def derive_statement_id(content: dict[str, Any]) -> str:
    """A deterministic id from a statement's content: the same statement, the same id.

    The content includes the first `source` (as it always did, so ids of existing ledgers stay
    as they are) but never `also_reported_by`: more sources do not make another statement."""
    canonical = orjson.dumps(content, option=orjson.OPT_SORT_KEYS)
    return "st-" + hashlib.sha256(canonical).hexdigest()[:16]


def record_statement(
    given: StatementInput, speaker: str, participants: tuple[str, ...] | None
) -> Statement:
    """Turn a validated input into the statement the ledger stores. A derived id comes from
    the statement as written (not the registry's names, not its corroborating sources): a
    registry or a second report never changes it."""
    said_from, said_until = date_bounds(given.said_on)
    fields = {"moved_from": None, **given.__dict__}
    fields.update(
        id=given.id
        or derive_statement_id(
            given.model_dump(mode="json", exclude={"id", "also_reported_by"}, exclude_none=True)
        ),
        speaker=_checked_name(speaker, "speaker"),
        participants=participants,
        speaker_as_written=given.speaker,
        said_from=said_from,
        said_until=said_until,
    )
    return built(Statement, fields)  # every field was validated on the way in


def _checked_name(name: str, field: str) -> str:
    if not name or len(name) > MAX_NAME or "\x00" in name:
        raise FieldError(field, f"'{name[:40]}' is not a valid name")
    return name


CORRECTABLE_FIELDS = (
    "kind",
    "retracts",
    "speaker",
    "side",
    "said_on",
    "quote",
    "summary",
    "translation",
    "attribution",
    "via",
    "source",
    "parties",
    "participants",
    "place",
    "planned_for",
)
"""Fields a correction may replace (or clear, with None, when optional); id and meeting stay
as recorded (a statement on the wrong meeting is moved, not corrected). A corrected `kind` is
the kind the fold uses; the stored event's class keeps the kind as first recorded."""
OPTIONAL_FIELDS = (
    *("retracts", "quote", "summary", "translation", "via"),
    *("parties", "participants", "place", "planned_for"),
)
"""Fields a correction may clear."""


def corrected_statement(statement: Statement, changes: dict[str, Any]) -> Statement:
    """The statement with a correction's fields replaced, validated again."""
    unknown = sorted(set(changes) - set(CORRECTABLE_FIELDS))
    if unknown:
        raise FieldError(
            unknown[0], f"cannot be corrected; correctable fields: {', '.join(CORRECTABLE_FIELDS)}"
        )
    cleared = [name for name, value in changes.items() if value is None]
    for name in cleared:
        if name not in OPTIONAL_FIELDS:
            raise FieldError(
                name, f"cannot be cleared; optional fields: {', '.join(OPTIONAL_FIELDS)}"
            )
    content = {**statement.model_dump(mode="json"), **changes}
    if "speaker" in changes:
        content["speaker_as_written"] = changes["speaker"]
    said_from, said_until = date_bounds(str(content["said_on"]))
    content.update(said_from=said_from.isoformat(), said_until=said_until.isoformat())
    return Statement.model_validate(content)
