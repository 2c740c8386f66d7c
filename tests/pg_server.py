"""A throwaway PostgreSQL cluster for the tests: initdb, start on a free local port, stop.

It lives in memory (/dev/shm) when there is room, runs without fsync, and hands out databases
copied from a template, so a test's database costs milliseconds; stopping deletes them all.

Uses the distribution's PostgreSQL binaries (scripts/test.sh installs them with apt-get when it
runs as root). Run as root, the server runs as the `postgres` system user, as PostgreSQL demands.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg

FILE_COPY_SINCE = 150000
"""PostgreSQL 15 copies a template through the WAL by default; copying its files is faster for
a small template, and can be asked for from that version on."""
FORCE_SINCE = 130000
"""From PostgreSQL 13 on, DROP DATABASE can disconnect the sessions still using it."""
USER = "diplo"
PASSWORD = "s3cret-pg-pass-" + uuid.uuid4().hex[:8]


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server could be started here."""


def _bin_dir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    found = candidates[0] if candidates else shutil.which("pg_ctl")
    if not found:
        raise PostgresUnavailable(
            "PostgreSQL is not installed: run scripts/test.sh as root (it installs it with "
            "apt-get) or install the 'postgresql' package"
        )
    return Path(found).parent


MEMORY_FOLDER = Path("/dev/shm")
MEMORY_NEEDED = 1024**3
"""Free room wanted in memory: about 9 MB per live test database (each is dropped after its
test), the template, the write-ahead log, and the few big imports of the kill test."""


def _memory_folder() -> str | None:
    """A folder in memory (files there cost no disk I/O), when there is room; else the default.

    The cluster's start, every database copy and the final deletion are file work: in memory
    they take milliseconds; on a busy disk, seconds.
    """
    try:
        if shutil.disk_usage(MEMORY_FOLDER).free >= MEMORY_NEEDED and os.access(
            MEMORY_FOLDER, os.W_OK
        ):
            return str(MEMORY_FOLDER)
    except OSError:
        pass
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    folder: Path
    port: int
    bin_dir: Path
    run_as: str | None

    @classmethod
    def start(cls) -> Cluster:
        bin_dir = _bin_dir()
        folder = Path(tempfile.mkdtemp(prefix="diplo-pg-", dir=_memory_folder()))
        run_as = "postgres" if os.geteuid() == 0 else None
        cluster = cls(folder, _free_port(), bin_dir, run_as)
        (folder / "pw").write_text(PASSWORD, encoding="utf-8")
        if run_as:
            record = pwd.getpwnam(run_as)
            for path in (folder, folder / "pw"):
                os.chown(path, record.pw_uid, record.pw_gid)
        cluster._run(
            "initdb",
            "-D",
            str(folder / "data"),
            "-U",
            USER,
            f"--pwfile={folder / 'pw'}",
            "--auth-host=scram-sha-256",
            "--auth-local=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        options = (
            f"-p {cluster.port} -k {folder} -c listen_addresses=127.0.0.1 "
            "-c max_connections=300 -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c wal_level=minimal -c max_wal_senders=0"
        )
        cluster._run(
            "pg_ctl",
            "-D",
            str(folder / "data"),
            "-o",
            options,
            "-l",
            str(folder / "log"),
            "-w",
            "start",
        )
        return cluster

    def stop(self) -> None:
        """Stop at once (nothing in it is worth a clean shutdown) and delete every database."""
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, dbname: str) -> str:
        return f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, template: str | None = None) -> str:
        """A new database, empty or a copy of the `template` database; returns its URL.

        Copying a template is a file copy inside the server: much cheaper than creating the
        ledger's tables anew in every test's database.
        """
        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            copy_of = ""
            if template:
                copy_of = f' TEMPLATE "{template}"'
                if connection.info.server_version >= FILE_COPY_SINCE:
                    copy_of += " STRATEGY = FILE_COPY"
            connection.execute(f'CREATE DATABASE "{name}"{copy_of}')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop the database at `url`, disconnecting whoever is still connected to it."""
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            force = " WITH (FORCE)" if connection.info.server_version >= FORCE_SINCE else ""
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"{force}')

    def create_template(self, prepare: Callable[[str], None]) -> str:
        """A new database made ready by `prepare(url)`, marked as a template; returns its name.

        `prepare` must close every connection it opens: PostgreSQL copies a template only
        while nobody is connected to it.
        """
        name = self.create_database().rsplit("/", 1)[1]
        prepare(self.url(name))
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE true')
        return name

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin_dir / program), *args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            raise PostgresUnavailable(
                f"{program} failed ({completed.returncode}): {completed.stderr.strip()[-500:]}"
            )
