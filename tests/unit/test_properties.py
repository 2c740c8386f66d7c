"""Property-based tests: import order does not matter, and a rebuild equals the live view."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.application import Ledger, Located
from ledger.meeting import Meeting, StatementRejected
from ledger.statement import StatementInput, record_statement
from ledger.storage import choose_database
from projections.fold import current_state, fold
from projections.view import Projector
from projections.vocabulary import Evidence
from tests.conftest import statement

SLUG = "generated-meeting"
TODAY = date(2026, 11, 22)
DAY0 = date(2018, 1, 1)
KINDS = [
    "announced",
    "confirmed",
    "denied",
    "noncommittal",
    "postponed",
    "rescheduled",
    "cancelled",
    "held",
]
PLACES = [None, "Paris", "Helsinki", "Rome", "St. Peter's Basilica, Rome"]
PLANNED = [None, "2019-01", "2019-23", "2019-02", "2019-02-03", "2019-02-03/2019-02-05"]
SIDES = {"US": "John Bolton", "RU": "Yuri Ushakov", "FR": "Emmanuel Macron"}


@st.composite
def statement_sets(draw: st.DrawFn, slug: str = SLUG) -> list[dict[str, Any]]:
    days = draw(st.lists(st.integers(0, 300), min_size=1, max_size=8, unique=True))
    made = []
    for index, day in enumerate(days):
        side = draw(st.sampled_from(sorted(SIDES)))
        said = (DAY0 + timedelta(days=day)).isoformat()
        made.append(
            statement(
                id=f"s{index}",
                meeting=slug,
                kind=draw(st.sampled_from(KINDS)),
                side=side,
                speaker=SIDES[side],
                said_on=said,
                attribution=draw(st.sampled_from(["on_record", "anonymous", "second_hand"])),
                planned_for=draw(st.sampled_from(PLANNED)),
                place=draw(st.sampled_from(PLACES)),
                source={"outlet": "Wire", "published": said},
            )
        )
    return made


@st.composite
def stories_with_walk_backs(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Statements in said order, with walk-backs retracting one or several earlier statements
    of their side (walk-backs of walk-backs included), some said at a time of day (one that
    keeps the day in UTC, so each statement has a day of its own)."""
    days = sorted(draw(st.lists(st.integers(0, 300), min_size=1, max_size=14, unique=True)))
    made: list[dict[str, Any]] = []
    for index, day in enumerate(days):
        side = draw(st.sampled_from(sorted(SIDES)))
        said = (DAY0 + timedelta(days=day)).isoformat()
        if draw(st.booleans()):
            said += draw(st.sampled_from(["T12:00+09:00", "T08:30-05:00", "T12:00Z"]))
        earlier = [s["id"] for s in made if s["side"] == side]
        walk_back = bool(earlier) and draw(st.booleans())
        retracts = (
            draw(st.lists(st.sampled_from(earlier), min_size=1, max_size=2, unique=True))
            if walk_back
            else None
        )
        made.append(
            spoken(
                f"s{index}",
                SLUG,
                side,
                said,
                "walked_back" if walk_back else draw(st.sampled_from(KINDS)),
                retracts=retracts,
                attribution=draw(st.sampled_from(["on_record", "anonymous", "second_hand"])),
                planned_for=draw(st.sampled_from(PLANNED)),
                place=draw(st.sampled_from(PLACES)),
                source={
                    "outlet": "Wire",
                    "published": (DAY0 + timedelta(days=day + 1)).isoformat(),
                },
            )
        )
    return made


def spoken(
    statement_id: str, slug: str, side: str, said_on: str, kind: str, **fields: Any
) -> dict[str, Any]:
    """A statement by the speaker of one of SIDES."""
    return statement(
        id=statement_id,
        meeting=slug,
        side=side,
        speaker=SIDES[side],
        said_on=said_on,
        kind=kind,
        **fields,
    )


