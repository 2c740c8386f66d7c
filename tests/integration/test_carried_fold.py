"""A meeting's fold carried on (`projections.carry`): statements said after all the others are
folded on from the state its view row keeps, decoding only the new events (a big meeting's new
steps follow its stored ones); anything that can change an earlier step folds the meeting again.
Either way the view is what a rebuild makes of the events, row for row, on both backends."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, cast

import orjson
import pytest

from ledger.application import Ledger, Located
from ledger.events import meeting_id
from ledger.statement import StatementInput
from ledger.storage import choose_database
from projections import meeting_log, view_tables
from projections.entries import entries
from projections.fold import fold, fold_on
from projections.view import Projector
from tests.integration.test_fold_steps import DAY0, story
from tests.integration.test_integrity import RawTable
from tests.unit.test_properties import SIDES, spoken

SLUG = "big-one"
TABLES = {
    "meeting_view": "meeting_id",
    "statement_index": "meeting_id, statement_id",
    "fold_steps": "meeting_id, position",
}


class CountingMapper:
    """The ledger's own mapper, counting the stored events it decodes (for the view, or the
    write side: everything else is the mapper's own)."""

    def __init__(self, mapper: Any) -> None:
        self.mapper = mapper
        self.decoded = 0

    def to_domain_event(self, stored: Any) -> Any:
        self.decoded += 1
        return self.mapper.to_domain_event(stored)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.mapper, name)


def set_up(
    db_url: str, told: list[dict[str, Any]], steps_from: int = 20
) -> tuple[Ledger, Projector, CountingMapper]:
    """A ledger holding `told`, its view caught up, steps stored from `steps_from` on."""
    app = Ledger(choose_database(db_url))
    record(app, told)
    counting = CountingMapper(app.mapper)
    projector = replace(Projector.of(app), mapper=cast(Any, counting), steps_from=steps_from)
    projector.catch_up()
    counting.decoded = 0
    return app, projector, counting


def record(app: Ledger, told: list[dict[str, Any]]) -> None:
    app.record([Located("story", StatementInput.model_validate(raw)) for raw in told])


def decoded_after(
    app: Ledger, projector: Projector, counting: CountingMapper, told: list[dict[str, Any]]
) -> int:
    """Record `told` and bring the view up to date: how many stored events that decoded."""
    counting.decoded = 0
    record(app, told)
    projector.catch_up()
    return counting.decoded


def later(index: int, kind: str = "confirmed", **fields: Any) -> dict[str, Any]:
    """A statement said after every statement of `story(..., 30, ...)` (whose last is said on
    day 87 and published by day 89)."""
    day = (DAY0 + timedelta(days=100 + 3 * index)).isoformat()
    return spoken(f"{SLUG}-later-{index}", SLUG, "RU", day, kind, **fields)


def tables(db_url: str) -> dict[str, list[tuple[Any, ...]]]:
    raw = RawTable(db_url)
    return {t: raw.execute(f"SELECT * FROM {t} ORDER BY {key}") for t, key in TABLES.items()}


def assert_as_rebuilt(db_url: str, projector: Projector) -> None:
    """The view is what a rebuild makes of the events, row for row, and verify agrees."""
    assert projector.view_differences() == []
    kept = tables(db_url)
    projector.rebuild()
    assert tables(db_url) == kept


def test_statements_said_later_decode_only_themselves_and_give_the_rebuilt_view(
    db_url: str,
) -> None:
    app, projector, counting = set_up(db_url, story(21, 30, SLUG))
    record(app, [later(0)])
    assert projector.catch_up() == 1
    assert counting.decoded == 1
    counting.decoded = 0
    record(app, [later(1, "denied"), later(2, "postponed"), later(3, "rescheduled", place="Oslo")])
    assert projector.catch_up() == 3
    assert counting.decoded == 3
    steps = RawTable(db_url).execute("SELECT position FROM fold_steps ORDER BY position")
    assert [row[0] for row in steps] == list(range(34))
    assert_as_rebuilt(db_url, projector)
    app.close()


