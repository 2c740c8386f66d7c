"""The benchmarks' generator gives the access patterns it claims, and statements the ledger's
own input model accepts."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from datetime import date
from pathlib import Path

from benchmarks.generator import grouped, next_day, one_meeting, round_robin, write_jsonl
from ledger.dates import date_bounds
from ledger.statement import StatementInput

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_round_robin_over_10000_meetings_names_every_meeting_before_any_meeting_again() -> None:
    stream = round_robin(100_000, 10_000)
    first_round = [s["meeting"] for s in itertools.islice(stream, 10_000)]
    second_round = [s["meeting"] for s in itertools.islice(stream, 10_000)]
    assert len(set(first_round)) == 10_000
    assert second_round == first_round
    assert all(a != b for a, b in itertools.pairwise(first_round))


def test_round_robin_gives_a_meeting_its_statements_in_order_one_round_apart() -> None:
    statements = list(round_robin(21, 7))
    assert [s["meeting"] for s in statements[:7]] == [s["meeting"] for s in statements[7:14]]
    first_meeting = [s["id"] for s in statements if s["meeting"] == statements[0]["meeting"]]
    assert [i.rsplit(".", 1)[1] for i in first_meeting] == ["00000", "00001", "00002"]


def test_grouped_keeps_each_meetings_statements_together_and_matches_round_robin() -> None:
    statements = list(grouped(50, 5))
    runs = [meeting for meeting, _ in itertools.groupby(s["meeting"] for s in statements)]
    assert len(runs) == 5
    assert Counter(s["meeting"] for s in statements) == {meeting: 10 for meeting in runs}
    assert sorted(statements, key=lambda s: s["id"]) == sorted(
        round_robin(50, 5, prefix="gr"), key=lambda s: s["id"]
    )


def test_one_fifth_of_said_on_dates_are_fuzzy_and_each_contains_the_day_it_was_said() -> None:
    statements = list(one_meeting(1_000))
    fuzzy = [s for s in statements if not ISO_DAY.match(s["said_on"])]
    assert len(fuzzy) == 200
    forms = {
        "season": r"^\d{4}-2[1-4]$",
        "uncertain": r"\?$",
        "approximate": r"~$",
        "month": r"^\d{4}-(0[1-9]|1[0-2])$",
        "interval": r"/",
    }
    for name, pattern in forms.items():
        assert any(re.search(pattern, s["said_on"]) for s in fuzzy), name
    for s in fuzzy:
        earliest, _ = date_bounds(s["said_on"])
        assert earliest <= date.fromisoformat(s["source"]["published"])


def test_one_meeting_of_10000_statements_has_500_walk_backs_of_earlier_same_side_words() -> None:
    statements = list(one_meeting(10_000))
    by_id = {s["id"]: s for s in statements}
    position = {s["id"]: number for number, s in enumerate(statements)}
    walk_backs = [s for s in statements if s["kind"] == "walked_back"]
    assert len(walk_backs) == 500
    retracted = [by_id[s["retracts"]] for s in walk_backs]
    assert len({t["id"] for t in retracted}) == 500
    for walk_back, target in zip(walk_backs, retracted, strict=True):
        assert target["side"] == walk_back["side"]
        assert target["kind"] != "walked_back"
        assert ISO_DAY.match(target["said_on"]) and ISO_DAY.match(walk_back["said_on"])
        assert target["said_on"] < walk_back["said_on"]
        assert position[target["id"]] < position[walk_back["id"]]


def test_every_generated_statement_passes_the_ledgers_input_model() -> None:
    for s in itertools.chain(round_robin(300, 30), one_meeting(200)):
        StatementInput.model_validate(s)
    firsts = [s for s in round_robin(300, 30) if s["id"].endswith(".00000")]
    assert len(firsts) == 30
    assert all(len(set(s["parties"])) >= 2 and s["kind"] == "announced" for s in firsts)


def test_a_feed_written_with_a_byte_limit_stops_before_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    count = write_jsonl(path, round_robin(1_000, 100), max_bytes=20_000)
    assert 0 < count < 1_000
    assert path.stat().st_size <= 20_000
    assert len(path.read_bytes().splitlines()) == count


def test_the_next_day_gives_each_meeting_one_more_statement_said_after_the_others() -> None:
    first = list(round_robin(50, 5))
    following = list(next_day(50, 5))
    assert [s["meeting"] for s in following] == [s["meeting"] for s in first[:5]]
    assert [s["id"].rsplit(".", 1)[1] for s in following] == ["00010"] * 5
    for later in following:
        # said after every other statement of its meeting had certainly been said (the last
        # day it allows, or its publication if that is sooner: the fold's order)
        same = [s for s in first if s["meeting"] == later["meeting"]]
        certain = [
            min(date_bounds(s["said_on"])[1], date.fromisoformat(s["source"]["published"]))
            for s in same
        ]
        assert date.fromisoformat(later["said_on"]) > max(certain)