def events_in_order(statements: list[dict[str, Any]], slug: str = SLUG) -> list[Any]:
    meeting = Meeting(slug)
    for raw in statements:
        given_statement = StatementInput.model_validate(raw)
        meeting.record(
            record_statement(given_statement, given_statement.speaker, None), date(2026, 11, 22)
        )
    return meeting.collect_events()


def comparable(folded: Any) -> tuple[Any, ...]:
    history = [(s.entry.statement.id, s.status_after, s.changes, s.counted) for s in folded.history]
    state = folded.state
    return (state.status, state.disputed, state.party_stances, state.plan, history)


@settings(max_examples=150, deadline=None)
@given(statement_sets(), st.randoms(use_true_random=False), st.sampled_from(list(Evidence)))
def test_any_import_order_gives_the_same_state_and_history(
    statements: list[dict[str, Any]], random: Any, evidence: Evidence
) -> None:
    shuffled = list(statements)
    random.shuffle(shuffled)
    in_order = fold(SLUG, events_in_order(statements), evidence=evidence)
    reordered = fold(SLUG, events_in_order(shuffled), evidence=evidence)
    assert comparable(in_order) == comparable(reordered)
    # the state alone, as status and the view compute it, is the history's last state
    assert current_state(SLUG, events_in_order(shuffled), evidence=evidence) == in_order.state
    middle = DAY0 + timedelta(days=150)
    assert (
        current_state(SLUG, events_in_order(statements), as_of=middle, evidence=evidence)
        == fold(SLUG, events_in_order(shuffled), as_of=middle, evidence=evidence).state
    )


