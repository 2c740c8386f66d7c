"""`history` of a big meeting read straight from a current SQLite view's stored steps
(`LiveView.history`), as `status` is: the same steps, checked the same way, as the read side
gives; no answer (the usual way then) when the view is behind, the meeting has no stored
steps, or there is no such meeting."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from ledger.application import Located
from ledger.statement import StatementInput
from projections.live import LiveView
from projections.queries import ReadSide
from projections.row_check import DamagedRow
from tests.integration.test_fold_steps import TODAY, ledger_with, story
from tests.integration.test_integrity import RawTable


def test_the_live_history_of_a_big_meeting_is_the_read_sides_and_shows_a_forged_step(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "ledger.sqlite")
    app, projector = ledger_with(db, story(21, 40, "big-one"))
    projector.catch_up()
    expected = ReadSide(projector, today=lambda: TODAY).history("big-one")
    assert expected is not None and len(expected) == 40
    live = LiveView(Path(db))
    assert live.history("big-one") == expected
    RawTable(db).execute(
        "UPDATE fold_steps SET state = ? WHERE position = 3",
        (orjson.dumps({**expected[3], "quote": "forged"}).decode(),),
    )
    found = live.history("big-one")  # read from the stored steps, not folded
    assert found is not None and found[3]["quote"] == "forged"
    assert found[:3] == expected[:3] and found[4:] == expected[4:]
    app.close()


def test_the_live_history_refuses_damaged_steps_as_the_read_side_does(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.sqlite")
    app, projector = ledger_with(db, story(22, 30, "big-one"))
    projector.catch_up()
    reads = ReadSide(projector, today=lambda: TODAY)
    RawTable(db).execute("UPDATE fold_steps SET state = '[1]' WHERE position = 7")
    with pytest.raises(DamagedRow) as by_read_side:
        reads.history("big-one")
    with pytest.raises(DamagedRow) as live:
        LiveView(Path(db)).history("big-one")
    assert str(live.value) == str(by_read_side.value)
    assert "step 7 is not a JSON object" in str(live.value)
    projector.rebuild()
    assert LiveView(Path(db)).history("big-one") == reads.history("big-one")
    RawTable(db).execute("DELETE FROM fold_steps WHERE position = 0")
    with pytest.raises(DamagedRow, match="no step is stored at position 0"):
        LiveView(Path(db)).history("big-one")
    app.close()


def test_the_live_history_gives_no_answer_where_the_read_side_must_fold_or_catch_up(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "ledger.sqlite")
    app, projector = ledger_with(db, story(23, 30, "big-one"), story(24, 5, "small-one"))
    projector.catch_up()
    live = LiveView(Path(db))
    assert live.history("small-one") is None  # too small to have stored steps: folded
    assert live.history("no-such-meeting") is None
    assert live.history("big-one") is not None
    more = story(25, 31, "big-one")[30]  # one more statement, the view left behind
    app.record([Located("test", StatementInput.model_validate(more))])
    assert live.history("big-one") is None
    projector.catch_up()
    found = live.history("big-one")
    assert found is not None and len(found) == 31
    RawTable(db).execute("ALTER TABLE meeting_view DROP COLUMN carried")  # the previous release's
    assert live.history("big-one") is None
    app.close()
