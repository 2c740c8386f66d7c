"""The summaries kept beside the events (`ledger.summary_store`): a later import into a meeting
starts from its stored summary and decodes none of the statements before it; a summary that is
behind takes the events since, and one that is damaged, stale or of a corrected meeting is read
around; `verify` reports one that differs from its events. On both backends, each ledger opened
afresh (no summary kept in memory)."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from ledger import work, writer
from ledger.application import InputRejected, Ledger, Located, StorageError
from ledger.events import meeting_id
from ledger.integrity import verify
from ledger.statement import StatementInput
from ledger.storage import choose_database
from ledger.summary_store import StoredSummaries
from tests.integration.test_carried_fold import CountingMapper
from tests.integration.test_integrity import RawTable
from tests.unit.test_properties import spoken

SLUG = "helsinki-talks"


def told() -> list[dict[str, Any]]:
    return [
        spoken("a", SLUG, "US", "2018-06-28", "announced", parties=["US", "RU"]),
        spoken("b", SLUG, "RU", "2018-06-29", "confirmed"),
        spoken("c", SLUG, "US", "2018-07-02", "rescheduled", quote="Helsinki, July 16"),
    ]


def next_day() -> dict[str, Any]:
    return spoken("d", SLUG, "RU", "2018-07-05", "confirmed", summary="Kremlin confirms")


def opened(db_url: str) -> tuple[Ledger, CountingMapper]:
    """A ledger opened afresh, as a new process opens it, its decoding counted."""
    app = Ledger(choose_database(db_url))
    counting = CountingMapper(app.mapper)
    app.mapper = counting  # type: ignore[assignment]
    return app, counting


def record(app: Ledger, statements: list[dict[str, Any]]) -> Any:
    return app.record([Located("story", StatementInput.model_validate(s)) for s in statements])


def stored_summary(db_url: str) -> bytes:
    """The one meeting's stored summary, as its row holds it."""
    [(blob,)] = RawTable(db_url).execute("SELECT summary FROM meeting_summaries")
    return bytes(blob)


def store_summary(db_url: str, blob: bytes) -> None:
    """Replace the stored summary around the ledger, as a tamperer would."""
    RawTable(db_url).execute("UPDATE meeting_summaries SET summary = ?", (blob,))


def recorded_before(db_url: str) -> None:
    app = Ledger(choose_database(db_url))
    record(app, told())
    app.close()


def test_the_next_import_decodes_no_statement_before_it(db_url: str) -> None:
    recorded_before(db_url)
    app, counting = opened(db_url)
    assert record(app, [next_day()]).new == ["d"]
    assert counting.decoded == 0
    assert verify(app).problems == []
    app.close()


def test_a_repeat_and_a_clash_are_told_apart_from_the_stored_summary(db_url: str) -> None:
    recorded_before(db_url)
    app, counting = opened(db_url)
    assert record(app, [told()[1]]).present == ["b"]
    assert counting.decoded == 0
    with pytest.raises(InputRejected, match="'b' is already used for another statement"):
        record(app, [{**told()[1], "summary": "Kremlin says yes"}])
    assert counting.decoded == 3  # only to say what differs: the meeting's 3 events, once
    app.close()


def test_a_summary_behind_its_events_takes_only_the_events_since(db_url: str) -> None:
    recorded_before(db_url)
    app = Ledger(choose_database(db_url))
    app.withdraw(SLUG, "c", "a duplicate of an earlier report")  # the full meeting: no summary
    app.close()
    app, counting = opened(db_url)
    # The summary is of version 3; the withdrawal (version 4) is decoded and applied on it,
    # so `c` is withdrawn: the same words again are a new statement, not a repeat of `c`.
    again = {**told()[2], "id": "c2"}
    assert record(app, [again]).new == ["c2"]
    assert counting.decoded == 1
    assert verify(app).problems == []
    app.close()


