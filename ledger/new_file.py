"""A new SQLite ledger file appears only once something is recorded in it.

`diplo import` and `diplo append` may start a ledger. They build it under a temporary name
beside the file named (`ledger.sqlite.starting-<pid>`). When the command closes the ledger,
the file is moved into place if it holds an event, and removed if it holds none. A command
that fails, or records nothing, leaves no file behind, and no folder made for it.

Commands starting the same ledger at once take turns: each holds a lock on the folder
(`flock`) from the start to the move, and the next one then finds the file there and records
into it as usual. The move is a hard link, which never replaces a file: if something else
made the file meanwhile, what this command recorded stays under the temporary name, and the
error says so. A process killed before the move leaves its temporary file behind, never a
ledger that is half there."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

SIDE_FILES = ("-wal", "-shm", "-journal")
"""What SQLite keeps beside a database file while it is open."""
WAIT_SECONDS = 30.0
"""How long a command waits for another that is starting the same ledger (SQLite's own lock
timeout for the ledger's commands is the same)."""


class StartedElsewhere(Exception):
    """Another command has been starting the same ledger for longer than `WAIT_SECONDS`."""


class NotInPlace(Exception):
    """The new ledger could not be moved into place: it is kept under its temporary name."""


@dataclass
class NewLedgerFile:
    """Where a new ledger is built, where it goes, and the folders made for it."""

    final: Path
    temp: Path
    made_folders: tuple[Path, ...]
    """The folders made for it, deepest first: removed again if nothing is recorded."""

    folder_lock: int
    """An open descriptor of the folder, holding its lock until `settle`."""
    settled: bool = False

    @classmethod
    def start(cls, final: Path, wait: float = WAIT_SECONDS) -> NewLedgerFile | None:
        """Make the folders `final` needs and take the folder's lock; None if `final` is there
        by then (another command started it meanwhile: it is opened as it is)."""
        missing: list[Path] = []
        folder = final.parent
        while not folder.exists() and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
        final.parent.mkdir(parents=True, exist_ok=True)
        lock = _locked(final, wait)
        if final.exists():
            os.close(lock)
            return None
        temp = final.with_name(f"{final.name}.starting-{os.getpid()}")
        _remove(temp)  # a left-over of a killed process of the same pid
        return cls(final, temp, tuple(missing), lock)

    def settle(self) -> None:
        """Move the file into place if it holds an event; otherwise remove it and the folders
        made for it; then let the next command starting it go on. Called once the ledger's
        connections are closed; once only (closing again does nothing)."""
        if self.settled:
            return
        self.settled = True
        try:
            if _checkpointed_with_events(self.temp):
                self._move_into_place()
                return
            _remove(self.temp)
            for folder in self.made_folders:
                try:
                    folder.rmdir()  # only if empty
                except OSError:
                    break
        finally:
            with contextlib.suppress(OSError):
                os.close(self.folder_lock)

    def _move_into_place(self) -> None:
        try:
            os.link(self.temp, self.final)
        except FileExistsError:
            raise self._made_meanwhile() from None
        except OSError:  # a file system without hard links: a rename, after a last look
            if self.final.exists():
                raise self._made_meanwhile() from None
            os.replace(self.temp, self.final)
        _remove(self.temp)

    def _made_meanwhile(self) -> NotInPlace:
        return NotInPlace(
            f"{self.final} was made by something else while this command was starting it: "
            f"what this command recorded is kept in {self.temp}; run it again to record it "
            f"in {self.final.name}"
        )


def _locked(final: Path, wait: float) -> int:
    """An open descriptor of `final`'s folder, locked for this process alone, waiting up to
    `wait` seconds for another command starting a ledger there."""
    descriptor = os.open(final.parent, os.O_RDONLY)
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return descriptor
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(descriptor)
                raise StartedElsewhere(
                    f"{final} is being started by another command: run this one again when it ends"
                ) from None
            time.sleep(0.05)


def _checkpointed_with_events(path: Path) -> bool:
    """Whether the file holds a stored event, with its write-ahead log copied into it first
    (the file is then whole on its own); False if there is no such file or table."""
    if not path.exists():
        return False
    try:
        connection = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        found = connection.execute("SELECT 1 FROM stored_events LIMIT 1").fetchone()
        if found is None:
            return False
        busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    if busy is not None and busy[0] != 0:
        raise NotInPlace(
            f"{path} is still open elsewhere, so it was not moved into place: what this "
            "command recorded is kept there"
        )
    return True


def _remove(path: Path) -> None:
    for name in (path, *(path.with_name(path.name + side) for side in SIDE_FILES)):
        with contextlib.suppress(FileNotFoundError):
            name.unlink()
