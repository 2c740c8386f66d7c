"""Near-duplicates: a statement that differs from a recorded one of the same meeting, speaker,
kind and day only in its words is most likely an edited copy, which `diplo correct` fixes
without recording the statement twice."""

from __future__ import annotations

import re
from typing import Any

from ledger.application import Located
from projections.queries import ReadSide

WORDS = ("quote", "summary", "translation")
UNSAFE = re.compile(r"[^A-Za-z0-9._:-]")
"""Characters a statement id cannot hold (an EDTF interval's `/`)."""


History = list[dict[str, Any]]


def near_duplicates(
    reads: ReadSide, items: list[Located], histories: dict[str, History] | None = None
) -> list[str]:
    """One warning per statement that looks like a correction of a recorded one (`histories`:
    the meetings' histories already read, by slug)."""
    histories = {} if histories is None else histories
    warnings = []
    for item in items:
        given = item.statement
        if given.meeting not in histories:
            histories[given.meeting] = reads.history(given.meeting) or []
        recorded = histories[given.meeting]
        if given.id is not None and any(step["id"] == given.id for step in recorded):
            continue  # an id already recorded: the ledger says whether it is the same
        for step in recorded:
            if _same_but_words(given, step):
                warnings.append(
                    f"{item.where}: looks like a correction of {step['id']} (same meeting, "
                    f"speaker, kind and day, other words): see `diplo correct {step['id']}`"
                )
                break
    return warnings


def _same_event(given: Any, step: dict[str, Any]) -> bool:
    """Same speaker (as written or canonical), kind and day."""
    return (
        given.speaker in {step["speaker"], step["speaker_as_written"]}
        and given.kind.value == step["kind"]
        and given.said_on == step["said_on"]
    )


def _same_but_words(given: Any, step: dict[str, Any]) -> bool:
    return _same_event(given, step) and any(getattr(given, n) != step[n] for n in WORDS)


def readable_id(recorded: History, given: Any) -> str:
    """An id for an appended statement, given its meeting's history: the id of the same
    statement if it is recorded (so a second append stays idempotent), else
    `<meeting>-<kind>-<said_on>` and `-2`, `-3`... if that is taken."""
    for step in recorded:
        if _same_event(given, step) and not any(getattr(given, n) != step[n] for n in WORDS):
            return str(step["id"])
    day = UNSAFE.sub("_", given.said_on.rstrip("?~%"))
    base = f"{given.meeting}-{given.kind.value}-{day}"[:76]
    taken = {step["id"] for step in recorded}
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