def test_a_correction_since_sends_the_meeting_to_be_read_in_full(db_url: str) -> None:
    recorded_before(db_url)
    app = Ledger(choose_database(db_url))
    app.correct(SLUG, "b", {"said_on": "2018-06-30"}, "the Kremlin spoke a day later")
    app.close()
    app, counting = opened(db_url)
    assert record(app, [next_day()]).new == ["d"]
    # The correction (version 4) is decoded on top of the stored summary; found, the meeting
    # is read in full: its four events.
    assert counting.decoded == 1 + 4
    assert verify(app).problems == []
    app.close()


@pytest.mark.parametrize(
    "damage",
    [
        b"{not json",
        b'{"version": 3}',
        b"null",
    ],
)
def test_a_summary_that_does_not_read_is_read_around(db_url: str, damage: bytes) -> None:
    recorded_before(db_url)
    store_summary(db_url, damage)
    app, counting = opened(db_url)
    assert record(app, [next_day()]).new == ["d"]
    assert counting.decoded == 3  # read in full, then kept again
    assert verify(app).problems == []
    app.close()


def test_a_summary_of_another_format_is_read_around_and_is_no_problem(db_url: str) -> None:
    # A later release that changes the digests writes another format: this one reads the
    # meeting in full instead (its repeat found as a repeat), and `verify` has nothing to say.
    recorded_before(db_url)
    blob = stored_summary(db_url)
    assert blob.startswith(b'{"format":1,')
    store_summary(db_url, b'{"format":2' + blob[11:])
    app, counting = opened(db_url)
    assert record(app, [told()[1]]).present == ["b"]
    assert counting.decoded == 3
    assert verify(app).problems == []
    app.close()


def test_a_summary_of_other_events_is_not_used(db_url: str) -> None:
    recorded_before(db_url)
    blob = stored_summary(db_url)
    assert blob.count(b'"last_hash":"') == 1  # the hash of `c`'s event, changed:
    store_summary(db_url, blob.replace(b'"last_hash":"', b'"last_hash":"0', 1))
    app, counting = opened(db_url)
    assert record(app, [next_day()]).new == ["d"]
    assert counting.decoded == 3
    app.close()


def test_verify_reports_a_summary_that_differs_from_its_events(db_url: str) -> None:
    # The row keeps its version and hash, but `c` is listed as withdrawn: the next import
    # would take `c`'s words again as new. `verify` says so, and clearing the summaries mends it.
    recorded_before(db_url)
    blob = stored_summary(db_url)
    forged = blob.replace(b'"withdrawn":[]', b'"withdrawn":["c"]', 1)
    assert forged != blob
    store_summary(db_url, forged)
    app = Ledger(choose_database(db_url))
    [problem] = verify(app).problems
    assert str(problem) == (
        f"{SLUG} version 3 (-): its stored summary differs from what its events say, and "
        "statements imported after it may have been decided on it: `diplo rebuild` clears the "
        "summaries (the next import writes them again)"
    )
    app.forget_summaries()
    assert StoredSummaries(app.recorder).versions == {}  # none left (the table is gone)
    assert verify(app).problems == []
    app.close()


def test_verify_names_a_statement_recorded_twice_after_a_forged_summary(db_url: str) -> None:
    # A summary forged to leave `b` out (its version and hash kept) lets an import record `b`
    # again, with other words: the log now holds `b` twice, which `verify` names, as well as
    # the summary (clearing the summaries does not clear that).
    recorded_before(db_url)
    rows = orjson.loads(stored_summary(db_url))
    rows["said"] = [said for said in rows["said"] if said[0] != "b"]
    store_summary(db_url, orjson.dumps(rows))
    app = Ledger(choose_database(db_url))
    assert record(app, [{**told()[1], "summary": "Kremlin says yes"}]).new == ["b"]
    found = [str(problem) for problem in verify(app).problems]
    assert f"{SLUG} version 4 (b): does not apply: it records 'b' a second time" in found
    app.forget_summaries()
    assert [str(problem) for problem in verify(app).problems] == [
        f"{SLUG} version 4 (b): does not apply: it records 'b' a second time"
    ]
    app.close()