@settings(max_examples=25, deadline=None)
@given(
    st.lists(statement_sets(slug="meeting-a"), min_size=1, max_size=3),
    statement_sets(slug="meeting-b"),
    stories_with_walk_backs(),
)
def test_a_rebuild_gives_the_same_view_as_incremental_updates(
    batches_a: list[list[dict[str, Any]]],
    batch_b: list[dict[str, Any]],
    story: list[dict[str, Any]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = Ledger(choose_database(str(Path(folder) / "ledger.sqlite")))
        projector = Projector.of(app)
        for number, batch in enumerate([*batches_a, batch_b]):
            items = [
                Located(
                    "generated",
                    StatementInput.model_validate({**raw, "id": f"b{number}{raw['id']}"}),
                )
                for raw in batch
            ]
            app.record(items)
            projector.catch_up(batch_size=3)
        # a story with walk-backs, the later half (walk-backs of earlier ones) in a later batch
        half = len(story) // 2
        for part in (story[:half], story[half:]):
            app.record([Located("story", StatementInput.model_validate(raw)) for raw in part])
            projector.catch_up(batch_size=3)
        incremental = projector.view.select_rows("SELECT * FROM meeting_view ORDER BY slug")
        index = projector.view.select_rows("SELECT * FROM statement_index ORDER BY statement_id")
        projector.rebuild()
        assert projector.view.select_rows("SELECT * FROM meeting_view ORDER BY slug") == incremental
        assert (
            projector.view.select_rows("SELECT * FROM statement_index ORDER BY statement_id")
            == index
        )
        assert len(incremental) == 3


@settings(max_examples=25, deadline=None)
@given(
    st.lists(statement_sets(slug="meeting-c"), min_size=1, max_size=3),
    st.lists(
        st.tuples(st.integers(0, 7), st.sampled_from(["Paris", "Helsinki", "Oslo"])), max_size=3
    ),
)
def test_verify_passes_and_an_export_reimports_to_the_same_ledger(
    batches: list[list[dict[str, Any]]], corrections: list[tuple[int, str]]
) -> None:
    from ledger.integrity import LocatedEvent, export_lines, restore, verify

    with tempfile.TemporaryDirectory() as folder:
        app = Ledger(choose_database(str(Path(folder) / "one.sqlite")))
        ids: list[str] = []
        for number, batch in enumerate(batches):
            items = [
                Located(
                    "generated",
                    StatementInput.model_validate({**raw, "id": f"b{number}{raw['id']}"}),
                )
                for raw in batch
            ]
            ids.extend(app.record(items).new)
        for index, place in corrections:
            app.correct("meeting-c", ids[index % len(ids)], {"place": place}, "generated")
        assert verify(app).problems == []
        lines = list(export_lines(app))
        copy = Ledger(choose_database(str(Path(folder) / "two.sqlite")))
        restore(copy, [LocatedEvent(f"line {n}", line) for n, line in enumerate(lines, 1)])
        assert verify(copy).problems == []

        def rows(ledger: Ledger) -> list[tuple[Any, ...]]:
            found = ledger.recorder.select_notifications(start=None, limit=10_000)
            return [(n.originator_id, n.originator_version, n.topic, n.state) for n in found]

        assert rows(copy) == rows(app)
        assert len(rows(app)) == sum(map(len, batches)) + len(corrections)


@settings(max_examples=100, deadline=None)
@given(
    st.dates(min_value=date(1, 1, 1)),
    st.dates(min_value=date(1, 1, 1)),
    st.sampled_from(["day", "month", "year", "interval"]),
)
def test_the_plain_iso_shortcut_agrees_with_the_edtf_parser(
    first: date, second: date, form: str
) -> None:
    from ledger.dates import _parse_edtf, _plain_iso_bounds

    text = {
        "day": first.isoformat(),
        "month": first.isoformat()[:7],
        "year": first.isoformat()[:4],
        "interval": f"{min(first, second).isoformat()}/{max(first, second).isoformat()}",
    }[form]
    parsed = _parse_edtf(text)
    expected = (date(*parsed.lower_strict()[:3]), date(*parsed.upper_strict()[:3]))
    assert _plain_iso_bounds(text) == expected


def with_withdrawals(events: list[Any], withdrawn: list[str]) -> list[Any]:
    """The events followed by a withdrawal of each statement named (the write side's event)."""
    from ledger.events import StatementWithdrawn

    last = events[-1]
    return events + [
        StatementWithdrawn(
            originator_id=last.originator_id,
            originator_version=last.originator_version + number,
            timestamp=last.timestamp,
            hash="",
            statement_id=statement_id,
            reason="generated",
        )
        for number, statement_id in enumerate(withdrawn, 1)
    ]


def respecting_targets(order: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The order with each walk-back moved after the statements it retracts (the write side
    refuses a walk-back whose target is not recorded yet)."""
    done: set[str] = set()
    waiting: list[dict[str, Any]] = []
    result: list[dict[str, Any]] = []
    for item in order:
        waiting.append(item)
        progress = True
        while progress:
            progress = False
            for candidate in list(waiting):
                if set(_retracted(candidate)) <= done:
                    waiting.remove(candidate)
                    result.append(candidate)
                    done.add(candidate["id"])
                    progress = True
    return result


def _retracted(item: dict[str, Any]) -> list[str]:
    retracts = item.get("retracts")
    return [retracts] if isinstance(retracts, str) else list(retracts or [])


@settings(max_examples=150, deadline=None)
@given(
    stories_with_walk_backs(),
    st.randoms(use_true_random=False),
    st.sampled_from(list(Evidence)),
    st.data(),
)
def test_with_walk_backs_and_withdrawals_any_order_gives_the_same_state_and_history(
    statements: list[dict[str, Any]], random: Any, evidence: Evidence, data: st.DataObject
) -> None:
    shuffled = list(statements)
    random.shuffle(shuffled)
    withdrawn = data.draw(st.lists(st.sampled_from([s["id"] for s in statements]), unique=True))
    in_order = with_withdrawals(events_in_order(statements), withdrawn)
    reordered = with_withdrawals(events_in_order(respecting_targets(shuffled)), withdrawn)
    folded = fold(SLUG, in_order, evidence=evidence)
    assert comparable(folded) == comparable(fold(SLUG, reordered, evidence=evidence))
    # the state-only fold is the full history's last state, with and without time filters
    assert current_state(SLUG, reordered, evidence=evidence) == folded.state
    assert folded.history[-1].state == folded.state
    middle = DAY0 + timedelta(days=150)
    for filters in ({"as_of": middle}, {"known_by": middle}, {"as_of": middle, "known_by": middle}):
        assert (
            current_state(SLUG, in_order, evidence=evidence, **filters)
            == fold(SLUG, reordered, evidence=evidence, **filters).state
        )


@settings(max_examples=200, deadline=None)
@given(stories_with_walk_backs(), st.sampled_from(list(Evidence)))
def test_each_history_step_shows_the_state_as_of_its_day(
    statements: list[dict[str, Any]], evidence: Evidence
) -> None:
    events = events_in_order(statements)
    history = fold(SLUG, events, evidence=evidence).history
    for step in history:
        day = step.entry.statement.effective_on
        assert step.state == current_state(SLUG, events, as_of=day, evidence=evidence)


@settings(max_examples=15, deadline=None)
@given(stories_with_walk_backs(), st.data())
def test_a_reversed_file_gives_the_same_view_with_one_line_naming_the_parties_and_walk_backs_first(
    statements: list[dict[str, Any]], data: st.DataObject
) -> None:
    # one line that is not a walk-back names the parties (a walk-back naming them, of a
    # statement that does not, must come after it: the write side records its target first)
    naming = data.draw(
        st.sampled_from([n for n, raw in enumerate(statements) if raw["kind"] != "walked_back"])
    )
    lines = [
        {**raw, "parties": raw["parties"] if number == naming else None}
        for number, raw in enumerate(statements)
    ]
    lines = [{k: v for k, v in line.items() if v is not None} for line in lines]
    views = []
    with tempfile.TemporaryDirectory() as folder:
        for name, order in (("forward", lines), ("reversed", lines[::-1])):
            app = Ledger(choose_database(str(Path(folder) / f"{name}.sqlite")))
            app.record(
                [
                    Located(f"line {n}", StatementInput.model_validate(raw))
                    for n, raw in enumerate(order, 1)
                ]
            )
            projector = Projector.of(app)
            projector.catch_up()
            rows = projector.view.select_rows("SELECT * FROM meeting_view")
            # (the version and what carries the fold on name the recorded order)
            skip = ("version", "carried")
            views.append([{k: v for k, v in row.items() if k not in skip} for row in rows])
            app.close()
    assert views[0] == views[1]
    assert len(views[0]) == 1


@settings(max_examples=100, deadline=None)
@given(stories_with_walk_backs(), st.sampled_from(list(Evidence)), st.data())
def test_kind_corrections_fold_as_if_recorded_with_the_corrected_kind(
    statements: list[dict[str, Any]], evidence: Evidence, data: st.DataObject
) -> None:
    # Corrections of kind, made through the aggregate (refused ones change nothing), give the
    # same state and history as the statements recorded with the corrected kinds at once; the
    # state-only fold is the full history's last state.
    meeting = Meeting(SLUG)
    for raw in statements:
        given_statement = StatementInput.model_validate(raw)
        meeting.record(record_statement(given_statement, given_statement.speaker, None), TODAY)
    corrected = {raw["id"]: dict(raw) for raw in statements}
    plain = [raw["id"] for raw in statements if raw["kind"] != "walked_back"]
    for statement_id in data.draw(st.lists(st.sampled_from(plain), unique=True)) if plain else []:
        kind = data.draw(st.sampled_from(KINDS))
        try:
            meeting.correct(statement_id, {"kind": kind}, "generated", TODAY)
        except StatementRejected:
            continue
        corrected[statement_id]["kind"] = kind
    events = meeting.collect_events()
    folded = fold(SLUG, events, evidence=evidence)
    at_once = fold(SLUG, events_in_order(list(corrected.values())), evidence=evidence)
    assert comparable(folded) == comparable(at_once)
    assert current_state(SLUG, events, evidence=evidence) == folded.state
