"""Imports point one way: the domain knows nothing of the application, the CLI or projections;
projections know only the domain's events and value objects."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ["ledger/domain.py", "ledger/statement.py", "ledger/dates.py", "ledger/people.py"]
PROJECTIONS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "projections").glob("*.py"))


def project_imports(path: str) -> set[str]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.split(".")[0] in ("ledger", "projections")}


@pytest.mark.parametrize("path", DOMAIN)
def test_the_domain_imports_only_the_domain(path: str) -> None:
    allowed = {module.removesuffix(".py").replace("/", ".") for module in DOMAIN}
    assert project_imports(path) <= allowed


@pytest.mark.parametrize("path", PROJECTIONS)
def test_projections_import_only_domain_events_values_and_themselves(path: str) -> None:
    for name in project_imports(path):
        assert name.startswith("projections") or name in ("ledger.domain", "ledger.statement"), name
