"""A new SQLite ledger file appears only once something is recorded in it.

`diplo import`, `diplo append` and `diplo copy --to` may start a ledger. They build it in a
file of their own beside the one named (`ledger.sqlite.starting-<pid>-<random>`). When the
command closes the ledger, that file is moved into place if it holds an event, and removed if
it holds none. A command that fails, or records nothing, leaves no file behind, and no folder
made for one.

Commands starting the same ledger at once take turns: each holds a lock file named after the
ledger (`ledger.sqlite.starting.lock`, `flock`) from its start to the move, and the next one
then finds the ledger there and records into it as usual. The lock file is removed by its last
holder; a command that finds its lock file replaced takes the new one. The move is a hard link
(of the write-ahead log too, if anything is left in it), which never replaces a file. If the
move cannot be made, or the file cannot be read back, what was recorded is kept under the
temporary name, and the error names it. A process killed before the move leaves its
temporary file behind (`starting_leftovers`), never a ledger that is half there."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import glob
import os
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

SIDE_FILES = ("-wal", "-shm", "-journal")
"""What SQLite keeps beside a database file while it is open."""
WAIT_SECONDS = 30.0
"""How long a command waits for another that is starting the same ledger (SQLite's own lock
timeout for the ledger's commands is the same)."""
NO_HARD_LINKS = frozenset({errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.ENOSYS})
"""What `link` says on a file system without hard links: the file is renamed instead."""


class StartedElsewhere(Exception):
    """Another command has been starting the same ledger for longer than `WAIT_SECONDS`."""


class NotInPlace(Exception):
    """The new ledger could not be moved into place: it is kept under its temporary name."""


@dataclass
class StartLock:
    """The lock that commands starting one ledger take turns on: a file named after it."""

    path: Path
    descriptor: int
    released: bool = False

    @classmethod
    def taken(cls, final: Path, deadline: float) -> StartLock | None:
        """The lock, once no other command holds it; None if its file was removed or replaced
        while this command waited (take the new one)."""
        path = final.with_name(f"{final.name}.starting.lock")
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            while True:
                try:
                    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StartedElsewhere(
                            f"{final} is being started by another command: run this one "
                            "again when it ends"
                        ) from None
                    time.sleep(0.05)
            if not _same_file(path, descriptor):
                os.close(descriptor)
                return None
            return cls(path, descriptor)
        except BaseException:
            os.close(descriptor)
            raise

    def release(self) -> None:
        """Remove the lock file while holding it, then let go (a waiter then takes a new one);
        once only (the descriptor's number may be another file's by a second call)."""
        if self.released:
            return
        self.released = True
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        os.close(self.descriptor)


@dataclass
class NewLedgerFile:
    """Where a new ledger is built, where it goes, the folders made for it, and its lock."""

    final: Path
    temp: Path
    made_folders: tuple[Path, ...]
    """The folders made for it, deepest first: removed again if nothing is recorded."""
    lock: StartLock
    settled: bool = False

    @classmethod
    def start(cls, final: Path, wait: float = WAIT_SECONDS) -> NewLedgerFile | None:
        """Make the folders `final` needs, take its lock and make its temporary file; None if
        `final` is there by then (another command started it: it is opened as it is)."""
        deadline = time.monotonic() + wait
        while True:
            made = _made_folders(final.parent)
            try:
                lock = StartLock.taken(final, deadline)
            except FileNotFoundError:
                lock = None  # its folder was removed meanwhile
            if lock is None:
                continue
            if final.exists():
                lock.release()
                return None
            return cls(final, _new_temp(final), made, lock)

    def settle(self) -> None:
        """Move the file into place if it holds an event; otherwise remove it and the folders
        made for it; then let the next command starting it go on. Called once the ledger's
        connections are closed; once only (closing again does nothing)."""
        if self.settled:
            return
        self.settled = True
        try:
            if self._holds_events():
                self._move_into_place()
            else:
                self._discarded()
        finally:
            self.lock.release()

    def discard(self) -> None:
        """Remove the file unread, and the folders made for it: nothing can have been recorded
        in it (the ledger could not be opened)."""
        if not self.settled:
            self.settled = True
            self._discarded()

    def _discarded(self) -> None:
        _remove(self.temp)
        self.lock.release()
        for folder in self.made_folders:
            try:
                folder.rmdir()  # only if empty
            except OSError:
                break

    def _holds_events(self) -> bool:
        """Whether the file holds a stored event, its write-ahead log copied into it if it can
        be (a full disk may refuse: the log is then moved with it)."""
        if not self.temp.exists():
            return False
        try:
            connection = sqlite3.connect(self.temp, isolation_level=None)
            try:
                tables = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
                if connection.execute(tables, ("stored_events",)).fetchone() is None:
                    return False
                found = connection.execute("SELECT 1 FROM stored_events LIMIT 1").fetchone()
                if found is not None:
                    with contextlib.suppress(sqlite3.Error):
                        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                return found is not None
            finally:
                connection.close()
        except sqlite3.Error as error:
            raise self._kept(str(error)) from None

    def _move_into_place(self) -> None:
        wal, final_wal = _beside(self.temp, "-wal"), _beside(self.final, "-wal")
        moves = [(wal, final_wal)] if wal.exists() and wal.stat().st_size > 0 else []
        moves.append((self.temp, self.final))
        done: list[Path] = []
        try:
            for source, target in moves:
                os.link(source, target)
                done.append(target)
        except FileExistsError:
            _unlink(done)
            raise self._kept("something else made it meanwhile") from None
        except OSError as error:
            _unlink(done)
            if error.errno not in NO_HARD_LINKS:
                raise self._kept(error.strerror or str(error)) from None
            self._renamed(moves)
        _remove(self.temp)

    def _renamed(self, moves: list[tuple[Path, Path]]) -> None:
        """The move on a file system without hard links: renames, after a last look (not
        atomic: only a program other than diplo could make the file in between)."""
        if any(target.exists() for _, target in moves):
            raise self._kept("something else made it meanwhile")
        for source, target in moves:
            os.rename(source, target)

    def _kept(self, why: str) -> NotInPlace:
        return NotInPlace(
            f"{self.final} was not made ({why}): what this command recorded is kept in "
            f"{self.temp}; `diplo copy --from {self.temp} --to {self.final}` adds it"
        )


def start_ledger(path: Path) -> NewLedgerFile | None:
    """A ledger being started at `path` (at the file a symbolic link there names); None if
    the file is there by the time this command's turn comes."""
    try:
        return NewLedgerFile.start(Path(os.path.realpath(path)))
    except OSError as error:
        raise NotInPlace(f"cannot start a ledger at {path}: {error.strerror or error}") from None


def missing_ledger(path: Path) -> str:
    """What to tell a command that reads a ledger file that is not there."""
    text = (
        f"no ledger at {path}: nothing has been recorded there (is --db or DIPLO_DB right? "
        "diplo import FILE or diplo append starts a ledger)"
    )
    left = starting_leftovers(Path(os.path.realpath(path)))
    if left:
        text += (
            f"; {left[0]} was left by a command stopped while starting it: `diplo copy --from "
            f"{left[0]} --to {path}` keeps what it recorded"
        )
    return text


def starting_leftovers(final: Path) -> list[Path]:
    """Temporary files of commands that were stopped while starting the ledger `final`."""
    pattern = glob.escape(str(final)) + ".starting-*"
    return sorted(Path(name) for name in glob.glob(pattern) if not name.endswith(SIDE_FILES))


def _made_folders(folder: Path) -> tuple[Path, ...]:
    """Make `folder` and its missing parents; the ones made, deepest first."""
    missing: list[Path] = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        with contextlib.suppress(FileExistsError):
            made.mkdir()
    return tuple(missing)


def _new_temp(final: Path) -> Path:
    """A file of this command's own beside `final` (empty: SQLite takes it as a new database)."""
    while True:
        temp = final.with_name(f"{final.name}.starting-{os.getpid()}-{secrets.token_hex(3)}")
        try:
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            return temp
        except FileExistsError:
            continue


def _same_file(path: Path, descriptor: int) -> bool:
    try:
        named = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _beside(path: Path, side: str) -> Path:
    return path.with_name(path.name + side)


def _unlink(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _remove(path: Path) -> None:
    _unlink([path, *(_beside(path, side) for side in SIDE_FILES)])
