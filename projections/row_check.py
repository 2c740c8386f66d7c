"""A stored state (a `meeting_view` row, a stored step's state) checked before it is used.

The view is the events' fold written down; a row damaged or forged in place (a column that is
not JSON, a status no fold gives, a count that is text) would otherwise reach the commands as
an "unexpected" error or as a wrong answer. It is said instead, naming the meeting and the
column; `verify` finds the same row and `rebuild` remakes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import orjson

from projections.vocabulary import Stance, Status

STATUSES = frozenset(status.value for status in Status)
STANCES = frozenset(stance.value for stance in Stance)
STATUSES_OR_NONE = frozenset({*STATUSES, None})
PLAN_KEYS = frozenset({"parties", "participants", "place", "planned_for"})


class DamagedRow(ValueError):
    """A stored state of the view that no fold gives: only a rebuild mends it. (Not a
    `PersistenceError`: the live view's cold path loads no storage library.)"""


def meeting_data(row: Mapping[str, Any]) -> dict[str, Any]:
    """A meeting's state as data, from its view row (stances and plan as JSON text)."""
    return checked_state(
        {
            "meeting": row["slug"],
            "status": row["status"],
            "disputed": row["disputed"],
            "parties": _json(row["stances"]),
            "plan": _json(row["plan"]),
            "first_said": row["first_said"],
            "latest_said": row["latest_said"],
            "statement_count": row["statement_count"],
        }
    )


def checked_state(state: Mapping[str, Any], slug: str | None = None) -> dict[str, Any]:
    """A stored state (of `slug`, if known) as data (`disputed` as a bool), refused unless a
    fold could give it."""
    problem = _problem(state)
    if problem is not None:
        named = slug or state.get("meeting")
        shown = named if isinstance(named, str) else "?"
        raise DamagedRow(
            f"the view's state of '{shown[:80]}' is damaged ({problem}): "
            "run `diplo rebuild` to remake it"
        )
    return {**state, "disputed": bool(state["disputed"])}


def stored_json(text: object, slug: str, position: int) -> dict[str, Any]:
    """The stored step at `position` of `slug` as data, refused unless it is a JSON object."""
    found = _json(text)
    if not isinstance(found, dict):
        raise steps_damaged(slug, f"step {position} is not a JSON object")
    return found


def steps_damaged(slug: str, why: str) -> DamagedRow:
    return DamagedRow(
        f"the view's stored steps of '{slug[:80]}' are damaged ({why}): "
        "run `diplo rebuild` to remake it"
    )


def _json(text: object) -> object:
    """The JSON a column holds; None if it holds none (which no check then passes)."""
    try:
        return orjson.loads(text) if isinstance(text, str) else None
    except orjson.JSONDecodeError:
        return None


def _problem(state: Mapping[str, Any]) -> str | None:
    """What in a stored state no fold gives; None if nothing."""
    checks = (
        ("meeting", isinstance(state.get("meeting"), str)),
        ("status", state.get("status") in STATUSES),
        (
            "disputed",
            state.get("disputed") in (0, 1) and type(state.get("disputed")) in (int, bool),
        ),
        ("stances", _stances(state.get("parties"))),
        ("plan", _plan(state.get("plan"))),
        ("first_said", _day(state.get("first_said"))),
        ("latest_said", _day(state.get("latest_said"))),
        ("statement_count", type(state.get("statement_count")) is int),
    )
    for column, good in checks:
        if not good:
            return f"its {column} is not as the fold writes it"
    return None


def _stances(value: object) -> bool:
    if type(value) is not dict:
        return False
    for side, stance in value.items():
        if type(side) is not str or stance not in STANCES:
            return False
    return True


def _plan(value: object) -> bool:
    if type(value) is not dict or value.keys() != PLAN_KEYS:
        return False
    for key in ("place", "planned_for"):
        if value[key] is not None and type(value[key]) is not str:
            return False
    return _texts(value["parties"]) and _texts(value["participants"])


def _day(value: object) -> bool:
    if value is None:
        return True
    try:
        return isinstance(value, str) and date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


TEXTS = (
    *("id", "meeting", "said_on", "effective_on", "kind", "speaker", "speaker_as_written"),
    *("side", "attribution", "known_on", "recorded_at"),
)
OPTIONAL_TEXTS = (
    *("via", "quote", "summary", "translation", "retracted_by", "moved_from", "note"),
)
SOURCE_KEYS = frozenset({"outlet", "published", "url", "title", "language"})
CHANGE_KEYS = frozenset({"field", "before", "after"})
ERRATUM_KEYS = frozenset({"version", "recorded_at", "corrected", "reason"})
WITHDRAWAL_KEYS = frozenset({"reason", "moved_to", "recorded_at"})
STEP_KEYS = frozenset(
    {*TEXTS, *OPTIONAL_TEXTS, "source", "sources", "plan_given", "retracts", "withdrawn"}
    | {"left_out", "counted", "status_before", "status_after", "changes", "state_after"}
    | {"errata", "version"}
)
"""The keys of a stored step, as `projections.steps.step_data` writes it."""


def checked_steps(steps: list[dict[str, Any]], slug: str) -> list[dict[str, Any]]:
    """A meeting's stored steps as data, refused unless the fold could have written each."""
    for position, step in enumerate(steps):  # (stored from position 0 on)
        problem = _step_problem(step)
        if problem is not None:
            raise steps_damaged(slug, f"step {position}: {problem}")
    return steps


def _step_problem(step: dict[str, Any]) -> str | None:
    if step.keys() != STEP_KEYS:
        return "its fields are not those the fold writes"
    for key in TEXTS:
        if type(step[key]) is not str:
            return f"its {key} is not text"
    for key in OPTIONAL_TEXTS:
        if step[key] is not None and type(step[key]) is not str:
            return f"its {key} is not text"
    checks = (
        (
            "a status",
            step["status_after"] in STATUSES and step["status_before"] in STATUSES_OR_NONE,
        ),
        (
            "a source",
            _dicts([step["source"]], SOURCE_KEYS) and _dicts(step["sources"], SOURCE_KEYS),
        ),
        ("a change", _dicts(step["changes"], CHANGE_KEYS)),
        ("an erratum", _dicts(step["errata"], ERRATUM_KEYS)),
        (
            "the withdrawal",
            step["withdrawn"] is None or _dicts([step["withdrawn"]], WITHDRAWAL_KEYS),
        ),
        ("the list of retracted ids", _retracts(step["retracts"])),
        ("the list left_out", _texts(step["left_out"])),
        ("plan_given", type(step["plan_given"]) is dict),
        ("counted or version", type(step["counted"]) is bool and type(step["version"]) is int),
    )
    for what, good in checks:
        if not good:
            return f"{what} is not as the fold writes it"
    if type(step["state_after"]) is not dict or _problem(step["state_after"]) is not None:
        return "the state after it is not as the fold writes it"
    return None


def _dicts(items: object, keys: frozenset[str]) -> bool:
    if type(items) is not list:
        return False
    return all(type(item) is dict and item.keys() == keys for item in items)


def _texts(items: object) -> bool:
    if type(items) is not list:
        return False
    return all(type(item) is str for item in items)


def _retracts(value: object) -> bool:
    return value is None or type(value) is str or _texts(value)
