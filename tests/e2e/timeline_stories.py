"""Stories for the timeline tests, read back through the real read side as plain dicts.

`read_back` imports statement files into a fresh SQLite ledger and returns what
`ReadSide.meetings` and `ReadSide.history` give. `crowded_summit` writes a made-up episode
shaped like the Singapore summit of 2018: twelve statements, seven of them in its last twelve
days, with a postponement, a cancellation, a reschedule and the meeting held.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from ledger.application import Ledger
from ledger.importer import read_people, read_statements
from ledger.storage import choose_database
from projections.queries import ReadSide

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SUMMIT = "example-summit-2018"


def read_back(
    folder: Path, files: list[Path], people: Path | None = None
) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """Import `files` into a fresh ledger in `folder`: (meetings, history of each meeting)."""
    registry = read_people(str(people)) if people else None
    app = Ledger(choose_database(str(folder / "ledger.sqlite")), people=registry)
    try:
        for path in files:
            app.record(read_statements(str(path)))
        reads = ReadSide.of(app)
        reads.projector.catch_up()
        meetings = reads.meetings()
        return meetings, {m["meeting"]: reads.history(m["meeting"]) or [] for m in meetings}
    finally:
        app.close()


def seed(folder: Path) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """The seed fixtures, read back."""
    return read_back(folder, sorted(FIXTURES.glob("0*.yaml")), FIXTURES / "people.yaml")


def statement(number: int, day: str, kind: str, side: str, **more: Any) -> dict[str, Any]:
    """One made-up statement of the example summit, reported by outlet number `number`."""
    return {
        "id": f"example-{number:02d}",
        "meeting": SUMMIT,
        "kind": kind,
        "speaker": f"Spokesperson {side}",
        "side": side,
        "said_on": day,
        "summary": f"Made-up statement {number} for the timeline tests.",
        "source": {"outlet": f"Outlet {number}", "published": day},
        **more,
    }


CROWDED = [
    statement(1, "2018-03-08", "announced", "US", parties=["US", "KP"],
              participants=["Leader One", "Leader Two"], planned_for="2018-05"),
    statement(2, "2018-03-09", "confirmed", "KP"),
    statement(3, "2018-05-10", "postponed", "US"),
    statement(4, "2018-05-16", "rescheduled", "US", planned_for="2018-06-12",
              place="Harbour City"),
    statement(5, "2018-05-24", "cancelled", "US"),
    statement(6, "2018-06-01", "rescheduled", "US", planned_for="2018-06-12"),
    statement(7, "2018-06-02", "confirmed", "KP"),
    statement(8, "2018-06-05", "confirmed", "US"),
    statement(9, "2018-06-08", "confirmed", "KP"),
    statement(10, "2018-06-10", "confirmed", "US"),
    statement(11, "2018-06-11", "confirmed", "KP"),
    statement(12, "2018-06-12", "held", "US"),
]  # fmt: skip


def crowded_summit(folder: Path) -> list[dict[str, Any]]:
    """The example summit's history, read back."""
    path = folder / "crowded.yaml"
    path.write_text(yaml.safe_dump({"statements": CROWDED}, sort_keys=False), encoding="utf-8")
    return read_back(folder, [path])[1][SUMMIT]


def long_meeting(folder: Path, count: int = 50) -> list[dict[str, Any]]:
    """A made-up meeting of `count` statements, one every three days, the sides taking turns."""
    first = date(2018, 1, 1)
    rows = [
        statement(1, first.isoformat(), "announced", "US", parties=["US", "KP"],
                  planned_for="2018-12"),
        *(
            statement(n, (first + timedelta(days=3 * n)).isoformat(),
                      "confirmed" if n % 3 else "denied", "KP" if n % 2 else "US")
            for n in range(2, count + 1)
        ),
    ]  # fmt: skip
    path = folder / "long.yaml"
    path.write_text(yaml.safe_dump({"statements": rows}, sort_keys=False), encoding="utf-8")
    return read_back(folder, [path])[1][SUMMIT]
