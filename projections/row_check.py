"""A stored state (a `meeting_view` row, a stored step's state) checked before it is used.

The view is the events' fold written down; a row damaged or forged in place (a column that is
not JSON, a status no fold gives, a count that is text) would otherwise reach the commands as
an "unexpected" error or as a wrong answer. It is said instead, naming the meeting and the
column; `verify` finds the same row and `rebuild` remakes it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import orjson

from projections.vocabulary import Stance, Status

STATUSES = frozenset(status.value for status in Status)
STANCES = frozenset(stance.value for stance in Stance)
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


def carried_statements(carried: object, slug: str) -> int | None:
    """How many statements a view row's `carried` column says the meeting has; None when the
    row carries nothing (a row of the previous release)."""
    if carried is None:
        return None
    kept = _json(carried)
    count = kept.get("statements") if isinstance(kept, dict) else None
    if type(count) is not int:
        raise DamagedRow(
            f"the view's row of '{slug[:80]}' is damaged (the fold it carries is not as the "
            "fold writes it): run `diplo rebuild` to remake it"
        )
    return count


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
        ("status", _word(state.get("status"), STATUSES)),
        (
            "disputed",
            type(state.get("disputed")) in (int, bool) and state.get("disputed") in (0, 1),
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
        if type(side) is not str or type(stance) is not str or stance not in STANCES:
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
TEXT, MAYBE_TEXT, ANY = (str,), (str, type(None)), None
Shape = dict[str, tuple[type, ...] | None]
SOURCE: Shape = {
    "outlet": TEXT,
    "published": TEXT,
    "url": MAYBE_TEXT,
    "title": MAYBE_TEXT,
    "language": TEXT,
}
CHANGE: Shape = {"field": TEXT, "before": ANY, "after": ANY}
ERRATUM: Shape = {"version": (int,), "recorded_at": TEXT, "corrected": (dict,), "reason": TEXT}
WITHDRAWAL: Shape = {"reason": TEXT, "moved_to": MAYBE_TEXT, "recorded_at": TEXT}
"""The fields of a step's sources, changes, errata and withdrawal, each with the types the
fold writes there (`ANY`: any JSON)."""

STEP_KEYS = frozenset(
    {*TEXTS, *OPTIONAL_TEXTS, "source", "sources", "plan_given", "retracts", "withdrawn"}
    | {"left_out", "counted", "status_before", "status_after", "changes", "state_after"}
    | {"errata", "version"}
)
"""The keys of a stored step, as `projections.steps.step_data` writes it."""


def checked_steps(
    steps: list[dict[str, Any]],
    slug: str,
    positions: list[int] | None = None,
    statements: int | None = None,
) -> list[dict[str, Any]]:
    """A meeting's stored steps as data, refused unless the fold could have written each, and
    (given where each was stored and how many statements the meeting's row counts) unless
    they are one a statement, at the positions the fold gives them (0, 1, 2, ...)."""
    if positions is not None:
        check_positions(slug, positions)
    check_step_count(slug, len(steps), statements)
    for position, step in enumerate(steps):  # (stored from position 0 on)
        problem = _step_problem(step)
        if problem is not None:
            raise steps_damaged(slug, f"step {position}: {problem}")
    return steps


def stored_history_of(rows: Sequence[Mapping[str, Any]], slug: str) -> list[dict[str, Any]] | None:
    """A meeting's whole history from its stored steps as read (in order, each with its
    `position` and `state`, the first with its view row's `carried` and whether there is a row
    at all, `present`); None where the meeting is to be folded instead: no steps, steps
    without their row, or steps stored by the previous release (states alone)."""
    if not rows or rows[0]["present"] is None:
        return None
    steps = [stored_json(row["state"], slug, row["position"]) for row in rows]
    if not all("state_after" in step for step in steps):
        return None
    positions = [row["position"] for row in rows]
    statements = carried_statements(rows[0]["carried"], slug)  # (none without step 0: refused)
    return checked_steps(steps, slug, positions, statements)


def check_positions(slug: str, positions: list[int]) -> None:
    """Refuse a meeting's stored steps unless they are at positions 0, 1, 2, ... in order."""
    if positions != list(range(len(positions))):
        gap = next(n for n, position in enumerate(positions) if position != n)
        raise steps_damaged(slug, f"no step is stored at position {gap}")


def check_step_count(slug: str, steps: int, statements: int | None) -> None:
    """Refuse a meeting's stored steps unless they are as many as the `statements` its row
    counts (if it counts them)."""
    if statements is not None and statements != steps:
        raise steps_damaged(slug, f"{steps} steps are stored for its {statements} statements")


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
            _word(step["status_after"], STATUSES)
            and (step["status_before"] is None or _word(step["status_before"], STATUSES)),
        ),
        ("a day", _day(step["effective_on"]) and _day(step["known_on"])),
        ("a source", _records([step["source"]], SOURCE) and _records(step["sources"], SOURCE)),
        ("a change", _records(step["changes"], CHANGE)),
        ("an erratum", _records(step["errata"], ERRATUM)),
        (
            "the withdrawal",
            step["withdrawn"] is None or _records([step["withdrawn"]], WITHDRAWAL),
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


def _records(items: object, shape: Shape) -> bool:
    """Whether `items` is a list of objects of exactly the fields of `shape`, each of its type."""
    if type(items) is not list:
        return False
    return all(_record(item, shape) for item in items)


def _record(item: object, shape: Shape) -> bool:
    if type(item) is not dict or item.keys() != shape.keys():
        return False
    return all(types is None or type(item[key]) in types for key, types in shape.items())


def _word(value: object, words: frozenset[str]) -> bool:
    return type(value) is str and value in words


def _texts(items: object) -> bool:
    if type(items) is not list:
        return False
    return all(type(item) is str for item in items)


def _retracts(value: object) -> bool:
    return value is None or type(value) is str or _texts(value)
