"""`diplo people add/list/show`: the people registry file (YAML) a ledger reads with --people."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import yaml
from pydantic import ValidationError

from diplo.cli.output import output_options, present
from diplo.cli.session import Session, pass_session, translate_errors
from diplo.cli.suggest import hint
from diplo.safety import safe
from ledger.application import InputRejected, rejected_by_validation
from ledger.importer import read_people
from ledger.people import People, Person, Registry


@click.group()
def people() -> None:
    """The people registry: canonical names, sides and aliases (the --people file).

    \b
    Example:
      diplo --people people.yaml people add "Kim Jong-un" --side KP --alias Kim
      diplo --people fixtures/people.yaml people list
    """


def _registry_path(session: Session) -> str:
    if not session.people_file:
        raise click.UsageError("give the registry file with --people FILE (or DIPLO_PEOPLE)")
    return session.people_file


def _entries(path: str) -> list[dict[str, Any]]:
    """The registry's people as plain dicts ([] for a file not yet written)."""
    if not Path(path).exists():
        return []
    registry = read_people(path)  # validates the whole file first
    del registry
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return list(data.get("people") or [])


@people.command("add")
@click.argument("name")
@click.option("--side", required=True, help="ISO 3166-1 alpha-2 or organisation code.")
@click.option("--alias", "aliases", multiple=True, help="Another name for them (repeat).")
@pass_session
@translate_errors
def add(session: Session, name: str, side: str, aliases: tuple[str, ...]) -> None:
    """Add a person to the registry file (created if need be).

    \b
    Example:
      diplo --people people.yaml people add "Kim Jong-un" --side KP --alias Kim
    """
    path = _registry_path(session)
    entries = _entries(path)
    try:
        person = Person.model_validate({"name": name, "side": side, "aliases": list(aliases)})
    except ValidationError as error:
        raise rejected_by_validation("people add", error) from None
    entry = person.model_dump(mode="json")
    known = People.from_registry(Registry.model_validate({"people": entries}))
    for given in (person.name, *person.aliases):
        if given in known.canonical_by_alias:
            name_of = known.canonical_by_alias[given]
            raise InputRejected(
                path,
                "name" if given == person.name else "aliases",
                f"'{given}' is already in the registry, as {name_of} "
                f"({known.side_by_name[name_of]}): edit {path} to change them",
            )
    try:
        People.from_registry(Registry.model_validate({"people": [*entries, entry]}))
    except ValueError as error:
        raise InputRejected(path, "aliases", str(error)) from None
    data = {"people": [*entries, entry]}
    Path(path).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    click.echo(safe(f"{path}: added {name} ({side}); {len(entries) + 1} in the registry"))


@people.command("list")
@output_options
@pass_session
@translate_errors
def list_(session: Session, output: str | None) -> None:
    """Every person in the registry: name, side, aliases.

    \b
    Example:
      diplo --people fixtures/people.yaml people list
    """
    entries = _entries(_registry_path(session))
    present(entries, output, lambda: _print(entries))


@people.command("show")
@click.argument("name")
@output_options
@pass_session
@translate_errors
def show(session: Session, name: str, output: str | None) -> None:
    """One person, found by their name or any alias.

    \b
    Example:
      diplo --people fixtures/people.yaml people show Putin
    """
    entries = _entries(_registry_path(session))
    found = [e for e in entries if name in (e["name"], *(e.get("aliases") or ()))]
    if not found:
        names = [e["name"] for e in entries] + [a for e in entries for a in e.get("aliases") or ()]
        raise click.ClickException(f"no person '{name}' in the registry{hint(name, names)}")
    present(found[0], output, lambda: _print(found))


def _print(entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        aliases = ", ".join(entry.get("aliases") or ())
        click.echo(safe(f"{entry['name']} ({entry['side']})" + (f": {aliases}" if aliases else "")))
