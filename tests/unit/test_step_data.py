"""A history step as plain data: its sources and the plan it gives as pydantic dumps them."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from projections.fold import fold
from projections.queries import step_data
from tests.unit.test_properties import SLUG, events_in_order, stories_with_walk_backs


@settings(max_examples=40, deadline=None)
@given(stories_with_walk_backs(), st.data())
def test_the_sources_and_the_plan_given_of_each_step_are_their_json_dumps(
    story: list[dict[str, Any]], data: st.DataObject
) -> None:
    for raw in story:
        if data.draw(st.booleans()):
            raw["source"] = {**raw["source"], "url": "https://example.org/a", "title": "T"}
            raw["also_reported_by"] = [{"outlet": "AFP", "published": raw["source"]["published"]}]
            raw["participants"] = ["Donald Trump", "Vladimir Putin"]
    for step in fold(SLUG, events_in_order(story)).history:
        statement = step.entry.statement
        found = step_data(step)
        assert found["source"] == statement.source.model_dump(mode="json")
        assert found["sources"] == [s.model_dump(mode="json") for s in step.entry.sources]
        plan = statement.plan.model_dump(mode="json")
        assert found["plan_given"] == {k: v for k, v in plan.items() if v is not None}
