"""Issue 13, item 5: every file output is written beside its place and moved there once
complete (`export -o`, `timeline -o`, `site DIR`), so a failure part-way leaves the old file or
site as it was; a full disk and a closed pipe get one line (or, for the pipe, silence and exit
0), never a traceback. Failures are real: a process whose file size limit (RLIMIT_FSIZE) is
smaller than its output, /dev/full, and a pipe whose reader has gone."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import Diplo

LIMIT = 40 * 1024
"""A file size limit (bytes) below the size of a timeline picture and of the site's largest
pages, above that of SQLite's shared-memory file (32 KiB)."""


@pytest.fixture
def seeded(sqlite_path: str) -> Diplo:
    diplo = Diplo(sqlite_path, CliRunner())
    diplo.import_seed()
    diplo.ok("meetings")  # the view is up to date: the commands below write no database
    return diplo


def run_limited(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`diplo --db DB ARGS` in a process that may write no file beyond LIMIT bytes (a write past
    it fails with EFBIG, as a full disk fails with ENOSPC)."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))

    return subprocess.run(
        [sys.executable, "-m", "diplo", "--db", db, *args],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
    )


def tree(directory: Path) -> dict[str, bytes]:
    """Every file under `directory`, by its relative path, with its bytes."""
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def assert_one_line_failure(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]  # after any warning about the data
    assert last.startswith("Error: ") and fragment in last, result.stderr
    assert result.stderr.count("Error") == 1


def test_a_timeline_that_fails_part_way_leaves_the_old_picture_as_it_was(
    seeded: Diplo, tmp_path: Path
) -> None:
    out = tmp_path / "paris.png"
    out.write_bytes(b"the picture drawn yesterday")
    before = out.read_bytes()
    result = run_limited(seeded.db, "timeline", "trump-putin-paris-2018", "-o", str(out))
    assert_one_line_failure(result, f"{out}: File too large")
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".paris")] == []


def test_a_timeline_to_a_full_disk_fails_in_one_line(seeded: Diplo, tmp_path: Path) -> None:
    full = tmp_path / "full.png"
    full.symlink_to("/dev/full")
    result = seeded("timeline", "trump-putin-paris-2018", "-o", str(full))
    assert (result.exit_code, result.output) == (1, f"Error: {full}: No space left on device\n")


def test_a_site_that_fails_part_way_leaves_the_old_site_as_it_was(
    seeded: Diplo, tmp_path: Path
) -> None:
    site = tmp_path / "public"
    seeded.ok("site", str(site))
    before = tree(site)
    assert ".diplo-site" in before and "index.html" in before
    assert max(len(content) for content in before.values()) > LIMIT
    result = run_limited(seeded.db, "site", str(site))
    assert_one_line_failure(result, "File too large")
    assert tree(site) == before
    assert not any(p.name.startswith(".public") for p in tmp_path.iterdir())


def test_a_site_written_again_replaces_the_old_one_whole(seeded: Diplo, tmp_path: Path) -> None:
    site = tmp_path / "public"
    seeded.ok("site", str(site))
    (site / "meetings" / "left-over.html").write_text("from an earlier ledger")
    seeded.ok("site", str(site))
    assert not (site / "meetings" / "left-over.html").exists()
    assert (site / "index.html").is_file() and (site / ".diplo-site").is_file()
    assert not any(p.name.startswith(".public") for p in tmp_path.iterdir())


def test_a_site_is_never_written_over_a_directory_of_other_files(
    seeded: Diplo, tmp_path: Path
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    result = seeded("site", str(mine))
    assert result.exit_code == 1
    assert "holds no earlier site" in result.output
    assert tree(mine) == {"notes.txt": b"mine"}


PIPED = {
    "status": ["status", "trump-putin-paris-2018"],
    "meetings": ["meetings"],
    "history": ["history", "trump-putin-paris-2018"],
    "meetings --json": ["meetings", "--json"],
    "history --csv": ["history", "trump-putin-paris-2018", "--csv"],
    "export": ["export"],
    "export cameo": ["export", "--format", "cameo"],
}


@pytest.mark.parametrize("case", list(PIPED), ids=list(PIPED))
def test_a_reader_that_goes_away_ends_the_command_quietly_with_exit_0(
    seeded: Diplo, case: str
) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # as `| head -1` once it has its line: nobody reads what follows
    process = subprocess.run(
        [sys.executable, "-m", "diplo", "--db", seeded.db, *PIPED[case]],
        stdout=writer,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
    )
    os.close(writer)
    assert (process.returncode, process.stderr) == (0, "")


@pytest.mark.parametrize("command", ["status trump-putin-paris-2018", "meetings"])
def test_piping_into_head_gives_one_line_and_exit_0(seeded: Diplo, command: str) -> None:
    process = subprocess.run(
        f"{sys.executable} -m diplo --db {seeded.db} {command} | head -1; "
        'echo "exit ${PIPESTATUS[0]}" >&2',
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert len(process.stdout.splitlines()) == 1
    assert process.stderr == "exit 0\n"