def test_a_walk_back_a_correction_or_an_earlier_statement_folds_the_whole_meeting(
    db_url: str,
) -> None:
    app, projector, counting = set_up(db_url, story(22, 30, SLUG))
    assert decoded_after(app, projector, counting, [later(0)]) == 1
    # a walk-back changes an earlier step (its `retracted_by`): all 32 events are decoded
    walk_back = later(1, "walked_back", retracts=f"{SLUG}-later-0")
    assert decoded_after(app, projector, counting, [walk_back]) == 32
    assert_as_rebuilt(db_url, projector)
    # said on day 1, before nearly every other statement: its step goes in near the start
    early = spoken(f"{SLUG}-early", SLUG, "US", (DAY0 + timedelta(days=1)).isoformat(), "denied")
    assert decoded_after(app, projector, counting, [early]) == 33
    assert_as_rebuilt(db_url, projector)
    counting.decoded = 0
    app.correct(SLUG, f"{SLUG}-later-0", {"place": "Vienna"}, "misread the wire")
    projector.catch_up()
    assert counting.decoded == 34
    assert_as_rebuilt(db_url, projector)
    app.close()


def test_a_small_meeting_is_carried_on_too_until_its_steps_are_to_be_stored(db_url: str) -> None:
    app, projector, counting = set_up(db_url, story(26, 10, SLUG))
    record(app, [later(0, "denied"), later(1, "rescheduled", planned_for="2018-11")])
    assert projector.catch_up() == 2
    assert counting.decoded == 2
    assert RawTable(db_url).execute("SELECT count(*) FROM fold_steps") == [(0,)]
    assert_as_rebuilt(db_url, projector)
    # from 20 statements on its steps are stored: the statements that take it there fold it all
    assert decoded_after(app, projector, counting, [later(2 + index) for index in range(8)]) == 20
    assert RawTable(db_url).execute("SELECT count(*) FROM fold_steps") == [(20,)]
    assert_as_rebuilt(db_url, projector)
    assert decoded_after(app, projector, counting, [later(10)]) == 1
    assert_as_rebuilt(db_url, projector)
    app.close()


def test_a_view_of_the_previous_release_gains_its_column_and_carries_after_one_fold(
    db_url: str,
) -> None:
    app, projector, counting = set_up(db_url, story(23, 30, SLUG))
    table = RawTable(db_url)
    table.execute("ALTER TABLE meeting_view DROP COLUMN carried")  # as that release made it
    projector = replace(Projector.of(app), mapper=cast(Any, counting), steps_from=20)
    assert table.execute("SELECT carried FROM meeting_view") == [(None,)]
    assert projector.view_differences() == []  # right: verify accepts its rows
    assert decoded_after(app, projector, counting, [later(0)]) == 31
    [(carried,)] = table.execute("SELECT carried FROM meeting_view")
    assert carried is not None and orjson.loads(carried)["statements"] == 31
    assert decoded_after(app, projector, counting, [later(1)]) == 1
    assert_as_rebuilt(db_url, projector)
    app.close()


def test_a_row_changed_by_a_release_that_does_not_keep_carried_folds_again(db_url: str) -> None:
    # Such a release (sharing the database) updates the row's other columns, not `carried`:
    # here after a correction that makes the postponement a cancellation.
    app, projector, counting = set_up(
        db_url,
        [
            spoken("a", SLUG, "US", "2018-10-20", "announced"),
            spoken("b", SLUG, "RU", "2018-10-21", "confirmed"),
            spoken("c", SLUG, "US", "2018-10-22", "postponed"),
        ],
    )
    table = RawTable(db_url)
    [(postponed,)] = table.execute("SELECT carried FROM meeting_view")
    app.correct(SLUG, "c", {"kind": "cancelled"}, "it was a cancellation")
    projector.catch_up()
    table.execute("UPDATE meeting_view SET carried = ?", (postponed,))
    # the count of statements and the last one's place still agree; the versions do not, so
    # the 3 statements, the correction and the new statement are all decoded and folded
    confirmed = spoken("d", SLUG, "RU", "2018-10-23", "confirmed", quote="We still expect it")
    assert decoded_after(app, projector, counting, [confirmed]) == 5
    assert table.execute("SELECT status FROM meeting_view") == [("cancelled",)]
    assert_as_rebuilt(db_url, projector)
    app.close()


def test_the_fold_carried_on_gives_the_steps_the_whole_fold_gives(db_url: str) -> None:
    app = Ledger(choose_database(db_url))
    record(app, [*story(24, 30, SLUG), later(0), later(1, "cancelled"), later(2, "held")])
    events = app.meeting_events(SLUG)
    whole = fold(SLUG, events)
    first = fold(SLUG, events[:30])
    added = sorted(entries(events[30:]), key=lambda entry: entry.order_key)
    carried = fold_on(first.state, added)
    assert carried is not None
    assert [*first.history, *carried] == list(whole.history)
    assert carried[-1].state == whole.state and whole.state.status == "held"
    walk_back = later(3, "walked_back", retracts=f"{SLUG}-later-1")
    record(app, [walk_back])
    assert fold_on(whole.state, entries(app.meeting_events(SLUG)[-1:])) is None
    assert meeting_id(SLUG) == events[0].originator_id
    app.close()


