"""The read side's words: a meeting's status, a side's stance, and which evidence counts.

Plain enums importing nothing of the ledger, so that a command's options can name them without
loading the statement model; which attributions and kinds they admit is in
`projections.counting`.
"""

from __future__ import annotations

from enum import StrEnum


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


EVER = ("cancelled", "postponed", "disputed")
"""What `meetings(ever=...)` can ask: was the meeting ever cancelled, postponed or disputed."""
