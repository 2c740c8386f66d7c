"""`copy` is exact: it copies every event or nothing, refuses two ledgers whose histories have
diverged (naming the meeting and versions, and saying how to reconcile) and refuses a source
whose events the target's rules would not accept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from diplo.cli import main
from ledger.storage import choose_database
from tests.conftest import Diplo, statement
from tests.integration.test_integrity import RawTable

PARIS = "trump-putin-paris-2018"


def copy(source: Diplo, target: Diplo) -> tuple[int, str]:
    result = source.runner.invoke(main, ["copy", "--from", source.db, "--to", target.db])
    return result.exit_code, result.output


def test_two_ledgers_that_have_diverged_are_refused_with_nothing_copied(
    diplo: Diplo, tmp_path: Path, write_yaml: Callable[..., str]
) -> None:
    source = Diplo(str(tmp_path / "source.sqlite"), CliRunner())
    source.ok("import", write_yaml([statement(id="seed")]))
    assert copy(source, diplo)[0] == 0  # the same version 1 on both sides, byte for byte
    source.ok("import", write_yaml([statement(id="only-in-source", quote="source only")]))
    source.ok("import", write_yaml([statement(id="new-meeting", meeting="a-new-summit-2026")]))
    diplo.ok("import", write_yaml([statement(id="only-in-target", quote="target only")]))
    before = diplo.stored_events()
    code, output = copy(source, diplo)
    assert code == 1
    assert output.startswith(
        f"Error: copy from {source.db} to {choose_database(diplo.db).display}"
        f": the ledgers have diverged: meeting '{PARIS}' version 2 differs (the source has "
        "versions 1-2, the target 1-2); nothing was copied."
    ), output
    assert "record the other's statements" in output and len(output.strip().splitlines()) == 1
    assert diplo.stored_events() == before


def test_a_copy_twice_copies_nothing_new_and_a_target_ahead_is_not_a_divergence(
    diplo: Diplo, tmp_path: Path, write_yaml: Callable[..., str]
) -> None:
    source = Diplo(str(tmp_path / "source.sqlite"), CliRunner())
    source.ok("import", write_yaml([statement(id="seed")]))
    assert copy(source, diplo)[1].startswith("copied 1 event to")
    diplo.ok("import", write_yaml([statement(id="target-only", quote="later")]))
    code, output = copy(source, diplo)
    assert code == 0 and "copied 0 events" in output and "1 already present" in output


def test_a_damaged_source_is_refused_with_nothing_copied(
    diplo: Diplo, tmp_path: Path, write_yaml: Callable[..., str]
) -> None:
    source = Diplo(str(tmp_path / "source.sqlite"), CliRunner())
    source.ok("import", write_yaml([statement(id="seed")]))
    RawTable(source.db).execute(
        "INSERT INTO stored_events VALUES (?, 2, 'this:s', ?)",
        (RawTable(source.db).key(PARIS), b"{}"),
    )
    code, output = copy(source, diplo)
    assert code == 1
    assert "version 2 is damaged (unknown event topic 'this:s')" in output
    assert "nothing was copied" in output
    assert diplo.stored_events() == []