def test_status_and_history_after_carried_statements_are_those_of_the_events(
    db_url: str,
) -> None:
    from projections.queries import ReadSide
    from projections.steps import step_data

    app, projector, _ = set_up(db_url, story(25, 30, SLUG))
    record(app, [later(0, "rescheduled", planned_for="2018-12"), later(1, "held")])
    projector.catch_up()
    reads = ReadSide(projector, today=lambda: date(2026, 11, 22))
    events = app.meeting_events(SLUG)
    assert reads.history(SLUG) == [step_data(step) for step in fold(SLUG, events).history]
    status = reads.status(SLUG)
    assert status is not None and status["status"] == "held"
    app.close()


TIMES = ("", "", "", "T09:30Z", "T23:30-05:00", "T00:15+09:00")


def wandering(pick: random.Random, slug: str, index: int, day: int, earlier: list[Any]) -> Any:
    """A statement of a feed that mostly moves on in time but not always: now and then said
    before the last one, at a time of day in some zone, second-hand or anonymous, a walk-back
    (of an `earlier` statement of the same side said a day or more before)."""
    side = pick.choice(sorted(SIDES))
    fields: dict[str, Any] = {
        "attribution": pick.choice(["on_record", "on_record", "anonymous", "second_hand"]),
        "place": pick.choice([None, None, "Oslo", "Vienna"]),
        "source": {"outlet": "Wire", "published": (DAY0 + timedelta(days=day + 1)).isoformat()},
    }
    time = pick.choice(TIMES)
    targets = [(i, s) for i, s, said_day in earlier if said_day < day]
    if targets and pick.random() < 0.15:
        kind, (fields["retracts"], side), time = "walked_back", pick.choice(targets), ""
    else:
        kind = pick.choice(["announced", "confirmed", "denied", "postponed", "rescheduled"])
    said = (DAY0 + timedelta(days=day)).isoformat() + time
    return spoken(f"{slug}-w{index}", slug, side, said, kind, **fields)


@pytest.mark.parametrize("seed", [31, 32])
def test_a_wandering_feed_over_a_small_and_a_big_meeting_keeps_the_view_its_events_fold_to(
    db_url: str, seed: int
) -> None:
    pick = random.Random(seed)
    small, big = "small-one", SLUG
    app, projector, counting = set_up(db_url, [*story(seed, 8, small), *story(seed, 25, big)])
    day = {small: 30, big: 80}
    said: dict[str, list[tuple[str, str, int]]] = {small: [], big: []}
    carried = 0
    for index in range(20):
        batch = []
        for _ in range(pick.randint(1, 3)):
            slug = pick.choice([small, big])
            day[slug] += pick.choice([-2, 0, 1, 3, 3, 5])
            batch.append(wandering(pick, slug, index * 10 + len(batch), day[slug], said[slug]))
            said[slug].append((batch[-1]["id"], batch[-1]["side"], day[slug]))
        record(app, batch)
        counting.decoded = 0
        projector.catch_up()
        carried += counting.decoded == len(batch)
        assert projector.view_differences() == [], index
    assert carried >= 5  # the feed was carried on often, not only folded again
    assert RawTable(db_url).execute("SELECT count(*) FROM meeting_view WHERE carried IS NULL") == [
        (0,)
    ]
    assert_as_rebuilt(db_url, projector)
    app.close()


@pytest.mark.parametrize(
    "forged",
    [
        "not json",
        "{}",
        '{"lifecycle": "open"}',
        "[1, 2, 3]",
        "counted_count as text",  # (made below from the row's own value)
    ],
)
def test_a_damaged_carried_value_is_folded_over_never_trusted(db_url: str, forged: str) -> None:
    app, projector, counting = set_up(db_url, story(28, 10, SLUG))
    table = RawTable(db_url)
    if forged == "counted_count as text":
        [(kept,)] = table.execute("SELECT carried FROM meeting_view")
        data = orjson.loads(kept)
        data["state"]["counted_count"] = str(data["state"]["counted_count"])
        forged = orjson.dumps(data).decode()
    table.execute("UPDATE meeting_view SET carried = ?", (forged,))
    # what it keeps does not read: the 10 statements and the new one are decoded and folded
    assert decoded_after(app, projector, counting, [later(0)]) == 11
    assert_as_rebuilt(db_url, projector)
    app.close()


