# ruff: noqa: E501 (the tables at 160 columns are asserted as they are)
"""Everyday use (issue 16): each numbered problem of its "Why", as the user meets it.

Each test fails on the code before issue 16 and passes now. Tables are asserted as the exact
text a user sees at 80, 100 and 160 columns (checked line by line against the layout rules:
the slug whole, no word broken, nothing wider than the width, columns dropped in order).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from diplo.cli import main
from tests.conftest import FIXTURES, SEED_FILES, Diplo, statement
from tests.integration.test_integrity import RawTable

PIPE = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": None}


def at(diplo: Diplo, width: int | None, *args: str) -> Result:
    """`diplo ARGS` in a pipe whose COLUMNS is `width` (None: not set)."""
    env = {**PIPE, "COLUMNS": None if width is None else str(width)}
    return CliRunner(env=env).invoke(main, ["--db", diplo.db, *args])


@pytest.fixture
def seeded(diplo: Diplo) -> Diplo:
    diplo.import_seed()
    return diplo


UKRAINE = {
    80: """\
                                    Meetings
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━┓
┃                                  ┃          ┃            ┃ planned   ┃       ┃
┃ meeting                          ┃ status   ┃ parties    ┃ for       ┃ count ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━┩
│ normandy-paris-2019              │ held     │ RU silent, │ 9 Dec     │ 1     │
│                                  │          │ UA silent, │ 2019      │       │
│                                  │          │ DE silent, │           │       │
│                                  │          │ FR silent  │           │       │
│ trump-putin-zelensky-2025        │ proposed │ US         │           │ 4     │
│                                  │          │ supports,  │           │       │
│                                  │          │ RU silent, │           │       │
│                                  │          │ UA         │           │       │
│                                  │          │ supports   │           │       │
│ trump-zelensky-oval-office-2025  │ held     │ US silent, │ 1 Jan – 6 │ 1     │
│                                  │          │ UA silent  │ Aug 2025  │       │
│ trump-zelensky-pope-funeral-2025 │ held     │ US silent, │ 1 Jan – 6 │ 1     │
│                                  │          │ UA silent  │ Aug 2025  │       │
└──────────────────────────────────┴──────────┴────────────┴───────────┴───────┘
""",
    100: """\
                                              Meetings
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━┓
┃                                  ┃          ┃             ┃             ┃ planned   ┃            ┃
┃ meeting                          ┃ status   ┃ parties     ┃ place       ┃ for       ┃ statements ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━┩
│ normandy-paris-2019              │ held     │ RU silent,  │ Paris       │ 9 Dec     │ 1          │
│                                  │          │ UA silent,  │             │ 2019      │            │
│                                  │          │ DE silent,  │             │           │            │
│                                  │          │ FR silent   │             │           │            │
│ trump-putin-zelensky-2025        │ proposed │ US          │             │           │ 4          │
│                                  │          │ supports,   │             │           │            │
│                                  │          │ RU silent,  │             │           │            │
│                                  │          │ UA supports │             │           │            │
│ trump-zelensky-oval-office-2025  │ held     │ US silent,  │ Oval Office │ 1 Jan – 6 │ 1          │
│                                  │          │ UA silent   │             │ Aug 2025  │            │
│ trump-zelensky-pope-funeral-2025 │ held     │ US silent,  │ St. Peter’s │ 1 Jan – 6 │ 1          │
│                                  │          │ UA silent   │ Basilica,   │ Aug 2025  │            │
│                                  │          │             │ Rome        │           │            │
└──────────────────────────────────┴──────────┴─────────────┴─────────────┴───────────┴────────────┘
""",
    160: """\
                                                                            Meetings
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━┓
┃ meeting                          ┃ status   ┃ parties                           ┃ place                      ┃ planned for        ┃ statements ┃ latest      ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━┩
│ normandy-paris-2019              │ held     │ RU silent, UA silent, DE silent,  │ Paris                      │ 9 Dec 2019         │ 1          │ 11 Dec 2019 │
│                                  │          │ FR silent                         │                            │                    │            │             │
│ trump-putin-zelensky-2025        │ proposed │ US supports, RU silent, UA        │                            │                    │ 4          │ 6 Aug 2025  │
│                                  │          │ supports                          │                            │                    │            │             │
│ trump-zelensky-oval-office-2025  │ held     │ US silent, UA silent              │ Oval Office                │ 1 Jan – 6 Aug 2025 │ 1          │ 6 Aug 2025  │
│ trump-zelensky-pope-funeral-2025 │ held     │ US silent, UA silent              │ St. Peter’s Basilica, Rome │ 1 Jan – 6 Aug 2025 │ 1          │ 6 Aug 2025  │
└──────────────────────────────────┴──────────┴───────────────────────────────────┴────────────────────────────┴────────────────────┴────────────┴─────────────┘
""",
}
"""`meetings --party UA` on the seeds: at 80 the latest date and the place are dropped (the
slug stays whole), at 100 only the latest date, at 160 nothing."""


@pytest.mark.parametrize("width", [80, 100, 160])
def test_meetings_fit_the_width_with_every_slug_whole(seeded: Diplo, width: int) -> None:
    shown = at(seeded, width, "meetings", "--party", "UA").output
    assert shown == UKRAINE[width]


@pytest.mark.parametrize("width", [80, 100])
def test_no_listing_line_is_wider_than_the_width_and_every_slug_is_whole(
    seeded: Diplo, width: int
) -> None:
    shown = at(seeded, width, "meetings").output
    assert max(len(line) for line in shown.splitlines()) <= width
    for row in seeded.json("meetings"):
        assert f"│ {row['meeting']} " in shown
    history = at(seeded, width, "history", "trump-putin-paris-2018").output
    assert max(len(line) for line in history.splitlines()) <= width
    assert "anticipate d" not in history and "partie s" not in history


def test_a_pipe_without_columns_is_100_wide_and_wide_keeps_every_column(seeded: Diplo) -> None:
    shown = at(seeded, None, "meetings").output
    assert max(len(line) for line in shown.splitlines()) == 100
    wide = at(seeded, 80, "meetings", "--wide").output
    assert "┃ latest" in wide and "┃ place" in wide
    assert "│ agreed (overdue since 12 Nov 2018) " in wide
    assert max(len(line) for line in wide.splitlines()) > 160


def test_importing_every_yaml_fixture_reports_each_file_and_skips_the_people_registry(
    diplo: Diplo,
) -> None:
    files = sorted(str(path) for path in FIXTURES.glob("*.yaml"))
    result = diplo("import", *files)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{SEED_FILES[0]}: 9 new, 0 already present",
        f"{SEED_FILES[1]}: 13 new, 0 already present",
        f"{SEED_FILES[2]}: 5 new, 0 already present",
        f"{SEED_FILES[3]}: 2 new, 0 already present",
        f"{SEED_FILES[4]}: 5 new, 0 already present",
        f"{FIXTURES / 'people.yaml'}: skipped: a people registry, not statements: give it "
        "with --people",
        "total: 6 files, 34 new, 0 already present, 1 skipped, 0 failed",
    ]


def test_a_failed_file_does_not_hide_the_others_and_the_import_exits_1(
    diplo: Diplo, write_yaml: Callable[..., str]
) -> None:
    bad = write_yaml([statement(kind="summoned")])
    result = diplo("import", bad, SEED_FILES[3])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{SEED_FILES[3]}: 2 new, 0 already present",
        "total: 2 files, 2 new, 0 already present, 1 failed",
    ]
    assert result.stderr.startswith(f"Error: {bad}: statements[0]: kind: 'summoned' is not")
    assert len(diplo.json("meetings")) == 2  # the Danish file's two meetings


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["verify", "nope-2018"], "Error: no meeting 'nope-2018' in the ledger\n"),
        (
            ["verify", "trump-putin-pari-2018"],
            "Error: no meeting 'trump-putin-pari-2018' in the ledger; did you mean "
            "'trump-putin-paris-2018'?\n",
        ),
        (
            ["export", "--meeting", "trump-putin-paris"],
            "Error: no meeting 'trump-putin-paris' in the ledger; did you mean "
            "'trump-putin-paris-2018'?\n",
        ),
        (
            ["status", "trump-putin-helsinki-2019"],
            "Error: no meeting 'trump-putin-helsinki-2019' in the ledger; did you mean "
            "'trump-putin-helsinki-2018'?\n",
        ),
        (
            ["history", "normandy-paris-2018"],
            "Error: no meeting 'normandy-paris-2018' in the ledger; did you mean "
            "'normandy-paris-2019'?\n",
        ),
        (
            ["timeline", "trump-putin-pari-2018", "-o", "never-written.png"],
            "Error: no meeting 'trump-putin-pari-2018' in the ledger; did you mean "
            "'trump-putin-paris-2018'?\n",
        ),
        (
            ["show", "dk-ushakov-confirm-paris"],
            "Error: no statement 'dk-ushakov-confirm-paris' in the ledger; did you mean "
            "'dk-ushakov-confirms-paris'?\n",
        ),
    ],
)
def test_a_wrong_slug_or_id_fails_with_the_nearest_one(
    seeded: Diplo, args: list[str], message: str
) -> None:
    result = seeded(*args)
    assert (result.exit_code, result.output) == (1, message)


def test_a_wrong_slug_is_still_answered_with_the_nearest_one_when_a_view_row_is_damaged(
    seeded: Diplo,
) -> None:
    # The nearest slug is found among the view's slugs alone: a damaged row elsewhere (which
    # `verify` reports) does not hide the suggestion.
    seeded.ok("project")  # (PostgreSQL's view is brought up by `project`, not by the import)
    RawTable(seeded.db).execute(
        "UPDATE meeting_view SET status = 'bogus' WHERE slug = 'normandy-paris-2019'"
    )
    result = seeded("status", "trump-putin-pari-2018")
    assert (result.exit_code, result.output) == (
        1,
        "Error: no meeting 'trump-putin-pari-2018' in the ledger; did you mean "
        "'trump-putin-paris-2018'?\n",
    )
    verified = seeded("verify")
    assert verified.exit_code == 1
    assert "view: the row of 'normandy-paris-2019' differs from its events" in verified.output


def test_verify_counts_in_the_singular(seeded: Diplo) -> None:
    shown = seeded.ok("verify", "trump-putin-helsinki-2018").output
    assert shown == "ok: checked 3 events in 1 meeting\n"


BAD = """\
source:
  outlet: Reuters
  published: 2018-06-01
