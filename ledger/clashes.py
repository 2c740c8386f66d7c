"""What a statement given under a recorded id changes: the one-line reason an import or an
`append` refuses it, naming the fields that differ (and, when only the names a people
registry gives differ, saying so)."""

from __future__ import annotations

from typing import Any

from ledger.statement import Statement
from ledger.text import shown

DERIVED = frozenset({"speaker_as_written", "said_from", "said_until"})
"""Fields that follow from others: a difference there is shown through the field it follows."""
REGISTRY_NAMES = frozenset({"speaker", "participants"})
"""Fields a people registry gives its canonical names to."""
SHOWN_FIELDS = 2
SHOWN_CHARACTERS = 40


def clash(recorded: Statement, given: Statement) -> str:
    """Why `given` is not the statement recorded under its id."""
    old, new = recorded.model_dump(mode="json"), given.model_dump(mode="json")
    differs = [
        name for name in {**old, **new} if name not in DERIVED and old.get(name) != new.get(name)
    ]
    said = "; ".join(
        f"{name} {_value(old.get(name))} recorded, {_value(new.get(name))} given"
        for name in differs[:SHOWN_FIELDS]
    )
    more = f" (and {len(differs) - SHOWN_FIELDS} more)" if len(differs) > SHOWN_FIELDS else ""
    text = f"'{given.id}' is already used for another statement in this meeting: {said}{more}"
    as_written = recorded.speaker_as_written == given.speaker_as_written
    if differs and set(differs) <= REGISTRY_NAMES and as_written:
        text += "; if a people registry gave the recorded names, give it again (--people)"
    return text


def _value(value: Any) -> str:
    if value is None:
        return "none"
    text = shown(", ".join(map(str, value)) if isinstance(value, list) else str(value))
    if len(text) > SHOWN_CHARACTERS:
        text = text[: SHOWN_CHARACTERS - 1] + "…"
    return f"'{text}'"
