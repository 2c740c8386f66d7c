"""Near-duplicates: a statement that differs from a recorded one of the same meeting, speaker,
kind and day only in its words is most likely an edited copy, which `diplo correct` fixes
without recording the statement twice."""

from __future__ import annotations

import itertools
import re
from typing import Any

from ledger.application import Located
from projections.queries import ReadSide

WORDS = ("quote", "summary", "translation")
UNSAFE = re.compile(r"[^A-Za-z0-9._:-]")
"""Characters a statement id cannot hold (an EDTF interval's `/`)."""


Recorded = list[dict[str, Any]]


def near_duplicates(
    reads: ReadSide, items: list[Located], known: dict[str, Recorded] | None = None
) -> list[str]:
    """One warning per statement that looks like a correction of a recorded one, in the
    statements' order. Each meeting's recorded statements are read once (`known`: those
    already read, by slug: `ReadSide.recorded`), many meetings to a statement, and held only
    while its statements are compared."""
    by_meeting: dict[str, list[int]] = {}
    for number, item in enumerate(items):
        by_meeting.setdefault(item.statement.meeting, []).append(number)
    said = {
        slug: {(items[n].statement.kind.value, items[n].statement.said_on) for n in numbers}
        for slug, numbers in by_meeting.items()
        if slug not in (known or {})
    }
    found: dict[int, str] = {}
    for slug, recorded in itertools.chain((known or {}).items(), reads.recorded_of(said)):
        if slug in by_meeting:
            found.update(_compared(items, by_meeting[slug], recorded))
    return [found[number] for number in sorted(found)]


def _compared(items: list[Located], numbers: list[int], recorded: Recorded) -> dict[int, str]:
    """The warnings for the statements `numbers` of one meeting, given its `recorded` ones."""
    ids = {step["id"] for step in recorded}
    same_day: dict[tuple[str, str], Recorded] = {}
    for step in recorded:
        same_day.setdefault((step["kind"], step["said_on"]), []).append(step)
    found: dict[int, str] = {}
    for number in numbers:
        given = items[number].statement
        if given.id is not None and given.id in ids:
            continue  # an id already recorded: the ledger says whether it is the same
        for step in same_day.get((given.kind.value, given.said_on), ()):
            if _same_but_words(given, step):
                found[number] = (
                    f"{items[number].where}: looks like a correction of {step['id']} (same "
                    f"meeting, speaker, kind and day, other words): see `diplo correct "
                    f"{step['id']}`"
                )
                break
    return found


def _same_event(given: Any, step: dict[str, Any]) -> bool:
    """Same speaker (as written or canonical), kind and day."""
    return (
        given.speaker in {step["speaker"], step["speaker_as_written"]}
        and given.kind.value == step["kind"]
        and given.said_on == step["said_on"]
    )


def _same_but_words(given: Any, step: dict[str, Any]) -> bool:
    return _same_event(given, step) and any(getattr(given, n) != step[n] for n in WORDS)


def readable_id(recorded: Recorded, given: Any) -> str:
    """An id for an appended statement, given its meeting's statements: the id of the same
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
