"""Which statements count, in the read side's words: the attributions each evidence level
admits, and the stance a party's statement of each kind gives its side."""

from __future__ import annotations

from ledger.statement import Attribution, Kind
from projections.vocabulary import Evidence, Stance

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
