"""Which database a `--db` value names, read without loading any storage library: the
scheme and the SQLite file, so that a command can tell where the ledger is before deciding
whether it needs the application at all (`ledger.storage.choose_database` builds on this)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, unquote, urlsplit, urlunsplit

DEFAULT_DB = Path(".diplo") / "ledger.sqlite"
"""The default SQLite file, relative to the working directory; `--db` or DIPLO_DB override."""

POSTGRES_SCHEMES = ("postgresql", "postgres")
SQLITE_SCHEME = "sqlite"


class Named(NamedTuple):
    """The database a `--db` value (or DIPLO_DB, or the default) names."""

    scheme: str
    """The URL scheme in lower case; "" for a plain file path."""
    value: str
    """The value as given."""

    @property
    def sqlite_name(self) -> str:
        """The SQLite file name: the value itself, or what follows `sqlite://`."""
        return self.value.split("://", 1)[1] if self.scheme else self.value


def named_database(db: str | None) -> Named:
    """The database named by `db`, else DIPLO_DB, else the default SQLite file."""
    chosen = db or os.environ.get("DIPLO_DB") or str(DEFAULT_DB)
    scheme = chosen.split("://", 1)[0].lower() if "://" in chosen else ""
    return Named(scheme, chosen)


def is_in_memory(name: str) -> bool:
    """Whether a SQLite name means an in-memory database (which keeps nothing)."""
    lowered = name.lower()
    return ":memory:" in lowered or (lowered.startswith("file:") and "mode=memory" in lowered)


def existing_sqlite_file(db: str | None) -> Path | None:
    """The SQLite file `db` names, if it names one that exists; None for PostgreSQL, an unknown
    scheme, an in-memory name or a file not there (which `choose_database` explains or makes)."""
    named = named_database(db)
    if named.scheme not in ("", SQLITE_SCHEME) or is_in_memory(named.sqlite_name):
        return None
    path = Path(named.sqlite_name)
    return path if path.is_file() else None


def is_uri(name: str) -> bool:
    """Whether a SQLite name is a `file:` URI (which SQLite reads with its query options)."""
    return name[:5].lower() == "file:"


def with_path(uri: str, path: Path) -> str:
    """A `file:` URI with its path replaced by `path`, its options kept."""
    parts = urlsplit(uri)
    return urlunsplit((parts.scheme, parts.netloc, quote(str(path)), parts.query, parts.fragment))


def sqlite_file(name: str) -> Path:
    """The file a SQLite name (a path or a `file:` URI) opens."""
    return Path(unquote(urlsplit(name).path)) if is_uri(name) else Path(name)
