"""A catalogue of malformed and hostile inputs: each is refused with a clear one-line error and
the database unchanged, or stored exactly as given; never a crash or a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import Diplo, statement

SQL_QUOTE = "'); DROP TABLE stored_events; --"


def jsonl(*lines: Any) -> bytes:
    return "".join(json.dumps(line) + "\n" for line in lines).encode()


def yaml_doc(*statements: dict[str, Any]) -> bytes:
    return yaml.safe_dump({"statements": list(statements)}, allow_unicode=True).encode()


def nested_json(depth: int) -> bytes:
    return (
        json.dumps(statement(id="deep"))[:-1] + ', "summary": ' + "[" * depth + "]" * depth + "}\n"
    ).encode()


def billion_laughs(levels: int = 12) -> bytes:
    """Each level nine references to the one before: 9**12 strings if expanded."""
    lines = ["statements:", '  - &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels + 1):
        refs = ",".join([f"*l{level - 1}"] * 9)
        lines.append(f"  - &l{level} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


# name: (file suffix, file bytes, expected fragment of the one-line error)
REFUSED: dict[str, tuple[str, bytes, str]] = {
    "sql in slug": (
        ".jsonl",
        jsonl(statement(meeting="x'; DROP TABLE stored_events;--")),
        "meeting: 'x'; DROP TABLE stored_events;--' is not a slug",
    ),
    "sql in id": (".jsonl", jsonl(statement(id="a' OR '1'='1")), "id: 'a' OR '1'='1' is not a"),
    "sql in side": (".jsonl", jsonl(statement(side="US' OR 1=1")), "side: "),
    "billion laughs": (".yaml", billion_laughs(), "more than 100 aliases"),
    "nul byte in quote": (".jsonl", jsonl(statement(quote="a\x00b")), "quote: contains a NUL byte"),
    "nul byte in yaml": (".yaml", b"statements:\n  - meeting: abc\x00\n", "contains a NUL byte"),
    "mixed encodings": (
        ".jsonl",
        jsonl(statement(id="ok-1")) + '{"speaker": "Søren"}\n'.encode("latin-1"),
        "line 2, column 15: not valid UTF-8 (byte 0xf8)",
    ),
    "utf-16 file": (".yaml", "statements: []\n".encode("utf-16"), "not valid UTF-8"),
    "date 0000-00-00": (".jsonl", jsonl(statement(said_on="0000-00-00")), "said_on: '0000-00-00'"),
    "date 9999-12-31": (
        ".jsonl",
        jsonl(statement(said_on="9999-12-31")),
        "said_on: '9999-12-31' is outside the dates accepted, 1000-01-01 to 2999-12-31",
    ),
    "published 9999-12-31": (
        ".jsonl",
        jsonl(statement(said_on="2999-12-30", source={"outlet": "X", "published": "2999-12-31"})),
        "said_on: 2999-12-30 is in the future",
    ),
    "february 30": (".jsonl", jsonl(statement(said_on="2018-02-30")), "said_on: '2018-02-30'"),
    "hour 25": (".jsonl", jsonl(statement(said_on="2018-10-23T25:00:00")), "not an ISO date-time"),
    "reversed interval": (
        ".jsonl",
        jsonl(statement(planned_for="2018-11-11/2018-10-01")),
        "planned_for: '2018-11-11/2018-10-01' ends before it starts",
    ),
    "interval open at both ends": (
        ".jsonl",
        jsonl(statement(planned_for="../..")),
        "is open at both ends",
    ),
    "duplicate yaml keys": (
        ".yaml",
        b"statements:\n  - meeting: abc\n    meeting: abd\n",
        "duplicate key 'meeting'",
    ),
    "duplicate json keys": (
        ".jsonl",
        b'{"meeting": "abc", "meeting": "abd"}\n',
        "duplicate key 'meeting'",
    ),
    "deeply nested json": (".jsonl", nested_json(1000), "line 1: "),
    "deeply nested yaml": (
        ".yaml",
        b"statements: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "not valid YAML",
    ),
    "retraction of a later statement": (
        ".jsonl",
        jsonl(
            statement(id="w1", kind="walked_back", retracts="w2"),
            statement(id="w2", kind="walked_back", retracts="w1"),
        ),
        "line 1: retracts: 'w2' is not a statement of meeting",
    ),
    "self retraction": (
        ".jsonl",
        jsonl(statement(id="w1", kind="walked_back", retracts="w1")),
        "retracts: 'w1' is not a statement of meeting",
    ),
    "quote too long": (
        ".jsonl",
        jsonl(statement(quote="x" * 20_001)),
        "quote: String should have at most 20000 characters",
    ),
    "speaker too long": (
        ".jsonl",
        jsonl(statement(speaker="x" * 301)),
        "speaker: String should have at most 300 characters",
    ),
    "empty speaker": (".jsonl", jsonl(statement(speaker="")), "speaker: String should have at"),
    "blank quote": (".jsonl", jsonl(statement(quote="   ")), "quote: String should have at"),
    "unicode slug": (".jsonl", jsonl(statement(meeting="møde-2018")), "is not a slug"),
    "81-character slug": (".jsonl", jsonl(statement(meeting="a" * 81)), "is not a slug"),
    "duplicate parties": (
        ".jsonl",
        jsonl(statement(parties=["US", "US"])),
        "two or more distinct parties",
    ),
    "kind as number": (".jsonl", jsonl(statement(kind=1)), "kind: Input should be"),
    "said_on as number": (".jsonl", jsonl(statement(said_on=2018)), "said_on: Input should be"),
    "quote as list": (".jsonl", jsonl(statement(quote=["a"])), "quote: Input should be a valid"),
    "source as string": (".jsonl", jsonl(statement(source="The Hill")), "source: Input should be"),
    "statements null": (".yaml", b"statements: null\n", "statements: expected a non-empty list"),
    "json array line": (".jsonl", b"[1, 2, 3]\n", "a statement must be a mapping"),
    "json null line": (".jsonl", b"null\n", "a statement must be a mapping"),
    "broken json": (".jsonl", b'{"meeting": \n', "line 1: not valid JSON"),
    "url with spaces": (
        ".jsonl",
        jsonl(
            statement(source={"outlet": "X", "published": "2018-10-23", "url": "http://a b.org"})
        ),
        "is not an http(s) url",
    ),
    "javascript url": (
        ".jsonl",
        jsonl(
            statement(
                source={"outlet": "X", "published": "2018-10-23", "url": "javascript:alert(1)"}
            )
        ),
        "is not an http(s) url",
    ),
    "bad language": (
        ".jsonl",
        jsonl(
            statement(
                source={
                    "outlet": "X",
                    "published": "2018-10-23",
                    "language": "zz-ZZ-not-a-tag-at-all",
                }
            )
        ),
        "is not a BCP 47 language tag",
    ),
    "nul in participant": (".jsonl", jsonl(statement(participants=["A\x00"])), "NUL byte"),
    "exported event with foreign topic": (
        ".jsonl",
        jsonl({"meeting": "abc", "version": 1, "event": "os:system", "state": {}}),
        "event: unknown event 'os:system'",
    ),
    "exported event not continuing a chain": (
        ".jsonl",
        jsonl(
            {
                "meeting": "abc",
                "version": 7,
                "event": "MeetingHeld",
                "state": {"statement": {"meeting": "abc"}},
            }
        ),
        "version: expected version 1",
    ),
    "statements and events mixed": (
        ".jsonl",
        jsonl(
            statement(id="s1"),
            {"meeting": "abc", "version": 1, "event": "MeetingHeld", "state": {}},
        ),
        "mixes statements and exported events",
    ),
}

# name: (statement as given, field to read back with `show --json`)
STORED: dict[str, tuple[dict[str, Any], str]] = {
    "sql-looking quote": (statement(id="sql-q", quote=SQL_QUOTE), "quote"),
    "sql-looking speaker": (statement(id="sql-s", speaker="Robert'); DROP TABLE x;--"), "speaker"),
    "sql-looking url": (
        statement(
            id="sql-u",
            source={
                "outlet": "X",
                "published": "2018-10-23",
                "url": "https://x.org/?q='OR'1'='1';DROP--",
            },
        ),
        "source",
    ),
    "escape codes in speaker": (statement(id="esc", speaker="Evil \x1b[2J Name"), "speaker"),
    "right-to-left override": (statement(id="rtl", quote="abc\u202edef\u200b"), "quote"),
    "non-BMP characters": (statement(id="emoji", quote="summit 🤝 in 𝔓aris"), "quote"),
    "organisation side": (statement(id="eu", side="EU", speaker="Ursula von der Leyen"), "side"),
    "longest allowed quote": (statement(id="long", quote="y" * 20_000), "quote"),
}


@pytest.fixture
def guarded(diplo: Diplo, write_yaml: Callable[..., str]) -> Diplo:
    diplo.ok("import", write_yaml([statement(id="seed")]))
    return diplo


def assert_refused(diplo: Diplo, args: list[str], fragment: str) -> None:
    before = diplo.stored_events()
    result = diplo(*args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert fragment in lines[0], (fragment, lines[0])
    assert diplo.stored_events() == before


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_a_hostile_file_is_refused_and_nothing_is_written(
    guarded: Diplo, tmp_path: Path, case: str
) -> None:
    suffix, content, fragment = REFUSED[case]
    path = tmp_path / f"hostile{suffix}"
    path.write_bytes(content)
    assert_refused(guarded, ["import", str(path)], fragment)


@pytest.mark.parametrize("case", list(STORED), ids=list(STORED))
def test_a_strange_but_valid_statement_is_stored_exactly_as_given(
    guarded: Diplo, tmp_path: Path, case: str
) -> None:
    given, field = STORED[case]
    path = tmp_path / "strange.jsonl"
    path.write_bytes(jsonl(given))
    guarded.ok("import", str(path))
    shown = guarded.json("show", given["id"])
    expected = given[field]
    if field == "source":
        assert {k: shown["source"][k] for k in expected} == expected
    else:
        assert shown[field] == expected
    assert "\x1b" not in guarded.ok("show", given["id"]).output


def test_a_yaml_file_over_the_limit_is_refused_before_it_is_parsed(
    guarded: Diplo, tmp_path: Path
) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as out:
        out.write(b"statements:\n")
        chunk = b"# " + b"x" * 1022 + b"\n"
        for _ in range(33 * 1024):
            out.write(chunk)
    assert_refused(guarded, ["import", str(path)], "larger than the YAML limit of 33554432 bytes")


def test_a_100_mb_line_fed_as_a_stream_is_refused_without_being_held(db_url: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "diplo", "--db", db_url, "import", "--format", "jsonl", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None
    chunk = b"x" * (1024 * 1024)
    try:
        process.stdin.write(b'{"quote": "')
        for _ in range(100):
            process.stdin.write(chunk)
        process.stdin.write(b'"}\n')
        process.stdin.close()
    except BrokenPipeError:
        pass  # the reader refused the line and stopped reading: what we want
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert err.decode().strip() == (
        "Error: <stdin>: line 1: longer than the limit of 1048576 bytes"
    )


def test_a_correction_of_a_correction_is_kept_as_two_errata(guarded: Diplo) -> None:
    guarded.ok("correct", "seed", "--speaker", "Jon Bolton", "--reason", "first try")
    guarded.ok("correct", "seed", "--speaker", "John Bolton", "--reason", "fix the fix")
    shown = guarded.json("show", "seed")
    assert shown["speaker"] == "John Bolton"
    assert [e["reason"] for e in shown["errata"]] == ["first try", "fix the fix"]


def test_a_correction_of_a_statement_that_does_not_exist_is_refused(guarded: Diplo) -> None:
    assert_refused(
        guarded,
        ["correct", "nope", "--speaker", "X", "--reason", "r"],
        "no statement 'nope' in the ledger",
    )


# Storage: in-memory databases, foreign topics, storage faults, the follower (issue 13) --------


@pytest.mark.parametrize("name", [":memory:", "file::memory:", "file:ledger?mode=memory"])
def test_an_in_memory_database_is_refused_because_it_would_keep_nothing(
    name: str, write_yaml: Callable[..., str]
) -> None:
    from click.testing import CliRunner

    result = Diplo(name, CliRunner())("import", write_yaml([statement(id="kept")]))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: '{name}' is an in-memory database, which keeps nothing after the command: "
        "give a file path\n"
    )


def test_a_stored_topic_naming_a_python_module_is_never_imported(guarded: Diplo) -> None:
    from tests.integration.test_integrity import RawTable

    raw = RawTable(guarded.db)
    raw.execute(
        "INSERT INTO stored_events (originator_id, originator_version, topic, state) "
        "VALUES (?, 2, 'this:s', ?)",
        (raw.key("trump-putin-paris-2018"), b"{}"),
    )
    sys.modules.pop("this", None)
    outputs = [guarded(*args).output for args in (["rebuild"], ["meetings"], ["verify"])]
    assert "this" not in sys.modules
    assert not any("Beautiful is better than ugly" in output for output in outputs)
    assert "unknown event topic 'this:s'" in outputs[2]


def test_a_file_that_is_not_a_database_gets_a_one_line_diagnosis(tmp_path: Path) -> None:
    from click.testing import CliRunner

    path = tmp_path / "notes.sqlite"
    path.write_text("These are my notes, not a ledger. " * 40, encoding="utf-8")
    result = Diplo(str(path), CliRunner())("meetings")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}: is not a ledger database (not a SQLite file); give another path\n"
    )


def test_read_only_and_locked_databases_get_a_one_line_diagnosis(tmp_path: Path) -> None:
    import sqlite3

    from ledger.faults import describe_fault

    path = tmp_path / "ledger.sqlite"
    sqlite3.connect(path).execute("CREATE TABLE t (a)").connection.close()
    read_only = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as refused:
        read_only.execute("INSERT INTO t VALUES (1)")
    assert describe_fault(refused.value, str(path)) == (
        f"{path}: is read-only: make it writable, or copy it somewhere that is"
    )
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    with pytest.raises(sqlite3.OperationalError) as locked:
        sqlite3.connect(path, timeout=0).execute("SELECT * FROM t")
    holder.execute("ROLLBACK")
    assert describe_fault(locked.value, str(path)) == (
        f"{path}: is locked by another process: run the command again when it ends"
    )


def test_project_follow_refuses_a_poll_interval_that_is_not_positive(guarded: Diplo) -> None:
    result = guarded("project", "--follow", "--poll", "-1")
    assert result.exit_code == 2
    assert "Invalid value for '--poll': -1.0 is not in the range x>0." in result.output


def test_project_follow_will_not_keep_a_password_in_its_arguments() -> None:
    from click.testing import CliRunner

    from diplo.cli import main

    url = "postgresql://diplo:hunter2@127.0.0.1:1/ledger"
    result = CliRunner().invoke(main, ["--db", url, "project", "--follow"])
    assert result.exit_code == 2
    assert "give the URL in DIPLO_DB, not --db" in result.output
    assert "hunter2" not in result.output


def test_a_correction_cannot_move_a_walked_back_statement_to_another_side(
    guarded: Diplo, write_yaml: Callable[..., str]
) -> None:
    walk_back = statement(
        id="wb", kind="walked_back", retracts="seed", quote="we take it back", parties=None
    )
    guarded.ok("import", write_yaml([walk_back]))
    assert_refused(
        guarded,
        ["correct", "seed", "--side", "RU", "--reason", "moved"],
        "'wb' walks 'seed' back for side US; the statement cannot move to side RU",
    )
