"""status, history, meetings and rebuild on the command line, and their --json shapes."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import Diplo, statement


def story(diplo: Diplo, write_yaml: Callable[..., str]) -> None:
    diplo.ok(
        "import",
        write_yaml(
            [
                statement(
                    id="a",
                    said_on="2018-10-22",
                    place="Paris",
                    planned_for="2018-11-11",
                    participants=["Donald Trump", "Vladimir Putin"],
                    source={"outlet": "The Hill", "published": "2018-10-23"},
                ),
                statement(
                    id="c",
                    kind="confirmed",
                    side="RU",
                    speaker="Yuri Ushakov",
                    said_on="2018-10-23",
                    parties=None,
                ),
                statement(
                    id="h",
                    meeting="other-meeting",
                    kind="held",
                    side="FI",
                    speaker="Sauli Niinisto",
                    parties=["FI", "RU"],
                    place="Helsinki",
                ),
            ]
        ),
    )


def test_status_json_has_the_documented_fields(diplo: Diplo, write_yaml) -> None:
    story(diplo, write_yaml)
    now = diplo.json("status", "trump-putin-paris-2018")
    assert now["meeting"] == "trump-putin-paris-2018"
    assert (now["status"], now["disputed"]) == ("agreed", False)
    assert now["parties"] == {"US": "supports", "RU": "supports"}
    assert now["plan"] == {
        "parties": ["US", "RU"],
        "participants": ["Donald Trump", "Vladimir Putin"],
        "place": "Paris",
        "planned_for": "2018-11-11",
        "planned_for_human": "11 Nov 2018",
    }
    assert (now["as_of"], now["evidence"]) == (None, "anonymous")
    earlier = diplo.json("status", "trump-putin-paris-2018", "--as-of", "2018-10-22")
    assert (earlier["status"], earlier["as_of"]) == ("proposed", "2018-10-22")
    assert earlier["parties"] == {"US": "supports", "RU": "silent"}


def test_history_json_lists_each_statement_with_what_it_changed(diplo: Diplo, write_yaml) -> None:
    story(diplo, write_yaml)
    steps = diplo.json("history", "trump-putin-paris-2018")
    assert [(s["id"], s["said_on"], s["kind"], s["side"], s["status_after"]) for s in steps] == [
        ("a", "2018-10-22", "announced", "US", "proposed"),
        ("c", "2018-10-23", "confirmed", "RU", "agreed"),
    ]
    assert {"field": "stance.RU", "before": "silent", "after": "supports"} in steps[1]["changes"]
    assert {"field": "status", "before": "proposed", "after": "agreed"} in steps[1]["changes"]
    assert steps[0]["speaker"] == "John Bolton"


def test_meetings_filters_by_status_and_party(diplo: Diplo, write_yaml) -> None:
    story(diplo, write_yaml)
    assert [m["meeting"] for m in diplo.json("meetings")] == [
        "other-meeting",
        "trump-putin-paris-2018",
    ]
    assert [m["meeting"] for m in diplo.json("meetings", "--status", "held")] == ["other-meeting"]
    assert [m["meeting"] for m in diplo.json("meetings", "--party", "US")] == [
        "trump-putin-paris-2018"
    ]


def test_rebuild_reports_the_events_and_leaves_the_same_view(diplo: Diplo, write_yaml) -> None:
    story(diplo, write_yaml)
    before = diplo.json("meetings")
    rebuilt = diplo.json("rebuild")
    assert rebuilt["events"] == 3
    assert diplo.json("meetings") == before
    assert diplo.ok("rebuild").output.startswith("rebuilt the view from 3 events in ")


def test_an_unknown_meeting_is_a_one_line_error(diplo: Diplo, write_yaml) -> None:
    diplo.ok("import", write_yaml([statement()]))
    result = diplo("status", "no-such-meeting")
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no meeting 'no-such-meeting' in the ledger"


def test_text_output_in_a_pipe_has_no_escape_codes(diplo: Diplo, write_yaml) -> None:
    story(diplo, write_yaml)
    for args in (
        ["meetings"],
        ["status", "trump-putin-paris-2018"],
        ["history", "trump-putin-paris-2018"],
    ):
        output = diplo.ok(*args).output
        assert "\x1b[" not in output
        assert "trump-putin-paris-2018" in output or "agreed" in output


def test_control_characters_in_a_quote_are_shown_escaped(diplo: Diplo, write_yaml) -> None:
    diplo.ok("import", write_yaml([statement(id="e", quote="evil \x1b[31mred\x07 text")]))
    output = diplo.ok("show", "e").output
    assert "\x1b" not in output and "\x07" not in output
    assert "\\x1b[31mred\\x07" in output


def test_show_names_every_statement_a_walk_back_retracts(diplo: Diplo, write_yaml) -> None:
    story(diplo, write_yaml)
    russian = {"side": "RU", "speaker": "Yuri Ushakov", "parties": None}
    denied = statement(id="d", kind="denied", said_on="2018-10-23", **russian)
    walk_back = statement(
        id="w",
        kind="walked_back",
        said_on="2018-10-24",
        retracts=["c", "d"],
        source={"outlet": "TASS", "published": "2018-10-24"},
        **russian,
    )
    diplo.ok("import", write_yaml([denied, walk_back]))
    shown = [line.strip() for line in diplo.ok("show", "w").output.splitlines()]
    assert [line for line in shown if line.startswith("retracts")] == ["retracts     c, d"]
    assert diplo.json("show", "w")["retracts"] == ["c", "d"]
