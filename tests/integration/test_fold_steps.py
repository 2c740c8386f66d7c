"""Stored steps (`fold_steps`): `status --as-of` of a big meeting reads the state of its last
step said by that day, and `history` reads them all, giving exactly what folding the meeting's
events gives, on both backends; rebuild writes them again and verify checks them like the
view's other tables."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import orjson
import pytest

from ledger.application import Ledger, Located
from ledger.events import meeting_id
from ledger.statement import StatementInput
from ledger.storage import choose_database
from projections.fold import current_state, fold
from projections.queries import ReadSide
from projections.steps import state_data, step_data
from projections.view import Projector
from tests.integration.test_integrity import RawTable
from tests.unit.test_properties import SIDES, spoken

TODAY = date(2026, 11, 22)
DAY0 = date(2018, 1, 1)
KINDS = ["announced", "confirmed", "denied", "noncommittal", "postponed", "rescheduled"]
KINDS += ["cancelled", "held"]
SEASON = {1: 24, 2: 24, 3: 21, 4: 21, 5: 21, 6: 22, 7: 22, 8: 22, 9: 23, 10: 23, 11: 23, 12: 24}


def fuzzy(day: date, pick: random.Random) -> str:
    """The day, or a vaguer date that contains it (a month, a season, `?`, `~`, an interval)."""
    iso = day.isoformat()
    season = f"{day.year}-{SEASON[day.month]}" if day.month > 2 else iso
    forms = [iso, iso[:7], season, f"{iso}?", f"~{iso}", f"{day - timedelta(days=2)}/{iso}"]
    return pick.choice(forms)


def story(seed: int, count: int, slug: str) -> list[dict[str, Any]]:
    """`count` statements of three sides, a third of them with fuzzy dates, some walk-backs
    (of statements well before them), some places and dates that change."""
    pick = random.Random(seed)
    made: list[dict[str, Any]] = []
    for index in range(count):
        side = pick.choice(sorted(SIDES))
        day = DAY0 + timedelta(days=3 * index)
        published = (day + timedelta(days=pick.randint(0, 2))).isoformat()
        earlier = [s["id"] for s in made[:-5] if s["side"] == side]
        walk_back = bool(earlier) and pick.random() < 0.15
        made.append(
            spoken(
                f"{slug}-{index}",
                slug,
                side,
                day.isoformat() if walk_back else fuzzy(day, pick),
                "walked_back" if walk_back else pick.choice(KINDS),
                retracts=pick.sample(earlier, min(len(earlier), pick.randint(1, 2)))
                if walk_back
                else None,
                attribution=pick.choice(["on_record", "anonymous", "second_hand"]),
                place=pick.choice([None, None, "Paris", "Helsinki", "St. Peter's Basilica, Rome"]),
                planned_for=pick.choice([None, None, "2019-01", "2019-02-03", "2019-23"]),
                source={"outlet": "Wire", "published": published},
            )
        )
    return made


def ledger_with(db_url: str, *stories: list[dict[str, Any]]) -> tuple[Ledger, Projector]:
    app = Ledger(choose_database(db_url))
    for told in stories:
        app.record([Located("generated", StatementInput.model_validate(raw)) for raw in told])
    return app, replace(Projector.of(app), steps_from=20)


def projected(db_url: str, seed: int, slug: str) -> tuple[Ledger, Projector, ReadSide, list[Any]]:
    """A ledger of one generated 60-statement meeting, its view caught up, and its events."""
    app, projector = ledger_with(db_url, story(seed, 60, slug))
    projector.catch_up()
    reads = ReadSide(projector, today=lambda: TODAY)
    return app, projector, reads, projector.meeting_events(meeting_id(slug))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_status_as_of_any_day_from_the_stored_steps_is_the_fold_of_the_events(
    db_url: str, seed: int
) -> None:
    slug = f"generated-{seed}"
    app, projector, reads, events = projected(db_url, seed, slug)
    assert projector.view.select_rows("SELECT count(*) AS n FROM fold_steps")[0]["n"] == 60
    for offset in range(-2, 3 * 60 + 4):
        day = DAY0 + timedelta(days=offset)
        expected = state_data(current_state(slug, events, as_of=day))
        found = reads.status(slug, as_of=day)
        assert found is not None
        assert {name: found[name] for name in expected} == expected, day
        assert found["as_of"] == day.isoformat()
    app.close()


def test_only_big_meetings_have_steps_and_rebuild_writes_the_same_ones(db_url: str) -> None:
    app, projector = ledger_with(db_url, story(4, 10, "small-one"), story(5, 30, "big-one"))
    projector.catch_up()
    query = "SELECT * FROM fold_steps ORDER BY meeting_id, position"
    stored = projector.view.select_rows(query)
    assert {row["meeting_id"] for row in stored} == {str(meeting_id("big-one"))}
    assert [row["position"] for row in stored] == list(range(30))
    projector.rebuild()
    assert projector.view.select_rows(query) == stored
    assert projector.view_differences() == []
    app.close()


def test_a_tampered_step_is_read_by_status_reported_by_verify_and_repaired_by_rebuild(
    db_url: str,
) -> None:
    app, projector = ledger_with(db_url, story(6, 30, "big-one"))
    projector.catch_up()
    reads = ReadSide(projector, today=lambda: TODAY)
    last = projector.view.select_rows("SELECT said_by, state FROM fold_steps WHERE position = 29")
    day = date.fromisoformat(last[0]["said_by"])
    step = orjson.loads(last[0]["state"])
    forged = {**step, "state_after": {**step["state_after"], "statement_count": 999}}
    RawTable(db_url).execute(
        "UPDATE fold_steps SET state = ? WHERE position = 29", (orjson.dumps(forged).decode(),)
    )
    found = reads.status("big-one", as_of=day)
    assert found is not None and found["statement_count"] == 999  # read from the stored step
    assert projector.view_differences() == [
        "view: the stored steps of 'big-one' differ from its events"
    ]
    projector.rebuild()
    assert projector.view_differences() == []
    repaired = reads.status("big-one", as_of=day)
    assert repaired is not None and repaired["statement_count"] == 30
    app.close()


def test_steps_of_a_meeting_with_no_events_are_reported(db_url: str) -> None:
    app, projector = ledger_with(db_url, story(7, 5, "small-one"))
    projector.catch_up()
    nobody = "00000000-0000-0000-0000-000000000000"
    RawTable(db_url).execute(
        "INSERT INTO fold_steps VALUES (?, ?, ?, ?)", (nobody, 0, "2018-01-01", "{}")
    )
    assert projector.view_differences() == [
        f"view: fold_steps has steps of meeting {nobody}, which has no events"
    ]
    app.close()


def test_a_big_meeting_without_stored_steps_folds_and_verify_accepts_it(db_url: str) -> None:
    # A ledger from before the steps were stored has none until its next rebuild: slower, but
    # right; some steps missing would not be (an earlier step would answer), and are reported.
    app, projector = ledger_with(db_url, story(8, 30, "big-one"))
    projector.catch_up()
    reads = ReadSide(projector, today=lambda: TODAY)
    day = DAY0 + timedelta(days=40)
    before = reads.status("big-one", as_of=day)
    RawTable(db_url).execute("DELETE FROM fold_steps WHERE position > 20")
    assert projector.view_differences() == [
        "view: the stored steps of 'big-one' differ from its events"
    ]
    RawTable(db_url).execute("DELETE FROM fold_steps")
    assert projector.view_differences() == []
    assert reads.status("big-one", as_of=day) == before
    app.close()


@pytest.mark.parametrize("seed", [9, 10])
def test_the_history_of_a_big_meeting_is_its_stored_steps_and_the_fold_of_its_events(
    db_url: str, seed: int
) -> None:
    slug = f"generated-{seed}"
    app, projector, reads, events = projected(db_url, seed, slug)
    folded = fold(slug, events)
    expected = [step_data(step) for step in folded.history]
    assert len(expected) == 60 and any(step["retracts"] for step in expected)
    assert reads.history(slug) == expected
    # read from the steps: a forged one shows (and verify reports it, as above)
    RawTable(db_url).execute(
        "UPDATE fold_steps SET state = ? WHERE position = 0",
        (orjson.dumps({**expected[0], "quote": "forged"}).decode(),),
    )
    found = reads.history(slug)
    assert found is not None and found[0]["quote"] == "forged" and found[1:] == expected[1:]
    # a time filter folds the events
    day = DAY0 + timedelta(days=90)
    assert reads.history(slug, as_of=day) == [
        step_data(step) for step in fold(slug, events, as_of=day).history
    ]
    app.close()


def test_steps_stored_as_states_alone_still_answer_status_and_history_folds(db_url: str) -> None:
    # Steps as the previous release stored them: the state after each step, nothing else.
    app, projector = ledger_with(db_url, story(11, 30, "big-one"))
    projector.catch_up()
    reads = ReadSide(projector, today=lambda: TODAY)
    expected = reads.history("big-one")
    day = DAY0 + timedelta(days=40)
    before = reads.status("big-one", as_of=day)
    table = RawTable(db_url)
    for position, step in enumerate(expected or []):
        table.execute(
            "UPDATE fold_steps SET state = ? WHERE position = ?",
            (orjson.dumps(step["state_after"]).decode(), position),
        )
    assert reads.status("big-one", as_of=day) == before
    assert reads.history("big-one") == expected
    assert projector.view_differences() == []  # right, if slower: verify accepts them
    app.close()
