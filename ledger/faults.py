"""Ordinary storage faults (not a database file, read-only, disk full, locked, damaged),
recognised by the words SQLite or the system use, each told to the user in one line."""

from __future__ import annotations

from pathlib import Path

from ledger.locations import SQLITE_SCHEME, named_database
from ledger.storage import DatabaseURLError, choose_database

DAMAGED = (
    "is damaged (SQLite cannot read it whole): restore it from a backup "
    "(`sqlite3 FILE .recover` may save what is left)"
)
LOST_KEY = (
    "has a table that has lost its key (made again by hand?): `diplo rebuild` makes the view's "
    "tables anew"
)
FAULTS = (
    ("file is not a database", "is not a ledger database (not a SQLite file); give another path"),
    ("readonly database", "is read-only: make it writable, or copy it somewhere that is"),
    ("read-only file system", "is on a read-only file system: copy it somewhere writable"),
    ("database or disk is full", "the disk is full: free some space and run the command again"),
    ("no space left on device", "the disk is full: free some space and run the command again"),
    ("database is locked", "is locked by another process: run the command again when it ends"),
    ("unable to open database file", "cannot be opened: check its folder exists and is writable"),
    ("disk i/o error", "could not be read or written (disk I/O error): check the disk"),
    ("disk image is malformed", DAMAGED),
    ("malformed database schema", DAMAGED),
    ("on conflict clause does not match", LOST_KEY),  # SQLite
    ("no unique or exclusion constraint matching the on conflict", LOST_KEY),  # PostgreSQL
    (
        "could not decode to utf-8",
        "has a row whose text is not UTF-8 (damaged): `diplo rebuild` remakes the view's rows; "
        "stored events need a backup",
    ),
)
"""Ordinary storage faults, by the words SQLite or the system use, and what to tell the user."""


def describe_fault(error: BaseException, db: str | None) -> str | None:
    """One line for an ordinary storage fault (not a database file, read-only, disk full,
    locked), naming the database without its password; None if the error is not one."""
    text = " ".join(str(error).split()).lower()
    if isinstance(error, OSError) and error.strerror:
        text += " " + error.strerror.lower()
    said = next((what for words, what in FAULTS if words in text), None)
    if said is None:
        return None
    return f"{_where(db)}: {said}"


def _where(db: str | None) -> str:
    """The database named, safe to print (a PostgreSQL URL without its password)."""
    named = named_database(db)
    if named.scheme in ("", SQLITE_SCHEME):
        return str(Path(named.sqlite_name))
    try:
        return choose_database(db).display
    except (DatabaseURLError, OSError):
        return "the database"
