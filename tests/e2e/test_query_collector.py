"""Reading commands run with Python's cyclic garbage collector paused (issue 14: it took a third
of a long history's time scanning the answer as it grew), and leave it as they found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.conftest import Diplo, statement


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The generations collected while the test runs."""
    found: list[int] = []

    def note(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            found.append(info["generation"])

    gc.callbacks.append(note)
    yield found
    gc.callbacks.remove(note)


def test_a_long_history_is_written_without_a_collection_and_the_collector_is_back_after(
    diplo: Diplo, tmp_path: Path, collections: list[int]
) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = [
        statement(id=f"s{n:03d}", kind="confirmed" if n else "announced", quote=f"Words {n}")
        for n in range(150)
    ]
    feed.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))
    diplo.ok("import", str(feed))
    assert gc.isenabled()
    collections.clear()
    shown = diplo.ok("history", "trump-putin-paris-2018")
    assert shown.output.count("Words ") == 150
    assert len(collections) <= 1  # before the command starts (click's own parsing)
    assert gc.isenabled()
    for command in (
        ["history", "trump-putin-paris-2018", "--json"],
        ["status", "trump-putin-paris-2018"],
        ["meetings"],
        ["show", "s001"],
    ):
        collections.clear()
        diplo.ok(*command)
        assert len(collections) <= 1, command
        assert gc.isenabled()


def test_a_failing_query_leaves_the_collector_on(diplo: Diplo) -> None:
    result = diplo("history", "no-such-meeting")
    assert result.exit_code == 1
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off(diplo: Diplo) -> None:
    gc.disable()
    try:
        diplo("status", "no-such-meeting")
        assert not gc.isenabled()
    finally:
        gc.enable()
