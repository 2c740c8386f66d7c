"""Stories of the errata commands (issue 12): cite, correct any field, withdraw, move, and
corroboration on import. Each asserts the command's exact output, then the state it leaves."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from diplo.exports.plover import CODER
from tests.conftest import Diplo, statement

SLUG = "trump-putin-paris-2018"
AP = {"outlet": "AP", "published": "2018-10-24"}


def said(**fields: Any) -> dict[str, Any]:
    """A statement of the default Paris meeting (US announces; The Hill, 23 Oct 2018)."""
    return statement(**fields)


def confirmed_by_ru(**fields: Any) -> dict[str, Any]:
    return said(
        id="ru", kind="confirmed", speaker="Yuri Ushakov", side="RU", parties=None,
        quote="We are planning a bilateral meeting", **fields,
    )  # fmt: skip


@pytest.fixture
def paris(diplo: Diplo, write_yaml: Callable[..., str]) -> Diplo:
    """US announces the Paris meeting ('us'), RU confirms it ('ru'): agreed."""
    diplo.ok("import", write_yaml([said(id="us"), confirmed_by_ru()]))
    return diplo


def status(diplo: Diplo, slug: str = SLUG) -> tuple[str, dict[str, str]]:
    data = diplo.json("status", slug)
    return data["status"], data["parties"]


def assert_refused(diplo: Diplo, args: list[str], fragment: str) -> None:
    before = diplo.stored_events()
    result = diplo(*args)
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert fragment in lines[0], (fragment, lines[0])
    assert diplo.stored_events() == before


def test_cite_adds_a_source_that_show_lists_and_a_second_cite_of_it_adds_nothing(
    paris: Diplo,
) -> None:
    args = [
        "cite",
        "ru",
        "--outlet",
        "AP",
        "--published",
        "2018-10-24",
        "--url",
        "https://ap.org/a",
    ]
    assert paris.ok(*args).output == "ru: cited AP\n"
    shown = paris.json("show", "ru")
    assert [s["outlet"] for s in shown["sources"]] == ["The Hill", "AP"]
    assert shown["sources"][1]["url"] == "https://ap.org/a"
    assert shown["known_on"] == "2018-10-23"
    assert "also reported  AP, 24 Oct 2018, https://ap.org/a" in paris.ok("show", "ru").output
    assert paris.ok(*args).output == "ru: AP already cited\n"
    assert status(paris) == ("agreed", {"US": "supports", "RU": "supports"})


def test_a_source_cited_later_caps_a_vague_day_as_one_given_with_the_statement(
    diplo: Diplo, write_yaml: Callable[..., str], tmp_path: Path
) -> None:
    # Said some time in November, first published 5 December; an outlet had it on 15 November.
    # Given with the statement (`also_reported_by`) or cited later, the 15th caps the day it
    # counts from: the same answers either way, as any import order gives.
    late = {"outlet": "Late", "published": "2018-12-05"}
    early = {"outlet": "Early", "published": "2018-11-15"}
    month = said(id="us", said_on="2018-11", source=late)
    together = Diplo(str(tmp_path / "together.sqlite"), CliRunner())
    together.ok("import", write_yaml([{**month, "also_reported_by": [early]}]))
    diplo.ok("import", write_yaml([month]))
    assert diplo.json("show", "us")["effective_on"] == "2018-11-30"
    assert diplo.json("status", SLUG, "--as-of", "2018-11-15")["status"] == "unannounced"
    diplo.ok("cite", "us", "--outlet", "Early", "--published", "2018-11-15")
    for ledger in (together, diplo):
        shown = ledger.json("show", "us")
        assert (shown["effective_on"], shown["known_on"]) == ("2018-11-15", "2018-11-15")
        as_of = ledger.json("status", SLUG, "--as-of", "2018-11-15")
        assert (as_of["status"], as_of["first_said"]) == ("proposed", "2018-11-15")
        [step] = ledger.json("history", SLUG)
        assert step["effective_on"] == "2018-11-15"
    assert diplo.ok("verify").output.startswith("ok:")


def test_a_walk_back_cited_as_published_before_what_it_retracts_still_retracts_it(
    paris: Diplo, write_yaml: Callable[..., str]
) -> None:
    # US announced on 23 October; its walk-back was said "in October 2018", first published
    # on the 31st. An outlet that had it on the 24th dates it from the 24th. One that had it on
    # the 22nd cannot date it before the announcement it retracts: the ledger took it as said
    # after it, so it counts from the announcement's day and still retracts it.
    late = {"outlet": "Late", "published": "2018-10-31"}
    back = said(id="us-back", kind="walked_back", retracts="us", parties=None, said_on="2018-10",
                quote="No date was set", source=late)  # fmt: skip
    paris.ok("import", write_yaml([back]))
    assert status(paris) == ("proposed", {"US": "silent", "RU": "supports"})
    paris.ok("cite", "us-back", "--outlet", "Wire", "--published", "2018-10-24")
    assert paris.json("show", "us-back")["effective_on"] == "2018-10-24"
    paris.ok("cite", "us-back", "--outlet", "Early", "--published", "2018-10-22")
    assert paris.json("show", "us-back")["effective_on"] == "2018-10-23"
    assert status(paris) == ("proposed", {"US": "silent", "RU": "supports"})
    steps = paris.json("history", SLUG)
    assert [step["id"] for step in steps] == ["us", "ru", "us-back"]  # (all of the 23rd)
    assert steps[0]["retracted_by"] == "us-back"
    assert paris.ok("verify").output.startswith("ok:")


def test_a_date_time_may_be_cited_as_published_on_its_day_in_utc_as_on_import(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    # 01:30 in Tokyo on 1 July is 16:30 UTC on 30 June: imported with a source of 30 June, and
    # cited with one as well; a source of 29 June is before it was said anywhere.
    tokyo = said(id="tk", said_on="2019-07-01T01:30+09:00",
                 source={"outlet": "Kyodo", "published": "2019-06-30"})  # fmt: skip
    diplo.ok("import", write_yaml([tokyo]))
    assert diplo.ok("cite", "tk", "--outlet", "AP", "--published", "2019-06-30").output == (
        "tk: cited AP\n"
    )
    assert_refused(
        diplo,
        ["cite", "tk", "--outlet", "RT", "--published", "2019-06-29"],
        "2019-06-29 is before the statement was said (2019-07-01T01:30+09:00)",
    )


def test_cite_of_an_unknown_statement_is_refused_and_writes_nothing(paris: Diplo) -> None:
    result = paris("cite", "nope", "--outlet", "AP", "--published", "2018-10-24")
    assert result.exit_code == 1
    assert result.output == "Error: no statement 'nope' in the ledger\n"


def test_correcting_the_kind_to_noncommittal_makes_the_side_undecided(paris: Diplo) -> None:
    assert status(paris) == ("agreed", {"US": "supports", "RU": "supports"})
    result = paris.ok("correct", "ru", "--kind", "noncommittal", "--reason", "only studying it")
    assert result.output == "ru: corrected kind\n"
    assert status(paris) == ("proposed", {"US": "supports", "RU": "undecided"})
    shown = paris.json("show", "ru")
    assert shown["kind"] == "noncommittal"
    assert shown["errata"][0]["corrected"] == {"kind": "noncommittal"}
    assert shown["errata"][0]["before"] == {"kind": "confirmed"}
    assert "kind: confirmed -> noncommittal (only studying it)" in paris.ok("show", "ru").output


def test_clear_empties_an_optional_field_and_show_gives_its_old_value(paris: Diplo) -> None:
    paris.ok("correct", "us", "--planned-for", "2018-11-11", "--reason", "date given")
    assert paris.json("status", SLUG)["plan"]["planned_for"] == "2018-11-11"
    result = paris.ok("correct", "us", "--clear", "planned_for", "--reason", "no date was said")
    assert result.output == "us: corrected planned_for\n"
    assert paris.json("status", SLUG)["plan"]["planned_for"] is None
    errata = paris.json("show", "us")["errata"]
    assert [e["before"] for e in errata] == [
        {"planned_for": None},
        {"planned_for": "2018-11-11", "planned_for_human": "11 Nov 2018"},  # with its human form
    ]
    assert "planned_for: 11 Nov 2018 -> - (no date was said)" in paris.ok("show", "us").output


def test_clearing_the_only_quote_is_refused(paris: Diplo) -> None:
    assert_refused(
        paris, ["correct", "us", "--clear", "quote", "--reason", "x"], "give a quote or a summary"
    )


def test_a_correction_can_make_a_statement_a_walk_back_naming_what_it_retracts(
    paris: Diplo, write_yaml: Callable[..., str]
) -> None:
    paris.ok("import", write_yaml([said(id="us2", said_on="2018-10-23", quote="not now")]))
    result = paris.ok(
        "correct", "us2", "--kind", "walked_back", "--retracts", "us", "--reason", "a walk-back"
    )
    assert result.output == "us2: corrected kind, retracts\n"
    assert paris.json("show", "us")["retracted_by"] == "us2"
    # The US walked its announcement back; RU's confirmation still stands (rules v2).
    assert status(paris) == ("proposed", {"US": "silent", "RU": "supports"})


def test_a_correction_that_would_break_a_walk_back_is_refused(
    paris: Diplo, write_yaml: Callable[..., str]
) -> None:
    walk_back = said(id="wb", kind="walked_back", retracts="us", said_on="2018-10-23", quote="no")
    paris.ok("import", write_yaml([walk_back]))
    assert_refused(
        paris,
        ["correct", "wb", "--kind", "denied", "--reason", "x"],
        "only walked_back statements retract",
    )
    assert_refused(
        paris,
        ["correct", "wb", "--said-on", "2018-10-22", "--reason", "earlier"],
        "a walk-back can only retract what was said before it",
    )


def test_withdraw_keeps_the_statement_in_history_and_it_counts_for_nothing(paris: Diplo) -> None:
    result = paris.ok("withdraw", "ru", "--reason", "entered twice")
    assert result.output == f"ru: withdrawn from {SLUG}\n"
    assert status(paris) == ("proposed", {"US": "supports", "RU": "silent"})
    shown = paris.json("show", "ru")
    assert shown["withdrawn"]["reason"] == "entered twice"
    assert shown["withdrawn"]["moved_to"] is None
    assert shown["counted"] is False
    lines = [line.split() for line in paris.ok("show", "ru").output.splitlines()]
    assert ["withdrawn", "entered", "twice"] in lines
    assert_refused(paris, ["withdraw", "ru", "--reason", "again"], "'ru' was withdrawn")
    assert_refused(paris, ["correct", "ru", "--kind", "denied", "--reason", "x"], "withdrawn")


def test_a_meeting_whose_every_statement_is_withdrawn_leaves_meetings(paris: Diplo) -> None:
    paris.ok("withdraw", "ru", "--reason", "wrong meeting")
    paris.ok("withdraw", "us", "--reason", "wrong meeting")
    assert SLUG not in [row["meeting"] for row in paris.json("meetings")]
    assert status(paris)[0] == "unannounced"


def test_a_statement_walked_back_cannot_be_withdrawn_before_its_walk_back(
    paris: Diplo, write_yaml: Callable[..., str]
) -> None:
    walk_back = said(id="wb", kind="walked_back", retracts="us", quote="no")
    paris.ok("import", write_yaml([walk_back]))
    assert_refused(
        paris, ["withdraw", "us", "--reason", "x"], "'wb' walks it back: withdraw or correct"
    )
    paris.ok("withdraw", "wb", "--reason", "not said")
    paris.ok("withdraw", "us", "--reason", "not said")


def test_move_withdraws_on_the_typo_meeting_and_records_on_the_right_one_linked_both_ways(
    paris: Diplo, write_yaml: Callable[..., str]
) -> None:
    typo = "trump-putin-pariss-2018"
    held = said(id="again", meeting=typo, kind="confirmed", side="RU", speaker="Yuri Ushakov")
    paris.ok("import", write_yaml([held]))
    result = paris.ok("move", "again", "--to", SLUG, "--reason", "typo in the slug")
    assert result.output == f"again: moved from {typo} to {SLUG}\n"
    assert typo not in [row["meeting"] for row in paris.json("meetings")]
    moved = paris.json("show", "again")
    assert (moved["meeting"], moved["moved_from"], moved["withdrawn"]) == (SLUG, typo, None)
    left = paris.json("show", "again", "--meeting", typo)
    assert left["withdrawn"]["moved_to"] == SLUG
    assert left["withdrawn"]["reason"] == "typo in the slug"
    assert paris.json("status", SLUG)["statement_count"] == 3


@pytest.mark.parametrize("to", ["Bad Slug", "x", "trump-putin-paris-2018 ", "a/b-c"])
def test_a_move_to_something_that_is_not_a_slug_is_refused_and_writes_nothing(
    paris: Diplo, to: str
) -> None:
    assert_refused(paris, ["move", "ru", "--to", to, "--reason", "wrong"], "is not a slug")
    assert paris.ok("verify").output.startswith("ok: ")


def test_a_statement_imported_again_from_another_outlet_corroborates_it(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    first = write_yaml([said()])
    assert diplo.ok("import", first).output == f"{first}: 1 new, 0 already present\n"
    other = write_yaml([said(source=AP), said(kind="held", quote="we met")])
    assert (
        diplo.ok("import", other).output == f"{other}: 1 new, 1 corroborated, 0 already present\n"
    )
    again = diplo.ok("import", other).output
    assert again == f"{other}: 0 new, 2 already present\n"
    rows = diplo.json("history", SLUG)
    announced = [row for row in rows if row["kind"] == "announced"]
    assert len(announced) == 1
    assert [s["outlet"] for s in announced[0]["sources"]] == ["The Hill", "AP"]


def test_exports_code_noncommittal_as_cameo_014_leave_it_out_of_plover_and_skip_withdrawn(
    paris: Diplo, write_yaml: Callable[..., str]
) -> None:
    paris.ok("correct", "ru", "--kind", "noncommittal", "--reason", "only studying it")
    extra = said(id="typo", kind="denied", quote="no meeting", said_on="2018-10-23")
    paris.ok("import", write_yaml([extra]))
    paris.ok("withdraw", "typo", "--reason", "not said")
    args = ["cite", "us", "--outlet", "AP", "--published", "2018-10-24"]
    paris.ok(*args, "--url", "https://ap.org/a")
    rows = list(csv.DictReader(io.StringIO(paris.ok("export", "--format", "cameo").output)))
    coded = [(row["statement"], row["cameo"], row["source"], row["target"]) for row in rows]
    assert coded == [("us", "036", "USA", "RUS"), ("ru", "014", "RUS", "USA")]
    assert rows[1]["cameo_label"] == "Consider policy option"
    lines = paris.ok("export", "--format", "plover").output.splitlines()
    records = [json.loads(line) for line in lines]
    assert [record["id"] for record in records] == ["us"]
    assert records[0]["also_reported_by"] == [
        {"url": "https://ap.org/a", "language": "en", "publication": "AP", "coder": CODER}
    ]


def test_errata_events_verify_and_an_export_reimports_to_the_same_events(
    paris: Diplo, write_yaml: Callable[..., str], tmp_path: Path
) -> None:
    typo = "trump-putin-pariss-2018"
    paris.ok("import", write_yaml([said(id="again", meeting=typo, quote="again")]))
    paris.ok("cite", "ru", "--outlet", "AP", "--published", "2018-10-24")
    paris.ok("correct", "ru", "--kind", "noncommittal", "--reason", "studying")
    paris.ok("move", "again", "--to", SLUG, "--reason", "typo")
    paris.ok("withdraw", "again", "--reason", "not said after all")  # 2 + 1 + 1 + 1 + 2 + 1 events
    assert paris.ok("verify").output.startswith("ok: checked 8 events")
    exported = tmp_path / "ledger.jsonl"
    paris.ok("export", "-o", str(exported))
    copy = Diplo(str(tmp_path / "copy.sqlite"), CliRunner())
    assert copy.ok("import", str(exported)).output == f"{exported}: 8 new, 0 already present\n"
    assert [row[1:] for row in copy.stored_events()] == [row[1:] for row in paris.stored_events()]