def test_verify_says_when_a_summary_is_ahead_of_the_events(db_url: str) -> None:
    recorded_before(db_url)
    RawTable(db_url).execute("DELETE FROM stored_events WHERE originator_version = 3")
    app = Ledger(choose_database(db_url))
    assert [str(problem) for problem in verify(app).problems] == [
        f"{SLUG} version 3 (-): its stored summary is of version 3; its events end at 2"
    ]
    app.close()


def test_verify_says_when_a_summary_row_gives_no_version(sqlite_path: str) -> None:
    # (SQLite alone can store text in the version's column: PostgreSQL's is a number)
    recorded_before(sqlite_path)
    RawTable(sqlite_path).execute("UPDATE meeting_summaries SET originator_version = 'abc'")
    app = Ledger(choose_database(sqlite_path))
    assert [str(problem) for problem in verify(app).problems] == [
        f"{SLUG} version - (-): its stored summary's version 'abc' is not a number: "
        "`diplo rebuild` clears the summaries (the next import writes them again)"
    ]
    app.forget_summaries()
    assert verify(app).problems == []
    app.close()


def test_rebuild_makes_a_summaries_table_without_its_key_anew(sqlite_path: str) -> None:
    # A table made again by hand without its primary key refused every import ("ON CONFLICT
    # clause does not match"), and deleting its rows did not mend it: rebuild drops it.
    recorded_before(sqlite_path)
    for sql in (
        "CREATE TABLE kept AS SELECT * FROM meeting_summaries",
        "DROP TABLE meeting_summaries",
        "CREATE TABLE meeting_summaries (originator_id TEXT, originator_version INTEGER, "
        "summary BLOB)",
        "INSERT INTO meeting_summaries SELECT * FROM kept",
        "DROP TABLE kept",
    ):
        RawTable(sqlite_path).execute(sql)
    app = Ledger(choose_database(sqlite_path))
    with pytest.raises(StorageError, match="ON CONFLICT clause does not match"):
        record(app, [next_day()])
    app.forget_summaries()  # what `diplo rebuild` does first
    assert record(app, [next_day()]).new == [next_day()["id"]]
    assert verify(app).problems == []
    app.close()


def test_an_import_reads_its_meetings_summaries_together_each_checked_on_its_own(
    db_url: str, monkeypatch: Any
) -> None:
    # Three meetings of told()'s statements, read two meetings to a statement, at most two
    # events a meeting. The next day brings one statement to each and to a new meeting.
    # oslo-talks' summary is damaged: its 3 events are too many to read with the others, so it
    # alone is read as before (its summary row, then in full); the others decode nothing, and
    # the new meeting starts empty.
    monkeypatch.setattr(writer, "MANY", 2)
    monkeypatch.setattr(work, "PREFETCH_EVENTS", 2)
    read_alone: list[Any] = []
    summary_row = writer.WriteTransaction.summary_row
    monkeypatch.setattr(
        writer.WriteTransaction,
        "summary_row",
        lambda self, key: read_alone.append(key) or summary_row(self, key),
    )
    slugs = ("madrid-talks", "oslo-talks", "rome-talks")
    app = Ledger(choose_database(db_url))
    for slug in slugs:
        record(app, [{**s, "meeting": slug, "id": f"{slug}-{s['id']}"} for s in told()])
    app.close()
    RawTable(db_url).execute(
        "UPDATE meeting_summaries SET summary = ? WHERE originator_id = ?",
        (b"{not json", meeting_id("oslo-talks").hex),
    )
    later = [{**next_day(), "meeting": slug, "id": f"{slug}-d"} for slug in slugs]
    first = spoken("new-a", "bern-talks", "US", "2018-07-05", "announced", parties=["US", "RU"])
    app, counting = opened(db_url)
    assert record(app, [*later, first]).new == [
        "madrid-talks-d",
        "oslo-talks-d",
        "rome-talks-d",
        "new-a",
    ]
    assert counting.decoded == 3
    assert read_alone == [meeting_id("oslo-talks")]
    # and each meeting's repeat is told from its clash by its own summary
    assert record(app, [told()[1] | {"meeting": "rome-talks", "id": "rome-talks-b"}]).present == [
        "rome-talks-b"
    ]
    assert verify(app).problems == []
    app.close()