def test_meetings_are_carried_on_in_groups_each_on_its_own_row(
    db_url: str, monkeypatch: Any
) -> None:
    # Four meetings of ten statements, the view reading what it holds two meetings at a time.
    # One statement said later for each: three carry on (one decode each); rome's is a walk-back
    # of its own earlier statement, so rome alone folds whole (its 11 events).
    monkeypatch.setattr(meeting_log, "GROUP_MEETINGS", 2)
    monkeypatch.setattr(view_tables, "IN_CHUNK", 2)
    slugs = ["bern-talks", "madrid-talks", "oslo-talks", "rome-talks"]
    told = [s for number, slug in enumerate(slugs) for s in story(40 + number, 10, slug)]
    app, projector, counting = set_up(db_url, told)
    day = (DAY0 + timedelta(days=100)).isoformat()
    added = [spoken(f"{slug}-later", slug, "RU", day, "denied") for slug in slugs[:3]]
    rome_ru = [s["id"] for s in told if s["meeting"] == "rome-talks" and s["side"] == "RU"]
    walk_back = spoken("rome-back", "rome-talks", "RU", day, "walked_back", retracts=rome_ru[:1])
    assert decoded_after(app, projector, counting, [*added, walk_back]) == 3 + 11
    assert_as_rebuilt(db_url, projector)
    app.close()


def test_a_meeting_stored_under_two_spellings_of_its_id_is_folded_as_a_rebuild_folds_it(
    sqlite_path: str,
) -> None:
    # A forged row copies the meeting's first event under its id written with hyphens (SQLite
    # keeps ids as text; the ledger writes them as hex). The log then gives the meeting twice;
    # each is folded on its own, and the view stays what a rebuild makes of the events.
    app, projector, _ = set_up(sqlite_path, story(21, 30, SLUG), steps_from=20)
    raw = RawTable(sqlite_path)
    [(topic, state)] = raw.execute(
        "SELECT topic, state FROM stored_events WHERE originator_id = ? AND originator_version = 1",
        (meeting_id(SLUG).hex,),
    )
    raw.execute(
        "INSERT INTO stored_events (originator_id, originator_version, topic, state) "
        "VALUES (?, 1, ?, ?)",
        (str(meeting_id(SLUG)), topic, state),
    )
    record(app, [later(0)])
    assert projector.catch_up() == 2
    assert_as_rebuilt(sqlite_path, projector)
    app.close()


def test_a_catch_up_reads_only_the_new_events_of_a_meeting_it_carries_on(
    db_url: str, monkeypatch: Any
) -> None:
    # The earlier events are counted by the database, not read: a statement said later reads
    # one stored event; a walk-back (the whole fold) reads it, then the meeting's whole log.
    app, projector, _ = set_up(db_url, story(29, 30, SLUG))
    read: list[int] = []

    def counted(row: Any, originator_id: Any) -> Any:
        read.append(row["originator_version"])
        return stored(row, originator_id)

    stored = meeting_log._stored
    monkeypatch.setattr(meeting_log, "_stored", counted)
    record(app, [later(0)])
    assert projector.catch_up() == 1
    assert read == [31]
    read.clear()
    record(app, [later(1, "walked_back", retracts=f"{SLUG}-later-0")])
    assert projector.catch_up() == 1
    assert read == [32, *range(1, 33)]
    assert_as_rebuilt(db_url, projector)
    app.close()


@pytest.mark.parametrize("version", ["'three'", "2.5"])
def test_an_earlier_event_whose_version_is_not_a_whole_number_folds_the_whole_meeting(
    sqlite_path: str, version: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # (SQLite keeps what a forged row writes; PostgreSQL's column takes integers only.) The
    # counts then cannot be trusted: the whole fold passes the damaged row over, warned, and
    # gives the row a rebuild gives (the index keeps the damaged row's statement until then:
    # verify names it).
    app, projector, counting = set_up(sqlite_path, story(30, 10, SLUG))
    raw = RawTable(sqlite_path)
    raw.execute(
        f"UPDATE stored_events SET originator_version = {version} "
        "WHERE originator_id = ? AND originator_version = 3",
        (meeting_id(SLUG).hex,),
    )
    capsys.readouterr()
    assert decoded_after(app, projector, counting, [later(0)]) == 11
    assert "is not an integer" in capsys.readouterr().err
    row = raw.execute("SELECT * FROM meeting_view")
    assert len(row) == 1
    projector.rebuild()
    assert raw.execute("SELECT * FROM meeting_view") == row
    app.close()
