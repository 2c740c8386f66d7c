"""`diplo site` reads each meeting's events a fixed number of times, however many statements it
has: the statement pages of a meeting come from one fold of it, not one fold for each (the site
of a meeting of 1,000 statements took 115 s, and a meeting of n statements n times the work of
its own page)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from diplo.web.site import write_site
from ledger.application import Ledger, Located
from ledger.events import meeting_id
from ledger.statement import StatementInput
from ledger.storage import choose_database
from projections.queries import ReadSide
from projections.view import Projector
from tests.integration.test_fold_steps import story

BASE = "https://example.org/"


class CountingProjector(Projector):
    """The view's projector, counting how many times it reads and decodes each meeting."""

    read: Counter[UUID] = Counter()

    def meeting_events(self, meeting_id: UUID, *args: Any, **kwargs: Any) -> Any:
        self.read[meeting_id] += 1
        return super().meeting_events(meeting_id, *args, **kwargs)


@pytest.mark.parametrize("statements", [12, 40])
def test_a_meeting_is_read_as_often_whatever_its_number_of_statements(
    db_url: str, tmp_path: Path, statements: int
) -> None:
    app = Ledger(choose_database(db_url))
    try:
        told = [*story(7, 3, "talks-small"), *story(8, statements, "talks-big")]
        app.record([Located("story", StatementInput.model_validate(raw)) for raw in told])
        projector = CountingProjector(**vars(Projector.of(app)))
        projector.catch_up()
        projector.read.clear()
        write_site(ReadSide(projector, app.today), tmp_path / "site", BASE)
    finally:
        app.close()
    small, big = projector.read[meeting_id("talks-small")], projector.read[meeting_id("talks-big")]
    assert small > 0
    assert big == small
