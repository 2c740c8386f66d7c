"""The read side's words: a meeting's status, a side's stance, and which evidence counts."""

from __future__ import annotations

from enum import StrEnum

from ledger.statement import Attribution, Kind


class Status(StrEnum):
    """Where a meeting stands: a lifecycle (open, postponed, cancelled, held) made readable."""

    UNANNOUNCED = "unannounced"
    PROPOSED = "proposed"
    AGREED = "agreed"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    HELD = "held"


class Lifecycle(StrEnum):
    """What has happened to the plan itself, whatever the sides say of it."""

    OPEN = "open"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    HELD = "held"


class Stance(StrEnum):
    """A party's position on the meeting: `undecided` after a non-committal word ("we are
    studying it"), `silent` before any word that counts."""

    SUPPORTS = "supports"
    DENIES = "denies"
    UNDECIDED = "undecided"
    SILENT = "silent"


class Evidence(StrEnum):
    """Which attributions count: on-record only, also anonymous (default), also second-hand."""

    ON_RECORD = "on_record"
    ANONYMOUS = "anonymous"
    SECOND_HAND = "second_hand"


ADMITTED: dict[Evidence, frozenset[Attribution]] = {
    Evidence.ON_RECORD: frozenset({Attribution.ON_RECORD}),
    Evidence.ANONYMOUS: frozenset({Attribution.ON_RECORD, Attribution.ANONYMOUS}),
    Evidence.SECOND_HAND: frozenset(Attribution),
}

STANCE_OF_KIND: dict[Kind, Stance] = {
    Kind.ANNOUNCED: Stance.SUPPORTS,
    Kind.CONFIRMED: Stance.SUPPORTS,
    Kind.RESCHEDULED: Stance.SUPPORTS,
    Kind.DENIED: Stance.DENIES,
    Kind.CANCELLED: Stance.DENIES,
    Kind.NONCOMMITTAL: Stance.UNDECIDED,
}
"""The stance a party's statement of each kind gives its side (other kinds give none)."""
