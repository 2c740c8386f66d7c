"""A site is written in a staging directory beside its place (`replacing_directory`); a writer
killed outright (SIGKILL) leaves that directory behind. The next run removes it, but never one
that a running writer holds, nor one changed within the last minute."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

from diplo.files import ABANDONED_AFTER, replacing_directory

KILLED_WRITER = """
import os, sys
from pathlib import Path
from diplo.files import replacing_directory
with replacing_directory(Path(sys.argv[1])) as staging:
    (staging / "index.html").write_text("half a site")
    os.kill(os.getpid(), 9)
"""


def aged(path: Path) -> Path:
    """The directory as if last changed twice `ABANDONED_AFTER` ago."""
    past = time.time() - 2 * ABANDONED_AFTER
    os.utime(path, (past, past))
    return path


def staging_of(site: Path) -> list[Path]:
    return sorted(site.parent.glob(f".{site.name}.new-*"))


def test_the_staging_directory_of_a_killed_writer_is_removed_by_the_next_run(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(site)], check=False)
    assert killed.returncode == -9
    [left] = staging_of(site)
    assert (left / "index.html").read_text() == "half a site"
    aged(left)
    with replacing_directory(site) as staging:
        (staging / "index.html").write_text("the site")
    assert staging_of(site) == []
    assert (site / "index.html").read_text() == "the site"


def test_a_staging_directory_held_by_a_running_writer_or_just_made_is_left_alone(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    held = tmp_path / ".site.new-held"
    held.mkdir()
    aged(held)
    lock = os.open(held, os.O_RDONLY)
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running writer holds its own
    fresh = tmp_path / ".site.new-fresh"
    fresh.mkdir()  # not held yet: made a moment ago
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not a staging directory")
    aged(elsewhere)
    link = tmp_path / ".site.new-link"
    link.symlink_to(elsewhere)
    try:
        with replacing_directory(site) as staging:
            (staging / "index.html").write_text("the site")
    finally:
        os.close(lock)
    assert staging_of(site) == [fresh, held, link]
    assert (elsewhere / "keep.txt").exists()
