"""The fold with walk-backs: linear in the statements, and each step's state still the state as
of its day (the refold after a walk-back stops once the states agree with those before)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import projections.fold
from projections.fold import current_state, fold
from projections.walk_backs import Prefix
from tests.unit.test_properties import DAY0, SIDES, SLUG, events_in_order, spoken


@dataclass(frozen=True)
class Tally:
    """A state for the prefix alone: a value and a count."""

    value: int
    counted_count: int = 0

    def shifted(self, by: int) -> Tally:
        return replace(self, counted_count=self.counted_count + by)

    def same_but_count(self, other: Tally) -> bool:
        return self.value == other.value


def test_a_refold_stops_where_the_states_agree_and_shifts_the_count_of_the_rest() -> None:
    prefix: Prefix[Tally] = Prefix(Tally(0), 10)
    for index in range(10):
        prefix.append(Tally(index // 3, counted_count=index + 1))
    calls: list[int] = []

    def step(state: Tally, index: int) -> Tally:
        # statement 4 no longer counts and leaves another value, kept by 5, until 6
        calls.append(index)
        value = 99 if index == 4 else state.value if index == 5 else index // 3
        return Tally(value, state.counted_count + (0 if index == 4 else 1))

    prefix.refold([4], step)
    assert calls == [4, 5, 6]  # 6 agrees again (value 2): the rest is only shifted
    assert [prefix.at(i).value for i in range(10)] == [0, 0, 0, 1, 99, 99, 2, 2, 2, 3]
    assert [prefix.at(i).counted_count for i in range(10)] == [1, 2, 3, 4, 4, 5, 6, 7, 8, 9]
    assert prefix.at(-1) == Tally(0)
    assert prefix.last == Tally(3, counted_count=9)


def test_a_refold_goes_on_past_the_last_changed_statement_even_if_a_state_agrees_before() -> None:
    prefix: Prefix[Tally] = Prefix(Tally(0), 7)
    for index in range(6):
        prefix.append(Tally(0, counted_count=index + 1))
    calls: list[int] = []

    def step(state: Tally, index: int) -> Tally:
        calls.append(index)
        return Tally(0, state.counted_count + (0 if index in (1, 4) else 1))

    prefix.refold([1, 4], step)
    assert calls == [1, 2, 3, 4]
    assert [prefix.at(i).counted_count for i in range(6)] == [1, 1, 2, 3, 3, 4]
    assert prefix.last == Tally(0, counted_count=4)
    prefix.append(Tally(1, counted_count=5))  # no shift reaches the next statement
    assert prefix.at(6) == prefix.last == Tally(1, counted_count=5)


def long_story(count: int, back: int) -> list[dict[str, Any]]:
    """`count` statements of two sides taking turns, each 20th a walk-back of that side's
    statement `back` places earlier: a walk-back far behind the latest statement."""
    made: list[dict[str, Any]] = []
    for index in range(count):
        side = sorted(SIDES)[index % 2]
        said = (DAY0 + timedelta(days=index)).isoformat()
        walk_back = index % 20 == 19 and index >= back
        made.append(
            spoken(
                f"s{index}",
                SLUG,
                side,
                said,
                "walked_back" if walk_back else ("announced", "denied")[index // 2 % 2],
                retracts=f"s{index - back}" if walk_back else None,
                parties=sorted(SIDES)[:2],
                source={"outlet": "Wire", "published": said},
            )
        )
    return made


def test_walk_backs_far_behind_cost_a_few_steps_each_not_a_refold_of_all_since(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events = events_in_order(long_story(2_000, back=1_000))
    real_step = projections.fold._step
    calls = 0

    def counted(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        return real_step(*args)

    monkeypatch.setattr(projections.fold, "_step", counted)
    folded = fold(SLUG, events)
    # 2,000 steps and 50 walk-backs of statements 1,000 steps back; each side speaks again two
    # steps later, so each refold takes a few steps (refolding all since: 50,000 steps)
    assert len(folded.history) == 2_000
    assert calls < 2_000 + 50 * 10
    assert sum(1 for step in folded.history if step.retracted_by) == 50


@settings(max_examples=40, deadline=None)
@given(st.integers(20, 60), st.integers(1, 9), st.data())
def test_with_walk_backs_far_behind_each_step_is_the_state_as_of_its_day(
    count: int, turns: int, data: st.DataObject
) -> None:
    story = long_story(count, back=2 * turns)  # an even distance: a statement of the same side
    for raw in story:  # some statements give another place, so states differ for longer
        if raw["kind"] != "walked_back" and data.draw(st.booleans()):
            raw["place"] = data.draw(st.sampled_from(["Paris", "Helsinki", "Oslo"]))
    events = events_in_order(story)
    folded = fold(SLUG, events)
    for step in folded.history:
        day = date.fromisoformat(step.entry.statement.said_on)
        assert step.state == current_state(SLUG, events, as_of=day)
    assert folded.state == current_state(SLUG, events)