statements:
  - meeting: trump-kim-singapore-2018
    kind: canceled
    speaker: Donald Trump
    side: US
    said_on: 2018-05-24
    parties: US, NK
    summary: Trump calls off the summit.
  - meeting: trump-kim-singapore-2018
    kind: rescheduled
    speaker: Kim Jong-un
    side: North Korea
    date: 2018-06-01
    summary: Back on.
"""


def test_check_reports_every_error_with_its_line_column_and_a_suggestion(
    diplo: Diplo, tmp_path: Path
) -> None:
    path = tmp_path / "singapore.yaml"
    path.write_text(BAD, encoding="utf-8")
    result = diplo("import", "--check", str(path))
    assert result.exit_code == 1
    kinds = (
        "announced, confirmed, denied, walked_back, postponed, rescheduled, cancelled, held, "
        "noncommittal"
    )
    assert result.output.splitlines() == [
        f"{path}:6:11: kind: 'canceled' is not a kind: did you mean 'cancelled'? kinds are "
        + kinds,
        f"{path}:10:14: parties.1: 'NK' is not a country or organisation code: did you mean 'KP'?",
        f"{path}:12:5: said_on: required field is missing",
        f"{path}:15:11: side: 'North Korea' is not a country or organisation code: did you "
        "mean 'KP'?",
        f"{path}:16:5: date: unknown field; did you mean 'said_on'?",
        "FAILED: 5 problems in 1 file",
    ]
    assert diplo.stored_events() == []


def test_a_comma_separated_list_of_parties_is_read_as_a_list(diplo: Diplo, tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(BAD.replace("canceled", "cancelled").replace("NK", "KP"), encoding="utf-8")
    first_only = path.read_text(encoding="utf-8").split("  - meeting", 2)
    path.write_text("  - meeting".join(first_only[:2]), encoding="utf-8")
    diplo.ok("import", str(path))
    assert diplo.json("status", "trump-kim-singapore-2018")["plan"]["parties"] == ["US", "KP"]


def test_json_lines_with_a_byte_order_mark_is_imported(diplo: Diplo, tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    line = json.dumps(statement(id="bom-1"))
    path.write_bytes(b"\xef\xbb\xbf" + line.encode() + b"\n")
    assert diplo.ok("import", str(path)).output == f"{path}: 1 new, 0 already present\n"


def test_status_shows_overdue_with_a_human_date_and_json_keeps_both(seeded: Diplo) -> None:
    shown = at(seeded, 80, "status", "trump-putin-paris-2018").output
    assert shown.splitlines()[0] == "trump-putin-paris-2018: agreed (overdue since 12 Nov 2018)"
    data = seeded.json("status", "trump-putin-paris-2018")
    assert (data["overdue"], data["overdue_since"]) == (True, "2018-11-12")
    assert (data["plan"]["planned_for"], data["plan"]["planned_for_human"]) == (
        "2018-11-11",
        "11 Nov 2018",
    )


def test_meetings_filters_by_time_overdue_and_what_ever_happened(seeded: Diplo) -> None:
    overdue = [m["meeting"] for m in seeded.json("meetings", "--overdue")]
    assert overdue == [
        "trump-putin-paris-2018",
        "trump-putin-summit-2025",
        "trump-putin-washington-2018",
    ]
    before = [m["meeting"] for m in seeded.json("meetings", "--as-of", "2018-06")]
    assert "trump-putin-paris-2018" not in before
    assert [m["meeting"] for m in seeded.json("meetings", "--ever", "disputed")] == [
        "trump-putin-summit-2025"
    ]
    written = seeded.json("meetings", "--as-of", "23 October 2018", "--status", "agreed")
    assert [m["meeting"] for m in written] == ["trump-putin-paris-2018"]


def test_an_ambiguous_date_is_refused_with_the_accepted_forms(seeded: Diplo) -> None:
    result = seeded("status", "trump-putin-paris-2018", "--known-by", "03/04/2018")
    assert result.exit_code == 2
    assert "'03/04/2018' is not a date read without guessing: give 2018-05-24" in result.output


def test_recorded_by_a_date_means_the_end_of_that_day(seeded: Diplo) -> None:
    data = seeded.json("status", "trump-putin-paris-2018", "--recorded-by", "2000-01-01")
    assert data["recorded_by"] == "2000-01-01T23:59:59.999999+00:00"
    assert data["status"] == "unannounced"


def test_history_marks_what_a_filter_leaves_out(seeded: Diplo) -> None:
    steps = seeded.json("history", "trump-putin-paris-2018", "--known-by", "2018-10-22")
    assert {tuple(step["left_out"]) for step in steps} == {("known_by",)}
    shown = at(seeded, 80, "history", "trump-putin-paris-2018", "--known-by", "2018-10-22")
    assert shown.output.count("LEFT OUT by --known-by: counts for nothing here") == 5


def test_diff_tells_what_changed_between_two_days(seeded: Diplo) -> None:
    shown = at(seeded, 80, "diff", "trump-putin-paris-2018", "2018-10-22", "2018-10-24")
    assert shown.output == (
        "trump-putin-paris-2018: unannounced on 22 Oct 2018 -> agreed on 24 Oct 2018\n"
        "  status: unannounced -> agreed\n"
        "  stance.US: - -> supports\n"
        "  stance.RU: - -> supports\n"
        "  plan.parties: - -> US, RU\n"
        "  plan.participants: - -> Donald Trump, Vladimir Putin\n"
        "  plan.place: - -> Paris\n"
        "  plan.planned_for: - -> 11 Nov 2018\n"
        "3 statements changed it:\n"
        "  23 Oct 2018  announced  John Bolton (US)  hill-bolton-paris-plan\n"
        "  23 Oct 2018  confirmed  John Bolton (US)  hill-bolton-paris-yes\n"
        "  23 Oct 2018  confirmed  Yuri Ushakov (RU)  dk-ushakov-confirms-paris\n"
    )


def test_search_narrows_by_side_outlet_speaker_and_kind(seeded: Diplo) -> None:
    def ids(*args: str) -> list[str]:
        return [hit["id"] for hit in seeded.json("search", *args)]

    # each backend ranks the matches its own way: compare them as a set
    assert sorted(ids("Paris", "--side", "RU")) == [
        "dk-ushakov-confirms-paris",
        "hill-putin-agrees-date",
    ]
    assert "dk-ushakov-confirms-paris" in ids("meeting", "--outlet", "danish")
    assert all(i.startswith("dk-") for i in ids("meeting", "--outlet", "danish"))
    assert ids("Paris", "--speaker", "ushakov", "--kind", "confirmed") == [
        "dk-ushakov-confirms-paris"
    ]


def write_statements(folder: Path, name: str, *rows: dict[str, object]) -> str:
    """`rows` as an import file: YAML if `name` ends in .yaml, else JSON Lines."""
    path = folder / name
    if name.endswith(".yaml"):
        path.write_text(yaml.safe_dump({"statements": list(rows)}), encoding="utf-8")
    else:
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("suffix", "where"), [("yaml", "statements[0]"), ("jsonl", "line 1")])
def test_an_edited_statement_without_id_is_imported_but_flagged_and_strict_refuses_it(
    diplo: Diplo, tmp_path: Path, suffix: str, where: str
) -> None:
    diplo.ok("import", write_statements(tmp_path, f"first.{suffix}", statement(id="paris-plan")))
    words = "Trump would look forward to meeting him in Paris"
    edited = write_statements(tmp_path, f"edited.{suffix}", statement(quote=words))
    warning = (
        f"{edited}: {where}: looks like a correction of paris-plan (same meeting, speaker, kind "
        "and day, other words): see `diplo correct paris-plan`"
    )
    refused = diplo("import", "--strict", edited)
    assert refused.exit_code == 1
    assert refused.stderr == f"Error: {warning} (refused by --strict)\n"
    assert [step["id"] for step in diplo.json("history", "trump-putin-paris-2018")] == [
        "paris-plan"
    ]
    flagged = diplo("import", edited)
    assert flagged.exit_code == 0
    assert flagged.stdout == f"{edited}: 1 new, 0 already present\n"
    assert flagged.stderr == f"Warning: {warning}\n"


@pytest.mark.parametrize("suffix", ["yaml", "jsonl"])
def test_the_same_words_again_or_a_new_meeting_are_not_flagged(
    diplo: Diplo, tmp_path: Path, suffix: str
) -> None:
    first = write_statements(tmp_path, f"first.{suffix}", statement(id="paris-plan"))
    diplo.ok("import", first)
    again = diplo("import", "--strict", first)
    assert (again.exit_code, again.stderr) == (0, "")
    rome = statement(meeting="trump-putin-rome-2018")
    other = write_statements(tmp_path, f"other.{suffix}", rome)
    new = diplo("import", "--strict", other)
    assert (new.exit_code, new.stdout, new.stderr) == (
        0,
        f"{other}: 1 new, 0 already present\n",
        "",
    )


def test_append_gives_a_readable_id_numbered_when_taken(diplo: Diplo) -> None:
    args = [
        "append",
        "--meeting=trump-kim-singapore-2018",
        "--kind=announced",
        "--speaker=Donald Trump",
        "--side=US",
        "--said-on=2018-03-08",
        "--summary=Trump accepts an invitation to meet Kim Jong-un",
        "--outlet=Reuters",
        "--published=2018-03-09",
        "--party=US",
        "--party=KP",
    ]
    assert diplo.ok(*args).stdout == "trump-kim-singapore-2018-announced-2018-03-08\n"
    again = diplo.ok(*args).stdout
    assert again == "trump-kim-singapore-2018-announced-2018-03-08 (already present)\n"
    other = [a if not a.startswith("--summary") else "--summary=Trump says yes" for a in args]
    assert diplo.ok(*other).stdout == "trump-kim-singapore-2018-announced-2018-03-08-2\n"


def test_people_add_list_show_write_the_registry_and_a_wrong_side_is_warned_of(
    diplo: Diplo, tmp_path: Path
) -> None:
    registry = str(tmp_path / "people.yaml")
    added = diplo.ok(
        "--people", registry, "people", "add", "Kim Jong-un", "--side", "KP", "--alias", "Kim"
    )
    assert added.output == f"{registry}: added Kim Jong-un (KP); 1 in the registry\n"
    listed = diplo.ok("--people", registry, "people", "list").output
    assert listed == "Kim Jong-un (KP): Kim\n"
    assert diplo.json("--people", registry, "people", "show", "Kim") == {
        "name": "Kim Jong-un",
        "side": "KP",
        "aliases": ["Kim"],
    }
    appended = diplo(
        "--people",
        registry,
        "append",
        "--meeting=trump-kim-singapore-2018",
        "--kind=announced",
        "--speaker=Kim",
        "--side=US",
        "--said-on=2018-03-08",
        "--summary=Kim invites Trump",
        "--outlet=KCNA",
        "--published=2018-03-09",
        "--party=US",
        "--party=KP",
    )
    assert appended.exit_code == 0
    assert appended.stderr == "Warning: append: Kim is registered with side KP, not US\n"


def test_people_add_refuses_a_name_or_alias_already_registered_and_writes_nothing(
    diplo: Diplo, tmp_path: Path
) -> None:
    registry = tmp_path / "people.yaml"
    diplo.ok("--people", str(registry), "people", "add", "John Bolton", "--side", "US")
    before = registry.read_bytes()
    for args, message in (
        (["John Bolton", "--side", "RU"], "name: 'John Bolton' is already in the registry, as "
         "John Bolton (US)"),
        (["John Bolton", "--side", "US"], "name: 'John Bolton' is already in the registry"),
        (["Ambassador X", "--side", "US", "--alias", "John Bolton"],
         "aliases: 'John Bolton' is already in the registry"),
    ):  # fmt: skip
        refused = diplo("--people", str(registry), "people", "add", *args)
        assert refused.exit_code == 1 and message in refused.output, refused.output
        assert registry.read_bytes() == before
    # a registry written by hand with one person on two sides is refused when read
    registry.write_text(
        "people:\n  - name: John Bolton\n    side: US\n  - name: John Bolton\n    side: RU\n"
    )
    listed = diplo("--people", str(registry), "people", "list")
    assert listed.exit_code == 1
    assert "'John Bolton' is registered twice, as US and as RU" in listed.output
