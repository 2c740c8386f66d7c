"""What the application's use cases give back: the refusal of bad input (`InputRejected`), a
storage failure (`StorageError`), a statement with where it was given (`Located`) and the
counts of a recording (`RecordResult`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ledger.statement import StatementInput


class InputRejected(Exception):
    """A statement or correction that cannot be recorded; nothing was written."""

    def __init__(self, where: str, field_name: str, message: str) -> None:
        super().__init__(
            f"{where}: {field_name}: {message}" if field_name else f"{where}: {message}"
        )
        self.where = where
        self.field = field_name
        self.message = message


class StorageError(Exception):
    """The database could not be used."""


@dataclass(frozen=True)
class Located:
    """A statement as given, and where it was given (file and position)."""

    where: str
    statement: StatementInput


@dataclass
class RecordResult:
    """How many statements were newly recorded, how many corroborated one already recorded
    (the same statement from another source: the source was added to it) and how many were
    already in the ledger, and (unless a stream asked not to keep them) their ids."""

    new: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    corroborated: list[str] = field(default_factory=list)
    new_count: int = 0
    present_count: int = 0
    corroborated_count: int = 0
    keep_ids: bool = True
    warnings: list[str] = field(default_factory=list)
    """What the reader should be told: each statement whose speaker the people registry puts
    on another side."""

    def count(self, statement_id: str, *, is_new: bool, corroborated: bool = False) -> None:
        if corroborated:
            self.corroborated_count += 1
        elif is_new:
            self.new_count += 1
        else:
            self.present_count += 1
        if self.keep_ids:
            kept = self.corroborated if corroborated else self.new if is_new else self.present
            kept.append(statement_id)
