"""Files that can be read only once (standard input, a named pipe, a process substitution) are
imported and checked from that one read; odd YAML keys and a second '-' get one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import orjson

from tests.conftest import FIXTURES, Diplo, statement

KREMLIN = FIXTURES / "003_dk_2018_paris_kreml.yaml"


def jsonl(*statements: dict[str, object]) -> bytes:
    return b"".join(orjson.dumps(one) + b"\n" for one in statements)


def diplo_process(db: str, *args: str, input: bytes) -> tuple[int, str]:
    """The real command in its own process (its standard input a real pipe), exit code and
    output."""
    done = subprocess.run(
        [sys.executable, "-m", "diplo", "--db", db, *args],
        input=input,
        capture_output=True,
        timeout=120,
        check=False,
    )
    return done.returncode, (done.stdout + done.stderr).decode()


def test_a_named_pipe_is_imported_from_its_one_read(tmp_path: Path) -> None:
    pipe = tmp_path / "feed.yaml"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_bytes(KREMLIN.read_bytes()))
    writer.start()
    done = diplo_process(str(tmp_path / "ledger.sqlite"), "import", str(pipe), input=b"")
    writer.join()
    assert done == (0, f"{pipe}: 2 new, 0 already present\n")  # (it waited for a second writer)


def test_statements_on_standard_input_are_checked_and_imported(diplo: Diplo) -> None:
    lines = jsonl(statement(id="a"), statement(id="b", kind="confirmed", side="RU"))
    checked = diplo_process(diplo.db, "import", "--check", "-", input=lines)
    assert checked == (0, "ok: 0 problems in 1 file\n")
    imported = diplo_process(diplo.db, "import", "-", input=lines)
    assert imported == (0, "<stdin>: 2 new, 0 already present\n")


def test_standard_input_given_twice_is_a_usage_error(diplo: Diplo) -> None:
    result = diplo("import", "-", "-", input=jsonl(statement(id="a")))
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: standard input ('-') can be read only once: give '-' once\n"
    )
    assert diplo.stored_events() == []


def test_a_yaml_key_that_is_a_list_is_not_valid_yaml(diplo: Diplo, tmp_path: Path) -> None:
    odd = tmp_path / "odd.yaml"
    odd.write_text("statements:\n  - {? [a]: b, meeting: x-y-z}\n", encoding="utf-8")
    result = diplo("import", str(odd))
    assert result.exit_code == 1
    (line,) = result.output.splitlines()
    assert line.startswith(f"Error: {odd}: not valid YAML: while constructing a mapping")
    assert line.endswith('found unhashable key in "<unicode string>", line 2, column 8')
