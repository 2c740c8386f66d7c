"""A throwaway PostgreSQL cluster for the tests: initdb, start on a free local port, stop.

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
from dataclasses import dataclass
from pathlib import Path

import psycopg

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
        folder = Path(tempfile.mkdtemp(prefix="diplo-pg-"))
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
            "-c full_page_writes=off"
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
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, dbname: str) -> str:
        return f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin_dir / program), *args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            raise PostgresUnavailable(
                f"{program} failed ({completed.returncode}): {completed.stderr.strip()[-500:]}"
            )
