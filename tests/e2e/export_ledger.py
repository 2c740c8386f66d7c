"""The ledger the export tests read: the seed fixtures and one made-up meeting that goes through
the kinds the seed lacks, imported into a fresh SQLite ledger and read through the real read side
(`seed_reads`, for a module-scoped fixture of each test module)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ledger.application import Ledger
from ledger.importer import read_people, read_statements
from ledger.storage import choose_database
from projections.queries import ReadSide

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "diplo" / "exports" / "plover.schema.json").read_text("utf-8"))
FIXTURES = ROOT / "fixtures"
PARIS = "trump-putin-paris-2018"
MADE_UP = "example-summit-2021"

# A made-up meeting (US and CN, in Geneva) that goes through every kind the seed has not:
# agreed, disputed by a denial, the denial walked back, postponed, rescheduled, the
# rescheduling walked back, cancelled.
MADE_UP_FILE: dict[str, Any] = {
    "source": {
        "outlet": "Example Wire",
        "published": "2021-03-01",
        "url": "https://example.org/wire/summit",
        "language": "en",
    },
    "statements": [
        {
            "id": "ex-us-announces",
            "kind": "announced",
            "speaker": "US spokesperson",
            "side": "US",
            "said_on": "2021-01-10",
            "summary": "The US announces a summit with China in Geneva in March.",
            "parties": ["US", "CN"],
            "place": "Geneva",
            "planned_for": "2021-03",
        },
        {
            "id": "ex-cn-confirms",
            "kind": "confirmed",
            "speaker": "CN spokesperson",
            "side": "CN",
            "said_on": "2021-01-15",
            "quote": "We will meet in Geneva.",
        },
        {
            "id": "ex-cn-denies",
            "kind": "denied",
            "speaker": "CN official",
            "side": "CN",
            "said_on": "2021-01-20",
            "summary": "A Chinese official says no summit is planned.",
        },
        {
            "id": "ex-cn-walks-back-denial",
            "kind": "walked_back",
            "speaker": "CN spokesperson",
            "side": "CN",
            "said_on": "2021-01-22",
            "summary": "The spokesperson says the official was wrong: the summit is on.",
            "retracts": "ex-cn-denies",
        },
        {
            "id": "ex-cn-postpones",
            "kind": "postponed",
            "speaker": "CN spokesperson",
            "side": "CN",
            "said_on": "2021-02-01",
            "summary": "China postpones the summit.",
        },
        {
            "id": "ex-us-reschedules",
            "kind": "rescheduled",
            "speaker": "US spokesperson",
            "side": "US",
            "said_on": "2021-02-10",
            "summary": "The US proposes 20 May instead.",
            "planned_for": "2021-05-20",
        },
        {
            "id": "ex-us-walks-back-new-date",
            "kind": "walked_back",
            "speaker": "US spokesperson",
            "side": "US",
            "said_on": "2021-02-12",
            "summary": "The US says no new date has been proposed after all.",
            "retracts": "ex-us-reschedules",
        },
        {
            "id": "ex-cn-cancels",
            "kind": "cancelled",
            "speaker": "CN spokesperson",
            "side": "CN",
            "said_on": "2021-02-20",
            "summary": "China calls the summit off.",
        },
    ],
}


def seed_reads(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReadSide]:
    """The read side over the seed fixtures and the made-up meeting, in a fresh SQLite ledger."""
    folder = tmp_path_factory.mktemp("exports-ledger")
    made_up = folder / "made_up.yaml"
    document = {
        "source": MADE_UP_FILE["source"],
        "statements": [{"meeting": MADE_UP, **item} for item in MADE_UP_FILE["statements"]],
    }
    made_up.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    app = Ledger(
        choose_database(str(folder / "ledger.sqlite")),
        people=read_people(str(FIXTURES / "people.yaml")),
    )
    try:
        for path in [*sorted(FIXTURES.glob("0*.yaml")), made_up]:
            app.record(read_statements(str(path)))
        side = ReadSide.of(app)
        side.projector.catch_up()
        yield side
    finally:
        app.close()


def history(reads: ReadSide, slug: str) -> list[dict[str, Any]]:
    steps = reads.history(slug)
    assert steps, slug
    return steps


def all_steps(reads: ReadSide) -> list[dict[str, Any]]:
    return [step for m in reads.meetings() for step in history(reads, m["meeting"])]


def by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(record["id"]): record for record in records}
