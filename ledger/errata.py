"""The errata use cases of the ledger application: cite a source, withdraw a statement recorded
in error, move one to the meeting it belongs to. Mixed into `Ledger` (ledger/application.py);
library errors are translated into `InputRejected` here, as there."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ledger.fields import slug_problem
from ledger.meeting import Meeting, StatementRejected
from ledger.statement import FieldError, Source

if TYPE_CHECKING:
    from ledger.work import Work


class ErrataCases:
    """cite, withdraw and move: one write transaction each."""

    today: Callable[[], date]
    _writing: Callable[[], AbstractContextManager[Work]]

    def cite(self, slug: str, statement_id: str, source: dict[str, Any]) -> bool:
        """Add a source to a recorded statement (one more outlet reported it); False if the
        statement already has this very source."""
        where = f"citation for {statement_id}"
        with self._writing() as work, _translated(where):
            meeting = _existing(work.meeting(slug), slug)
            added = meeting.cite(statement_id, Source.model_validate(source))
            work.save(meeting)
        return added

    def withdraw(self, slug: str, statement_id: str, reason: str) -> None:
        """Mark a statement as recorded in error: it stays in the history and counts for
        nothing."""
        with self._writing() as work, _translated(f"withdrawal of {statement_id}"):
            meeting = _existing(work.meeting(slug), slug)
            meeting.withdraw(statement_id, reason)
            work.save(meeting)

    def move(self, slug: str, statement_id: str, to: str, reason: str) -> None:
        """Withdraw a statement from the meeting it was recorded on by mistake and record it on
        `to`, linked both ways (`moved_to` on the withdrawal, `moved_from` on the statement);
        both in one write transaction."""
        with self._writing() as work, _translated(f"move of {statement_id}"):
            if to == slug:
                raise StatementRejected("to", f"'{statement_id}' is already on '{slug}'")
            problem = slug_problem(to)
            if problem is not None:  # (model_copy below validates nothing)
                raise StatementRejected("to", problem)
            old = _existing(work.meeting(slug), slug)
            new = work.meeting(to)
            statement = old.withdraw(statement_id, reason, moved_to=to)
            sources = old.sources_of(statement_id)
            moved = statement.model_copy(
                update={
                    "meeting": to,
                    "moved_from": slug,
                    "also_reported_by": sources[1:] or None,
                    "retracts": statement.retracts,
                }
            )
            if new.version == 0 and moved.parties is None:
                raise StatementRejected(
                    "to", f"no meeting '{to}': a statement can only move to a recorded meeting"
                )
            if not new.record(moved, self.today()):
                raise StatementRejected("to", f"'{statement_id}' is already on '{to}'")
            work.save(old)
            work.save(new)


def _existing(meeting: Meeting, slug: str) -> Meeting:
    if meeting.version == 0:
        raise StatementRejected("meeting", f"no meeting '{slug}' in the ledger")
    return meeting


@contextmanager
def _translated(where: str) -> Iterator[None]:
    """Library and rule errors as one-line rejections naming the field."""
    from ledger.application import InputRejected, rejected_by_validation

    try:
        yield
    except ValidationError as error:
        raise rejected_by_validation(where, error) from None
    except FieldError as error:
        raise InputRejected(where, error.field, error.message) from None
