"""The people registry: one canonical name per person, with their side and aliases."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from ledger.fields import Name, Side


class Person(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Name
    side: Side
    aliases: tuple[Name, ...] = ()


class Registry(BaseModel):
    """The registry file's shape: `people: [{name, side, aliases}]`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    people: tuple[Person, ...] = Field(default=())


@dataclass(frozen=True)
class People:
    """Maps any alias of a person to their canonical name; unknown names pass unchanged."""

    canonical_by_alias: dict[str, str] = field(default_factory=dict)
    side_by_name: dict[str, str] = field(default_factory=dict)
    """Each registered person's side, by canonical name."""

    @classmethod
    def from_registry(cls, registry: Registry) -> People:
        mapping: dict[str, str] = {}
        sides: dict[str, str] = {}
        for person in registry.people:
            side = sides.setdefault(person.name, person.side)
            if side != person.side:
                raise ValueError(
                    f"'{person.name}' is registered twice, as {side} and as {person.side}"
                )
            for alias in (person.name, *person.aliases):
                known = mapping.setdefault(alias, person.name)
                if known != person.name:
                    raise ValueError(f"alias '{alias}' names both '{known}' and '{person.name}'")
        return cls(mapping, sides)

    def canonical(self, name: str) -> str:
        return self.canonical_by_alias.get(name.strip(), name.strip())

    def side_differs(self, speaker: str, side: str) -> str | None:
        """The registered side of `speaker` if it is not `side`; None if it is or is unknown."""
        registered = self.side_by_name.get(self.canonical(speaker))
        return registered if registered is not None and registered != side else None

    def canonical_names(self, names: Iterable[str] | None) -> tuple[str, ...] | None:
        return None if names is None else tuple(self.canonical(name) for name in names)
