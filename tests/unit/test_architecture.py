"""Imports point one way: the write side (`ledger`) knows nothing of the read side or the
interfaces; the read side (`projections`) knows only the ledger's events, statement and dates;
the interfaces (`diplo`) may use both. No package imports the benchmarks or the tests."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("ledger", "projections", "diplo")
READ_SIDE_MAY_USE = {"ledger.events", "ledger.statement", "ledger.dates"}


def modules_of(package: str) -> list[str]:
    return sorted(str(path.relative_to(ROOT)) for path in (ROOT / package).rglob("*.py"))


def project_imports(path: str) -> set[str]:
    """The modules of this project (or its benchmarks and tests) that a file imports."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    known = (*PACKAGES, "benchmarks", "tests")
    return {name for name in found if name.split(".")[0] in known}


@pytest.mark.parametrize("path", modules_of("ledger"))
def test_the_write_side_imports_only_itself(path: str) -> None:
    assert {name.split(".")[0] for name in project_imports(path)} <= {"ledger"}


@pytest.mark.parametrize("path", modules_of("projections"))
def test_the_read_side_imports_only_itself_and_the_ledgers_events_statement_and_dates(
    path: str,
) -> None:
    for name in project_imports(path):
        assert name.startswith("projections") or name in READ_SIDE_MAY_USE, name


@pytest.mark.parametrize("path", modules_of("diplo"))
def test_the_interfaces_import_the_two_sides_but_no_benchmark_or_test(path: str) -> None:
    assert {name.split(".")[0] for name in project_imports(path)} <= set(PACKAGES)


def test_every_package_has_modules_to_check() -> None:
    assert all(len(modules_of(package)) >= 3 for package in PACKAGES)


@pytest.mark.parametrize("path", [p for package in PACKAGES for p in modules_of(package)])
def test_no_module_is_over_400_lines(path: str) -> None:
    lines = (ROOT / path).read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"{path} has {lines} lines"
