"""Shared test set-up: a fresh ledger database per test, and the CLI driven through CliRunner."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from diplo.cli import main
from ledger.application import Ledger
from ledger.storage import choose_database
from projections.queries import ReadSide
from tests.pg_server import Cluster

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED_FILES = sorted(str(path) for path in FIXTURES.glob("0*.yaml"))
"""The five seed articles' statement files, in import order."""
SOURCE = {"outlet": "The Hill", "published": "2018-10-23"}
BACKENDS = os.environ.get("DIPLO_TEST_BACKENDS", "sqlite,postgres").split(",")
"""Every test that takes `db_url` runs once per backend; PostgreSQL fails, not skips, if absent."""


@dataclass
class Diplo:
    """The `diplo` command on one test database."""

    db: str
    runner: CliRunner

    def __call__(self, *args: str, input: str | bytes | None = None) -> Result:
        return self.runner.invoke(main, ["--db", self.db, *args], input=input)

    def ok(self, *args: str, input: str | bytes | None = None) -> Result:
        result = self(*args, input=input)
        assert result.exit_code == 0, result.output
        return result

    def import_seed(self) -> Result:
        """Import the five seed articles with the people registry, as the demo does."""
        people = str(FIXTURES / "people.yaml")
        return self.ok("--people", people, "import", *SEED_FILES)

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json").output)

    def ledger(self) -> Ledger:
        return Ledger(choose_database(self.db))

    def stored_events(self) -> list[tuple[str, int, str, bytes]]:
        """Every stored event row, read through the library's recorder."""
        app = self.ledger()
        try:
            notifications = app.recorder.select_notifications(start=None, limit=1_000_000)
        finally:
            app.close()
        return [
            (str(n.originator_id), n.originator_version, n.topic, n.state) for n in notifications
        ]


@pytest.fixture(scope="session", autouse=True)
def text_as_a_pipe_gets_it() -> Iterator[None]:
    """Text output is laid out as wide as a pipe gets it (100 columns), whatever `COLUMNS` the
    shell exports, or pytest-xdist's workers set (80): the tests' expected text assumes it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("COLUMNS", raising=False)
        patch.delenv("LINES", raising=False)
        yield


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One throwaway PostgreSQL server for the whole run, stopped with its databases at the end."""
    cluster = Cluster.start()
    yield cluster
    cluster.stop()


def make_ledger_tables(url: str) -> None:
    """Create every table the ledger and its read side use in the database at `url`."""
    app = Ledger(choose_database(url))
    try:
        ReadSide.of(app)
    finally:
        app.close()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: Cluster) -> str:
    """The name of a PostgreSQL template database holding the ledger's (empty) tables."""
    return pg_cluster.create_template(make_ledger_tables)


def new_database(request: pytest.FixtureRequest, backend: str, folder: Path) -> str:
    """A fresh, empty ledger on `backend`: a SQLite file in `folder`, or a PostgreSQL database
    copied from the template with the ledger's tables (as the ledger would create them)."""
    if backend == "sqlite":
        return str(folder / "ledger.sqlite")
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database(template=request.getfixturevalue("pg_template"))


def is_postgres(url: str) -> bool:
    """Whether a test database URL is a PostgreSQL one (else it is a SQLite file)."""
    return url.startswith("postgresql://")


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty ledger database: a SQLite file, or a new PostgreSQL database.

    A PostgreSQL database is dropped after its test, so the in-memory cluster stays small.
    """
    url = new_database(request, request.param, tmp_path)
    yield url
    if is_postgres(url):
        cluster: Cluster = request.getfixturevalue("pg_cluster")
        cluster.drop_database(url)


@pytest.fixture
def sqlite_path(tmp_path: Path) -> str:
    """A SQLite file, for the tests that read the file directly."""
    return str(tmp_path / "ledger.sqlite")


@pytest.fixture
def diplo(db_url: str) -> Diplo:
    return Diplo(db_url, CliRunner())


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[..., str]:
    """Write statements (and a file-level source) as an import file; returns its path."""
    counter = iter(range(10_000))

    def write(
        statements: list[dict[str, Any]],
        source: dict[str, Any] | None = None,
        name: str | None = None,
    ) -> str:
        path = tmp_path / (name or f"statements-{next(counter)}.yaml")
        document: dict[str, Any] = {"statements": statements}
        if source is not None:
            document["source"] = source
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        return str(path)

    return write


def statement(**fields: Any) -> dict[str, Any]:
    """A valid statement about a Paris meeting, with `fields` replacing its defaults."""
    base: dict[str, Any] = {
        "meeting": "trump-putin-paris-2018",
        "kind": "announced",
        "speaker": "John Bolton",
        "side": "US",
        "said_on": "2018-10-23",
        "quote": "President Trump would look forward to meeting with him in Paris",
        "parties": ["US", "RU"],
        "source": dict(SOURCE),
    }
    base.update(fields)
    return {key: value for key, value in base.items() if value is not None}
